/**
 * Runs of one spec at the same time: each default run gets its own run id and a complete run
 * folder; of runs given the same `--run-id`, exactly one writes it and the others exit 2.
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  copyProject,
  describeRun,
  REPO_ROOT,
  REPORTS_DIR,
  runTool,
  toolCommand,
} from "./helpers/cli.ts";

const PROJECT = join(REPO_ROOT, "tests", "hostile", "project");
const ARGS = ["specs/data/ok/spec.md", "--no-verify", "--json"];

Deno.test("concurrency: runs of one spec at once get distinct run ids", async () => {
  await using p = await copyProject(PROJECT);
  const runs = await Promise.all([1, 2, 3, 4].map(() => runTool(p.dir, ARGS)));
  for (const r of runs) assert.equal(r.code, 0, describeRun(r));
  const ids = runs.map((r) => JSON.parse(r.stdout).run_id as string);
  assert.equal(new Set(ids).size, ids.length, ids.join(", "));
  for (const id of ids) {
    const summary = JSON.parse(
      await Deno.readTextFile(join(p.dir, REPORTS_DIR, id, "summary.json")),
    );
    assert.equal(summary.run_id, id);
  }
  const left = [...Deno.readDirSync(join(p.dir, REPORTS_DIR))].map((e) => e.name).sort();
  assert.deepEqual(left, [...ids].sort(), "only the run folders, no temporary ones");
});

Deno.test("concurrency: the same --run-id at once: one run writes it, the others exit 2", async () => {
  await using p = await copyProject(PROJECT);
  const runs = await Promise.all(
    [1, 2, 3].map(() => runTool(p.dir, [...ARGS, "--run-id", "same"])),
  );
  const codes = runs.map((r) => r.code).sort();
  assert.deepEqual(codes, [0, 2, 2], runs.map(describeRun).join("\n"));
  for (const r of runs) assert.doesNotMatch(r.stderr, /internal error/, describeRun(r));
  const left = [...Deno.readDirSync(join(p.dir, REPORTS_DIR))].map((e) => e.name);
  assert.deepEqual(left, ["same"]);
});

Deno.test("concurrency: the next run removes what a killed run left (no minute to wait)", async () => {
  await using p = await copyProject(PROJECT);
  const [command, ...prefix] = toolCommand();
  const child = new Deno.Command(command, {
    args: [...prefix, "specs/data/ok/spec.md", "--run-id", "killed"],
    cwd: p.dir,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const reports = join(p.dir, REPORTS_DIR);
  const lock = join(reports, ".tmp-killed");
  // wait until the run holds its run id, then kill it without a chance to clean up
  for (let i = 0; i < 600; i++) {
    if (await Deno.stat(join(lock, ".lock")).then(() => true, () => false)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGKILL");
  await child.status;
  // a lock younger than two seconds may still be on its way to being locked: wait that out
  await new Promise((r) => setTimeout(r, 2_100));
  const leftover = await Deno.stat(lock).then(() => true, () => false);
  const again = await runTool(p.dir, [...ARGS, "--run-id", "killed"]);
  assert.equal(again.code, 0, describeRun(again));
  const left = [...Deno.readDirSync(reports)].map((e) => e.name);
  assert.deepEqual(left, ["killed"], `leftover before: ${leftover}`);
});
