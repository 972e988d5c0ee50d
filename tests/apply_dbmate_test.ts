/**
 * `--apply --migration-tool dbmate`, run by the real dbmate (npm package `dbmate`) against the
 * test PostgreSQL: `dbmate up` reaches the to-schema, `dbmate rollback` (once per migration
 * written) restores the from-schema and the seeded data. Then detection: a project with dbmate
 * files gets dbmate files again, numbered after the existing ones.
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { defineApplyRoundTrips } from "./helpers/apply_roundtrip.ts";
import { ACCEPTANCE_DIR, copyProject, describeRun, runTool } from "./helpers/cli.ts";
import { missingForRealTool, runCommand } from "./helpers/migration_tools.ts";
import type { TestDb } from "./helpers/pg_server.ts";

const ignore = missingForRealTool("dbmate", "npm i -g dbmate@2.36.0");

function dbmate(dir: string, db: TestDb, written: string[], ...args: string[]) {
  const migrationsDir = written[0].slice(0, written[0].lastIndexOf("/"));
  return runCommand("dbmate", [
    "--url",
    db.url!,
    "--migrations-dir",
    migrationsDir,
    "--no-dump-schema",
    ...args,
  ], { cwd: dir });
}

await defineApplyRoundTrips("dbmate", {
  up: async (dir, db, written) => {
    await dbmate(dir, db, written, "up");
  },
  down: async (dir, db, written) => {
    for (const _ of written) await dbmate(dir, db, written, "rollback");
  },
}, ignore);

Deno.test("dbmate is detected from db/migrations and numbered after the existing files", async () => {
  await using p = await copyProject(join(ACCEPTANCE_DIR, "user_profile"));
  const args = [
    "specs/data/user_profile/spec.md",
    "--from-schema",
    "db/schema_v1.sql",
    "--to-schema",
    "db/schema_v2.sql",
    "--no-verify",
    "--apply",
    "--json",
  ];
  await Deno.mkdir(join(p.dir, "db/migrations"), { recursive: true });
  await Deno.writeTextFile(
    join(p.dir, "db/migrations/29990101000000_later.sql"),
    "-- migrate:up\nSELECT 1;\n\n-- migrate:down\nSELECT 1;\n",
  );
  const run = await runTool(p.dir, [...args, "--run-id", "20240131-120000Z-a"]);
  assert.equal(run.code, 0, describeRun(run));
  const doc = JSON.parse(run.stdout);
  assert.deepEqual(doc.writes.migrations, ["db/migrations/29990101000001_user_profile.sql"]);
  const text = await Deno.readTextFile(join(p.dir, doc.writes.migrations[0]));
  assert.match(text, /^-- migrate:up$/m);
  assert.match(text, /^-- migrate:down$/m);
  assert.doesNotMatch(text, /^(BEGIN|COMMIT);$/m, "dbmate adds the transaction itself");
  const plan = await Deno.readTextFile(join(p.dir, doc.files.change_plan));
  assert.match(plan, /dbmate \(detected: db\/migrations\/29990101000000_later\.sql/);
});
