import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { InputError } from "../../errors.ts";
import { splitSqlite } from "./split.ts";

const cases = parseYaml(
  readFileSync(new URL("./testdata/split_cases.yaml", import.meta.url), "utf8"),
) as { name: string; text: string; statements: { line: number; sql: string }[] }[];

for (const c of cases) {
  Deno.test(`splitSqlite: ${c.name}`, () => {
    assert.deepEqual(splitSqlite(c.text, "s.sql"), c.statements);
  });
}

const BAD: [string, string, number, string][] = [
  ["unterminated string", "SELECT 1;\nSELECT 'abc;\nSELECT 2;", 2, "unterminated string"],
  ["unterminated comment", "SELECT 1;\n\n/* never closed\nSELECT 2;", 3, "unterminated comment"],
  ["unterminated identifier", 'CREATE TABLE "t (a);', 1, "unterminated quoted identifier"],
  ["unterminated bracket", "CREATE TABLE [t (a);", 1, "unterminated quoted identifier"],
  [
    "unterminated trigger",
    "CREATE TABLE t (a);\nCREATE TRIGGER x AFTER INSERT ON t BEGIN\n SELECT 1;\n",
    2,
    "unterminated trigger body",
  ],
];

for (const [name, text, line, message] of BAD) {
  Deno.test(`splitSqlite refuses: ${name}`, () => {
    assert.throws(() => splitSqlite(text, "db/x.sql"), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.equal(e.pos?.file, "db/x.sql");
      assert.equal(e.pos?.line, line);
      assert.ok(e.message.includes(message), e.message);
      return true;
    });
  });
}
