/**
 * `deno task build [--dry-run] [--target <target>]... [--out-dir <dir>]`: standalone executables
 * with `deno compile`, one per target, named `smartspec_data_migration_generator-<target>[.exe]`,
 * and `SHA256SUMS` beside them.
 *
 * What the binary contains: the module graph (the rules through `rules/catalog.json`, the version
 * through `deno.json`, the agent command files through text imports; the modules a run loads on
 * demand too, as their `import()` names a string literal), the npm packages (their
 * WASM included), and with `--include` the data files of `src/verify/` (the PGlite snapshot)
 * that are not imported statically. Its permissions are baked in (src/apply/permissions.ts):
 * read the project, write `.spec/` and the migrations folders, no network, no subprocess; so
 * are its V8 flags (src/cli/v8_flags.ts).
 *
 * `deno compile` needs Deno's base runtime (denort) for each target and downloads it; where that
 * is impossible, `DENORT_BIN=/path/to/denort` names a local one, and then the build is for the
 * target that runtime was built for (read from its header) unless `--target` says otherwise.
 * `--dry-run` prints what would run, without running it.
 * @module
 */
import { createHash } from "node:crypto";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import denoJson from "../deno.json" with { type: "json" };
import { bakedPermissionFlags } from "../src/apply/permissions.ts";
import { V8_FLAGS } from "../src/cli/v8_flags.ts";

/** The repository root. */
export const ROOT: string = dirname(dirname(fileURLToPath(import.meta.url)));

/** The executable's base name. */
export const NAME = "smartspec_data_migration_generator";

/** The five release targets. */
export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
] as const;

/** A release target. */
export type Target = typeof TARGETS[number];

/** The file name of a target's executable. */
export function binaryName(target: string): string {
  return `${NAME}-${target}${target.includes("windows") ? ".exe" : ""}`;
}

/**
 * Files to `--include`: everything under `src/verify/` that is not TypeScript (data the
 * verification reads at run time, such as the PGlite snapshot), relative to the root, sorted.
 */
export function extraIncludes(root = ROOT): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(dir)];
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory) walk(p);
      else if (e.isFile && !/\.(ts|tsx|js|mjs|md)$/.test(e.name)) {
        out.push(relative(root, p).split("\\").join("/"));
      }
    }
  };
  walk(join(root, "src", "verify"));
  return out.sort();
}

/**
 * Modules started as workers (`new Worker(url)`), which `deno compile` does not find by itself:
 * the embedded PostgreSQL starts in one at the beginning of a run.
 */
export const WORKER_MODULES = ["src/dialects/postgresql/verify/engine_worker.ts"];

/** The arguments of `deno compile` for one target. */
export function compileArgs(target: string, outDir: string, includes: string[]): string[] {
  return [
    "compile",
    "--target",
    target,
    "--output",
    join(outDir, binaryName(target)),
    "--config",
    "deno.json",
    ...bakedPermissionFlags(),
    V8_FLAGS,
    ...includes.flatMap((f) => ["--include", f]),
    "main.ts",
  ];
}

/** The target a runtime executable was built for, read from its header, or undefined. */
export function runtimeTarget(head: Uint8Array): Target | undefined {
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (head.length >= 20 && dv.getUint32(0) === 0x7f454c46) {
    const machine = dv.getUint16(18, true);
    if (machine === 0x3e) return "x86_64-unknown-linux-gnu";
    if (machine === 0xb7) return "aarch64-unknown-linux-gnu";
    return undefined;
  }
  if (head.length >= 8 && dv.getUint32(0, true) === 0xfeedfacf) {
    const cpu = dv.getUint32(4, true);
    if (cpu === 0x01000007) return "x86_64-apple-darwin";
    if (cpu === 0x0100000c) return "aarch64-apple-darwin";
    return undefined;
  }
  if (head.length >= 0x40 && head[0] === 0x4d && head[1] === 0x5a) {
    const pe = dv.getUint32(0x3c, true);
    if (pe + 6 <= head.length && dv.getUint32(pe) === 0x50450000) {
      return dv.getUint16(pe + 4, true) === 0x8664 ? "x86_64-pc-windows-msvc" : undefined;
    }
  }
  return undefined;
}

/** `SHA256SUMS` lines (`<hex>  <name>`) for the files, in the order given. */
export function sha256sums(files: { name: string; bytes: Uint8Array }[]): string {
  return files.map((f) => `${createHash("sha256").update(f.bytes).digest("hex")}  ${f.name}\n`)
    .join("");
}

function withoutDenort(env: Record<string, string>): Record<string, string> {
  const { DENORT_BIN: _, ...rest } = env;
  return rest;
}

interface Options {
  dryRun: boolean;
  targets: string[];
  outDir: string;
}

function parse(argv: string[]): Options {
  const o: Options = { dryRun: false, targets: [], outDir: "dist" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--dry-run") o.dryRun = true;
    else if (a === "--target" || a === "--out-dir") {
      const v = argv[++i];
      if (!v) throw new Error(`${a} needs a value`);
      if (a === "--target") o.targets.push(v);
      else o.outDir = v;
    } else throw new Error(`unknown argument ${a} (use --dry-run, --target <t>, --out-dir <dir>)`);
  }
  for (const t of o.targets) {
    if (!(TARGETS as readonly string[]).includes(t)) {
      throw new Error(`unknown target ${t}; one of ${TARGETS.join(", ")}`);
    }
  }
  return o;
}

const shellQuote = (
  s: string,
) => (/^[\w./=,:+-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);

async function build(argv: string[]): Promise<number> {
  const o = parse(argv);
  const denort = Deno.env.get("DENORT_BIN") || undefined;
  let targets: string[] = o.targets.length ? o.targets : [...TARGETS];
  const includes = [...extraIncludes(), ...WORKER_MODULES];
  console.log(
    `${NAME} ${denoJson.version}: building ${targets.length} target(s) into ${o.outDir}/`,
  );
  if (denort) {
    let head: Uint8Array;
    try {
      const f = Deno.openSync(denort);
      head = new Uint8Array(4096);
      const n = f.readSync(head) ?? 0;
      f.close();
      head = head.subarray(0, n);
    } catch (e) {
      console.error(`DENORT_BIN=${denort} cannot be read: ${(e as Error).message}`);
      return 1;
    }
    const rt = runtimeTarget(head);
    if (!o.targets.length) {
      if (!rt) {
        console.error(`DENORT_BIN=${denort}: cannot tell its target; pass --target`);
        return 1;
      }
      targets = [rt];
    } else if (rt && targets.some((t) => t !== rt)) {
      console.error(`DENORT_BIN=${denort} is a runtime for ${rt}; it cannot build ${targets}`);
      return 1;
    }
    console.log(`DENORT_BIN=${denort}: base runtime for ${targets.join(", ")}`);
  }
  for (const t of targets) {
    const args = compileArgs(t, o.outDir, includes);
    console.log(["deno", ...args].map(shellQuote).join(" "));
  }
  console.log(`then: ${o.outDir}/SHA256SUMS over ${targets.map(binaryName).join(", ")}`);
  if (o.dryRun) return 0;

  Deno.mkdirSync(resolve(ROOT, o.outDir), { recursive: true });
  const built: { name: string; bytes: Uint8Array }[] = [];
  for (const t of targets) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: compileArgs(t, o.outDir, includes),
      cwd: ROOT,
      // an empty DENORT_BIN would be taken as a path by deno compile
      ...(denort ? {} : { clearEnv: true, env: withoutDenort(Deno.env.toObject()) }),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    if (out.code !== 0) {
      if (
        !denort && /dns error|download|failed to (lookup|fetch|connect)|error sending/i.test(text)
      ) {
        console.error(
          `${t}: deno compile could not download Deno's base runtime (denort) for this target: ` +
            "this machine cannot reach it. Set DENORT_BIN=/path/to/denort (a runtime of the same " +
            `Deno version, ${Deno.version.deno}) to build with a local one.`,
        );
      } else console.error(`${t}: deno compile failed (exit ${out.code}):\n${text.trim()}`);
      return 1;
    }
    const name = binaryName(t);
    built.push({ name, bytes: Deno.readFileSync(resolve(ROOT, o.outDir, name)) });
    console.log(`built ${o.outDir}/${name}`);
  }
  Deno.writeTextFileSync(resolve(ROOT, o.outDir, "SHA256SUMS"), sha256sums(built));
  console.log(`wrote ${o.outDir}/SHA256SUMS`);
  return 0;
}

if (import.meta.main) {
  try {
    Deno.exit(await build(Deno.args));
  } catch (e) {
    console.error(`build: ${(e as Error).message}`);
    Deno.exit(2);
  }
}
