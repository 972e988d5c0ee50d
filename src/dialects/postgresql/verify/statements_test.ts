import assert from "node:assert/strict";
import { initStatementSplitter, splitScript } from "./statements.ts";

Deno.test("statements: a generated script splits into statements that know their step", async () => {
  await initStatementSplitter();
  const script = [
    "-- up migration (é non-ASCII in a comment shifts byte offsets)",
    "BEGIN;",
    "SET LOCAL lock_timeout = '5s';",
    "",
    "-- [1] add_column t.note",
    "--     rule x: safe, lossless",
    'ALTER TABLE "t" ADD COLUMN "note" text DEFAULT \'ü;\';',
    "",
    "-- [2] set_not_null t.a",
    "DO $smartspec$",
    "BEGIN",
    '  IF EXISTS (SELECT 1 FROM "t" WHERE "a" IS NULL) THEN',
    "    RAISE EXCEPTION USING MESSAGE = 'smartspec guard: x; y';",
    "  END IF;",
    "END",
    "$smartspec$;",
    'ALTER TABLE "t" ALTER COLUMN "a" SET NOT NULL;',
    "",
    "COMMIT;",
  ].join("\n");
  const s = splitScript(script);
  assert.deepEqual(s.map((x) => [x.step, x.line, x.sql.split("\n")[0]]), [
    [undefined, 2, "BEGIN"],
    [undefined, 3, "SET LOCAL lock_timeout = '5s'"],
    [1, 7, `ALTER TABLE "t" ADD COLUMN "note" text DEFAULT 'ü;'`],
    [2, 10, "DO $smartspec$"],
    [2, 17, `ALTER TABLE "t" ALTER COLUMN "a" SET NOT NULL`],
    [undefined, 19, "COMMIT"],
  ]);
  assert.match(s[3].sql, /END IF;\nEND\n\$smartspec\$$/, "the DO block stays whole");
});
