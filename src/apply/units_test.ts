import assert from "node:assert/strict";
import { splitSql } from "./sql_split.ts";
import { pairUnits } from "./units.ts";
import { toUnits } from "../../tests/helpers/units_from_text.ts";

Deno.test("statements split outside quotes, dollar quotes and comments", () => {
  const sql = "-- a; comment\nSELECT 'x;y', \"q;\"; /* c; */ DO $f$ BEGIN PERFORM 1; END $f$;\n" +
    "SELECT E'\\';';";
  assert.deepEqual(splitSql(sql).statements.map((s) => s.sql), [
    "SELECT 'x;y', \"q;\";",
    "DO $f$ BEGIN PERFORM 1; END $f$;",
    "SELECT E'\\';';",
  ]);
});

Deno.test("transaction blocks and statements outside them become units that pair up", () => {
  const up = toUnits(
    "-- header\n\nBEGIN;\nSET LOCAL lock_timeout = '5s';\nALTER TABLE t ADD c int;\nCOMMIT;\n" +
      "SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY i ON t (c);\n",
  );
  assert.equal(up.header, "-- header");
  assert.deepEqual(up.units.map((u) => u.transactional), [true, false]);
  assert.deepEqual(up.units[1].settings, ["SET lock_timeout = '5s';"]);
  assert.doesNotMatch(up.units[0].sql, /BEGIN|COMMIT/);
  const down = toUnits("BEGIN;\nDROP INDEX i;\nCOMMIT;\nBEGIN;\nALTER TABLE t DROP c;\nCOMMIT;\n");
  const pairs = pairUnits(up.units, down.units)!;
  assert.match(pairs[0].down.sql, /DROP c/);
  assert.equal(pairUnits(up.units, down.units.slice(1)), undefined);
});
