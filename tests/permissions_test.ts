/**
 * The compiled binary's baked permissions (src/apply/permissions.ts), exercised with `deno run`
 * and exactly those flags instead of `-A`: the acceptance and bad-input suites pass through a
 * wrapper that runs the tool that way, --apply writes every migration tool's files, and writes
 * outside the allowed folders stop with a clear error. The one addition is read access to
 * `node_modules/`, which stands for the npm packages that `deno compile` embeds in the binary
 * (readable there without permission); so these runs also show that the program reads nothing
 * from disk outside the project that the binary would not contain.
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { bakedPermissionFlags } from "../src/apply/permissions.ts";
import { MIGRATION_TOOLS } from "../src/cli/args.ts";
import { ACCEPTANCE_DIR, copyProject, describeRun, REPO_ROOT, runTool } from "./helpers/cli.ts";

/** `deno run` flags: the baked ones, with the embedded npm packages readable. */
export function bakedRunFlags(): string[] {
  return bakedPermissionFlags().map((f) =>
    f.startsWith("--allow-read=") ? `${f},${Deno.realPathSync(join(REPO_ROOT, "node_modules"))}` : f
  );
}

/** A wrapper executable that runs the tool with the baked permissions. */
async function wrapper(): Promise<{ path: string; dispose: () => Promise<void> }> {
  const dir = await Deno.makeTempDir({ prefix: "smartspec-perm-" });
  const path = join(dir, "smartspec_data_migration_generator");
  const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const cmd = [
    Deno.execPath(),
    "run",
    ...bakedRunFlags(),
    "--config",
    join(REPO_ROOT, "deno.json"),
    join(REPO_ROOT, "main.ts"),
  ].map(q).join(" ");
  await Deno.writeTextFile(path, `#!/bin/sh\nexec ${cmd} "$@"\n`);
  await Deno.chmod(path, 0o755);
  return { path, dispose: () => Deno.remove(dir, { recursive: true }) };
}

Deno.test("the baked permissions: loopback network only, no subprocess, no blanket access", () => {
  const flags = bakedPermissionFlags();
  for (const f of flags) {
    assert.doesNotMatch(f, /^--allow-(run|ffi|sys|all)\b|^-A$/, f);
    if (f.startsWith("--allow-net")) {
      assert.deepEqual(f.split("=")[1].split(","), ["127.0.0.1", "localhost", "[::1]"], f);
    }
    if (/^--allow-(read|write|env)/.test(f)) assert.match(f, /=./, `${f} names what it allows`);
  }
  assert.ok(flags.includes("--allow-read=."));
  assert.ok(flags.includes("--no-prompt"));
  const write = flags.find((f) => f.startsWith("--allow-write="))!.split("=")[1].split(",");
  assert.ok(write.includes(".spec") && write.includes("db/migrations"));
  for (const p of write) {
    assert.ok(!p.startsWith("/") && !p.includes(".."), `${p} is in the project`);
  }
});

Deno.test("the acceptance and bad-input suites pass with exactly the baked permissions", async () => {
  const w = await wrapper();
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["test", "-A", "tests/acceptance_test.ts", "tests/bad_inputs_test.ts"],
      cwd: REPO_ROOT,
      env: { SMARTSPEC_TOOL: w.path, NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, `the suites failed under the baked permissions:\n${text}`);
    const summary = /(\d+) passed[^\n]*\| (\d+) failed/.exec(text);
    assert.ok(summary && Number(summary[1]) > 0 && summary[2] === "0", text.slice(-2000));
  } finally {
    await w.dispose();
  }
});

const UP = [
  "specs/data/user_profile/spec.md",
  "--from-schema",
  "db/schema_v1.sql",
  "--to-schema",
  "db/schema_v2.sql",
  "--no-verify",
];

Deno.test("--apply writes every migration tool's files with the baked permissions", async () => {
  const w = await wrapper();
  const prev = Deno.env.get("SMARTSPEC_TOOL");
  Deno.env.set("SMARTSPEC_TOOL", w.path);
  try {
    for (const tool of MIGRATION_TOOLS) {
      await using p = await copyProject(join(ACCEPTANCE_DIR, "user_profile"));
      const run = await runTool(p.dir, [...UP, "--apply", "--migration-tool", tool, "--json"]);
      assert.equal(run.code, 0, `${tool}\n${describeRun(run)}`);
      const written: string[] = JSON.parse(run.stdout).writes.migrations;
      assert.ok(written.length > 0, tool);
      for (const f of written) await Deno.stat(join(p.dir, f));
    }
    // a folder outside the allowed ones: exit 2 and a message, nothing written
    await using p = await copyProject(join(ACCEPTANCE_DIR, "user_profile"));
    const run = await runTool(p.dir, [...UP, "--out", "elsewhere"]);
    assert.equal(run.code, 2, describeRun(run));
    assert.match(
      run.stderr,
      /cannot write elsewhere\/.*this executable may write only under \.spec/,
    );
    await assert.rejects(Deno.stat(join(p.dir, "elsewhere")));
  } finally {
    if (prev === undefined) Deno.env.delete("SMARTSPEC_TOOL");
    else Deno.env.set("SMARTSPEC_TOOL", prev);
    await w.dispose();
  }
});
