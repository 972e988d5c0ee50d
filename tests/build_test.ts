/**
 * `deno task build`: the dry run lists the five targets with the baked permissions; the base
 * runtime's target is read from its header; with `DENORT_BIN` set the build runs and writes the
 * executable with its payload (rules, version, agent command files) and SHA256SUMS. Here the
 * stand-in runtime is the deno executable itself (this machine cannot download denort), so the
 * result is built but not run; what it will do is tested with `deno run` and the same flags in
 * permissions_test.ts.
 * @module
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import denoJson from "../deno.json" with { type: "json" };
import { bakedPermissionFlags } from "../src/apply/permissions.ts";
import { binaryName, compileArgs, runtimeTarget, TARGETS } from "../scripts/build.ts";
import { V8_FLAGS } from "../src/cli/v8_flags.ts";
import { REPO_ROOT } from "./helpers/cli.ts";

function withoutDenort(env: Record<string, string>): Record<string, string> {
  const { DENORT_BIN: _, ...rest } = env;
  return rest;
}

async function build(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "build", ...args],
    cwd: REPO_ROOT,
    clearEnv: true,
    env: { ...withoutDenort(Deno.env.toObject()), NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("deno task build --dry-run lists the five targets with the baked permissions", async () => {
  const r = await build(["--dry-run"]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split("\n").filter((l) => l.startsWith("deno compile "));
  assert.equal(lines.length, 5, r.stdout);
  assert.match(r.stdout, new RegExp(`${denoJson.version.replaceAll(".", "\\.")}`));
  for (const t of TARGETS) {
    const line = lines.find((l) => l.includes(`--target ${t} `));
    assert.ok(line, `a command for ${t}`);
    assert.ok(line.includes(`--output dist/${binaryName(t)} `), line);
    // the shell quotes a flag with brackets ('--allow-net=...,[::1]')
    const quoted = (f: string) => /[\[\]]/.test(f) ? `'${f}'` : f;
    for (const f of bakedPermissionFlags()) {
      assert.ok(line.includes(` ${quoted(f)} `), `${t}: ${f}`);
    }
    assert.doesNotMatch(line, /--allow-(run|all|sys|ffi)|\s-A\s/);
    // network: only loopback hosts (a --dev-url server the user names on this machine)
    const net = /--allow-net(?:=([^\s']*))?/.exec(line);
    if (net) {
      const hosts = (net[1] ?? "").split(",");
      assert.ok(
        net[1] && hosts.every((h) => ["127.0.0.1", "localhost", "[::1]"].includes(h)),
        line,
      );
    }
    assert.ok(line.endsWith(" main.ts"), line);
  }
  assert.ok(binaryName("x86_64-pc-windows-msvc").endsWith(".exe"));
  assert.match(r.stdout, /SHA256SUMS/);
});

Deno.test("compile arguments include the data files the verification reads", () => {
  const args = compileArgs("x86_64-apple-darwin", "out", ["src/verify/snapshot.tar.gz"]);
  const i = args.indexOf("--include");
  assert.equal(args[i + 1], "src/verify/snapshot.tar.gz");
  assert.equal(
    args[args.indexOf("--output") + 1],
    "out/smartspec_data_migration_generator-x86_64-apple-darwin",
  );
});

Deno.test("the binary, deno task gen / demo and the README's install line run with the same V8 flags", () => {
  assert.ok(compileArgs("x86_64-apple-darwin", "out", []).includes(V8_FLAGS));
  for (const task of ["gen", "demo"] as const) {
    assert.ok(denoJson.tasks[task].split(" ").includes(V8_FLAGS), `deno task ${task}`);
  }
  const readme = Deno.readTextFileSync(join(REPO_ROOT, "README.md"));
  const install = readme.slice(readme.indexOf("deno install --global"));
  assert.ok(install.slice(0, install.indexOf("main.ts")).includes(V8_FLAGS), "README install");
});

Deno.test("the base runtime's target is read from its header", () => {
  const elf = new Uint8Array(64);
  elf.set([0x7f, 0x45, 0x4c, 0x46]);
  elf[18] = 0xb7;
  assert.equal(runtimeTarget(elf), "aarch64-unknown-linux-gnu");
  elf[18] = 0x3e;
  assert.equal(runtimeTarget(elf), "x86_64-unknown-linux-gnu");
  const macho = new Uint8Array(16);
  macho.set([0xcf, 0xfa, 0xed, 0xfe, 0x0c, 0x00, 0x00, 0x01]);
  assert.equal(runtimeTarget(macho), "aarch64-apple-darwin");
  const pe = new Uint8Array(0x100);
  pe.set([0x4d, 0x5a]);
  pe[0x3c] = 0x80;
  pe.set([0x50, 0x45, 0, 0, 0x64, 0x86], 0x80);
  assert.equal(runtimeTarget(pe), "x86_64-pc-windows-msvc");
  assert.equal(runtimeTarget(new TextEncoder().encode("#!/bin/sh\n")), undefined);
});

Deno.test("with DENORT_BIN set the build writes the executable and SHA256SUMS", async () => {
  const out = await Deno.makeTempDir({ prefix: "smartspec-build-" });
  try {
    const r = await build(["--out-dir", out], { DENORT_BIN: Deno.execPath() });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const host = runtimeTarget(Deno.readFileSync(Deno.execPath()).subarray(0, 4096))!;
    const name = binaryName(host);
    const bytes = await Deno.readFile(join(out, name));
    const sums = await Deno.readTextFile(join(out, "SHA256SUMS"));
    assert.equal(sums, `${createHash("sha256").update(bytes).digest("hex")}  ${name}\n`);
    // the payload: rules, the version, the agent command files, the baked permissions, and the
    // modules that a run loads on demand (import() of a literal: the user-rule loader, the
    // checksum file, the Thai rule texts)
    const text = new TextDecoder("latin1").decode(bytes);
    for (
      const s of [
        "pg.column.split",
        `"version": "${denoJson.version}"`,
        "--platform kilo",
        "a rule must be a YAML mapping",
        "was edited after it was written",
        "is also in another rules_<lang> file",
      ]
    ) {
      assert.ok(text.includes(s), `the executable contains ${s}`);
    }
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("without DENORT_BIN and without a way to download it the build says so", async () => {
  const r = await build(
    ["--target", "aarch64-apple-darwin", "--out-dir", "/tmp/smartspec-nodist"],
    {
      DENORT_BIN: "",
    },
  );
  if (r.code === 0) return; // a machine that can download the runtime built it
  assert.equal(r.code, 1);
  assert.match(r.stderr, /DENORT_BIN/);
  assert.doesNotMatch(r.stderr, /Stack backtrace/);
});
