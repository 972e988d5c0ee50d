import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { fillTables, parentsFirst } from "./generate.ts";
import { parseSqlite } from "./parse.ts";

const SQL = `
CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id),
  note TEXT, code VARCHAR(3) UNIQUE, qty INTEGER CHECK (qty BETWEEN 1 AND 5));
CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL, nick TEXT, big INTEGER, f REAL);
CREATE TABLE s (k TEXT PRIMARY KEY, i INTEGER, b BLOB, a ANY) STRICT, WITHOUT ROWID;
`;

Deno.test("generate: parents first, every table filled, constraints respected", () => {
  const schema = parseSqlite(SQL, "s.sql");
  assert.deepEqual(
    parentsFirst(schema).map((t) => t.name).indexOf("parent") <
      parentsFirst(schema).map((t) => t.name).indexOf("child"),
    true,
  );
  const db = new DatabaseSync(":memory:");
  db.exec(SQL);
  db.exec("PRAGMA foreign_keys = ON");
  const r = fillTables(db, schema, 20, "edge");
  assert.equal(r.rows, 60, JSON.stringify(r.tables));
  const one = (sql: string) => Object.values(db.prepare(sql).get() as Record<string, unknown>)[0];
  // edge values: NULL and '' kept apart in nullable text, quotes, unicode, big integers
  assert.ok((one("SELECT count(*) FROM parent WHERE nick IS NULL") as number) > 0);
  assert.ok((one("SELECT count(*) FROM parent WHERE nick = ''") as number) > 0);
  assert.ok(
    (one(`SELECT count(*) FROM parent WHERE nick LIKE '%''%' OR nick LIKE '%ü%'`) as number) > 0,
  );
  assert.ok((one("SELECT count(*) FROM parent WHERE big > 9007199254740992") as number) > 0);
  assert.equal(one("SELECT count(*) FROM parent WHERE name IS NULL"), 0);
  // every child has its parent, codes are unique and fit varchar(3), CHECK holds
  assert.equal(one("SELECT count(*) FROM pragma_foreign_key_check"), 0);
  assert.equal(one("SELECT count(*) - count(DISTINCT code) FROM child WHERE code IS NOT NULL"), 0);
  assert.equal(one("SELECT max(length(code)) <= 3 FROM child"), 1);
  assert.equal(one("SELECT count(*) FROM child WHERE NOT (qty BETWEEN 1 AND 5)"), 0);
  // STRICT types are respected (the rows went in)
  assert.equal(one("SELECT count(*) FROM s WHERE typeof(b) NOT IN ('blob', 'null')"), 0);
});

Deno.test("generate: fit mode never writes NULL", () => {
  const schema = parseSqlite(SQL, "s.sql");
  const db = new DatabaseSync(":memory:");
  db.exec(SQL);
  fillTables(db, schema, 10, "fit");
  const nulls = db.prepare("SELECT count(*) AS n FROM parent WHERE nick IS NULL OR big IS NULL")
    .get() as { n: number };
  assert.equal(nulls.n, 0);
});
