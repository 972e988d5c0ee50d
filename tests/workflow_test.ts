/**
 * The everyday workflows of a project with a single `db/schema.sql`: only a run that wrote its
 * migration moves the baseline, so a preview or a blocked run never loses a change.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ACCEPTANCE_DIR, copyProject, describeRun, runTool, type ToolRun } from "./helpers/cli.ts";

const SPEC = "specs/data/app/spec.md";

/** A new project: a spec without intents and db/schema.sql. */
export async function newProject(schema: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "smartspec-workflow-" });
  await Deno.mkdir(join(dir, "specs/data/app"), { recursive: true });
  await Deno.mkdir(join(dir, "db"), { recursive: true });
  await Deno.writeTextFile(join(dir, SPEC), "# App\n\nSpec ID: app\n");
  await Deno.writeTextFile(join(dir, "db/schema.sql"), schema);
  return dir;
}

/** The files of the migrations folder, sorted. */
export async function migrations(dir: string): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(join(dir, "db/migrations"))) out.push(e.name);
  } catch { /* none yet */ }
  return out.sort();
}

const USERS = "CREATE TABLE users (\n  id integer PRIMARY KEY,\n  name text\n);\n";

// deno-lint-ignore no-explicit-any
type Doc = any;

async function step(dir: string, id: string, extra: string[]): Promise<[ToolRun, Doc]> {
  const run = await runTool(dir, [SPEC, "--run-id", id, "--json", "--no-verify", ...extra]);
  return [run, JSON.parse(run.stdout)];
}

Deno.test("preview, blocked, fixed, --apply, --apply again: the baseline moves only on --apply", async () => {
  const dir = await newProject(USERS);
  try {
    // 0. the first --apply starts from the empty schema and creates the table
    let [run, doc] = await step(dir, "20260101-000000Z-app", ["--apply"]);
    assert.equal(run.code, 0, describeRun(run));
    assert.equal(doc.inputs.from_schema.path, "(empty schema)");
    assert.equal(doc.applied, true);
    const first = await migrations(dir);
    assert.ok(first.some((f) => f.endsWith(".up.sql")), first.join(", "));

    // 1. a probable rename nobody confirmed: blocked, the baseline stays run 0
    await Deno.writeTextFile(
      join(dir, "db/schema.sql"),
      USERS.replace("name text", "username text"),
    );
    [run, doc] = await step(dir, "20260101-000001Z-app", []);
    assert.equal(run.code, 1, describeRun(run));
    assert.equal(doc.status, "blocked");
    assert.equal(doc.inputs.from_schema.baseline_run, "20260101-000000Z-app");

    // 2. fixed with a default: a preview, still from run 0, plans the column
    await Deno.writeTextFile(
      join(dir, "db/schema.sql"),
      USERS.replace("name text", "name text,\n  email text NOT NULL DEFAULT ''"),
    );
    [run, doc] = await step(dir, "20260101-000002Z-app", []);
    assert.equal(run.code, 0, describeRun(run));
    assert.equal(doc.inputs.from_schema.baseline_run, "20260101-000000Z-app");
    assert.deepEqual(doc.changes.map((c: { kind: string }) => c.kind), ["add_column"]);
    assert.deepEqual(await migrations(dir), first, "a preview writes no migration");
    const report = await Deno.readTextFile(join(dir, doc.files.report));
    assert.match(report, /run 20260101-000000Z-app, the last run that wrote its migration/);

    // 3. --apply after the preview writes the migration that adds the column
    [run, doc] = await step(dir, "20260101-000003Z-app", ["--apply"]);
    assert.equal(run.code, 0, describeRun(run));
    assert.equal(doc.inputs.from_schema.baseline_run, "20260101-000000Z-app");
    const now = await migrations(dir);
    const added = now.filter((f) => !first.includes(f) && f.endsWith(".up.sql"));
    assert.equal(added.length, 1, now.join(", "));
    const up = await Deno.readTextFile(join(dir, "db/migrations", added[0]));
    assert.match(up, /ADD COLUMN "email" text DEFAULT '' NOT NULL|ADD COLUMN "email"/);

    // 4. --apply again: nothing to do, nothing written; the baseline is run 3
    [run, doc] = await step(dir, "20260101-000004Z-app", ["--apply"]);
    assert.equal(run.code, 0, describeRun(run));
    assert.equal(doc.status, "no_changes");
    assert.equal(doc.inputs.from_schema.baseline_run, "20260101-000003Z-app");
    assert.deepEqual(
      (await migrations(dir)).filter((f) => f.endsWith(".sql")),
      now.filter((f) => f.endsWith(".sql")),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a second --apply of the same change writes nothing; a hand-edited or out-of-order migration is reported", async () => {
  await using p = await copyProject(join(ACCEPTANCE_DIR, "user_profile"));
  const UP = [
    "specs/data/user_profile/spec.md",
    "--from-schema",
    "db/schema_v1.sql",
    "--to-schema",
    "db/schema_v2.sql",
    "--no-verify",
    "--json",
  ];
  const first = await runTool(p.dir, [...UP, "--apply", "--run-id", "first"]);
  assert.equal(first.code, 0, describeRun(first));
  const written = await migrations(p.dir);
  assert.ok(written.includes("smartspec.sum"), written.join(", "));
  const sum = await Deno.readTextFile(join(p.dir, "db/migrations/smartspec.sum"));
  for (const f of written.filter((f) => f.endsWith(".sql"))) assert.ok(sum.includes(f), f);

  // the same change again: already there, exit 0, nothing written
  const again = await runTool(p.dir, [...UP, "--apply", "--run-id", "again"]);
  assert.equal(again.code, 0, describeRun(again));
  const doc = JSON.parse(again.stdout);
  assert.equal(doc.applied, false);
  assert.equal(doc.writes.already_written_by, "first");
  assert.deepEqual(doc.writes.migrations, []);
  assert.deepEqual(await migrations(p.dir), written);
  const human = await runTool(p.dir, UP.filter((a) => a !== "--json").concat("--apply"));
  assert.equal(human.code, 0, describeRun(human));
  assert.match(human.stdout, /already there: run first wrote this migration/);

  // a hand edit: a preview warns (exit 0), --apply refuses (exit 1) and writes nothing
  const up = written.find((f) => f.endsWith(".up.sql"))!;
  await Deno.writeTextFile(join(p.dir, "db/migrations", up), "-- edited\n", { append: true });
  const preview = await runTool(p.dir, UP);
  assert.equal(preview.code, 0, describeRun(preview));
  assert.match(preview.stderr, new RegExp(`db/migrations/${up} was edited after it was written`));
  const refused = await runTool(p.dir, [...UP, "--apply"]);
  assert.equal(refused.code, 1, describeRun(refused));
  assert.equal(JSON.parse(refused.stdout).status, "refused");
  assert.match(refused.stderr, /delete db\/migrations\/smartspec\.sum/);
  assert.deepEqual(await migrations(p.dir), written);

  // an out-of-order file (a version before the newest recorded one) is reported too
  await Deno.writeTextFile(
    join(p.dir, "db/migrations", up),
    (await Deno.readTextFile(join(p.dir, "db/migrations", up))).replace("-- edited\n", ""),
  );
  await Deno.writeTextFile(join(p.dir, "db/migrations/00000000000001_early.up.sql"), "SELECT 1;\n");
  const order = await runTool(p.dir, [...UP, "--apply"]);
  assert.equal(order.code, 1, describeRun(order));
  assert.match(order.stderr, /00000000000001_early\.up\.sql is out of order/);
});

Deno.test("errors say what to do: a flag typo, MySQL fed to the PostgreSQL parser, a loose yaml block", async () => {
  const dir = await newProject(USERS);
  try {
    const typo = await runTool(dir, [SPEC, "--aply"]);
    assert.equal(typo.code, 2, describeRun(typo));
    assert.match(typo.stderr, /unknown flag --aply: did you mean --apply\?/);

    await Deno.writeTextFile(
      join(dir, "db/schema.sql"),
      "CREATE TABLE `users` (\n  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY\n) ENGINE=InnoDB;\n",
    );
    const mysql = await runTool(dir, [SPEC, "--no-verify"]);
    assert.equal(mysql.code, 2, describeRun(mysql));
    assert.match(mysql.stderr, /db\/schema\.sql:1:\d+: .*looks like MySQL.*--dialect mysql/);

    await Deno.writeTextFile(join(dir, "db/schema.sql"), USERS);
    await Deno.writeTextFile(
      join(dir, SPEC),
      "# App\n\nSpec ID: app\n\n```yaml\nintents:\n  - rename: users.a -> users.b\n```\n",
    );
    const loose = await runTool(dir, [SPEC, "--no-verify"]);
    assert.equal(loose.code, 0, describeRun(loose));
    assert.match(loose.stderr, /specs\/data\/app\/spec\.md:5: the ```yaml block looks like/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the terminal shows the plan, the fix of a blocked change and the summary last; --sql adds the SQL", async () => {
  const dir = await newProject(USERS);
  try {
    const first = await runTool(dir, [SPEC, "--apply", "--no-verify"]);
    assert.equal(first.code, 0, describeRun(first));
    // a probable rename nobody confirmed needs a decision
    await Deno.writeTextFile(
      join(dir, "db/schema.sql"),
      USERS.replace("name text", "username text"),
    );
    const blocked = await runTool(dir, [SPEC, "--no-verify"]);
    assert.equal(blocked.code, 1, describeRun(blocked));
    const out = blocked.stdout.trimEnd().split("\n");
    // the fix: the intent line that decides it, on the terminal
    assert.match(blocked.stdout, /Needs a decision \(1\):/);
    assert.match(blocked.stdout, /- rename: users\.name -> users\.username/);
    // the summary comes last, then the next command (not --apply: the run is blocked)
    const summaryAt = out.indexOf("Summary:");
    assert.ok(summaryAt > out.findIndex((l) => l.startsWith("Needs a decision")), blocked.stdout);
    assert.match(
      out.slice(summaryAt).join("\n"),
      /1 need a decision[\s\S]*status: blocked \(exit 1\)/,
    );
    const next = out.find((l) => l.startsWith("next: "))!;
    assert.ok(out.indexOf(next) > summaryAt);
    assert.match(
      next,
      /^next: deno run --allow-read --allow-write --allow-env --config \S+deno\.json \S+main\.ts specs\/data\/app\/spec\.md --no-verify$/,
    );
    assert.doesNotMatch(blocked.stdout, /BEGIN;/, "no SQL without --sql");

    // report.md: what needs a decision, then risks, then the change table; Next follows the state
    const runs = [...Deno.readDirSync(join(dir, ".spec/reports/data-migration-generator"))]
      .map((e) => e.name).sort();
    const report = await Deno.readTextFile(
      join(dir, ".spec/reports/data-migration-generator", runs[runs.length - 1], "report.md"),
    );
    const at = (h: string) => report.indexOf(`## ${h}`);
    assert.ok(at("Needs a decision") > 0 && at("Needs a decision") < at("Risks"), report);
    assert.ok(at("Risks") < at("Changes") && at("Changes") < at("Next"), report);
    assert.match(report, /- rename: users\.name -> users\.username/);
    assert.match(
      report,
      /\/smartspec_data_migration_generator\.md specs\/data\/app\/spec\.md --no-verify --platform kilo/,
    );

    // fixed: a preview whose next command is --apply; --sql prints the SQL before the summary
    await Deno.writeTextFile(
      join(dir, "db/schema.sql"),
      USERS.replace("name text", "name text,\n  email text NOT NULL DEFAULT ''"),
    );
    const preview = await runTool(dir, [SPEC, "--no-verify", "--sql"]);
    assert.equal(preview.code, 0, describeRun(preview));
    const lines = preview.stdout.trimEnd().split("\n");
    assert.ok(lines.indexOf("migration.sql:") < lines.indexOf("Summary:"), preview.stdout);
    assert.match(preview.stdout, /ALTER TABLE "users" ADD COLUMN "email"/);
    assert.match(lines.find((l) => l.startsWith("next: "))!, / --no-verify --sql --apply$/);
    // under Kilo Code the next line is the Kilo command
    const kilo = await runTool(dir, [SPEC, "--no-verify", "--platform", "kilo"]);
    assert.equal(kilo.code, 0, describeRun(kilo));
    assert.match(
      kilo.stdout,
      /^next: \/smartspec_data_migration_generator\.md specs\/data\/app\/spec\.md --no-verify --apply --platform kilo$/m,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("progress on stderr: a line per phase with counts; stdout stays one JSON document; nothing with --quiet", async () => {
  await using p = await copyProject(join(ACCEPTANCE_DIR, "user_profile"));
  const args = [
    "specs/data/user_profile/spec.md",
    "--from-schema",
    "db/schema_v1.sql",
    "--to-schema",
    "db/schema_v2.sql",
  ];
  const run = await runTool(p.dir, [...args, "--json"]);
  assert.equal(run.code, 0, describeRun(run));
  JSON.parse(run.stdout); // one document
  const lines = run.stderr.split("\n").filter((l) => l.startsWith("progress: "));
  const phases = lines.map((l) => l.split(":")[1].trim());
  assert.deepEqual([...new Set(phases)], ["parse", "diff", "classify", "render", "verify"]);
  assert.match(run.stderr, /progress: parse: 2 -> 2 tables \(\d+ ms\)/);
  assert.match(run.stderr, /progress: diff: 11 change\(s\)/);
  assert.match(
    run.stderr,
    /progress: verify: passed: \d+ rows generated in \d+ tables, \d+ steps run/,
  );
  const quiet = await runTool(p.dir, [...args, "--quiet"]);
  assert.equal(quiet.code, 0, describeRun(quiet));
  assert.equal(quiet.stderr, "");
});

Deno.test("accept_loss with a reason lets verification accept a deliberate '' -> NULL cleanup", async () => {
  const dir = await newProject("");
  try {
    await Deno.writeTextFile(
      join(dir, "db/v1.sql"),
      "CREATE TABLE users (id integer PRIMARY KEY, nick text);\n",
    );
    await Deno.writeTextFile(
      join(dir, "db/v2.sql"),
      "CREATE TABLE users (id integer PRIMARY KEY, nick text CHECK (nick <> ''));\n",
    );
    const spec = (extra: string) =>
      Deno.writeTextFile(
        join(dir, SPEC),
        "# App\n\n```yaml migration\nfrom_schema: db/v1.sql\nto_schema: db/v2.sql\nintents:\n" +
          "  - transform: users.nick -> users.nick\n    up: \"NULLIF(nick, '')\"\n" +
          "    down: \"coalesce(nick, '')\"\n" + extra + "```\n",
      );
    await spec("");
    const lossy = await runTool(dir, [SPEC, "--json"]);
    assert.equal(lossy.code, 1, describeRun(lossy));
    assert.equal(JSON.parse(lossy.stdout).verification.status, "failed");

    await spec("  - accept_loss: users.nick\n    reason: empty nicknames become NULL\n");
    const accepted = await runTool(dir, [SPEC, "--json"]);
    assert.equal(accepted.code, 0, describeRun(accepted));
    const doc = JSON.parse(accepted.stdout);
    assert.equal(doc.verification.status, "passed");
    assert.ok(
      doc.verification.compared.some((c: string) =>
        c.startsWith("rows after rollback.sql") &&
        c.includes("not compared: users.nick, accept_loss: empty nicknames become NULL")
      ),
      doc.verification.compared.join("\n"),
    );

    await spec("  - accept_loss: users.nickname\n    reason: typo\n");
    const bad = await runTool(dir, [SPEC, "--no-verify"]);
    assert.equal(bad.code, 2, describeRun(bad));
    assert.match(bad.stderr, /specs\/data\/app\/spec\.md:\d+: accept_loss names users\.nickname/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
