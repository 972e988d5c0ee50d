import assert from "node:assert/strict";
import { loadRules, runPipeline } from "../../pipeline.ts";
import { parseSpec } from "../../spec/spec.ts";
import { mariadb } from "./mod.ts";
import { splitMysql } from "./split.ts";

const FROM = `CREATE TABLE a (id INT PRIMARY KEY, name VARCHAR(100), note TEXT);
CREATE TABLE b (id INT PRIMARY KEY, code VARCHAR(20));`;
const TO = `CREATE TABLE a (id INT PRIMARY KEY, name VARCHAR(10) NOT NULL);
CREATE TABLE b (id BIGINT PRIMARY KEY, code VARCHAR(20), UNIQUE KEY b_code (code));`;
const SPEC = "```yaml migration\nintents:\n  - drop: a.note\n```\n";

function files() {
  return runPipeline({
    dialect: mariadb,
    spec: parseSpec(SPEC, "specs/x/spec.md", "x"),
    from: { path: "from.sql", text: FROM },
    to: { path: "to.sql", text: TO },
    rules: loadRules(),
    runId: "r",
    archiveTag: "t1",
    tool: "t",
    version: "t",
  }).files;
}

const DDL = /^(ALTER|RENAME|CREATE TABLE|DROP TABLE|DROP VIEW|DROP TRIGGER)\b/i;

for (const which of ["migration", "rollback"] as const) {
  Deno.test(`${which}.sql says it is not atomic, numbers its parts, and checks before any DDL`, () => {
    const text = files()[which];
    assert.match(text, /NOT ATOMIC/);
    const parts = [...text.matchAll(/^-- ==== part (\d+) of (\d+): (.*) ====$/gm)];
    assert.ok(parts.length >= 3, text);
    parts.forEach((p, i) => {
      assert.equal(Number(p[1]), i + 1);
      assert.equal(Number(p[2]), parts.length);
    });
    assert.match(parts[0][3], /^preflight/);
    // every part says what to do if it fails
    const sections = text.split(/^-- ==== part /m).slice(1);
    for (const s of sections) assert.match(s, /^-- If it fails: /m, s);
    for (const s of sections.slice(1)) {
      assert.match(s, /run (rollback|migration)\.sql from part \d+/);
    }
    // the preflight holds no DDL, and no DDL comes before its end
    const statements = splitMysql(sections[0]).map((x) => x.sql.replace(/^(--[^\n]*\n)*/, ""));
    for (const s of statements) assert.doesNotMatch(s, DDL, s);
    if (which === "migration") {
      assert.ok(statements.some((s) => /CONSTRAINT `\[\d+\] b\.code: duplicate values/.test(s)));
      assert.ok(statements.some((s) => /`a\.name` varchar\(10\) NOT NULL/.test(s)));
    } else {
      // the rollback narrows b.id back to int: its values are checked first
      assert.ok(statements.some((s) => /`b\.id` int NULL/.test(s)), statements.join("\n"));
    }
  });
}

Deno.test("the rollback part that undoes a table is the one the migration names", () => {
  const { migration, rollback } = files();
  const undo = [
    ...migration.matchAll(
      /^-- ==== part (\d+) of \d+: table (\w+).*\n-- If it fails:.*rollback\.sql from part (\d+)/gm,
    ),
  ];
  assert.ok(undo.length >= 2);
  for (const [, , table, n] of undo) {
    const target = new RegExp(`^-- ==== part ${n} of \\d+: table (\\w+)`, "m").exec(rollback);
    assert.ok(target, `rollback part ${n}`);
    // going back from a table's part starts with the inverse of that same table
    assert.equal(target[1], table);
  }
});
