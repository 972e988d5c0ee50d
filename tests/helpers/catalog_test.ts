import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { catalogSnapshot, diffCatalogs, diffData, stripSchema, tableRows } from "./catalog.ts";
import type { Catalog } from "./catalog.ts";
import { freshDatabase } from "./pg_server.ts";

const ACCEPTANCE = fileURLToPath(new URL("../acceptance/", import.meta.url));

function read(rel: string): Promise<string> {
  return Deno.readTextFile(`${ACCEPTANCE}${rel}`);
}

/** The catalog of a fresh database loaded with `sql`. */
async function catalogOf(sql: string): Promise<Catalog> {
  await using db = await freshDatabase();
  await db.exec(sql);
  return await catalogSnapshot(db);
}

Deno.test("stripSchema removes only the given schema's qualification", () => {
  assert.equal(
    stripSchema("CREATE INDEX i ON public.users USING btree (email)", "public"),
    "CREATE INDEX i ON users USING btree (email)",
  );
  assert.equal(stripSchema('REFERENCES "public".users(id)', "public"), "REFERENCES users(id)");
  assert.equal(stripSchema("x.public.y, other.users", "public"), "x.public.y, other.users");
  assert.equal(stripSchema("ON app.t", "app"), "ON t");
});

Deno.test("catalog: the two no_changes schema files load to equal catalogs", async () => {
  const a = await catalogOf(await read("no_changes/db/schema_v1.sql"));
  const b = await catalogOf(await read("no_changes/db/schema_v2.sql"));
  assert.deepEqual(diffCatalogs(a, b), []);
  // And the snapshot did see the objects.
  assert.deepEqual(Object.keys(a.tables), ["product"]);
  assert.deepEqual(Object.keys(a.tables.product.columns).sort(), [
    "cat_id",
    "id",
    "price",
    "title",
  ]);
  assert.equal(a.tables.product.columns.id.identity, "by default");
  assert.deepEqual(Object.keys(a.indexes).sort(), ["product_pkey", "product_title_idx"]);
  assert.equal(
    a.indexes.product_title_idx.definition,
    "CREATE INDEX product_title_idx ON product USING btree (title)",
  );
  assert.deepEqual(Object.keys(a.constraints).sort(), [
    "product.product_pkey",
    "product.product_price_check",
  ]);
  assert.deepEqual(a.sequences.product_id_seq?.ownedBy, "product.id");
  assert.deepEqual(a.sequences.product_id_seq?.ownership, "identity");
});

Deno.test("catalog: user_profile v1 vs v2 lists the expected differences", async () => {
  const v2 = await catalogOf(await read("user_profile/db/schema_v2.sql"));
  const v1 = await catalogOf(await read("user_profile/db/schema_v1.sql"));
  const diff = diffCatalogs(v2, v1);
  const expected = [
    "index users_email_idx: missing in actual",
    "index users_login_key: missing in actual",
    "index users_username_key: unexpected in actual",
    "constraint users.users_login_key: missing in actual",
    "constraint users.users_username_key: unexpected in actual",
    "column users.first_name: missing in actual",
    "column users.last_name: missing in actual",
    "column users.login: missing in actual",
    "column users.status: missing in actual",
    "column users.full_name: unexpected in actual",
    "column users.legacy_flag: unexpected in actual",
    "column users.username: unexpected in actual",
    "column users.id: type bigint != integer (expected != actual)",
    "column users.age: type integer != smallint (expected != actual)",
    "column users.email: type character varying(255) != character varying(100) " +
    "(expected != actual)",
    "column profiles.user_id: type bigint != integer (expected != actual)",
    "column profiles.bio: type text != character varying(200) (expected != actual)",
  ];
  for (const line of expected) {
    assert.ok(diff.includes(line), `missing "${line}" in:\n${diff.join("\n")}`);
  }
  assert.equal(diff.length, expected.length, diff.join("\n"));
});

Deno.test("catalog: a renamed index or constraint is a difference", async () => {
  const base =
    "CREATE TABLE t (id int CONSTRAINT t_pk PRIMARY KEY, v int CONSTRAINT v_pos CHECK (v > 0));\n" +
    "CREATE INDEX t_v_idx ON t (v);\n";
  const original = await catalogOf(base);
  const renamedIndex = await catalogOf(base + "ALTER INDEX t_v_idx RENAME TO t_v_index;\n");
  assert.deepEqual(diffCatalogs(original, renamedIndex), [
    "index t_v_idx: missing in actual",
    "index t_v_index: unexpected in actual",
  ]);
  const renamedCheck = await catalogOf(
    base + "ALTER TABLE t RENAME CONSTRAINT v_pos TO v_positive;\n",
  );
  assert.deepEqual(diffCatalogs(original, renamedCheck), [
    "constraint t.v_pos: missing in actual",
    "constraint t.v_positive: unexpected in actual",
  ]);
  const renamedPk = await catalogOf(base + "ALTER TABLE t RENAME CONSTRAINT t_pk TO t_pkey;\n");
  assert.deepEqual(diffCatalogs(original, renamedPk), [
    "constraint t.t_pk: missing in actual",
    "constraint t.t_pkey: unexpected in actual",
    "index t_pk: missing in actual",
    "index t_pkey: unexpected in actual",
  ]);
});

Deno.test("catalog: column order is ignored, defaults, nullability and sequences are not", async () => {
  const a = await catalogOf("CREATE TABLE t (id serial PRIMARY KEY, a int, b text DEFAULT 'x');");
  const reordered = await catalogOf(
    "CREATE TABLE t (b text DEFAULT 'x', id serial PRIMARY KEY, a int);",
  );
  assert.deepEqual(diffCatalogs(a, reordered), []);
  const changed = await catalogOf(
    "CREATE SEQUENCE t_id_seq AS integer INCREMENT 2;\n" +
      "CREATE TABLE t (id int PRIMARY KEY DEFAULT nextval('t_id_seq'), a int NOT NULL, b text);",
  );
  assert.deepEqual(diffCatalogs(a, changed), [
    "column t.a: notNull false != true (expected != actual)",
    "column t.b: default 'x'::text != (none) (expected != actual)",
    "sequence t_id_seq: increment 1 != 2 (expected != actual)",
    "sequence t_id_seq: ownedBy t.id != (none) (expected != actual)",
    "sequence t_id_seq: ownership owned != (none) (expected != actual)",
  ]);
});

Deno.test("catalog: enum label order, views, functions, triggers, domains, archive schema", async () => {
  const ddl = (labels: string, viewCond: string, archive: boolean) =>
    `CREATE TYPE mood AS ENUM (${labels});\n` +
    "CREATE DOMAIN posint AS integer CHECK (VALUE > 0);\n" +
    "CREATE TYPE pair AS (a int, b text);\n" +
    "CREATE TABLE t (id posint PRIMARY KEY, m mood, touched timestamptz);\n" +
    `CREATE VIEW happy AS SELECT id FROM t WHERE ${viewCond};\n` +
    "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ " +
    "BEGIN NEW.touched := now(); RETURN NEW; END $$;\n" +
    "CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();\n" +
    (archive
      ? "CREATE SCHEMA smartspec_archive; CREATE TABLE smartspec_archive.old (x int);\n"
      : "");
  const a = await catalogOf(ddl("'sad', 'happy'", "m = 'happy'", false));
  assert.deepEqual(a.enums, { mood: ["sad", "happy"] });
  assert.equal(a.types.posint.kind, "domain");
  assert.match(a.types.posint.definition, /^integer CONSTRAINT posint_check CHECK \(VALUE > 0\)$/);
  assert.equal(a.types.pair.definition, "(a integer, b text)");
  assert.ok(a.functions["touch()"]?.definition?.includes("NEW.touched := now()"));
  assert.match(a.triggers["t.t_touch"].definition, /BEFORE UPDATE ON t FOR EACH ROW/);
  assert.deepEqual(Object.keys(a.views), ["happy"]);

  // The archive schema is invisible to the comparison.
  const withArchive = await catalogOf(ddl("'sad', 'happy'", "m = 'happy'", true));
  assert.deepEqual(diffCatalogs(a, withArchive), []);

  const b = await catalogOf(ddl("'happy', 'sad'", "m = 'sad'", false));
  const diff = diffCatalogs(a, b);
  assert.deepEqual(diff.filter((d) => d.startsWith("enum")), [
    "enum mood: labels [sad, happy] != [happy, sad] (expected != actual)",
  ]);
  assert.equal(
    diff.filter((d) => d.startsWith("view happy: definition")).length,
    1,
    diff.join("\n"),
  );
});

Deno.test("tableRows: rows by column name, sorted, with sequence positions", async () => {
  await using db = await freshDatabase();
  await db.exec(
    "CREATE TABLE t (id serial PRIMARY KEY, name text, flag boolean);\n" +
      "INSERT INTO t (name, flag) VALUES ('b', true), (NULL, NULL), ('a', false);\n",
  );
  const before = await tableRows(db);
  assert.deepEqual(before.tables.t, {
    columns: ["flag", "id", "name"],
    rows: [[null, "2", null], ["f", "3", "a"], ["t", "1", "b"]],
  });
  assert.deepEqual(before.sequences.t_id_seq, { lastValue: "3", isCalled: true });

  // Same rows in another physical column order compare equal.
  await db.exec(
    "ALTER TABLE t DROP COLUMN flag;\nALTER TABLE t ADD COLUMN flag boolean;\n" +
      "UPDATE t SET flag = (id = 1) WHERE id <> 2;\n",
  );
  assert.deepEqual(diffData(before, await tableRows(db)), []);

  await db.exec("UPDATE t SET name = '' WHERE id = 2;\nSELECT nextval('t_id_seq');\n");
  assert.deepEqual(diffData(before, await tableRows(db)), [
    'table t: row (flag, id, name) = (NULL, "2", NULL) missing in actual',
    'table t: row (flag, id, name) = (NULL, "2", "") unexpected in actual',
    "sequence t_id_seq: position last_value=3 is_called=true != last_value=4 is_called=true " +
    "(expected != actual)",
  ]);
});

Deno.test("catalogSnapshot leaves the session as it was", async () => {
  await using db = await freshDatabase();
  await db.exec("CREATE SCHEMA app; SET search_path = app; CREATE TABLE t (id int);");
  const cat = await catalogSnapshot(db);
  assert.deepEqual(Object.keys(cat.tables), ["app.t"]);
  assert.deepEqual(await db.query("SHOW search_path"), [["app"]]);
  await db.exec("INSERT INTO t VALUES (1)"); // not stuck in a read-only transaction
});

Deno.test("catalog: implicit names do not follow a table rename, NOT NULL constraint names aside", async () => {
  const fresh = await catalogOf(
    "CREATE TABLE products (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, " +
      "name text NOT NULL);",
  );
  const renamed = await catalogOf(
    "CREATE TABLE product (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, " +
      "name text NOT NULL);\nALTER TABLE product RENAME TO products;",
  );
  // PostgreSQL 18 (PGlite) also keeps NOT NULL constraints named product_*_not_null: they are
  // not compared, nullability is.
  assert.deepEqual(diffCatalogs(fresh, renamed), [
    "constraint products.products_pkey: missing in actual",
    "constraint products.product_pkey: unexpected in actual",
    "index products_pkey: missing in actual",
    "index product_pkey: unexpected in actual",
    "sequence products_id_seq: missing in actual",
    "sequence product_id_seq: unexpected in actual",
  ]);
  const fixed = await catalogOf(
    "CREATE TABLE product (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, " +
      "name text NOT NULL);\nALTER TABLE product RENAME TO products;\n" +
      "ALTER TABLE products RENAME CONSTRAINT product_pkey TO products_pkey;\n" +
      "ALTER SEQUENCE product_id_seq RENAME TO products_id_seq;",
  );
  assert.deepEqual(diffCatalogs(fresh, fixed), []);
});
