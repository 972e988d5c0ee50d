/**
 * The newcomer path: a fresh copy of the repository runs `deno task demo` (a preview, exit 0);
 * then a small own project goes through preview, --apply, blocked, fixed, --apply, --apply
 * again, with the baseline and the migrations folder checked at each step, reading only what a
 * user reads: the terminal and the files.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { describeRun, REPO_ROOT, runTool, type ToolRun } from "./helpers/cli.ts";

Deno.test("a fresh copy of the repository: deno task demo previews the example (exit 0)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "smartspec-clone-" });
  try {
    // the files a clone has: those git tracks, as they are in the working tree
    const ls = await new Deno.Command("git", {
      args: ["ls-files", "-z"],
      cwd: REPO_ROOT,
      stdout: "piped",
    }).output();
    const files = new TextDecoder().decode(ls.stdout).split("\0").filter(Boolean);
    assert.ok(files.includes("main.ts"), "git lists the repository's files");
    for (const f of files) {
      try {
        const data = await Deno.readFile(join(REPO_ROOT, f));
        await Deno.mkdir(dirname(join(dir, f)), { recursive: true });
        await Deno.writeFile(join(dir, f), data);
      } catch { /* deleted in the working tree */ }
    }
    await Deno.symlink(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"));
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["task", "demo"],
      cwd: dir,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const [stdout, stderr] = [out.stdout, out.stderr].map((b) => new TextDecoder().decode(b));
    assert.equal(out.code, 0, stdout + stderr);
    assert.match(stdout, /^Plan:$/m);
    assert.match(stdout, /status: ok \(exit 0\)/);
    // a preview: the next step is --apply, given as the demo's own command line
    assert.match(stdout, /^next: .*main\.ts specs\/data\/shop\/spec\.md --apply$/m);
    const written = [...Deno.readDirSync(join(dir, "examples/shop"))].map((e) => e.name).sort();
    assert.deepEqual(written, [".spec", "db", "seed.sql", "specs"], "only the run folder is new");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const SPEC = "specs/data/todo/spec.md";
const V1 = "CREATE TABLE todos (\n  id integer PRIMARY KEY,\n  title text NOT NULL\n);\n";

function nextLine(run: ToolRun): string {
  return run.stdout.split("\n").find((l) => l.startsWith("next: "))?.slice(6) ?? "";
}

function fromLine(run: ToolRun): string {
  return run.stdout.split("\n").find((l) => l.startsWith("from "))?.slice(5) ?? "";
}

function migrationFiles(dir: string): string[] {
  try {
    return [...Deno.readDirSync(join(dir, "db/migrations"))].map((e) => e.name).sort();
  } catch {
    return [];
  }
}

Deno.test("an own project: preview, --apply, guarded, fixed, --apply, --apply again", async () => {
  const dir = await Deno.makeTempDir({ prefix: "smartspec-own-" });
  const tool = (args: string[]) => runTool(dir, [SPEC, ...args]);
  const schema = (text: string) => Deno.writeTextFile(join(dir, "db/schema.sql"), text);
  try {
    await Deno.mkdir(join(dir, "specs/data/todo"), { recursive: true });
    await Deno.mkdir(join(dir, "db"));
    await Deno.writeTextFile(join(dir, SPEC), "# Todo\n\nSpec ID: todo\n");
    await schema(V1);

    // preview of the first version: from the empty schema, nothing written, next is --apply
    let run = await tool([]);
    assert.equal(run.code, 0, describeRun(run));
    assert.match(fromLine(run), /^\(empty schema\) \[empty schema: no run of this spec wrote/);
    assert.match(nextLine(run), / specs\/data\/todo\/spec\.md --apply$/);
    assert.deepEqual(migrationFiles(dir), []);

    // --apply: the table's migration and the checksum file are written
    run = await tool(["--apply"]);
    assert.equal(run.code, 0, describeRun(run));
    const first = migrationFiles(dir);
    assert.equal(first.filter((f) => f.endsWith(".up.sql")).length, 1, first.join(", "));
    assert.ok(first.includes("smartspec.sum"));
    assert.match(run.stdout, /written: db\/migrations\/\d+_todo\.up\.sql/);
    assert.match(
      nextLine(run),
      /^psql "\$DATABASE_URL" -v ON_ERROR_STOP=1 -f db\/migrations\/\d+_todo\.up\.sql$/,
    );

    // a NOT NULL column without a default: generated behind a guard that stops the migration
    // when the table has rows (issue 11: guard, do not refuse); the preview writes nothing
    await schema(
      V1.replace("title text NOT NULL", "title text NOT NULL,\n  done boolean NOT NULL"),
    );
    run = await tool([]);
    assert.equal(run.code, 0, describeRun(run));
    const applied = /to-schema\.sql of run (\S+), the last run that wrote its migration/
      .exec(fromLine(run))?.[1];
    assert.ok(applied, fromLine(run));
    assert.match(run.stdout, /no default: the migration stops if todos has rows/);
    assert.deepEqual(migrationFiles(dir), first);

    // fixed as the terminal said: a preview from the same baseline
    await schema(
      V1.replace(
        "title text NOT NULL",
        "title text NOT NULL,\n  done boolean NOT NULL DEFAULT false",
      ),
    );
    run = await tool([]);
    assert.equal(run.code, 0, describeRun(run));
    assert.ok(fromLine(run).includes(applied!), "the guarded preview is not the baseline");
    assert.match(run.stdout, /add_column\s+todos\.done/);

    // --apply writes the migration that adds the column
    run = await tool(["--apply"]);
    assert.equal(run.code, 0, describeRun(run));
    assert.ok(fromLine(run).includes(applied!), "the preview is not the baseline either");
    const second = (migrationFiles(dir)).filter((f) => !first.includes(f));
    const up = second.find((f) => f.endsWith(".up.sql"))!;
    assert.match(await Deno.readTextFile(join(dir, "db/migrations", up)), /ADD COLUMN "done"/);

    // --apply again: nothing to do, nothing written
    const before = migrationFiles(dir);
    const sum = await Deno.readTextFile(join(dir, "db/migrations/smartspec.sum"));
    run = await tool(["--apply"]);
    assert.equal(run.code, 0, describeRun(run));
    assert.match(run.stdout, /No changes: the schemas are equivalent/);
    assert.deepEqual(migrationFiles(dir), before);
    assert.equal(await Deno.readTextFile(join(dir, "db/migrations/smartspec.sum")), sum);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
