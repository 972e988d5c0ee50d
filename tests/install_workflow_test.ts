/**
 * The agent command files and `--install-workflow kilo|claude|roo`: front matter with a
 * description and this version, the steps the agent follows (preview with `--platform kilo
 * --json`, surface review and destructive changes, never --allow-destructive on its own), and
 * an install that never overwrites a file the user changed.
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "yaml";
import denoJson from "../deno.json" with { type: "json" };
import { AGENTS, WORKFLOW_FILES } from "../src/cli/install_workflow.ts";
import { ACCEPTANCE_DIR, copyProject, describeRun, REPO_ROOT, runTool } from "./helpers/cli.ts";

function frontMatter(text: string): Record<string, unknown> {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  assert.ok(m, "the file starts with YAML front matter");
  return parse(m[1]) as Record<string, unknown>;
}

for (const agent of AGENTS) {
  Deno.test(`${agent}: the command file says what to run and what never to do`, () => {
    const text = WORKFLOW_FILES[agent].content;
    const fm = frontMatter(text);
    assert.equal(typeof fm.description, "string");
    assert.ok((fm.description as string).length > 20);
    assert.equal(fm.version, denoJson.version, "the version in the front matter is this version's");
    assert.match(text, /smartspec_data_migration_generator .*--platform kilo --json/);
    assert.match(text, /`review`/);
    assert.match(text, /`destructive`/);
    assert.match(text, /[Nn]ever\s+(add|pass)\s+`--allow-destructive`\s+on\s+your\s+own/);
    assert.match(text, /--apply/);
  });

  Deno.test(`--install-workflow ${agent} installs the file, once, and never overwrites`, async () => {
    await using p = await copyProject(join(ACCEPTANCE_DIR, "no_changes"));
    const { path, content } = WORKFLOW_FILES[agent];
    const first = await runTool(p.dir, ["--install-workflow", agent]);
    assert.equal(first.code, 0, describeRun(first));
    assert.match(first.stdout, new RegExp(`installed: ${path.replaceAll(".", "\\.")}`));
    assert.equal(await Deno.readTextFile(join(p.dir, path)), content);
    const again = await runTool(p.dir, ["--install-workflow", agent, "--json"]);
    assert.equal(again.code, 0, describeRun(again));
    assert.equal(JSON.parse(again.stdout).status, "up_to_date");
    await Deno.writeTextFile(join(p.dir, path), content + "\nmy own notes\n");
    const changed = await runTool(p.dir, ["--install-workflow", agent]);
    assert.equal(changed.code, 1, describeRun(changed));
    assert.match(changed.stderr, /exists and differs/);
    assert.match(await Deno.readTextFile(join(p.dir, path)), /my own notes/);
  });
}

Deno.test("the Kilo workflow installed is the repository's .kilocode file", async () => {
  const repoFile = await Deno.readTextFile(
    join(REPO_ROOT, ".kilocode/workflows/smartspec_data_migration_generator.md"),
  );
  assert.equal(WORKFLOW_FILES.kilo.content, repoFile);
});

Deno.test("--install-workflow with an unknown agent exits 2; --help documents it", async () => {
  await using p = await copyProject(join(ACCEPTANCE_DIR, "no_changes"));
  const bad = await runTool(p.dir, ["--install-workflow", "vim"]);
  assert.equal(bad.code, 2, describeRun(bad));
  assert.match(bad.stderr, /--install-workflow must be one of kilo, claude, roo/);
  const help = await runTool(p.dir, ["--help"]);
  assert.match(help.stdout, /--install-workflow <agent>/);
});
