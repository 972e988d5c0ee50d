import assert from "node:assert/strict";
import { initPostgresParser, parsePostgres } from "./postgres.ts";

await initPostgresParser();

Deno.test("search_path: functions, triggers and OWNED BY land in the path's schema", () => {
  const s = parsePostgres(
    `CREATE SCHEMA shop;
SET search_path = shop, pg_catalog;
CREATE TABLE products (id integer NOT NULL, at timestamptz);
CREATE SEQUENCE products_id_seq;
ALTER SEQUENCE products_id_seq OWNED BY products.id;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE FUNCTION next_code() RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$;
ALTER TABLE products ADD COLUMN code text DEFAULT next_code();
CREATE TRIGGER t BEFORE UPDATE ON products FOR EACH ROW EXECUTE FUNCTION touch();
CREATE VIEW v AS SELECT id FROM products;
SET search_path = public;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$;`,
    "schema.sql",
  );
  const fns = [...s.functions.values()].map((f) => [`${f.schema}.${f.name}`, f.searchPath]);
  assert.deepEqual(fns.sort(), [
    ["public.touch", undefined],
    ["shop.next_code", `"shop", "pg_catalog"`],
    ["shop.touch", `"shop", "pg_catalog"`],
  ]);
  const trigger = [...s.triggers.values()][0];
  assert.equal(trigger.func, "shop.touch");
  assert.equal(trigger.searchPath, `"shop", "pg_catalog"`);
  assert.equal(s.views.get("shop.v")?.searchPath, `"shop", "pg_catalog"`);
  assert.deepEqual(s.sequences.get("shop.products_id_seq")?.ownedBy, {
    table: { schema: "shop", name: "products" },
    column: "id",
  });
  const code = s.tables.get("shop.products")?.columns.find((c) => c.name === "code");
  assert.match(code?.default?.sql ?? "", /shop\.next_code\(\)/);
});
