/**
 * The everyday workflows of a project with a single `db/schema.sql`: only a run that wrote its
 * migration moves the baseline, so a preview or a blocked run never loses a change.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describeRun, runTool, type ToolRun } from "./helpers/cli.ts";

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

    // 1. a NOT NULL column without a default: blocked, the baseline stays run 0
    await Deno.writeTextFile(
      join(dir, "db/schema.sql"),
      USERS.replace("name text", "name text,\n  email text NOT NULL"),
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
