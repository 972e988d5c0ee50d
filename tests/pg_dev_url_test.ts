/**
 * `--dev-url postgres://...`: verification on the user's own PostgreSQL server instead of the
 * embedded PGlite, on the tests' real PostgreSQL server (skipped when the tests run on PGlite).
 * The scratch database is created and dropped; a remote host is refused; the acceptance project
 * `orders` verifies on the server with the same round trip as on PGlite.
 * @module
 */
import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { copyProject, describeRun, runTool } from "./helpers/cli.ts";
import { engineKind, freshDatabase } from "./helpers/pg_server.ts";
import { startDevServer } from "../src/dialects/postgresql/verify/dev_server.ts";
import { InputError } from "../src/errors.ts";
import { join } from "node:path";
import { ACCEPTANCE_DIR } from "./helpers/cli.ts";

const onServer = (await engineKind()) === "server";
const why = onServer ? "" : " (skipped: the tests run on PGlite, not a PostgreSQL server)";

async function scratchDatabases(q: (sql: string) => Promise<(string | null)[][]>) {
  return (await q(
    "SELECT datname FROM pg_database WHERE datname LIKE 'smartspec\\_verify\\_%' ORDER BY 1",
  )).map((r) => r[0]);
}

Deno.test({
  name: `pg dev url: a scratch database on the server, values as text, dropped on close${why}`,
  ignore: !onServer,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using db = await freshDatabase();
    const before = await scratchDatabases((s) => db.query(s));
    const engine = await startDevServer(db.url!);
    try {
      ok(/^postgresql 1\d/.test(engine.name), engine.name);
      assertEquals(engine.startedFrom, "server");
      const [created] = (await scratchDatabases((s) => db.query(s))).filter((n) =>
        !before.includes(n)
      );
      ok(created, "no scratch database was created");
      await engine.exec("CREATE SCHEMA app; CREATE TABLE app.t (a numeric(5,2), b date, c int[])");
      await engine.exec("INSERT INTO app.t VALUES (1.5, '2024-02-29', '{1,NULL}')");
      assertEquals(await engine.query("SELECT a, b, c, NULL FROM app.t"), [
        ["1.50", "2024-02-29", "{1,NULL}", null],
      ]);
      // an error leaves the session usable, with PostgreSQL's fields
      await engine.exec("BEGIN; SELECT 1/0").then(
        () => Promise.reject(new Error("no error")),
        (e) => assertEquals((e as { code?: string }).code, "22012"),
      );
      assertEquals(await engine.query("SELECT 1"), [["1"]]);
      await engine.reset();
      assertEquals(
        await engine.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'app'"),
        [["0"]],
      );
    } finally {
      await engine.close();
      await engine.close();
    }
    assertEquals(await scratchDatabases((s) => db.query(s)), before);
  },
});

Deno.test("pg dev url: only a local PostgreSQL server", async () => {
  for (const url of ["postgres://u@192.0.2.1:5432/", "mysql://root@127.0.0.1:3306/"]) {
    await startDevServer(url).then(
      () => Promise.reject(new Error(`${url} was accepted`)),
      (e) => ok(e instanceof InputError, String(e)),
    );
  }
});

Deno.test({
  name: `pg dev url: the acceptance project orders verifies on the server${why}`,
  ignore: !onServer,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using db = await freshDatabase();
    await using project = await copyProject(join(ACCEPTANCE_DIR, "orders"));
    const args = [
      "specs/data/orders/spec.md",
      "--from-schema",
      "db/schema_v1.sql",
      "--to-schema",
      "db/schema_v2.sql",
      "--json",
    ];
    const run = await runTool(project.dir, [...args, "--dev-url", db.url!]);
    if (run.code !== 0) throw new Error(describeRun(run));
    const v = JSON.parse(run.stdout).verification;
    ok(v.status === "passed", JSON.stringify(v));
    ok(/^postgresql 1\d.*127\.0\.0\.1/.test(v.engine), v.engine);
    ok(!JSON.stringify(v).includes("not used for PostgreSQL"), JSON.stringify(v.notes));
    assertEquals(await scratchDatabases((s) => db.query(s)), []);
    const bad = await runTool(project.dir, [...args, "--dev-url", "postgres://u@192.0.2.1/"]);
    ok(bad.code === 2 && /not allowed/.test(bad.stderr), describeRun(bad));
  },
});
