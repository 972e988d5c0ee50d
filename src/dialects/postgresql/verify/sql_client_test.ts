import assert from "node:assert/strict";
import {
  preparingClient,
  queryEach,
  type SqlClient,
  type TextRow,
  withPrefetch,
} from "./sql_client.ts";
import { startEmbedded } from "./engine.ts";
import { catalogSnapshot } from "./catalog.ts";

/** A client answering `SELECT <n>` with one row [n], counting round trips. */
function fakeClient(many: boolean) {
  const trips: string[][] = [];
  const answer = (sql: string): TextRow[] => {
    const n = /^SELECT (\d+)$/.exec(sql)?.[1];
    return n === undefined ? [] : [[n]];
  };
  const db: SqlClient = {
    exec: () => Promise.resolve(),
    query: (sql) => {
      trips.push([sql]);
      return Promise.resolve(answer(sql));
    },
    ...(many
      ? {
        queryMany: (sqls: string[]) => {
          trips.push(sqls);
          return Promise.resolve(sqls.map(answer));
        },
      }
      : {}),
  };
  return { db, trips };
}

Deno.test("queryEach: one round trip where the client allows, the same rows either way", async () => {
  const sqls = ["SELECT 1", "SELECT x", "SELECT 3"];
  const batched = fakeClient(true), single = fakeClient(false);
  assert.deepEqual(await queryEach(batched.db, sqls), [[["1"]], [], [["3"]]]);
  assert.deepEqual(await queryEach(single.db, sqls), await queryEach(batched.db, sqls));
  assert.equal(batched.trips.length, 2);
  assert.equal(single.trips.length, 3);
});

Deno.test("withPrefetch: answers as if run directly, also for a statement built from an answer", async () => {
  const body = async (db: SqlClient) => {
    const [[a]] = await db.query("SELECT 1");
    const b = await db.query("SELECT 2");
    // depends on the answer: the recording pass cannot know it (and its destructuring throws)
    const [[c]] = await db.query(`SELECT ${Number(a) + 40}`);
    return [a, b, c];
  };
  const batched = fakeClient(true), single = fakeClient(false);
  const expected = await body(single.db);
  assert.deepEqual(expected, ["1", [["2"]], "41"]);
  assert.deepEqual(await withPrefetch(batched.db, body), expected);
  assert.deepEqual(await withPrefetch(single.db, body), expected);
  // the first statement (all the recording pass reached) came in a batch of its own, the
  // dependent one on its own
  assert.deepEqual(batched.trips, [["SELECT 1"], ["SELECT 2"], ["SELECT 41"]]);
});

Deno.test("preparingClient: the catalog read through prepared statements is the one read directly, after DDL too; each query is prepared once; a failed batch does not block a retry", async () => {
  const db = await startEmbedded();
  try {
    const sent: string[] = [];
    const counted: SqlClient = {
      exec: (sql) => db.exec(sql),
      query: (sql) => (sent.push(sql), db.query(sql)),
      queryMany: (sqls) => (sent.push(...sqls), db.queryMany!(sqls)),
    };
    const prepared = preparingClient(counted);
    await db.exec("CREATE TABLE t (a int PRIMARY KEY, b text); CREATE INDEX t_b ON t (b);");
    assert.deepEqual(await catalogSnapshot(prepared), await catalogSnapshot(db));
    const prepares = sent.filter((s) => s.startsWith("PREPARE")).length;
    assert.ok(prepares > 10, `the catalog's queries prepared (${prepares})`);
    // the statements outlive the read's rolled back transaction, and their plans see new DDL
    await db.exec("ALTER TABLE t ADD COLUMN c date; DROP INDEX t_b; CREATE SCHEMA s;");
    const again = await catalogSnapshot(prepared);
    assert.deepEqual(again, await catalogSnapshot(db));
    assert.ok("c" in again.tables["t"].columns && !("t_b" in again.indexes));
    assert.equal(
      sent.filter((s) => s.startsWith("PREPARE")).length,
      prepares,
      "nothing prepared again",
    );
    await assert.rejects(prepared.queryMany!(["SELECT 1", "SELECT nope"]), /nope/);
    assert.deepEqual(await prepared.queryMany!(["SELECT 1", "SELECT 2"]), [[["1"]], [["2"]]]);
  } finally {
    await db.close();
  }
});
