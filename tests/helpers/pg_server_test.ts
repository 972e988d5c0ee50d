import assert from "node:assert/strict";
import { engineKind, engineName, freshDatabase } from "./pg_server.ts";

Deno.test("pg_server: engine reports its name and version", async () => {
  const name = await engineName();
  const kind = await engineKind();
  if (kind === "server") assert.match(name, /^postgresql \d+(\.\d+)*/);
  else assert.match(name, /^pglite/);
});

Deno.test("pg_server: values come back as PostgreSQL text, NULL as null", async () => {
  await using db = await freshDatabase();
  const rows = await db.query(
    "SELECT 1::int, 19.90::numeric(10,2), true, NULL::text, 'x'::text, '2020-01-01 10:00'::timestamp",
  );
  assert.deepEqual(rows, [["1", "19.90", "t", null, "x", "2020-01-01 10:00:00"]]);
});

Deno.test("pg_server: each fresh database is empty and independent", async () => {
  await using a = await freshDatabase();
  await using b = await freshDatabase();
  await a.exec("CREATE TABLE t (id int); INSERT INTO t VALUES (1), (2);");
  assert.deepEqual(await a.query("SELECT count(*) FROM t"), [["2"]]);
  const inB = await b.query(
    "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
      "WHERE n.nspname = 'public'",
  );
  assert.deepEqual(inB, [["0"]]);
});

Deno.test("pg_server: exec runs a script as one query; a failing BEGIN..COMMIT changes nothing", async () => {
  await using db = await freshDatabase();
  await db.exec("CREATE TABLE t (id int PRIMARY KEY, v text);\nINSERT INTO t VALUES (1, 'a');");
  await assert.rejects(
    db.exec(
      "BEGIN;\nALTER TABLE t ADD COLUMN w int;\nINSERT INTO t VALUES (2, 'b');\n" +
        "INSERT INTO t VALUES (1, 'dup');\nCOMMIT;\n",
    ),
    /duplicate key.*\n(.|\n)*DETAIL: Key \(id\)=\(1\) already exists/,
  );
  // The session is usable again and nothing of the failed script is left.
  assert.deepEqual(await db.query("SELECT id, v FROM t ORDER BY id"), [["1", "a"]]);
  assert.deepEqual(
    await db.query("SELECT count(*) FROM information_schema.columns WHERE table_name = 't'"),
    [["2"]],
  );
});

Deno.test("pg_server: applyScript stops at the first error and reports it", async () => {
  await using db = await freshDatabase();
  await db.exec("CREATE TABLE t (id int);");
  await db.applyScript("BEGIN;\nINSERT INTO t VALUES (1);\nCOMMIT;\n");
  await assert.rejects(
    db.applyScript(
      "BEGIN;\nINSERT INTO t VALUES (2);\n" +
        "DO $$ BEGIN RAISE EXCEPTION 't.id: guard failed'; END $$;\n" +
        "INSERT INTO t VALUES (3);\nCOMMIT;\n",
    ),
    /t\.id: guard failed/,
  );
  assert.deepEqual(await db.query("SELECT id FROM t ORDER BY id"), [["1"]]);
});

Deno.test("pg_server: close is idempotent", async () => {
  const db = await freshDatabase();
  await db.close();
  await db.close();
});
