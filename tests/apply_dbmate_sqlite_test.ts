/**
 * `--apply --migration-tool dbmate` on SQLite, run by the real dbmate (npm package `dbmate`)
 * against a SQLite database file: `dbmate up` reaches the to-schema with the expected rows,
 * `dbmate rollback` restores the from-schema and every seeded row. The written migration must
 * say `transaction:false`: the file turns foreign keys off around its own transaction, which
 * a transaction of dbmate's would make a no-op (and a rebuild would then cascade to children).
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { ACCEPTANCE_DIR, copyProject, describeRun, runTool } from "./helpers/cli.ts";
import { onPath, runCommand } from "./helpers/migration_tools.ts";
import { diffQueryRows, expectedRow } from "./helpers/expect.ts";
import { diffSnapshots, SqliteTestDb } from "./helpers/sqlite_db.ts";

const ignore = !onPath("dbmate");

/** dbmate's own bookkeeping table is not part of the user's schema. */
function withoutDbmate<T>(snapshot: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(snapshot).filter(([k]) => !/\bschema_migrations\b/.test(k)),
  );
}

Deno.test({
  name: "dbmate on SQLite: notes_sqlite up and rollback with the real dbmate" +
    (ignore ? " [ignored: dbmate is not installed (npm i -g dbmate@2.36.0)]" : ""),
  ignore,
  async fn() {
    await using p = await copyProject(join(ACCEPTANCE_DIR, "notes_sqlite"));
    const expect = parseYaml(await Deno.readTextFile(join(p.dir, "expect.yaml"))) as {
      after_up: { sql: string; rows: unknown[][] }[];
    };
    const run = await runTool(p.dir, [
      "specs/data/notes/spec.md",
      "--apply",
      "--migration-tool",
      "dbmate",
      "--no-verify",
      "--json",
      "--run-id",
      "dbmate-sqlite",
    ]);
    assert.equal(run.code, 0, describeRun(run));
    const written: string[] = JSON.parse(run.stdout).writes.migrations;
    assert.equal(written.length, 1, `one migration file: ${written.join(", ")}`);
    const text = await Deno.readTextFile(join(p.dir, written[0]));
    assert.match(text, /^-- migrate:up transaction:false$/m);
    assert.match(text, /^-- migrate:down transaction:false$/m);

    await using db = await SqliteTestDb.create();
    db.exec(await Deno.readTextFile(join(p.dir, "db/schema_v1.sql")));
    db.exec(await Deno.readTextFile(join(p.dir, "seed.sql")));
    const seeded = db.rows();
    const fromCatalog = db.catalog();
    const dbmate = (...args: string[]) =>
      runCommand("dbmate", [
        "--url",
        `sqlite:${db.path}`,
        "--migrations-dir",
        "db/migrations",
        "--no-dump-schema",
        ...args,
      ], { cwd: p.dir });

    await dbmate("up");
    await using fresh = await SqliteTestDb.create();
    fresh.exec(await Deno.readTextFile(join(p.dir, "db/schema_v2.sql")));
    assert.deepEqual(diffSnapshots(fresh.catalog(), withoutDbmate(db.catalog())), []);
    for (const q of expect.after_up) {
      assert.equal(diffQueryRows(q.rows.map(expectedRow), db.query(q.sql)), undefined, q.sql);
    }

    await dbmate("rollback");
    assert.deepEqual(diffSnapshots(fromCatalog, withoutDbmate(db.catalog())), []);
    assert.deepEqual(diffSnapshots(seeded, withoutDbmate(db.rows())), []);
  },
});
