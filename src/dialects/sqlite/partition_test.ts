import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import type { Schema } from "../../model/schema.ts";
import { parseSqliteIn } from "./parse.ts";
import { partition, routeOf } from "./partition.ts";
import { splitSqliteParts } from "./split.ts";

const ROOT = new URL("../../../", import.meta.url);

/** The model as plain data, every property kept (Maps become objects in their order). */
function plain(v: unknown): unknown {
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, plain(x)]));
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

interface Outcome {
  schema?: Schema;
  text: string;
}

/** The model (as JSON text) or the error (message and position) of parsing with `group`. */
function outcome(sql: string, group: number, reference?: Schema): Outcome {
  try {
    const schema = parseSqliteIn(sql, "db/schema.sql", reference, group);
    return { schema, text: JSON.stringify(plain(schema)) };
  } catch (e) {
    const err = e as Error & { pos?: unknown };
    return { text: `${err.name}: ${err.message} ${JSON.stringify(err.pos)}` };
  }
}

/** Every SQLite schema text of the tests: corpus pairs, acceptance files, rule and parse cases. */
function sqliteTexts(): [string, string, string | undefined][] {
  const out: [string, string, string | undefined][] = [];
  const read = (rel: string) => readFileSync(new URL(rel, ROOT), "utf8");
  const corpus = "tests/corpus_sqlite/";
  for (const group of readdirSync(new URL(corpus, ROOT))) {
    for (const c of readdirSync(new URL(`${corpus}${group}/`, ROOT))) {
      const dir = `${corpus}${group}/${c}/`;
      if (!statSync(new URL(dir, ROOT)).isDirectory()) continue;
      out.push([dir, read(`${dir}to.sql`), read(`${dir}from.sql`)]);
    }
  }
  const notes = "tests/acceptance/notes_sqlite/db/";
  out.push([notes, read(`${notes}schema_v2.sql`), read(`${notes}schema_v1.sql`)]);
  for (const f of readdirSync(new URL("rules/tests/", ROOT))) {
    if (!f.startsWith("sqlite.")) continue;
    const data = parseYaml(read(`rules/tests/${f}`)) as Record<string, unknown>;
    for (const list of Object.values(data)) {
      if (!Array.isArray(list)) continue;
      for (const c of list as { name: string; from?: string; to?: string }[]) {
        if (typeof c.to === "string") out.push([`${f}: ${c.name}`, c.to, c.from]);
      }
    }
  }
  const cases = parseYaml(read("src/dialects/sqlite/testdata/parse_cases.yaml")) as Record<
    string,
    { name: string; sql?: string; a?: string; b?: string }[]
  >;
  for (const list of Object.values(cases)) {
    for (const c of list) {
      if (c.sql !== undefined) out.push([`parse case: ${c.name}`, c.sql, undefined]);
      if (c.a !== undefined) out.push([`parse case: ${c.name}`, c.a, c.b]);
    }
  }
  return out;
}

/** Files run in one database and spread over databases of 1, 2 and 3 statements read alike. */
function assertSameReadings(name: string, to: string, from: string | undefined): void {
  const one = outcome(to, 0);
  const oneFrom = from === undefined ? undefined : outcome(from, 0, one.schema);
  for (const group of [1, 2, 3]) {
    const part = outcome(to, group);
    assert.equal(part.text, one.text, `${name}: to-file, ${group} statement(s) per database`);
    if (from === undefined) continue;
    const partFrom = outcome(from, group, part.schema);
    assert.equal(partFrom.text, oneFrom!.text, `${name}: from-file, ${group} per database`);
  }
}

Deno.test("partitioned parse: every SQLite test file reads to the same model (or error) as in one database", () => {
  const texts = sqliteTexts();
  const files = texts.reduce((n, [, , from]) => n + (from === undefined ? 1 : 2), 0);
  assert.ok(files > 200, `${files} texts`);
  for (const [name, to, from] of texts) assertSameReadings(name, to, from);
});

/** Several tables, so that the file is spread over databases of one statement. */
const TABLES = "CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT UNIQUE);\n" +
  "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INT REFERENCES a);\n" +
  "CREATE INDEX b_a ON b (a_id);\n";

const BAD: [string, string][] = [
  ["duplicate table names differing in case", `${TABLES}CREATE TABLE "A" (y INT);\n`],
  ["an index named like a table", `${TABLES}CREATE INDEX a ON b (id);\n`],
  ["a table named like an index", `${TABLES}CREATE TABLE B_A (y INT);\n`],
  ["an index on a missing column", `${TABLES}CREATE INDEX b_z ON b (z);\n`],
  ["an index on a missing table", `${TABLES}CREATE INDEX c_x ON c (x);\n`],
  [
    "an index on a table created later",
    `${TABLES}CREATE INDEX c_x ON c (x);\nCREATE TABLE c (x);\n`,
  ],
  [
    "two triggers of one name",
    `${TABLES}CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;\n` +
    `CREATE TRIGGER T AFTER INSERT ON b BEGIN SELECT 1; END;\n`,
  ],
  [
    "a trigger on a missing table",
    `${TABLES}CREATE TRIGGER t AFTER INSERT ON c BEGIN SELECT 1; END;\n`,
  ],
  [
    "an index on a view",
    `${TABLES}CREATE VIEW v AS SELECT * FROM a;\nCREATE INDEX v_x ON v (x);\n`,
  ],
  ["a view named like a table", `${TABLES}CREATE VIEW B AS SELECT 1;\n`],
  ["a syntax error after good statements", `${TABLES}CREATE TABLE c (x INT,);\n`],
];

/** Tables of their own before and after, so that a case spans several databases. */
const aside = (sql: string) => `CREATE TABLE first (q);\n${sql}CREATE TABLE last (q);\n`;

for (const [name, bare] of BAD) {
  const sql = aside(bare);
  Deno.test(`partitioned parse: the same error for ${name}`, () => {
    const one = outcome(sql, 0);
    assert.ok(one.schema === undefined, `${name} should be refused`);
    assert.ok(partition(splitSqliteParts(sql, "f.sql").map(routeOf), 1), "spread over databases");
    for (const group of [1, 2]) assert.equal(outcome(sql, group).text, one.text);
  });
}

const GOOD: [string, string][] = [
  ["a view before its table", `CREATE VIEW v AS SELECT x FROM c;\n${TABLES}CREATE TABLE c (x);\n`],
  [
    "a trigger whose body names a table created later",
    `${TABLES}CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO c VALUES (1); END;\n` +
    `CREATE TABLE c (x);\n`,
  ],
  [
    "a view over views",
    `${TABLES}CREATE VIEW v AS SELECT * FROM a;\nCREATE VIEW w AS SELECT * FROM v, b;\n`,
  ],
  ["IF NOT EXISTS of an existing table", `${TABLES}CREATE TABLE IF NOT EXISTS A (z);\n`],
  [
    "mixed-case names",
    `${TABLES}CREATE INDEX "A_X" ON "A" (X);\nCREATE VIEW V AS SELECT * FROM [B];\n`,
  ],
  [
    "AUTOINCREMENT in several tables",
    "CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT);\n" +
    "CREATE TABLE b (id INTEGER PRIMARY KEY AUTOINCREMENT, u TEXT UNIQUE);\nCREATE TABLE c (x);\n",
  ],
  [
    "a dump",
    `PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n${TABLES}INSERT INTO a VALUES (1, 'x');\n` +
    "CREATE TABLE sqlite_sequence(name,seq);\nCOMMIT;\n",
  ],
];

for (const [name, bare] of GOOD) {
  const sql = aside(bare);
  Deno.test(`partitioned parse: the same model for ${name}`, () => {
    const one = outcome(sql, 0);
    assert.ok(one.schema !== undefined, one.text);
    assert.ok(partition(splitSqliteParts(sql, "f.sql").map(routeOf), 1), "spread over databases");
    for (const group of [1, 2]) assert.equal(outcome(sql, group).text, one.text);
  });
}

Deno.test("partition: statements the router does not understand keep the file in one database", () => {
  const plan = (sql: string) => partition(splitSqliteParts(sql, "f.sql").map(routeOf), 1);
  assert.equal(plan(TABLES)?.count, 2);
  for (
    const odd of [
      "ALTER TABLE a ADD COLUMN y INT",
      "DROP TABLE b",
      "CREATE TEMP TABLE t (x)",
      "CREATE TABLE main.c (x)",
      "CREATE TABLE c AS SELECT * FROM a",
      "CREATE VIRTUAL TABLE f USING fts5(x)",
      "CREATE INDEX c_x ON main.a (x)",
      "CREATE VIEW v AS SELECT * FROM sqlite_schema",
      "CREATE TRIGGER t AFTER INSERT ON temp.a BEGIN SELECT 1; END",
      "CREAT TABLE c (x)",
    ]
  ) {
    assert.equal(plan(`${TABLES}${odd};\n`), undefined, odd);
  }
});

Deno.test("partitioned parse: groups written alike in the other file are not run again, and read alike", async () => {
  const { DatabaseSync } = await import("node:sqlite");
  const to = `${TABLES}CREATE TABLE c (x INT);\nCREATE VIEW v AS SELECT * FROM c;\n` +
    "CREATE TABLE d (y INT UNIQUE);\n";
  const from = to.replace("c (x INT)", "c (x TEXT)");
  const ran: string[] = [];
  const exec = DatabaseSync.prototype.exec;
  DatabaseSync.prototype.exec = function (this: InstanceType<typeof DatabaseSync>, sql: string) {
    ran.push(sql);
    return exec.call(this, sql);
  };
  try {
    const toSchema = parseSqliteIn(to, "to.sql", undefined, 1);
    ran.length = 0;
    const fromSchema = parseSqliteIn(from, "from.sql", toSchema, 1);
    // only the changed group (c and its view) runs
    assert.deepEqual(ran.filter((s) => s.startsWith("CREATE")), [
      "CREATE TABLE c (x TEXT)",
      "CREATE VIEW v AS SELECT * FROM c",
    ]);
    const alone = parseSqliteIn(from, "from.sql", toSchema, 0);
    assert.equal(JSON.stringify(plain(fromSchema)), JSON.stringify(plain(alone)));
  } finally {
    DatabaseSync.prototype.exec = exec;
  }
});
