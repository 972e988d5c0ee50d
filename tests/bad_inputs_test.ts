/**
 * Invalid invocations and inputs (`tests/acceptance/bad_inputs/cases.yaml`): each case runs the
 * tool from a scratch copy of that folder and must exit with the given code, print every
 * `stderr_has` fragment (case-insensitively), print no stack trace, write nothing outside
 * `.spec/reports/`, and for exit 2 write no run folder at all.
 * @module
 */
import { join } from "node:path";
import {
  ACCEPTANCE_DIR,
  copyProject,
  describeRun,
  REPORTS_DIR,
  runFolders,
  runTool,
  snapshotTree,
  stackTraceLine,
  writesOutsideReports,
} from "./helpers/cli.ts";
import { CheckFailed, loadBadInputCases } from "./helpers/expect.ts";

const BAD_INPUTS = join(ACCEPTANCE_DIR, "bad_inputs");

for (const c of await loadBadInputCases(join(BAD_INPUTS, "cases.yaml"))) {
  Deno.test(`bad input: ${c.name} (exit ${c.exit})`, async () => {
    await using project = await copyProject(BAD_INPUTS);
    const before = await snapshotTree(project.dir);
    const run = await runTool(project.dir, c.args);
    const after = await snapshotTree(project.dir);

    const problems: string[] = [];
    if (run.code !== c.exit) problems.push(`exit ${run.code}, expected ${c.exit}`);
    const stderr = run.stderr.toLowerCase();
    for (const fragment of c.stderr_has ?? []) {
      if (!stderr.includes(fragment.toLowerCase())) {
        problems.push(`stderr does not mention ${JSON.stringify(fragment)}`);
      }
    }
    for (const [stream, text] of [["stderr", run.stderr], ["stdout", run.stdout]]) {
      const line = stackTraceLine(text);
      if (line !== undefined) problems.push(`${stream} shows a stack trace: ${line.trim()}`);
    }
    const outside = writesOutsideReports(before, after);
    if (outside.length) problems.push(`wrote outside .spec/reports/: ${outside.join(", ")}`);
    if (c.exit === 2) {
      const folders = runFolders(after);
      if (folders.length) {
        problems.push(`exit 2 must write no run folder, found: ${folders.join(", ")}`);
      }
      const files = [...after.entries()]
        .filter(([path, kind]) => kind !== "dir" && !before.has(path))
        .map(([path]) => path);
      if (files.length) problems.push(`exit 2 must write nothing, wrote: ${files.join(", ")}`);
    }
    if (problems.length) {
      throw new CheckFailed(
        `the run did not behave as cases.yaml says:\n` +
          `${problems.map((p) => `  - ${p}`).join("\n")}\n${describeRun(run)}\n` +
          `  (run folders live in ${REPORTS_DIR}/)`,
      );
    }
  });
}
