import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { InputError } from "../../errors.ts";
import type { Schema } from "../../model/schema.ts";
import { parseSqlite } from "./parse.ts";
import { schemaOfDatabase } from "./catalog.ts";
import { DatabaseSync } from "node:sqlite";

interface Cases {
  cases: { name: string; sql: string; expect: Record<string, unknown> }[];
  errors: { name: string; sql: string; message: string; line: number }[];
  equivalent: { name: string; a: string; b: string }[];
}

const data = parseYaml(
  readFileSync(new URL("./testdata/parse_cases.yaml", import.meta.url), "utf8"),
) as Cases;

/** The model as plain data: Maps become objects keyed like the Map. */
function plain(v: unknown): unknown {
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, plain(x)]));
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, plain(x)]),
    );
  }
  return v;
}

/** Differences between `actual` and the expected fragment (see testdata/parse_cases.yaml). */
function subset(actual: unknown, expected: unknown, path: string, out: string[]): void {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
      return;
    }
    expected.forEach((e, i) => subset(actual[i], e, `${path}[${i}]`, out));
  } else if (expected && typeof expected === "object") {
    if (!actual || typeof actual !== "object") {
      out.push(`${path}: expected an object, got ${JSON.stringify(actual)}`);
      return;
    }
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    for (const [k, v] of Object.entries(e)) {
      if (k !== "$exact") subset(a[k], v, `${path}.${k}`, out);
    }
    if (e.$exact) {
      const extra = Object.keys(a).filter((k) => !(k in e));
      if (extra.length) out.push(`${path}: unexpected ${extra.join(", ")}`);
    }
  } else if (actual !== expected) {
    out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

for (const c of data.cases) {
  Deno.test(`parseSqlite: ${c.name}`, () => {
    const model = plain(parseSqlite(c.sql, "schema.sql"));
    const problems: string[] = [];
    subset(model, { dialect: "sqlite", file: "schema.sql", ...c.expect }, "schema", problems);
    assert.deepEqual(problems, [], JSON.stringify(model, null, 1));
  });
}

for (const c of data.errors) {
  Deno.test(`parseSqlite refuses: ${c.name}`, () => {
    let err: unknown;
    try {
      parseSqlite(c.sql, "db/schema.sql");
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof InputError, `expected an InputError, got ${err}`);
    assert.equal(err.pos?.file, "db/schema.sql");
    assert.equal(err.pos?.line, c.line, err.message);
    assert.ok(err.message.startsWith(`db/schema.sql:${c.line}`), err.message);
    assert.ok(err.message.includes(c.message), err.message);
  });
}

/** The model without what depends on how the file is written: lines, file, SQL as written. */
function comparable(s: Schema): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.entries(v).filter(([k]) => k !== "line" && k !== "file" && k !== "sql")
          .map(([k, x]) => [k, strip(x)]),
      );
    }
    return v;
  };
  return strip(plain(s));
}

for (const c of data.equivalent) {
  Deno.test(`parseSqlite: equal models for ${c.name}`, () => {
    assert.deepEqual(comparable(parseSqlite(c.a, "a.sql")), comparable(parseSqlite(c.b, "b.sql")));
  });
}

Deno.test("parseSqlite: a different default or check is a different model", () => {
  const a = parseSqlite("CREATE TABLE t (a INTEGER DEFAULT 0 CHECK (a > 0));", "a.sql");
  const b = parseSqlite("CREATE TABLE t (a INTEGER DEFAULT 1 CHECK (a >= 0));", "b.sql");
  const ca = a.tables.get("main.t")!.columns[0], cb = b.tables.get("main.t")!.columns[0];
  assert.notEqual(ca.default?.key, cb.default?.key);
  assert.notEqual(
    a.tables.get("main.t")!.constraints[0].expr?.key,
    b.tables.get("main.t")!.constraints[0].expr?.key,
  );
});

Deno.test("parseSqlite: an empty file or one of comments only is an empty schema", () => {
  for (const text of ["", "-- nothing\n/* here */\n;\n"]) {
    const s = parseSqlite(text, "e.sql");
    assert.equal(s.tables.size, 0);
    assert.equal(s.unmanaged.length, 0);
  }
});

const ACCEPTANCE = "/work/shared/acceptance/notes_sqlite/db";
let acceptance = true;
try {
  Deno.statSync(ACCEPTANCE);
} catch {
  acceptance = false;
}

Deno.test({
  name: "parseSqlite: the notes_sqlite acceptance schemas",
  ignore: !acceptance,
  fn() {
    const read = (f: string) => readFileSync(`${ACCEPTANCE}/${f}`, "utf8");
    const v1 = parseSqlite(read("schema_v1.sql"), "db/schema_v1.sql");
    const v2 = parseSqlite(read("schema_v2.sql"), "db/schema_v2.sql");
    const t1 = v1.tables.get("main.notes")!, t2 = v2.tables.get("main.notes")!;
    assert.deepEqual(t1.columns.map((c) => c.name), ["id", "title", "body", "pinned"]);
    assert.deepEqual(t2.columns.map((c) => c.name), ["id", "title", "content", "tags"]);
    const col = (t: typeof t1, n: string) => t.columns.find((c) => c.name === n)!;
    assert.equal(col(t1, "title").notNull, false);
    assert.equal(col(t1, "title").default, undefined);
    assert.equal(col(t2, "title").notNull, true);
    assert.equal(col(t2, "title").default?.sql, "''");
    assert.equal(col(t1, "pinned").notNull, true);
    assert.equal(col(t1, "pinned").default?.key, "0");
    assert.deepEqual(col(t1, "pinned").type, { name: "integer", mods: [], arrayDims: 0 });
    for (const t of [t1, t2]) {
      assert.equal(t.sqlite?.rowidAlias, "id");
      assert.deepEqual(t.constraints.map((c) => [c.name, c.kind, c.columns]), [
        ["notes_pkey", "primary", ["id"]],
      ]);
    }
    const i1 = v1.indexes.get("main.notes_title_idx")!;
    const i2 = v2.indexes.get("main.notes_title_idx")!;
    assert.deepEqual(i1.keys, [{ column: "title", options: "" }]);
    assert.equal(i1.key, i2.key);
    assert.equal(i1.line, 7);
  },
});

Deno.test("schemaOfDatabase: a database's catalog reads as the parsed file (lines and hints aside)", () => {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.entries(v).filter(([k]) => !["line", "file", "renamedFrom", "unmanaged"].includes(k))
          .map(([k, x]) => [k, strip(x)]),
      );
    }
    return v;
  };
  let compared = 0;
  for (const c of data.cases) {
    const db = new DatabaseSync(":memory:");
    try {
      try {
        db.exec(c.sql);
      } catch {
        continue; // files with statements SQLite runs only through the parser (sqlite_sequence)
      }
      const parsed = strip(plain(parseSqlite(c.sql, "f.sql")));
      assert.deepEqual(strip(plain(schemaOfDatabase(db))), parsed, c.name);
      compared++;
    } finally {
      db.close();
    }
  }
  assert.ok(compared >= data.cases.length - 2, `only ${compared} cases compared`);
});

Deno.test("parseSqlite with a reference: names differing only in case take the reference's spelling", () => {
  const to = parseSqlite(
    `CREATE TABLE useRs (id INTEGER PRIMARY KEY AUTOINCREMENT, Name TEXT, CONSTRAINT Name_OK CHECK (Name <> ''));
     CREATE TABLE posts (id INTEGER PRIMARY KEY, user_Id INTEGER REFERENCES useRs (id));
     CREATE INDEX Users_Name_Idx ON useRs (Name);
     CREATE VIEW Users_View AS SELECT id, Name FROM useRs;
     CREATE TRIGGER Users_Trg AFTER INSERT ON useRs BEGIN SELECT 1; END;`,
    "to.sql",
  );
  const fromText =
    `CREATE TABLE "USERS" (id integer PRIMARY KEY AUTOINCREMENT, name TEXT, CONSTRAINT name_ok CHECK (NAME <> ''));
     CREATE TABLE posts (id INTEGER PRIMARY KEY, USER_ID INTEGER REFERENCES users (ID));
     CREATE INDEX users_name_idx ON users (name);
     CREATE VIEW users_view AS SELECT id, name FROM users;
     CREATE TRIGGER users_trg AFTER INSERT ON users BEGIN SELECT 1; END;`;
  const alone = parseSqlite(fromText, "from.sql");
  assert.ok(alone.tables.has("main.USERS"), [...alone.tables.keys()].join());
  const from = parseSqlite(fromText, "from.sql", to);
  const names = (s: Schema) => ({
    tables: [...s.tables.keys()],
    columns: [...s.tables.values()].map((t) => t.columns.map((c) => c.name)),
    constraints: [...s.tables.values()].map((t) => t.constraints.map((c) => c.name)),
    refs: [...s.tables.values()].flatMap((t) => t.constraints.map((c) => c.ref)),
    indexes: [...s.indexes.values()].map((i) => [i.name, i.table.name, i.keys]),
    views: [...s.views.keys()],
    triggers: [...s.triggers.keys()],
    rowid: s.tables.get("main.useRs")?.sqlite,
  });
  assert.deepEqual(names(from), names(to));
  assert.equal(
    from.tables.get("main.useRs")!.constraints[1].expr?.key,
    to.tables.get("main.useRs")!.constraints[1].expr?.key,
  );
  assert.equal(from.views.get("main.Users_View")!.key, to.views.get("main.Users_View")!.key);
});
