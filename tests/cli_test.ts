/**
 * The CLI end to end on scratch copies of the acceptance projects: output modes, run folders,
 * run ids, --apply, config warnings, user rules, blocked runs.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ACCEPTANCE_DIR,
  copyProject,
  describeRun,
  REPORTS_DIR,
  runTool,
  snapshotTree,
  writesOutsideReports,
} from "./helpers/cli.ts";

const UP = [
  "specs/data/user_profile/spec.md",
  "--from-schema",
  "db/schema_v1.sql",
  "--to-schema",
  "db/schema_v2.sql",
  "--no-verify",
];

Deno.test("--json prints exactly one JSON document with the SQL inline", async () => {
  await using p = await copyProject(join(ACCEPTANCE_DIR, "user_profile"));
  const run = await runTool(p.dir, [...UP, "--json", "--run-id", "j1"]);
  assert.equal(run.code, 0, describeRun(run));
  const doc = JSON.parse(run.stdout);
  assert.equal(doc.workflow, "smartspec_data_migration_generator");
  assert.equal(doc.run_id, "j1");
  assert.equal(doc.status, "ok");
  assert.equal(doc.exit_code, 0);
  assert.match(doc.sql.migration, /ALTER TABLE "users" RENAME COLUMN "username" TO "login";/);
  assert.match(doc.sql.rollback, /RENAME COLUMN "login" TO "username"/);
  assert.deepEqual(Object.keys(doc.files).sort(), [
    "from_schema",
    "migration",
    "report",
    "rollback",
    "summary",
    "to_schema",
  ]);
  for (const path of Object.values(doc.files) as string[]) {
    await Deno.stat(join(p.dir, path)); // every listed file exists
  }
  // the summary on disk is the same document without the inline SQL
  const onDisk = JSON.parse(await Deno.readTextFile(join(p.dir, doc.files.summary)));
  assert.equal(onDisk.sql, undefined);
  assert.deepEqual(onDisk.changes, doc.changes);
});

Deno.test("--quiet prints nothing but errors; --version and --help", async () => {
  await using p = await copyProject(join(ACCEPTANCE_DIR, "user_profile"));
  const quiet = await runTool(p.dir, [...UP, "--quiet"]);
  assert.equal(quiet.code, 0, describeRun(quiet));
  assert.equal(quiet.stdout, "");
  assert.equal(quiet.stderr, "");
  const version = await runTool(p.dir, ["--version"]);
  assert.match(version.stdout, /^smartspec_data_migration_generator \d+\.\d+\.\d+/);
  const help = await runTool(p.dir, ["--help"]);
  assert.equal(help.code, 0);
  for (const flag of ["--from-schema", "--apply", "--platform", "--no-verify", "--run-id"]) {
    assert.ok(help.stdout.includes(flag), flag);
  }
});

Deno.test("an existing run folder is never overwritten", async () => {
  await using p = await copyProject(join(ACCEPTANCE_DIR, "user_profile"));
  const first = await runTool(p.dir, [...UP, "--run-id", "same", "--quiet"]);
  assert.equal(first.code, 0, describeRun(first));
  const summary = join(p.dir, REPORTS_DIR, "same", "summary.json");
  const before = await Deno.readTextFile(summary);
  const again = await runTool(p.dir, [...UP, "--run-id", "same"]);
  assert.equal(again.code, 2, describeRun(again));
  assert.match(again.stderr, /exists already/);
  assert.equal(await Deno.readTextFile(summary), before);
  // without --run-id, a second run in the same second gets a new id
  const a = await runTool(p.dir, [...UP, "--json"]);
  const b = await runTool(p.dir, [...UP, "--json"]);
  const ia = JSON.parse(a.stdout).run_id, ib = JSON.parse(b.stdout).run_id;
  assert.match(ia, /^\d{8}-\d{6}Z-user_profile(-\d+)?$/);
  assert.notEqual(ia, ib);
});

Deno.test("--apply writes the migration into db/migrations after change_plan.md", async () => {
  await using p = await copyProject(join(ACCEPTANCE_DIR, "user_profile"));
  const before = await snapshotTree(p.dir);
  const run = await runTool(p.dir, [...UP, "--apply", "--json", "--run-id", "a1"]);
  assert.equal(run.code, 0, describeRun(run));
  const doc = JSON.parse(run.stdout);
  assert.equal(doc.applied, true);
  assert.ok(doc.files.change_plan, "change_plan.md is listed");
  const plan = await Deno.readTextFile(join(p.dir, doc.files.change_plan));
  const after = await snapshotTree(p.dir);
  const written = writesOutsideReports(before, after).map((w) => w.replace(/^[+~-] /, ""))
    .filter((w) => Deno.statSync(join(p.dir, w)).isFile);
  assert.ok(written.length >= 1, "something was written into the migrations folder");
  for (const w of written) {
    assert.ok(w.startsWith("db/migrations/"), w);
    assert.ok(plan.includes(w), `change_plan.md names ${w}`);
  }
  const texts = await Promise.all(written.map((w) => Deno.readTextFile(join(p.dir, w))));
  assert.ok(texts.some((t) => t.includes('RENAME COLUMN "username" TO "login"')));
  assert.ok(texts.some((t) => t.includes('RENAME COLUMN "login" TO "username"')));
});

Deno.test("a config that is not valid YAML is reported with its line; defaults are used", async () => {
  await using p = await copyProject(join(ACCEPTANCE_DIR, "user_profile"));
  await Deno.mkdir(join(p.dir, ".spec"), { recursive: true });
  await Deno.writeTextFile(
    join(p.dir, ".spec/smartspec.config.yaml"),
    "data_migration_generator:\n  lock_timeout: 3s\n  rules: [oops\n",
  );
  const run = await runTool(p.dir, [...UP, "--json"]);
  assert.equal(run.code, 0, describeRun(run));
  assert.match(run.stderr, /\.spec\/smartspec\.config\.yaml:\d+: not valid YAML/);
  assert.match(JSON.parse(run.stdout).sql.migration, /lock_timeout = '5s'/);
});

Deno.test("a valid config sets the lock timeout", async () => {
  await using p = await copyProject(join(ACCEPTANCE_DIR, "user_profile"));
  await Deno.mkdir(join(p.dir, ".spec"), { recursive: true });
  await Deno.writeTextFile(
    join(p.dir, ".spec/smartspec.config.yaml"),
    "data_migration_generator:\n  lock_timeout: 3s\n",
  );
  const run = await runTool(p.dir, [...UP, "--json"]);
  assert.match(JSON.parse(run.stdout).sql.migration, /lock_timeout = '3s'/);
});

Deno.test("user rules override built-in rules by id; a broken rule is located", async () => {
  await using p = await copyProject(join(ACCEPTANCE_DIR, "user_profile"));
  const dir = join(p.dir, "my-rules");
  await Deno.mkdir(dir);
  const builtin = await Deno.readTextFile(
    new URL("../rules/postgresql/column.add.yaml", import.meta.url),
  );
  await Deno.writeTextFile(
    join(dir, "add.yaml"),
    builtin.replace(/^message: .*$/m, 'message: "house rule: {{text:target}}"'),
  );
  const run = await runTool(p.dir, [...UP, "--rules", "my-rules", "--json"]);
  assert.equal(run.code, 0, describeRun(run));
  const doc = JSON.parse(run.stdout);
  const add = doc.changes.find((c: { kind: string }) => c.kind === "add_column");
  assert.equal(add.message, "house rule: users.status");
  assert.deepEqual(doc.inputs.rules.user, ["my-rules"]);

  await Deno.writeTextFile(
    join(dir, "add.yaml"),
    builtin.replace(/^up: \|$/m, "up: |\n  SELECT {{ident:nope}};"),
  );
  const bad = await runTool(p.dir, [...UP, "--rules", "my-rules"]);
  assert.equal(bad.code, 2, describeRun(bad));
  assert.match(bad.stderr, /my-rules\/add\.yaml:\d+: unknown placeholder \{\{ident:nope\}\}/);
});

Deno.test("a change that needs a decision stops the run (exit 1) with the intent line", async () => {
  await using p = await copyProject(join(ACCEPTANCE_DIR, "bad_inputs"));
  const run = await runTool(p.dir, [
    "specs/data/ok/spec.md",
    "--from-schema",
    "db/good_v1.sql",
    "--to-schema",
    "db/good_v2.sql",
    "--json",
  ]);
  assert.equal(run.code, 1, describeRun(run));
  const doc = JSON.parse(run.stdout);
  assert.equal(doc.status, "blocked");
  assert.ok(doc.blocked.length > 0);
  assert.match(run.stderr, /need a decision/);
  const migration = await Deno.readTextFile(join(p.dir, doc.files.migration));
  assert.match(migration, /NOT GENERATED/);
  assert.doesNotMatch(migration.replace(/^--.*$/gm, ""), /\S/, "no statement in a blocked plan");
});
