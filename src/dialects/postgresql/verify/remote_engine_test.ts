import assert from "node:assert/strict";
import { startEmbeddedInWorker, workerAllowed } from "./remote_engine.ts";
import { dbErrorInfo } from "./sql_client.ts";
import { catalogSnapshot, tableRows } from "./catalog.ts";
import { postgresql } from "../mod.ts";

Deno.test("engine in a worker: runs the preload first, answers queries as text, errors keep PostgreSQL's fields", async () => {
  assert.equal(workerAllowed(), true, "the tests may read the worker's module");
  const { engine, preloaded, catalog } = startEmbeddedInWorker(
    "CREATE TABLE t (a int PRIMARY KEY, b text); INSERT INTO t VALUES (1, 'x'), (2, NULL);",
    true,
  );
  const db = await engine;
  try {
    await preloaded;
    // the catalog read right after the preload, and read again in the worker on request, is
    // the one read query by query from this thread
    const direct = await catalogSnapshot({ exec: db.exec, query: db.query });
    assert.deepEqual(Object.keys(direct.tables), ["t"]);
    assert.deepEqual(await catalog, direct);
    assert.deepEqual(await db.catalog!(), direct);
    assert.deepEqual(await db.rows!(), await tableRows({ exec: db.exec, query: db.query }));
    assert.match(db.name, /^pglite [\d.]+ \(postgresql [\d.]+\)$/);
    assert.deepEqual(await db.query("SELECT a, b FROM t ORDER BY a"), [["1", "x"], ["2", null]]);
    // several statements in one round trip: the rows of each, an empty answer included
    assert.deepEqual(
      await db.queryMany!([
        "SELECT b FROM t WHERE a = 2",
        "SELECT a FROM t WHERE a > 5",
        "SELECT 'a;b'",
      ]),
      [[[null]], [], [["a;b"]]],
    );
    await assert.rejects(db.queryMany!(["SELECT 1", "SELECT nope FROM t"]), /nope/);
    const err = await db.exec("INSERT INTO t VALUES (1, 'y')").then(() => undefined, (e) => e);
    const info = dbErrorInfo(err);
    assert.equal(info.code, "23505");
    assert.match(info.message, /duplicate key/);
    assert.match(info.detail ?? "", /\(a\)=\(1\)/);
    // the session goes on after an error, and reset empties it
    await db.reset();
    assert.deepEqual(await db.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), [
      [
        "0",
      ],
    ]);
  } finally {
    await db.close();
  }
  await assert.rejects(db.query("SELECT 1"), /closed/);
});

Deno.test("engine in a worker: a preload that fails is reported, the engine stays usable", async () => {
  const { engine, preloaded } = startEmbeddedInWorker("CREATE TABLE broken (");
  const db = await engine;
  try {
    await assert.rejects(preloaded!, (e) => dbErrorInfo(e).code === "42601");
    assert.deepEqual(await db.query("SELECT 1 + 1"), [["2"]]);
  } finally {
    await db.close();
  }
});

Deno.test("prepareVerify: a run that does not verify after all disposes the engine (twice is fine)", async () => {
  const prepared = postgresql.prepareVerify!({ fromSql: "CREATE TABLE t (a int);" })!;
  await prepared.dispose();
  await prepared.dispose();
});

Deno.test("engine in a worker: started after another settles, it comes up only then (requests sent before wait)", async () => {
  const events: string[] = [];
  let release!: () => void;
  const after = new Promise<void>((r) => release = r).then(() => void events.push("released"));
  const first = startEmbeddedInWorker("CREATE TABLE a (x int);");
  const second = startEmbeddedInWorker("CREATE TABLE b (y int);", true, after);
  second.engine.then(() => events.push("second up"), () => {});
  const a = await first.engine;
  try {
    // the first engine up and working, the second still waiting for its start
    await first.preloaded;
    await a.query("SELECT count(*) FROM a");
    assert.deepEqual(events, []);
    release();
    const b = await second.engine;
    try {
      assert.deepEqual(events, ["released", "second up"]);
      await second.preloaded;
      assert.deepEqual(Object.keys((await second.catalog!).tables), ["b"]);
    } finally {
      await b.close();
    }
  } finally {
    await a.close();
  }
});
