import assert from "node:assert/strict";
import { initStatementSplitter, splitScript, stepAtError } from "./statements.ts";

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

Deno.test("statements: a failure inside a part with a step ledger names the step it is in", async () => {
  await initStatementSplitter();
  const script = [
    "-- [9] earlier step",
    "SELECT 1;",
    "BEGIN;",
    "DO $smartspec_part$",
    "BEGIN",
    "  -- [1] add_column t.note",
    "  IF NOT EXISTS (SELECT 1) THEN",
    "    EXECUTE $smartspec_sql$",
    'ALTER TABLE "t" ADD COLUMN "note" text',
    "$smartspec_sql$;",
    "  END IF;",
    "  -- [2] alter_column_type t.a",
    "  IF NOT EXISTS (SELECT 1) THEN",
    "    EXECUTE $smartspec_sql$",
    "DO $smartspec$ BEGIN RAISE EXCEPTION 'smartspec guard: x'; END $smartspec$",
    "$smartspec_sql$;",
    "  END IF;",
    "END",
    "$smartspec_part$;",
    "COMMIT;",
  ].join("\n");
  const part = splitScript(script).find((x) => x.sql.startsWith("DO"))!;
  assert.deepEqual(part.inner, [{ line: 2, step: 1 }, { line: 8, step: 2 }]);
  // without a context: the part's first step (not the step before the part)
  assert.equal(stepAtError(part, undefined), 1);
  // the outermost inline_code_block line is the part's: body line 11 is the second EXECUTE
  const where = "PL/pgSQL function inline_code_block line 1 at RAISE\n" +
    "SQL statement \"DO $smartspec$ BEGIN RAISE EXCEPTION 'smartspec guard: x'; END $smartspec$\"\n" +
    "PL/pgSQL function inline_code_block line 11 at EXECUTE";
  assert.equal(stepAtError(part, where), 2);
  assert.equal(stepAtError(part, "PL/pgSQL function inline_code_block line 5 at EXECUTE"), 1);
});
