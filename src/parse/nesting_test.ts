import assert from "node:assert/strict";
import { checkNesting } from "./nesting.ts";

Deno.test("nesting: deep brackets are refused at their line, quoted ones are not counted", () => {
  const deep = "CREATE TABLE t (\n  a int[] DEFAULT " + "ARRAY[".repeat(300) + "1" +
    "]".repeat(300) + ");";
  assert.throws(() => checkNesting(deep, "s.sql"), /s\.sql:2: expressions nested more than 200/);
  const quoted = "CREATE TABLE t (a text DEFAULT '" + "(".repeat(1000) + "');\n" +
    "-- " + "(".repeat(1000) + "\nCOMMENT ON TABLE t IS $$" + "[".repeat(1000) + "$$;";
  assert.equal(checkNesting(quoted, "s.sql"), quoted);
  const ok = "SELECT " + "(".repeat(150) + "1" + ")".repeat(150) + ";";
  assert.equal(checkNesting(ok, "s.sql"), ok);
});

Deno.test("nesting: block comments, quoted names and lone - / $ are skipped or counted as before", () => {
  const open = "(".repeat(300);
  const skipped = `/* ${open} */ CREATE TABLE "t${open}" (a int DEFAULT 1 - (2 / 3), b text ` +
    `DEFAULT 'it''s ${open}', c money DEFAULT $1, d text DEFAULT $q$ ${open} $q$);`;
  assert.equal(checkNesting(skipped, "s.sql"), skipped);
  const unclosed = "SELECT 1; /* " + open;
  assert.equal(checkNesting(unclosed, "s.sql"), unclosed);
  const deep = "SELECT a$" + "(".repeat(201) + ";\n";
  assert.throws(() => checkNesting(deep, "s.sql"), /s\.sql:1: expressions nested more than 200/);
});
