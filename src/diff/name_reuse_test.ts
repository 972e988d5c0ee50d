import assert from "node:assert/strict";
import { initPostgresParser, parsePostgres } from "../dialects/postgresql/parse/postgres.ts";
import { typeFacts } from "../model/types.ts";
import { diffSchemas } from "./diff.ts";
import type { Change } from "./changes.ts";
import { postgresql } from "../dialects/postgresql/mod.ts";

await initPostgresParser();

function changes(from: string, to: string, indexNamesPerSchema = true): Change[] {
  return diffSchemas(parsePostgres(from, "from.sql"), parsePostgres(to, "to.sql"), {
    expr: postgresql.expr,
    intents: [],
    specPath: "spec.md",
    facts: typeFacts("postgresql"),
    indexNamesPerSchema,
  }).changes;
}

const early = (cs: Change[]) =>
  cs.flatMap((c) => c.kind === "drop_table" && c.early ? [c.table.name] : []).sort();

Deno.test("a dropped table whose index name a new table takes goes early, with the tables tied to it by foreign keys", () => {
  const from = `CREATE TABLE a (id int PRIMARY KEY, n int); CREATE INDEX a_n ON a (n);
    CREATE TABLE b (a_id int REFERENCES a (id)); CREATE TABLE c (id int);`;
  const to = `CREATE TABLE x (k text, n int); CREATE INDEX a_n ON x (n);`;
  assert.deepEqual(early(changes(from, to)), ["a", "b"]);
  // where index names are per table (MySQL, SQLite) an index name frees nothing
  assert.deepEqual(early(changes(from, to, false)), []);
});

Deno.test("no name taken again: drops stay where they were", () => {
  const cs = changes(`CREATE TABLE a (id serial PRIMARY KEY);`, `CREATE TABLE b (id int);`);
  assert.deepEqual(early(cs), []);
});

Deno.test("a new sequence with the name of a dropped table's sequence is created after the drop", () => {
  const cs = changes(
    `CREATE TABLE a (id serial PRIMARY KEY);`,
    `CREATE SEQUENCE a_id_seq; CREATE TABLE b (id int DEFAULT nextval('a_id_seq'));`,
  );
  const seq = cs.find((c) => c.kind === "create_sequence");
  assert.ok(
    seq?.kind === "create_sequence" && seq.afterDrops,
    JSON.stringify(cs.map((c) => c.kind)),
  );
  assert.deepEqual(early(cs), ["a"]);
});

Deno.test("a column written out as serial (an owned sequence of another name) is no serial change", () => {
  const cs = changes(
    `CREATE TABLE users (id serial PRIMARY KEY);`,
    `CREATE TABLE users (id integer NOT NULL, CONSTRAINT users_pkey PRIMARY KEY (id));
     CREATE SEQUENCE legacy_seq AS integer; ALTER SEQUENCE legacy_seq OWNED BY users.id;
     ALTER TABLE users ALTER COLUMN id SET DEFAULT nextval('legacy_seq');`,
  );
  assert.ok(!cs.some((c) => c.kind === "drop_serial"), cs.map((c) => c.kind).join());
});
