import assert from "node:assert/strict";
import { initPostgresParser, parsePostgres } from "../dialects/postgresql/parse/postgres.ts";
import { typeFacts } from "../model/types.ts";
import { diffSchemas } from "./diff.ts";
import type { Change } from "./changes.ts";
import { postgresql } from "../dialects/postgresql/mod.ts";

await initPostgresParser();

function changes(from: string, to: string): Change[] {
  return diffSchemas(parsePostgres(from, "from.sql"), parsePostgres(to, "to.sql"), {
    expr: postgresql.expr,
    intents: [],
    specPath: "spec.md",
    facts: typeFacts("postgresql"),
  }).changes;
}

const kinds = (cs: Change[]) => cs.map((c) => c.kind);
const named = (cs: Change[]) =>
  cs.map((c) => `${c.kind} ${"view" in c ? c.view.name : "func" in c ? c.func.name : ""}`.trim());

Deno.test("views over a changed view or column are dropped dependents-first, created dependencies-first", () => {
  const base = `CREATE TABLE t (id int, name varchar(5));
    CREATE VIEW a AS SELECT id, name FROM t;
    CREATE VIEW b AS SELECT name FROM a;
    CREATE VIEW c AS SELECT id FROM t;`;
  const views = named(changes(base, base.replace("varchar(5)", "varchar(9)")))
    .filter((k) => k.includes("view"));
  assert.equal(views.length, 6);
  const at = (k: string) => views.indexOf(k);
  assert.ok(at("drop_view b") < at("drop_view a"), views.join());
  assert.ok(at("drop_view a") < at("create_view a") && at("create_view a") < at("create_view b"));
  assert.ok(at("drop_view c") >= 0 && at("create_view c") >= 0);
});

Deno.test("an unchanged view over unchanged tables is left alone", () => {
  const s = `CREATE TABLE t (id int); CREATE VIEW v AS SELECT id FROM t;`;
  assert.deepEqual(changes(s, s + " CREATE TABLE u (id int);").map((c) => c.kind), [
    "create_table",
  ]);
});

Deno.test("a function body change is replaced in place, a signature change re-creates it", () => {
  const f = (body: string, ret = "int") =>
    `CREATE FUNCTION f(x int) RETURNS ${ret} LANGUAGE sql AS '${body}';`;
  assert.deepEqual(kinds(changes(f("SELECT x"), f("SELECT x + 1"))), ["replace_function"]);
  assert.deepEqual(kinds(changes(f("SELECT x"), f("SELECT x", "bigint"))), ["recreate_function"]);
  assert.deepEqual(kinds(changes(f("SELECT x"), ""))[0], "drop_function");
});

Deno.test("a trigger whose function is re-created is dropped and created around it", () => {
  const s = (ret: string) =>
    `CREATE TABLE t (id int);
    CREATE FUNCTION trg() RETURNS ${ret} LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
    CREATE TRIGGER t_trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg();`;
  const cs = changes(s("trigger"), s("trigger").replace("trg()", "trg(x int DEFAULT 1)"));
  assert.deepEqual(kinds(cs).sort(), [
    "create_function",
    "create_trigger",
    "drop_function",
    "drop_trigger",
  ]);
});

Deno.test("comments of a re-created view are removed first and set again after", () => {
  const s = (n: number) =>
    `CREATE TABLE t (id int, a varchar(${n}));
    CREATE VIEW v AS SELECT a FROM t; COMMENT ON VIEW v IS 'x';`;
  const cs = changes(s(5), s(9));
  const comments = cs.filter((c) => c.kind === "drop_comment" || c.kind === "set_comment");
  assert.deepEqual(kinds(comments), ["drop_comment", "set_comment"]);
});

Deno.test("comments follow renamed tables and columns without a change", () => {
  const from = `CREATE TABLE a (x int); COMMENT ON COLUMN a.x IS 'c';`;
  const to = `CREATE TABLE b (y int); COMMENT ON COLUMN b.y IS 'c';`;
  const cs = diffSchemas(parsePostgres(from, "f"), parsePostgres(to, "t"), {
    expr: postgresql.expr,
    intents: [
      { kind: "rename_table", from: "a", to: "b", line: 1 },
      {
        kind: "rename",
        from: { table: "b", column: "x" },
        to: { table: "b", column: "y" },
        line: 2,
      },
    ],
    specPath: "spec.md",
    facts: typeFacts("postgresql"),
  }).changes;
  assert.deepEqual(kinds(cs), ["rename_table", "rename_column"]);
});

Deno.test("storage, RLS and partition bounds are compared", () => {
  const cs = changes(
    `CREATE TABLE t (id int) WITH (fillfactor = 90);
     CREATE TABLE p (k int) PARTITION BY RANGE (k);
     CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);`,
    `CREATE TABLE t (id int) WITH (fillfactor = 70); ALTER TABLE t ENABLE ROW LEVEL SECURITY;
     CREATE TABLE p (k int) PARTITION BY RANGE (k);
     CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (20);`,
  );
  assert.deepEqual(kinds(cs).sort(), [
    "alter_rls",
    "alter_table_storage",
    "attach_partition",
    "detach_partition",
  ]);
});

Deno.test("functions over a swapped enum are dropped before and created after", () => {
  const s = (vals: string) =>
    `CREATE TYPE e AS ENUM (${vals});
    CREATE FUNCTION f(v e) RETURNS text LANGUAGE sql AS 'SELECT v::text';`;
  const cs = changes(s("'a', 'b'"), s("'a'"));
  assert.deepEqual(kinds(cs).sort(), [
    "create_dependent_function",
    "drop_dependent_function",
    "drop_enum_value",
  ]);
});
