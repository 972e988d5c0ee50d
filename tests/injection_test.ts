/**
 * Generated SQL never runs what the schemas and intents do not say: names that hold line-end
 * characters (PostgreSQL ends a `--` comment at `\r` too) are replayed on the test PostgreSQL
 * with a canary table that must survive the migration and its rollback.
 * @module
 */
import assert from "node:assert/strict";
import { archiveTagOf, initDialect, loadRules, runPipeline } from "../src/pipeline.ts";
import { parseSpec } from "../src/spec/spec.ts";
import { freshDatabase } from "./helpers/pg_server.ts";

const CANARY = "CREATE TABLE victim (id int PRIMARY KEY); INSERT INTO victim VALUES (1);";

/** Names that try to end a comment and run `DROP TABLE victim`. */
const HOSTILE_NAMES = [
  "a\rDROP TABLE victim; --",
  "b\r\nDROP TABLE victim; --",
  "c\nDROP TABLE victim; --",
  "d\u2028DROP TABLE victim; --",
  "e\u2029DROP TABLE victim; --",
  "f\vDROP TABLE victim; --",
  "g\fDROP TABLE victim; --",
  "h\u0085DROP TABLE victim; --",
];

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

interface Case {
  name: string;
  from: string;
  to: string;
  spec?: string;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const n of HOSTILE_NAMES) {
    const label = JSON.stringify(n);
    out.push({
      name: `new column ${label}`,
      from: "CREATE TABLE t (id int PRIMARY KEY);",
      to: `CREATE TABLE t (id int PRIMARY KEY, ${q(n)} text);`,
    });
    out.push({
      name: `dropped column ${label}`,
      from: `CREATE TABLE t (id int PRIMARY KEY, ${q(n)} text);`,
      to: "CREATE TABLE t (id int PRIMARY KEY);",
      spec: `  - drop: ${JSON.stringify(`t.${q(n)}`)}`,
    });
    out.push({
      name: `new table ${label}`,
      from: "CREATE TABLE t (id int PRIMARY KEY);",
      to: `CREATE TABLE t (id int PRIMARY KEY);\nCREATE TABLE ${q(n)} (id int PRIMARY KEY);`,
    });
  }
  return out;
}

const postgresql = await initDialect("postgresql");

for (const c of cases()) {
  Deno.test(`injection: ${c.name} leaves the canary table alone`, async () => {
    const specText = "# x\n\n```yaml migration\nintents:" + (c.spec ? `\n${c.spec}` : " []") +
      "\n```\n";
    const spec = parseSpec(specText, "specs/x/spec.md", "x");
    const result = runPipeline({
      dialect: postgresql,
      spec,
      from: { path: "from.sql", text: c.from },
      to: { path: "to.sql", text: c.to },
      rules: loadRules(),
      runId: "r1",
      archiveTag: archiveTagOf("r1"),
      tool: "t",
      version: "0",
    });
    await using db = await freshDatabase();
    await db.exec(CANARY);
    await db.exec(c.from);
    await db.applyScript(result.files.migration);
    assert.deepEqual(await db.query("SELECT id FROM victim"), [["1"]], "after migration.sql");
    await db.applyScript(result.files.rollback);
    assert.deepEqual(await db.query("SELECT id FROM victim"), [["1"]], "after rollback.sql");
    for (const [what, sql] of Object.entries(result.files)) {
      if (typeof sql !== "string") continue;
      for (const line of sql.split("\n")) {
        // a line that starts a comment holds no other line end the server could see
        if (line.startsWith("--")) {
          assert.doesNotMatch(line, /[\r\v\f\u0085\u2028\u2029]/, `${what}: ${line}`);
        }
      }
    }
  });
}

Deno.test("injection: two columns dropped from a long-named table get distinct archives", async () => {
  const table = "t".repeat(60);
  const cols = ["c".repeat(40) + "_one", "c".repeat(40) + "_two"];
  const from = `CREATE TABLE ${table} (id int PRIMARY KEY, ${cols.map((c) => `${c} text`)});` +
    `\nINSERT INTO ${table} VALUES (1, 'a', 'b');`;
  const spec = parseSpec(
    "```yaml migration\nintents:\n" + cols.map((c) => `  - drop: ${table}.${c}\n`).join("") +
      "```\n",
    "specs/x/spec.md",
    "x",
  );
  const result = runPipeline({
    dialect: postgresql,
    spec,
    from: { path: "from.sql", text: from },
    to: { path: "to.sql", text: `CREATE TABLE ${table} (id int PRIMARY KEY);` },
    rules: loadRules(),
    runId: "r1",
    archiveTag: archiveTagOf("r1"),
    tool: "t",
    version: "0",
  });
  await using db = await freshDatabase();
  await db.exec(from);
  await db.applyScript(result.files.migration);
  const archives = await db.query(
    "SELECT table_name FROM information_schema.tables " +
      "WHERE table_schema = 'smartspec_archive' ORDER BY 1",
  );
  assert.equal(archives.length, 2, JSON.stringify(archives));
  for (const [name] of archives) assert.ok(new TextEncoder().encode(name!).length <= 63);
  await db.applyScript(result.files.rollback);
  assert.deepEqual(await db.query(`SELECT id, ${cols.join(", ")} FROM ${table}`), [[
    "1",
    "a",
    "b",
  ]]);
});
