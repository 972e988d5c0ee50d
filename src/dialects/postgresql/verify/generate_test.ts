import assert from "node:assert/strict";
import { typeFacts } from "../../../model/types.ts";
import { initPostgresParser, parsePostgres } from "../parse/postgres.ts";
import { type EmbeddedDb, startEmbedded } from "./engine.ts";
import { fillOrder, fillTables } from "./generate.ts";
import { NameMap } from "./names.ts";
import { tablePlans } from "./profile.ts";

const facts = typeFacts("postgresql");
let engine: Promise<EmbeddedDb> | undefined;
const db = () => (engine ??= startEmbedded());
globalThis.addEventListener("unload", () => void engine?.then((d) => d.close()));

async function fill(sql: string, rows = 20) {
  await initPostgresParser();
  const schema = parsePostgres(sql, "schema.sql");
  const d = await db();
  await d.reset();
  await d.exec(sql);
  const plans = tablePlans(schema, schema, [], new NameMap([]), facts, "raw");
  return { d, result: await fillTables(d, plans, schema, facts, rows), plans };
}

const count = async (d: EmbeddedDb, sql: string) => Number((await d.query(sql))[0][0]);

Deno.test("generate: parents first, every foreign key points at a row, checks hold", async () => {
  const { d, result } = await fill(`
    CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
    CREATE TABLE line (order_id int, n int CHECK (n > 0), PRIMARY KEY (order_id, n));
    CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL,
      amount numeric(8, 2) NOT NULL CHECK (amount >= 0), m mood, code varchar(3) UNIQUE);
    CREATE TABLE customer (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL,
      email text, tags text[], data jsonb, born date, at timestamptz, uid uuid);
    CREATE UNIQUE INDEX customer_email ON customer (lower(email));
    ALTER TABLE line ADD FOREIGN KEY (order_id) REFERENCES orders (id);
    ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customer (id);`);
  for (const t of result.tables) assert.ok(t.rows > 0, JSON.stringify(result.tables));
  assert.equal(
    result.rows,
    await count(
      d,
      "SELECT (SELECT count(*) FROM customer) + (SELECT count(*) FROM orders) + (SELECT count(*) FROM line)",
    ),
  );
  assert.equal(await count(d, "SELECT count(*) FROM orders WHERE amount < 0"), 0);
  assert.ok(await count(d, "SELECT count(*) FROM line WHERE n <= 0") === 0);
  assert.ok(await count(d, "SELECT count(*) FROM orders WHERE m IS NULL") >= 1, "NULL enum edge");
  assert.ok(
    await count(d, "SELECT count(*) FROM customer WHERE name = ''") === 1,
    "empty string edge",
  );
  assert.ok(await count(d, "SELECT max(length(code)) FROM orders") === 3, "maximum length");
});

Deno.test("generate: foreign key cycles and self references are filled", async () => {
  const { d, result } = await fill(`
    CREATE TABLE a (id int PRIMARY KEY, b_id int);
    CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));
    ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b (id);
    CREATE TABLE emp (id int PRIMARY KEY, boss int REFERENCES emp (id));`);
  for (const t of result.tables) assert.ok(t.rows > 0, JSON.stringify(result.tables));
  assert.ok(await count(d, "SELECT count(*) FROM emp WHERE boss IS NOT NULL") > 0, "bosses");
});

Deno.test("generate: a NOT NULL column nothing can fill leaves its table empty, with a note", async () => {
  const { result } = await fill(`CREATE TABLE p (id int PRIMARY KEY, at point NOT NULL);
    CREATE TABLE q (id int PRIMARY KEY, at point NOT NULL DEFAULT '(0,0)');`);
  const p = result.tables.find((t) => t.table === "p")!;
  assert.equal(p.rows, 0);
  assert.match(
    p.note ?? "",
    /no values can be generated for p\.at \("?point"?, NOT NULL, no default\)/,
  );
  assert.ok(result.tables.find((t) => t.table === "q")!.rows > 0, "a default fills it");
});

Deno.test("generate: fillOrder puts parents first and breaks cycles", async () => {
  await initPostgresParser();
  const s = parsePostgres(
    `CREATE TABLE c (id int PRIMARY KEY, b int REFERENCES b (id));
     CREATE TABLE b (id int PRIMARY KEY, a int REFERENCES a (id));
     CREATE TABLE a (id int PRIMARY KEY, c int REFERENCES c (id));`,
    "x.sql",
  );
  const { order, deferred } = fillOrder(tablePlans(s, s, [], new NameMap([]), facts, "raw"));
  assert.equal(order.length, 3);
  assert.equal(deferred.size, 1, "one edge of the cycle waits");
});

Deno.test("generate: rows a table refuses are left out, the tables filled before it keep theirs (also when the refusal comes at commit)", async () => {
  const { d, result } = await fill(`
    CREATE TABLE first (id int PRIMARY KEY, name text);
    CREATE TABLE picky (id int PRIMARY KEY, first_id int REFERENCES first (id));
    CREATE TABLE late (id int PRIMARY KEY, first_id int REFERENCES first (id));
    CREATE FUNCTION refuse_thirds() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.id % 3 = 0 THEN RAISE EXCEPTION 'refused %', NEW.id; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER picky_refuses BEFORE INSERT ON picky
      FOR EACH ROW EXECUTE FUNCTION refuse_thirds();
    CREATE CONSTRAINT TRIGGER late_refuses AFTER INSERT ON late
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_thirds();`);
  const byName = Object.fromEntries(result.tables.map((t) => [t.table, t]));
  assert.equal(byName.first.rows, await count(d, "SELECT count(*) FROM first"));
  assert.ok(byName.first.rows > 0, JSON.stringify(result.tables));
  for (const t of ["picky", "late"]) {
    const n = await count(d, `SELECT count(*) FROM ${t}`);
    assert.equal(byName[t].rows, n, JSON.stringify(result.tables));
    assert.ok(n > 0 && n < 20, `${t}: some rows in, some refused (${n})`);
    assert.equal(await count(d, `SELECT count(*) FROM ${t} WHERE id % 3 = 0`), 0);
    assert.match(
      byName[t].note ?? "",
      /some generated rows were refused/,
      JSON.stringify(byName[t]),
    );
  }
  assert.equal(result.rows, byName.first.rows + byName.picky.rows + byName.late.rows);
});
