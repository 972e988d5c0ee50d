/**
 * Running the generator as a user would, from inside a scratch copy of a project, and watching
 * what it writes.
 * @module
 */
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (where `deno.json` and `main.ts` are). */
export const REPO_ROOT: string = fileURLToPath(new URL("../../", import.meta.url)).replace(
  /\/$/,
  "",
);

/** The acceptance projects folder. */
export const ACCEPTANCE_DIR: string = join(REPO_ROOT, "tests", "acceptance");

/** Where the generator writes its run folders, relative to the project root. */
export const REPORTS_DIR = ".spec/reports/data-migration-generator";

/** A writable scratch copy of a project, deleted on dispose. */
export interface ScratchProject {
  /** Absolute path of the copy: the project root to run the tool from. */
  readonly dir: string;
  /** Deletes the copy (kept, and its path printed, when SMARTSPEC_KEEP_TMP=1). */
  [Symbol.asyncDispose](): Promise<void>;
}

async function copyTree(src: string, dst: string): Promise<void> {
  await Deno.mkdir(dst, { recursive: true });
  for await (const entry of Deno.readDir(src)) {
    const from = join(src, entry.name);
    const to = join(dst, entry.name);
    if (entry.isDirectory) await copyTree(from, to);
    else if (entry.isFile) await Deno.writeFile(to, await Deno.readFile(from));
    else if (entry.isSymlink) await Deno.symlink(await Deno.readLink(from), to);
  }
}

/**
 * Copies the project folder `src` to a fresh temporary directory. Files are copied by content,
 * not mode, so the copy is writable even though the acceptance folders are read-only.
 */
export async function copyProject(src: string): Promise<ScratchProject> {
  const base = await Deno.makeTempDir({ prefix: "smartspec-acc-" });
  const dir = join(base, src.replace(/\/$/, "").split("/").pop() ?? "project");
  await copyTree(src, dir);
  return scratch(dir, base);
}

/** `dir` as a scratch project: `base` (holding it) is deleted on dispose, unless SMARTSPEC_KEEP_TMP=1. */
function scratch(dir: string, base = dir): ScratchProject {
  return {
    dir,
    async [Symbol.asyncDispose]() {
      if (Deno.env.get("SMARTSPEC_KEEP_TMP") === "1") {
        console.error(`[cli] kept ${dir}`);
        return;
      }
      await Deno.remove(base, { recursive: true });
    },
  };
}

/** What a run of the tool did. */
export interface ToolRun {
  args: string[];
  code: number;
  stdout: string;
  stderr: string;
}

/** The run's command line and output, for failure messages. */
export function describeRun(run: ToolRun): string {
  const indent = (s: string) => s.trimEnd().split("\n").map((l) => `    ${l}`).join("\n");
  return `  command: main.ts ${run.args.join(" ")}\n  exit: ${run.code}\n` +
    `  stdout:\n${indent(run.stdout)}\n  stderr:\n${indent(run.stderr)}`;
}

/**
 * The command line that runs the tool: `deno run -A --config <repo>/deno.json <repo>/main.ts`,
 * or the executable named by `SMARTSPEC_TOOL` (e.g. a compiled binary) when that is set.
 */
export function toolCommand(): string[] {
  const tool = Deno.env.get("SMARTSPEC_TOOL");
  if (tool) return [tool];
  return [
    Deno.execPath(),
    "run",
    "-A",
    "--config",
    join(REPO_ROOT, "deno.json"),
    join(REPO_ROOT, "main.ts"),
  ];
}

/**
 * Runs the tool ({@link toolCommand}) with `args` from `cwd`, without standard input and without
 * colours, and returns its exit code and output. Killed after `timeoutMs`.
 */
export async function runTool(
  cwd: string,
  args: string[],
  timeoutMs = 180_000,
): Promise<ToolRun> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const [command, ...prefix] = toolCommand();
    const out = await new Deno.Command(command, {
      args: [...prefix, ...args],
      cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
      signal: controller.signal,
    }).output();
    const dec = new TextDecoder();
    return {
      args,
      code: controller.signal.aborted ? -1 : out.code,
      stdout: dec.decode(out.stdout),
      stderr: dec.decode(out.stderr) +
        (controller.signal.aborted ? `\n[killed after ${timeoutMs} ms]` : ""),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Every file (by content hash) and folder (as `dir`) under a root, by relative path. */
export type TreeSnapshot = Map<string, string>;

async function sha256(data: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Snapshots the tree under `root` (symlinks are recorded by target, not followed; FIFOs and
 * sockets by kind, never read).
 */
export async function snapshotTree(root: string): Promise<TreeSnapshot> {
  const snap: TreeSnapshot = new Map();
  const walk = async (dir: string): Promise<void> => {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      const rel = relative(root, path);
      if (entry.isDirectory) {
        snap.set(rel, "dir");
        await walk(path);
      } else if (entry.isSymlink) {
        snap.set(rel, `link:${await Deno.readLink(path)}`);
      } else if (entry.isFile) {
        snap.set(rel, `file:${await sha256(await Deno.readFile(path))}`);
      } else {
        snap.set(rel, "special"); // a FIFO or socket: never read
      }
    }
  };
  await walk(root);
  return snap;
}

/** Paths added, changed or removed between two snapshots, sorted, each with a `+ ~ -` mark. */
export function diffTree(before: TreeSnapshot, after: TreeSnapshot): string[] {
  const out: string[] = [];
  for (const [path, v] of after) {
    const old = before.get(path);
    if (old === undefined) out.push(`+ ${path}`);
    else if (old !== v) out.push(`~ ${path}`);
  }
  for (const path of before.keys()) if (!after.has(path)) out.push(`- ${path}`);
  return out.sort((a, b) => (a.slice(2) < b.slice(2) ? -1 : 1));
}

/** True when `path` (relative to the project root) is `.spec/reports/` or inside it. */
export function isUnderReports(path: string): boolean {
  return path === ".spec" || path === ".spec/reports" || path.startsWith(".spec/reports/");
}

/** The changes of {@link diffTree} that lie outside `.spec/reports/`. */
export function writesOutsideReports(before: TreeSnapshot, after: TreeSnapshot): string[] {
  return diffTree(before, after).filter((c) => !isUnderReports(c.slice(2)));
}

/** Run folders (direct children of {@link REPORTS_DIR}) present in a snapshot. */
export function runFolders(snap: TreeSnapshot): string[] {
  const prefix = `${REPORTS_DIR}/`;
  return [...snap.keys()].filter((p) =>
    p.startsWith(prefix) && !p.slice(prefix.length).includes("/")
  )
    .sort();
}

/**
 * The first line that looks like a stack trace (`    at f (file.ts:1:2)`) or an uncaught
 * error, or undefined when there is none.
 */
export function stackTraceLine(text: string): string | undefined {
  for (const line of text.split("\n")) {
    if (/^\s+at .+:\d+:\d+/.test(line) || line.includes("Uncaught")) return line;
  }
  return undefined;
}

/** The absolute path of the run folder of `runId` in the project at `projectDir`. */
export function runFolder(projectDir: string, runId: string): string {
  return join(projectDir, REPORTS_DIR, runId);
}

/** Reads a file of a run folder, with a clear error when the tool did not write it. */
export async function readRunFile(
  projectDir: string,
  runId: string,
  name: string,
): Promise<string> {
  const path = join(runFolder(projectDir, runId), name);
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    const listing: string[] = [];
    try {
      for await (const entry of Deno.readDir(dirname(path))) listing.push(entry.name);
    } catch { /* no folder */ }
    throw new Error(
      `${relative(projectDir, path)} could not be read (${(e as Error).message}); ` +
        `the run folder holds: [${listing.sort().join(", ")}]`,
    );
  }
}

/**
 * A fresh project in a temporary directory holding `files` (path relative to the project ->
 * text), deleted on dispose (kept when SMARTSPEC_KEEP_TMP=1).
 */
export async function writeProject(
  files: Record<string, string>,
  prefix = "smartspec-project-",
): Promise<ScratchProject> {
  const dir = await Deno.makeTempDir({ prefix });
  for (const [p, text] of Object.entries(files)) {
    await Deno.mkdir(join(dir, p, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, p), text);
  }
  return scratch(dir);
}
