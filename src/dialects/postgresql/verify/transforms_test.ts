import assert from "node:assert/strict";
import type { ColumnType } from "../../../model/schema.ts";
import { expectAfterRollback, nudge, snapshotName } from "./transforms.ts";

const t = (name: string, mods: number[] = []): ColumnType => ({ name, mods, arrayDims: 0 });

Deno.test("transforms: values written after the migration move one unit towards zero", () => {
  assert.match(nudge(t("int8"), `"c"`)!, /"c" > 0 THEN "c" - 1 ELSE "c" \+ 1/);
  assert.match(nudge(t("numeric", [10, 2]), "x")!, /x - 0\.01 ELSE x \+ 0\.01/);
  assert.match(nudge(t("numeric"), "x")!, /x - 1 ELSE/);
  assert.match(nudge(t("date"), "d")!, /d - 1 ELSE d \+ 1/);
  assert.equal(nudge(t("text"), "x"), undefined);
  assert.equal(nudge({ ...t("mood"), schema: "public" }, "x"), undefined);
});

Deno.test("transforms: rewritten rows change the expected rows after rollback, by key", () => {
  const before = {
    tables: {
      "s.pay": { columns: ["amount", "id"], rows: [["1.00", "1"], ["2.00", "2"]] },
    },
    sequences: {},
  };
  const after = expectAfterRollback(before, [
    { table: "s.pay", key: { id: "2" }, column: "amount", value: "2.01" },
  ]);
  assert.deepEqual(after.tables["s.pay"].rows, [["1.00", "1"], ["2.01", "2"]]);
  assert.deepEqual(before.tables["s.pay"].rows[1], ["2.00", "2"], "the input is not changed");
  assert.equal(snapshotName({ schema: "public", name: "pay" }), "pay");
  assert.equal(snapshotName({ schema: "s", name: "pay" }), "s.pay");
});
