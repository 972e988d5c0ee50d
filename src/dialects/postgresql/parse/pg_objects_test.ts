import assert from "node:assert/strict";
import { initPostgresParser, parsePostgres } from "./postgres.ts";

await initPostgresParser();
const parse = (sql: string) => parsePostgres(sql, "schema.sql");

Deno.test("functions are keyed by their input argument types; options at defaults do not count", () => {
  const a = parse(`CREATE FUNCTION f(a int, OUT b text, VARIADIC c text[]) LANGUAGE sql
    AS 'SELECT 1::text';`);
  const f = a.functions.get("public.f(int4,text[])");
  assert.ok(f, [...a.functions.keys()].join());
  assert.deepEqual(f.params.map((p) => p.mode), ["in", "out", "variadic"]);
  const b = parse(`CREATE FUNCTION public.f(a integer, OUT b text, VARIADIC c text[]) LANGUAGE sql
    VOLATILE CALLED ON NULL INPUT SECURITY INVOKER PARALLEL UNSAFE COST 100 AS $$SELECT 1::text$$;`);
  assert.equal(b.functions.get("public.f(int4,text[])")?.key, f.key);
  const c = parse(`CREATE FUNCTION f(a int, OUT b text, VARIADIC c text[]) LANGUAGE sql STABLE
    AS 'SELECT 1::text';`);
  assert.notEqual(c.functions.get("public.f(int4,text[])")?.key, f.key);
  assert.equal(c.functions.get("public.f(int4,text[])")?.signature, f.signature);
});

Deno.test("a SQL function's body is read for the relations it uses", () => {
  const s = parse(`CREATE TABLE t (id int);
    CREATE FUNCTION n() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM t';
    CREATE FUNCTION m() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM t; END;`);
  assert.deepEqual(s.functions.get("public.n()")?.reads, ["public.t"]);
  assert.equal(s.functions.get("public.n()")?.atomic, undefined);
  assert.equal(s.functions.get("public.m()")?.atomic, true);
});

Deno.test("views keep their statement and read relations; SELECT * is expanded", () => {
  const s = parse(`CREATE TABLE t (a int, b int);
    CREATE VIEW v AS SELECT * FROM t;
    CREATE VIEW w AS SELECT a, b FROM t;
    CREATE MATERIALIZED VIEW m AS SELECT a FROM v WITH NO DATA;
    CREATE INDEX ON m (a);`);
  assert.equal(s.views.get("public.v")?.key, s.views.get("public.w")?.key);
  assert.deepEqual(s.views.get("public.m")?.reads, ["public.v"]);
  assert.equal(s.views.get("public.m")?.indexes[0].name, "m_a_idx");
  assert.equal(s.indexes.size, 0);
});

Deno.test("triggers, policies, RLS and their states", () => {
  const s = parse(`CREATE TABLE t (id int, owner text);
    CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
    CREATE TRIGGER t_trg BEFORE UPDATE OF owner ON t FOR EACH ROW EXECUTE FUNCTION trg();
    ALTER TABLE t DISABLE TRIGGER t_trg;
    ALTER TABLE t ENABLE ROW LEVEL SECURITY;
    CREATE POLICY p ON t USING (owner = current_user);
    CREATE POLICY q ON t FOR ALL TO PUBLIC USING (owner = current_user);`);
  const trg = s.triggers.get("public.t.t_trg")!;
  assert.equal(trg.func, "public.trg");
  assert.equal(trg.enabled, "D");
  assert.deepEqual(trg.columns, ["owner"]);
  assert.equal(s.tables.get("public.t")?.rls, true);
  assert.equal(s.policies.get("public.t.p")?.key, s.policies.get("public.t.q")?.key);
});

Deno.test("domains, composite types and collations", () => {
  const s = parse(
    `CREATE DOMAIN d AS varchar(5) NOT NULL DEFAULT 'x' CHECK (VALUE <> '') CHECK (length(VALUE) > 1);
    CREATE TYPE c AS (a int, b text COLLATE "C");
    CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);`,
  );
  const d = s.domains.get("public.d")!;
  assert.deepEqual(d.checks.map((c) => c.name), ["d_check", "d_check1"]);
  assert.equal(d.notNull, true);
  assert.equal(s.composites.get("public.c")?.attributes[1].collation, "C");
  assert.ok(s.collations.has("public.ci"));
});

Deno.test("comments are keyed by their target; IS NULL removes one", () => {
  const s = parse(`CREATE TABLE t (id int);
    CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT x';
    COMMENT ON TABLE t IS 'a';
    COMMENT ON COLUMN t.id IS 'b';
    COMMENT ON FUNCTION f(integer) IS 'c';
    COMMENT ON FUNCTION f IS 'd';
    COMMENT ON COLUMN t.id IS NULL;`);
  assert.deepEqual([...s.comments.keys()].sort(), ["function:public.f(int4)", "table:public.t"]);
  assert.equal(s.comments.get("function:public.f(int4)")?.text, "d");
});

Deno.test("partitions take their parent's columns; pg_dump's attached copies are implied", () => {
  const hand = parse(
    `CREATE TABLE m (id int NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
    CREATE TABLE m1 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`,
  );
  const dump = parse(
    `CREATE TABLE public.m (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
    CREATE TABLE public.m1 (id integer NOT NULL, at date NOT NULL);
    ALTER TABLE ONLY public.m ATTACH PARTITION public.m1 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
    ALTER TABLE ONLY public.m ADD CONSTRAINT m_pkey PRIMARY KEY (id, at);
    ALTER TABLE ONLY public.m1 ADD CONSTRAINT m1_pkey PRIMARY KEY (id, at);
    ALTER INDEX public.m_pkey ATTACH PARTITION public.m1_pkey;`,
  );
  for (const s of [hand, dump]) {
    const m1 = s.tables.get("public.m1")!;
    assert.deepEqual(m1.columns, []);
    assert.deepEqual(m1.constraints, []);
    assert.equal(m1.partitionOf?.bound, "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
  }
  assert.equal(
    hand.tables.get("public.m1")?.partitionOf?.key,
    dump.tables.get("public.m1")?.partitionOf?.key,
  );
});

Deno.test("role membership, database privileges and extension comments are listed as ignored; others as not managed", () => {
  const s = parse(`CREATE TABLE t (id int);
    ALTER TABLE t OWNER TO postgres;
    GRANT SELECT ON t TO PUBLIC;
    GRANT reader TO writer;
    GRANT CONNECT ON DATABASE app TO reader;
    CREATE EXTENSION citext;
    COMMENT ON EXTENSION citext IS 'x';
    CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING;`);
  assert.deepEqual(
    s.unmanaged.map((u) => [u.kind, u.category]),
    [
      ["GrantRoleStmt", "ignored"],
      ["GrantStmt", "ignored"],
      ["CommentStmt", "ignored"],
      ["RuleStmt", "unmanaged"],
    ],
  );
  assert.equal(s.owners.get("table:public.t")?.owner, "postgres");
  assert.deepEqual(s.privileges.get("table:public.t")?.grantees, {
    PUBLIC: { privileges: ["SELECT"], grantable: [] },
  });
});
