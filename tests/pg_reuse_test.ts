/**
 * Parsing the second file of a pair with the first file's statement trees (pg_reuse.ts): the
 * statement splitter agrees with PostgreSQL's parser on every corpus file, and the model of a
 * file parsed with its pair's trees is the model parsed alone, on every corpus pair, both ways.
 * @module
 */
import assert from "node:assert/strict";
import { initPostgresParser, parsePostgres } from "../src/dialects/postgresql/parse/postgres.ts";
import { splitPgStatements } from "../src/dialects/postgresql/parse/pg_split.ts";
import { parseReusing } from "../src/dialects/postgresql/parse/pg_reuse.ts";
import { parsePgSync } from "../src/dialects/postgresql/parse/pg_wasm.ts";
import { blankPsqlMetaCommands, SourceText } from "../src/parse/source.ts";
import { InputError } from "../src/errors.ts";
import { loadCorpus } from "./corpus/roundtrip.ts";

await initPostgresParser();
const cases = await loadCorpus();
const enc = new TextEncoder();

/** A model as text: Maps and Sets as lists, expressions through their getters. */
function show(x: unknown): string {
  return JSON.stringify(
    x,
    (_k, v) => v instanceof Map ? [...v.entries()] : v instanceof Set ? [...v] : v,
  );
}

/** The parser's statements as the splitter reports them. */
function parserSegments(text: string) {
  const src = new SourceText(text, "x.sql");
  const n = src.utf8().length;
  const stmts = (parsePgSync(text).stmts ?? []) as { stmt_location?: number; stmt_len?: number }[];
  return stmts.map((s) => {
    const loc = s.stmt_location ?? 0;
    return {
      start: src.skipBlank(loc),
      end: s.stmt_len ? loc + s.stmt_len : n,
      terminated: !!s.stmt_len,
    };
  });
}

Deno.test("pg_split: the statements of every corpus file are those of the parser", () => {
  let compared = 0;
  for (const c of cases) {
    for (const text of [c.from, c.to].map(blankPsqlMetaCommands)) {
      const split = splitPgStatements(enc.encode(text));
      if (!split || !text.trim()) continue;
      let expected;
      try {
        expected = parserSegments(text);
      } catch {
        continue; // a file the parser refuses: the caller parses it whole
      }
      assert.deepEqual(split, expected, `${c.kind}/${c.name}`);
      compared++;
    }
  }
  assert.ok(compared > cases.length, `only ${compared} files compared`);
});

Deno.test("pg_split: quotes, comments and dollar quotes hide semicolons", () => {
  const text = `CREATE TABLE "a;b" (c text DEFAULT E'x\\';y' CHECK (c <> 'p;''q'));
/* c1; /* nested; */ still; */ -- line; comment
CREATE FUNCTION f$x() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END $body$;
CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $$ SELECT 'a;' $$;
PREPARE p AS SELECT $1;;
COMMENT ON TABLE "a;b" IS U&'d\\0041;'`;
  assert.deepEqual(splitPgStatements(enc.encode(text)), parserSegments(text));
  assert.equal(splitPgStatements(enc.encode(text))!.length, 5);
});

Deno.test("pg_split: gives up where the grammar decides what a semicolon means", () => {
  const atomic = `CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;`;
  assert.equal(splitPgStatements(enc.encode(atomic)), undefined);
  const rule = `CREATE RULE r AS ON INSERT TO t DO ALSO (NOTIFY a; NOTIFY b);`;
  assert.equal(splitPgStatements(enc.encode(rule)), undefined);
  assert.equal(splitPgStatements(enc.encode(`SELECT 'open;`)), undefined);
  assert.equal(splitPgStatements(enc.encode(`SELECT 1; /* open`)), undefined);
});

Deno.test("pg_reuse: every corpus pair parses to the same models with the other file's trees", () => {
  for (const c of cases) {
    for (const [first, second] of [[c.to, c.from], [c.from, c.to]]) {
      let alone: string;
      try {
        alone = show(parsePostgres(second, "second.sql"));
      } catch (e) {
        // the same error with the other file's trees
        const ref = parsePostgres(first, "first.sql");
        assert.throws(() => parsePostgres(second, "second.sql", ref), (e2: Error) => {
          assert.equal(e2.message, (e as Error).message);
          return true;
        });
        continue;
      }
      let ref;
      try {
        ref = parsePostgres(first, "first.sql");
      } catch {
        continue;
      }
      // the first file's model, which kept its tables for the second, is the one built alone
      const firstShown = show(ref);
      const withRef = parsePostgres(second, "second.sql", ref);
      assert.equal(show(withRef), alone, `${c.kind}/${c.name}`);
      assert.equal(show(ref), firstShown, `${c.kind}/${c.name} (first file)`);
      // and the two models share no object but expressions and column types
      assert.deepEqual(sharedObjects(ref, withRef), [], `${c.kind}/${c.name}`);
    }
  }
});

/** Objects (other than expressions and column types) reachable from both models. */
function sharedObjects(a: object, b: object): string[] {
  const seen = new Map<object, string>();
  const walk = (v: unknown, path: string, visit: (o: object, path: string) => boolean) => {
    if (typeof v !== "object" || v === null) return;
    // expressions (their SQL a getter) and column types are never changed: shared by design
    // (pg_built.ts)
    if (Object.getOwnPropertyDescriptor(v, "sql")?.get) return;
    if ("mods" in v && "arrayDims" in v) return;
    if (!visit(v, path)) return;
    const entries = v instanceof Map
      ? [...v.entries()].map(([k, x]) => [String(k), x] as const)
      : v instanceof Set
      ? [...v].map((x, i) => [String(i), x] as const)
      : Object.entries(v);
    for (const [k, x] of entries) walk(x, `${path}.${k}`, visit);
  };
  walk(a, "a", (o, path) => {
    if (seen.has(o)) return false;
    seen.set(o, path);
    return true;
  });
  const both: string[] = [];
  const seenB = new Set<object>();
  walk(b, "b", (o, path) => {
    if (seenB.has(o)) return false;
    seenB.add(o);
    if (seen.has(o)) both.push(`${seen.get(o)} = ${path}`);
    return true;
  });
  return both;
}

Deno.test("pg_reuse: a shared CREATE TABLE is built once, as each file has it at that point", () => {
  const from = `CREATE TABLE p (id serial PRIMARY KEY, n int UNIQUE, CHECK (n > 0));
CREATE TABLE c (id int REFERENCES p (id), k int GENERATED ALWAYS AS IDENTITY);
ALTER TABLE c ADD COLUMN later text;
COMMENT ON COLUMN p.n IS 'from';
`;
  // the same statements at other lines; an earlier table takes p's implicit names
  const to = `CREATE TABLE p_id_seq1 (x int);

CREATE TABLE p_pkey (x int);
CREATE TABLE p (id serial PRIMARY KEY, n int UNIQUE, CHECK (n > 0));
CREATE TABLE c (id int REFERENCES p (id), k int GENERATED ALWAYS AS IDENTITY);
`;
  for (const [a, b] of [[from, to], [to, from]]) {
    const first = parsePostgres(a, "a.sql");
    const firstShown = show(first);
    const second = parsePostgres(b, "b.sql", first);
    assert.equal(show(second), show(parsePostgres(b, "b.sql")));
    assert.equal(show(first), firstShown);
    assert.deepEqual(sharedObjects(first, second), []);
  }
  const second = parsePostgres(to, "to.sql", parsePostgres(from, "from.sql"));
  // the first file's later ALTER and COMMENT are not the second's
  assert.deepEqual(second.tables.get("public.c")!.columns.map((c) => c.name), ["id", "k"]);
  assert.equal(second.comments.size, 0);
  assert.equal(second.tables.get("public.c")!.line, 5);
  assert.equal(second.sequences.get("public.c_k_seq")?.line, 5);
  // p_pkey is a table here: the primary key is p_pkey1, as when the file is parsed alone
  assert.equal(second.tables.get("public.p")!.constraints[0].name, "p_pkey1");
});

const FROM = `CREATE TYPE mood AS ENUM ('a', 'b');
CREATE TABLE t (
  id integer PRIMARY KEY,
  m mood,
  CONSTRAINT t_m CHECK (m <> 'b')
);
CREATE INDEX t_m_idx ON t (m);
`;

Deno.test("pg_reuse: shared statements take the first file's trees, at their new lines", () => {
  const to =
    `-- a new first line\n\nCREATE TABLE u (x int);\n${FROM}ALTER TABLE t ADD COLUMN y text;`;
  const ref = parsePostgres(FROM, "from.sql");
  const stmts = parseReusing(new SourceText(to, "to.sql"), ref);
  assert.ok(stmts);
  assert.deepEqual(stmts.map((s) => s.locDelta !== undefined), [false, true, true, true, false]);
  const withRef = parsePostgres(to, "to.sql", parsePostgres(FROM, "from.sql"));
  assert.equal(show(withRef), show(parsePostgres(to, "to.sql")));
  const t = withRef.tables.get("public.t")!;
  assert.equal(t.line, 5);
  assert.deepEqual(t.columns.slice(0, 2).map((c) => c.line), [6, 7]);
  assert.equal(t.constraints.find((c) => c.name === "t_m")?.line, 8);
});

Deno.test("pg_reuse: a syntax error in the second file names its line", () => {
  const to = `${FROM}\nCREATE TABLE v (x int,);\n`;
  assert.throws(() => parsePostgres(to, "to.sql", parsePostgres(FROM, "from.sql")), (e) => {
    assert.ok(e instanceof InputError);
    assert.match(e.message, /syntax error/);
    assert.equal((e as InputError).pos?.line, 9);
    return true;
  });
});

Deno.test("pg_reuse: a search_path in either file parses the second file whole", () => {
  const setPath = `SET search_path = shop;\n${FROM}`;
  assert.equal(parseReusing(new SourceText(FROM, "b"), parsePostgres(setPath, "a")), undefined);
  const plain = parsePostgres(FROM, "a");
  assert.equal(parseReusing(new SourceText(setPath, "b"), plain), undefined);
  assert.equal(
    show(parsePostgres(setPath, "b", parsePostgres(FROM, "a"))),
    show(parsePostgres(setPath, "b")),
  );
});

Deno.test("pg_reuse: multi-byte text before shared statements moves them by bytes, not characters", () => {
  const from = `-- ตารางลูกค้า\nCREATE TABLE "ลูกค้า" (id int PRIMARY KEY, "ชื่อ" text DEFAULT 'ก');\n` +
    `CREATE TABLE t (id int, CONSTRAINT c CHECK (id > 0))`;
  const to = `-- ความคิดเห็นที่ยาวกว่าเดิมมาก\nCREATE TABLE "ใหม่" (x int);\n` +
    `CREATE TABLE "ลูกค้า" (id int PRIMARY KEY, "ชื่อ" text DEFAULT 'ก');\n` +
    `CREATE TABLE t (id int, CONSTRAINT c CHECK (id > 0))`;
  for (const [a, b] of [[from, to], [to, from]]) {
    const ref = parsePostgres(a, "a.sql");
    const stmts = parseReusing(new SourceText(b, "b.sql"), ref);
    assert.ok(stmts?.some((s) => s.locDelta !== undefined && s.locDelta !== 0));
    assert.equal(
      show(parsePostgres(b, "b.sql", parsePostgres(a, "a.sql"))),
      show(parsePostgres(b, "b.sql")),
    );
  }
  const t = parsePostgres(to, "to.sql", parsePostgres(from, "from.sql")).tables.get("public.t")!;
  assert.equal(t.line, 4);
  assert.equal(t.constraints[0].line, 4);
});
