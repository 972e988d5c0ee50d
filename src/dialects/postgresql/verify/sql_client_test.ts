import assert from "node:assert/strict";
import { queryEach, type SqlClient, type TextRow, withPrefetch } from "./sql_client.ts";

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
