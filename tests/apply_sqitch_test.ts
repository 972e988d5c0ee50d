/**
 * `--apply --migration-tool sqitch`, run by the real Sqitch (Debian packages `sqitch` and
 * `libdbd-pg-perl`) against the test PostgreSQL: `sqitch deploy` reaches the to-schema,
 * `sqitch revert` restores the from-schema and the seeded data. Then an existing plan: the
 * change is appended to it with the plan's planner.
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { defineApplyRoundTrips } from "./helpers/apply_roundtrip.ts";
import { ACCEPTANCE_DIR, copyProject, describeRun, runTool } from "./helpers/cli.ts";
import { missingForRealTool, runCommand } from "./helpers/migration_tools.ts";
import type { TestDb } from "./helpers/pg_server.ts";

const ignore = missingForRealTool("sqitch", "apt-get install sqitch libdbd-pg-perl");

function sqitch(dir: string, db: TestDb, written: string[], ...args: string[]) {
  const plan = written.find((w) => w.endsWith("sqitch.plan"))!;
  const top = plan.includes("/") ? plan.slice(0, plan.lastIndexOf("/")) : ".";
  const target = db.url!.replace(/^postgres:/, "db:pg:").replace(/\?.*$/, "");
  return runCommand("sqitch", [...args.slice(0, 1), target, ...args.slice(1)], {
    cwd: join(dir, top),
    env: { SQITCH_FULLNAME: "Test", SQITCH_EMAIL: "test@example.invalid" },
  });
}

await defineApplyRoundTrips("sqitch", {
  up: async (dir, db, written) => {
    await sqitch(dir, db, written, "deploy", "--verify");
  },
  down: async (dir, db, written) => {
    await sqitch(dir, db, written, "revert", "-y");
  },
}, ignore);

Deno.test("sqitch: an existing plan is detected and gets the change appended", async () => {
  await using p = await copyProject(join(ACCEPTANCE_DIR, "user_profile"));
  const plan = "%syntax-version=1.0.0\n%project=shop\n\n" +
    "init 2024-01-01T00:00:00Z Ann Admin <ann@example.com> # first\n";
  await Deno.writeTextFile(join(p.dir, "sqitch.plan"), plan);
  const run = await runTool(p.dir, [
    "specs/data/user_profile/spec.md",
    "--from-schema",
    "db/schema_v1.sql",
    "--to-schema",
    "db/schema_v2.sql",
    "--no-verify",
    "--apply",
    "--json",
    "--run-id",
    "20240131-120000Z-b",
  ]);
  assert.equal(run.code, 0, describeRun(run));
  const doc = JSON.parse(run.stdout);
  const name = "user_profile_20240131120000";
  assert.deepEqual(doc.writes.migrations, [
    `deploy/${name}.sql`,
    `revert/${name}.sql`,
    `verify/${name}.sql`,
    "sqitch.plan",
  ]);
  const after = await Deno.readTextFile(join(p.dir, "sqitch.plan"));
  assert.ok(after.startsWith(plan), "the plan's existing lines stay as they were");
  assert.match(
    after.slice(plan.length),
    new RegExp(
      `^${name} \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ Ann Admin <ann@example.com> # `,
    ),
  );
  assert.equal(
    await Deno.readTextFile(join(p.dir, `deploy/${name}.sql`)),
    await Deno.readTextFile(join(p.dir, doc.files.migration)),
  );
});
