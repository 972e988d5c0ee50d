/**
 * The acceptance projects with verification ON (the acceptance suite itself passes
 * `--no-verify`): every PostgreSQL project exits as its expect.yaml says, and summary.json
 * reports verification `passed` (guards that fire on generated rows are listed as working, not
 * as failures); report.md has the Verification section. The tool runs with the permissions the
 * CLI documents (read, write, env: no net, no run), so this also shows that verification needs
 * nothing more. Timings and memory are printed for the record.
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ACCEPTANCE_DIR, copyProject, describeRun, readRunFile, REPO_ROOT } from "./helpers/cli.ts";
import type { ToolRun } from "./helpers/cli.ts";
import { loadProjects } from "./helpers/expect.ts";
import type { VerificationResult } from "../src/dialects/postgresql/verify/verify.ts";

/** The CLI as users run it: only --allow-read --allow-write --allow-env (or SMARTSPEC_TOOL). */
async function runRestricted(cwd: string, args: string[]): Promise<ToolRun> {
  const tool = Deno.env.get("SMARTSPEC_TOOL");
  const [command, ...prefix] = tool ? [tool] : [
    Deno.execPath(),
    "run",
    "--allow-read",
    "--allow-write",
    "--allow-env",
    "--config",
    join(REPO_ROOT, "deno.json"),
    join(REPO_ROOT, "main.ts"),
  ];
  const out = await new Deno.Command(command, {
    args: [...prefix, ...args],
    cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { args, code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

const projects = (await loadProjects(ACCEPTANCE_DIR)).filter((p) =>
  p.expect.dialect === "postgresql"
);

for (const p of projects) {
  Deno.test(`verify acceptance: ${p.name} with verification on`, async () => {
    await using project = await copyProject(p.dir);
    const runId = `verify-${p.name}`;
    const run = await runRestricted(project.dir, [...p.expect.args, "--run-id", runId]);
    assert.equal(run.code, p.expect.exit, describeRun(run));
    const summary = JSON.parse(await readRunFile(project.dir, runId, "summary.json"));
    const v = summary.verification as VerificationResult;
    const shown = JSON.stringify(v, null, 2);
    const report = await readRunFile(project.dir, runId, "report.md");
    assert.match(report, /## Verification/);
    if (p.expect.migration_has_no_statements) {
      assert.equal(v.status, "skipped", shown);
      assert.match(v.reason ?? "", /nothing to verify/);
      return;
    }
    assert.equal(v.status, "passed", shown);
    assert.equal(summary.status, "ok");
    assert.ok((v.rows_generated ?? 0) > 0, shown);
    assert.ok(v.compared?.length, shown);
    for (const c of v.compared ?? []) assert.match(c, /: (equal|ok)\b/, shown);
    for (const g of v.guards_fired ?? []) {
      assert.equal(g.rows, "generated", `a guard fired on the fitted rows:\n${shown}`);
      assert.match(g.message, /^smartspec guard: /);
      assert.match(report, /guard/i);
    }
    assert.match(report, /passed/);
    console.log(
      `  ${p.name}: verification ${v.status} in ${v.duration_ms} ms, ${v.rows_generated} rows, ` +
        `${v.memory_mb} MB resident` +
        (v.guards_fired?.length ? `, guard fired: ${v.guards_fired[0].change}` : ""),
    );
  });
}
