/**
 * Hostile and broken inputs (`tests/hostile/cases.yaml`): each case copies `tests/hostile/project`,
 * prepares it (files, big generated files, symlinks, FIFOs, modes), runs the tool and checks the
 * documented exit code, the message, no stack trace, no "internal error", no write outside
 * `.spec/reports/` and the migrations folder, no run folder for exit 2, and with `--json` one JSON
 * document on stdout.
 * @module
 */
import { dirname, join } from "node:path";
import { parse } from "yaml";
import {
  copyProject,
  describeRun,
  diffTree,
  REPO_ROOT,
  REPORTS_DIR,
  runFolders,
  runTool,
  snapshotTree,
  stackTraceLine,
} from "./helpers/cli.ts";

const HOSTILE = join(REPO_ROOT, "tests", "hostile");

/** A file built from repeated pieces (big or deeply nested inputs). */
interface Generated {
  parts: { text: string; times?: number }[];
}

/** One case of cases.yaml. */
interface HostileCase {
  name: string;
  args: string[];
  exit: number;
  stderr_has?: string[];
  stderr_lacks?: string[];
  /** Files to write, by path relative to the project: text, or pieces to repeat. */
  files?: Record<string, string | Generated>;
  /** Paths to remove first. */
  remove?: string[];
  /** Symlinks: path -> target (`$PROJECT`: the project, `$OUTSIDE`: a folder outside it). */
  symlinks?: Record<string, string>;
  fifos?: string[];
  /** Modification times: path -> minutes ago (for "left by a killed run" cases). */
  mtimes?: Record<string, number>;
  /** A file -> folders whose every file must have been written before it (by mtime). */
  written_before?: Record<string, string[]>;
  /** Fragments stdout must hold. */
  stdout_has?: string[];
  /** Paths that must exist after the run / must not. */
  present_after?: string[];
  absent_after?: string[];
  /** File modes (octal strings), applied last. */
  modes?: Record<string, string>;
  /** The case needs a user that file modes restrict (not root). */
  not_root?: boolean;
  /** Milliseconds the run may take (default 60000). */
  timeout_ms?: number;
  /** Files (relative to the project) that must exist after the run, with fragments they hold. */
  file_has?: Record<string, string[]>;
  /** A second run of the same args before the checked one. */
  run_before?: string[];
}

function textOf(v: string | Generated): string {
  if (typeof v === "string") return v;
  return v.parts.map((p) => p.text.repeat(p.times ?? 1)).join("");
}

async function prepare(dir: string, c: HostileCase): Promise<void> {
  for (const p of c.remove ?? []) await Deno.remove(join(dir, p), { recursive: true });
  for (const [p, v] of Object.entries(c.files ?? {})) {
    await Deno.mkdir(dirname(join(dir, p)), { recursive: true });
    await Deno.writeTextFile(join(dir, p), textOf(v));
  }
  for (const [p, target] of Object.entries(c.symlinks ?? {})) {
    await Deno.mkdir(dirname(join(dir, p)), { recursive: true });
    // $OUTSIDE: a folder next to the project (deleted with it), never a shared one like /tmp
    const outside = join(dir, "..", "outside");
    if (target.includes("$OUTSIDE")) await Deno.mkdir(outside, { recursive: true });
    await Deno.symlink(
      target.replaceAll("$PROJECT", dir).replaceAll("$OUTSIDE", outside),
      join(dir, p),
    );
  }
  for (const p of c.fifos ?? []) {
    await Deno.mkdir(dirname(join(dir, p)), { recursive: true });
    const r = await new Deno.Command("mkfifo", { args: [join(dir, p)] }).output();
    if (!r.success) throw new Error(`mkfifo ${p} failed`);
  }
  for (const [p, minutes] of Object.entries(c.mtimes ?? {})) {
    const t = new Date(Date.now() - minutes * 60_000);
    await Deno.utime(join(dir, p), t, t);
  }
  for (const [p, mode] of Object.entries(c.modes ?? {})) {
    await Deno.chmod(join(dir, p), parseInt(mode, 8));
  }
}

/** Restores modes so the scratch copy can be read and deleted. */
async function unprepare(dir: string, c: HostileCase): Promise<void> {
  for (const p of Object.keys(c.modes ?? {})) {
    await Deno.chmod(join(dir, p), 0o755).catch(() => {});
  }
}

const cases = (parse(await Deno.readTextFile(join(HOSTILE, "cases.yaml"))) as {
  cases: HostileCase[];
}).cases;
const isRoot = Deno.uid() === 0;

for (const c of cases) {
  Deno.test({
    name: `hostile: ${c.name} (exit ${c.exit})`,
    ignore: c.not_root && isRoot,
    async fn() {
      await using project = await copyProject(join(HOSTILE, "project"));
      await prepare(project.dir, c);
      try {
        if (c.run_before) await runTool(project.dir, c.run_before);
        const before = await snapshotTree(project.dir);
        const run = await runTool(project.dir, c.args, c.timeout_ms ?? 60_000);
        const after = await snapshotTree(project.dir);
        const problems: string[] = [];
        if (run.code !== c.exit) problems.push(`exit ${run.code}, expected ${c.exit}`);
        const stderr = run.stderr.toLowerCase();
        for (const f of c.stderr_has ?? []) {
          if (!stderr.includes(f.toLowerCase())) problems.push(`stderr lacks ${JSON.stringify(f)}`);
        }
        for (const f of c.stderr_lacks ?? []) {
          if (stderr.includes(f.toLowerCase())) problems.push(`stderr has ${JSON.stringify(f)}`);
        }
        if (stderr.includes("internal error")) problems.push("an internal error");
        for (const f of c.stdout_has ?? []) {
          if (!run.stdout.includes(f)) problems.push(`stdout lacks ${JSON.stringify(f)}`);
        }
        for (const [last, firsts] of Object.entries(c.written_before ?? {})) {
          const at = (await Deno.stat(join(project.dir, last)).catch(() => undefined))?.mtime;
          if (!at) problems.push(`${last} was not written`);
          const earlier = [...after.keys()].filter((p) =>
            firsts.some((f) => p.startsWith(`${f}/`)) && after.get(p)!.startsWith("file:")
          );
          if (!earlier.length) problems.push(`nothing was written under ${firsts.join(", ")}`);
          for (const p of earlier) {
            const t = (await Deno.stat(join(project.dir, p))).mtime!;
            if (at && t > at) problems.push(`${p} was written after ${last}`);
          }
        }
        for (const p of c.present_after ?? []) {
          if (!after.has(p)) problems.push(`${p} is missing after the run`);
        }
        for (const p of c.absent_after ?? []) {
          if (after.has(p)) problems.push(`${p} is still there after the run`);
        }
        for (const [stream, text] of [["stderr", run.stderr], ["stdout", run.stdout]]) {
          const line = stackTraceLine(text);
          if (line !== undefined) problems.push(`${stream} shows a stack trace: ${line.trim()}`);
        }
        if (c.args.includes("--json")) {
          try {
            JSON.parse(run.stdout);
          } catch {
            problems.push("--json: stdout is not one JSON document");
          }
        }
        const changed = diffTree(before, after).filter((d) => {
          const p = d.slice(2);
          return !(p === ".spec" || p.startsWith(".spec/") || p.startsWith("db/migrations"));
        });
        if (changed.length) problems.push(`wrote outside .spec/: ${changed.join(", ")}`);
        for (const [p, fragments] of Object.entries(c.file_has ?? {})) {
          let text = "";
          try {
            text = await Deno.readTextFile(join(project.dir, p));
          } catch {
            problems.push(`${p} was not written`);
          }
          for (const f of fragments) {
            if (text && !text.includes(f)) problems.push(`${p} lacks ${JSON.stringify(f)}`);
          }
        }
        if (c.exit === 2) {
          const added = [...after.keys()].filter((p) => !before.has(p) && after.get(p) !== "dir");
          if (added.length) problems.push(`exit 2 must write nothing, wrote: ${added.join(", ")}`);
          const folders = runFolders(after).filter((f) => !before.has(f));
          if (folders.length) problems.push(`exit 2 wrote run folders: ${folders.join(", ")}`);
        }
        if (problems.length) {
          throw new Error(
            `${problems.map((p) => `  - ${p}`).join("\n")}\n${describeRun(run)}\n` +
              `  (run folders live in ${REPORTS_DIR}/)`,
          );
        }
      } finally {
        await unprepare(project.dir, c);
      }
    },
  });
}
