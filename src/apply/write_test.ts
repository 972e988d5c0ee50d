import assert from "node:assert/strict";
import { writeOrder } from "./write.ts";
import type { ApplyWrite } from "./types.ts";

Deno.test("writeOrder: undo files first, then the others in order, appends last", () => {
  const w = (path: string, mode: ApplyWrite["mode"] = "create") =>
    ({ path, content: "", mode }) as ApplyWrite;
  const writes = [
    w("db/migrations/1_a.up.sql"),
    w("db/migrations/1_a.down.sql"),
    w("db/migrations/2_a.up.sql"),
    w("db/migrations/2_a.down.sql"),
    w("sqitch/deploy/x.sql"),
    w("sqitch/revert/x.sql"),
    w("sqitch/sqitch.plan", "append"),
    w("flyway/V2__x.sql"),
    w("flyway/U2__x.sql"),
  ];
  assert.deepEqual(writeOrder(writes).map((x) => x.path), [
    "db/migrations/1_a.down.sql",
    "db/migrations/2_a.down.sql",
    "sqitch/revert/x.sql",
    "flyway/U2__x.sql",
    "db/migrations/1_a.up.sql",
    "db/migrations/2_a.up.sql",
    "sqitch/deploy/x.sql",
    "flyway/V2__x.sql",
    "sqitch/sqitch.plan",
  ]);
});
