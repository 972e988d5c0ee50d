import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ACCEPTANCE_DIR,
  copyProject,
  diffTree,
  runFolders,
  runTool,
  snapshotTree,
  stackTraceLine,
  toolCommand,
  writesOutsideReports,
} from "./cli.ts";

Deno.test("cli: a project copy is writable and removed on dispose", async () => {
  let dir: string;
  {
    await using project = await copyProject(join(ACCEPTANCE_DIR, "orders"));
    dir = project.dir;
    assert.equal(
      await Deno.readTextFile(join(dir, "db/schema_v1.sql")),
      await Deno.readTextFile(join(ACCEPTANCE_DIR, "orders/db/schema_v1.sql")),
    );
    await Deno.mkdir(join(dir, "db/new"));
    await Deno.writeTextFile(join(dir, "db/schema_v1.sql"), "changed");
  }
  await assert.rejects(Deno.stat(dir), Deno.errors.NotFound);
});

Deno.test("cli: tree snapshots tell what was written where", async () => {
  await using project = await copyProject(join(ACCEPTANCE_DIR, "no_changes"));
  const dir = project.dir;
  const before = await snapshotTree(dir);
  assert.equal(before.get("db"), "dir");
  await Deno.mkdir(join(dir, ".spec/reports/data-migration-generator/run-1"), { recursive: true });
  await Deno.writeTextFile(join(dir, ".spec/reports/data-migration-generator/run-1/x.sql"), "x");
  await Deno.writeTextFile(join(dir, "db/schema_v1.sql"), "changed");
  await Deno.remove(join(dir, "db/schema_v2.sql"));
  await Deno.mkdir(join(dir, "migrations"));
  await Deno.writeTextFile(join(dir, "migrations/1_up.sql"), "up");
  const after = await snapshotTree(dir);
  assert.deepEqual(diffTree(before, after), [
    "+ .spec",
    "+ .spec/reports",
    "+ .spec/reports/data-migration-generator",
    "+ .spec/reports/data-migration-generator/run-1",
    "+ .spec/reports/data-migration-generator/run-1/x.sql",
    "~ db/schema_v1.sql",
    "- db/schema_v2.sql",
    "+ migrations",
    "+ migrations/1_up.sql",
  ]);
  assert.deepEqual(writesOutsideReports(before, after), [
    "~ db/schema_v1.sql",
    "- db/schema_v2.sql",
    "+ migrations",
    "+ migrations/1_up.sql",
  ]);
  assert.deepEqual(runFolders(after), [".spec/reports/data-migration-generator/run-1"]);
});

Deno.test("cli: stack traces and uncaught errors are recognised", () => {
  assert.equal(stackTraceLine("error: db/x.sql:3: syntax error\n"), undefined);
  assert.equal(
    stackTraceLine("Error: boom\n    at parse (file:///src/parse.ts:10:5)\n"),
    "    at parse (file:///src/parse.ts:10:5)",
  );
  assert.equal(
    stackTraceLine("error: Uncaught (in promise) Error: x"),
    "error: Uncaught (in promise) Error: x",
  );
});

Deno.test("cli: runTool runs the configured tool from the project folder", async () => {
  const script = await Deno.makeTempFile({ suffix: ".sh" });
  try {
    await Deno.writeTextFile(
      script,
      '#!/bin/sh\necho "cwd=$(pwd) args=$*"\necho "to stderr" >&2\n' +
        "test -t 0 && echo tty >&2\nexit 3\n",
    );
    await Deno.chmod(script, 0o755);
    Deno.env.set("SMARTSPEC_TOOL", script);
    assert.deepEqual(toolCommand(), [script]);
    await using project = await copyProject(join(ACCEPTANCE_DIR, "no_changes"));
    const run = await runTool(project.dir, ["specs/x.md", "--json"]);
    assert.equal(run.code, 3);
    assert.equal(run.stdout, `cwd=${project.dir} args=specs/x.md --json\n`);
    assert.equal(run.stderr, "to stderr\n");
  } finally {
    Deno.env.delete("SMARTSPEC_TOOL");
    await Deno.remove(script);
  }
  assert.equal(toolCommand()[1], "run");
});
