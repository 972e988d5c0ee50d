/**
 * `smartspec.sum`: the checksum file of the migrations folder, written and checked by the tool
 * (like Atlas's `atlas.sum`). It records every migration file with a hash, a total over those
 * lines, and the fingerprint of the last change written, so that
 * - a second `--apply` of the same change says it is already there and writes nothing;
 * - a migration file edited by hand, removed, or added out of order (a version before the
 *   newest recorded one) is reported: a preview warns, `--apply` refuses (exit 1).
 *
 * Format (one entry a line, paths relative to the folder of the sum file, sorted):
 * ```
 * h1:<base64 sha256 of the lines below>
 * @last-change h1:<fingerprint> <run-id>
 * 20240101120000_users.up.sql h1:<base64 sha256 of the file>
 * ```
 * @module
 */
import { createHash } from "node:crypto";
import { readSumFile, SUM_FILE, under } from "./locations.ts";
import { compareDotted } from "./numbering.ts";
import type { ApplyWrite, ProjectView } from "./types.ts";

export { SUM_FILE };

/** A parsed checksum file. */
export interface SumFile {
  /** The folder it lies in, relative to the project root. */
  dir: string;
  /** Recorded files (relative to `dir`) and their hashes. */
  files: Map<string, string>;
  /** The fingerprint of the last change written, and its run. */
  lastChange?: { hash: string; runId: string };
  /** False when the total does not match the lines (the sum file was edited). */
  totalOk: boolean;
}

/** The part of a file that {@link ProjectView.read} returns (its first MiB). */
const MAX_READ = 1 << 20;

/** `h1:` + base64 SHA-256 of a text. */
export function hashText(text: string): string {
  return "h1:" + createHash("sha256").update(text).digest("base64");
}

function bodyLines(s: Pick<SumFile, "files" | "lastChange">): string[] {
  const lines: string[] = [];
  if (s.lastChange) lines.push(`@last-change ${s.lastChange.hash} ${s.lastChange.runId}`);
  for (const p of [...s.files.keys()].sort()) lines.push(`${p} ${s.files.get(p)}`);
  return lines;
}

/** The text of a checksum file. */
export function renderSum(s: Pick<SumFile, "files" | "lastChange">): string {
  const body = bodyLines(s);
  return [hashText(body.join("\n") + "\n"), ...body].join("\n") + "\n";
}

/** Parses a checksum file's text (lines it does not understand make the total fail). */
export function parseSum(text: string, dir: string): SumFile {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const files = new Map<string, string>();
  let lastChange: SumFile["lastChange"];
  let ok = lines.length > 0 && /^h1:\S+$/.test(lines[0]);
  for (const line of lines.slice(1)) {
    const m = /^(.+) (h1:\S+)(?: (\S+))?$/.exec(line);
    if (!m) {
      ok = false;
      continue;
    }
    if (m[1] === "@last-change") lastChange = { hash: m[2], runId: m[3] ?? "" };
    else files.set(m[1], m[2]);
  }
  const parsed = { dir, files, lastChange, totalOk: ok };
  if (ok) parsed.totalOk = renderSum(parsed).split("\n")[0] === lines[0];
  return parsed;
}

/** Finds the checksum file: in the configured folder or a conventional one. */
export function findSum(view: ProjectView, configuredDir: string): SumFile | undefined {
  const found = readSumFile(view, configuredDir);
  return found && parseSum(found.text, found.dir);
}

/**
 * The fingerprint of a migration: its statements without comments, with the run id and the
 * archive tag (which differ from run to run) left out.
 */
export function changeFingerprint(migration: string, runId: string, archiveTag: string): string {
  const text = migration.split("\n")
    .filter((l) => !/^\s*--/.test(l))
    .join("\n")
    .replaceAll(runId.length >= 12 ? runId : "\0", "<run>")
    .replaceAll(archiveTag || "\0", "<tag>")
    .replace(/\s+/g, " ")
    .trim();
  return hashText(text);
}

/** The text as {@link ProjectView.read} will return it once written (its first MiB). */
function asRead(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return bytes.length <= MAX_READ ? text : new TextDecoder().decode(bytes.subarray(0, MAX_READ));
}

const subdir = (p: string) => (p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "");
const version = (name: string) => /^[VvUu]?(\d+(?:[._]\d+)*)(?=[_.-])/.exec(name)?.[1];
const isTracked = (name: string) => !name.startsWith(".") && name !== SUM_FILE;

/** The files now in the folders the sum records (relative to its dir), with their text. */
function currentFiles(view: ProjectView, sum: SumFile, extraDirs: string[] = []): string[] {
  const dirs = new Set([...[...sum.files.keys()].map(subdir), ...extraDirs]);
  const out: string[] = [];
  for (const d of dirs) {
    for (const name of view.list(d ? under(sum.dir, d) : sum.dir).filter(isTracked)) {
      out.push(d ? `${d}/${name}` : name);
    }
  }
  return out.sort();
}

/** What a check of the folder against its checksum file found. */
export interface FolderCheck {
  /** Edited, removed or out-of-order files: `--apply` refuses. */
  problems: string[];
  /** Files added after the newest recorded one (recorded by the next write). */
  added: string[];
}

/** Checks the migrations folder against its checksum file. */
export function checkFolder(view: ProjectView, sum: SumFile): FolderCheck {
  const problems: string[] = [];
  const added: string[] = [];
  const at = (p: string) => under(sum.dir, p);
  if (!sum.totalOk) problems.push(`${at(SUM_FILE)} was edited (its total does not match)`);
  for (const [p, h] of sum.files) {
    const text = view.read(at(p));
    if (text === undefined) problems.push(`${at(p)} was removed`);
    else if (hashText(text) !== h) problems.push(`${at(p)} was edited after it was written`);
  }
  const newest = new Map<string, string>();
  for (const p of sum.files.keys()) {
    const v = version(p.slice(p.lastIndexOf("/") + 1));
    const d = subdir(p);
    if (v && (!newest.has(d) || compareDotted(v, newest.get(d)!) > 0)) newest.set(d, v);
  }
  for (const p of currentFiles(view, sum)) {
    if (sum.files.has(p)) continue;
    const v = version(p.slice(p.lastIndexOf("/") + 1));
    const max = newest.get(subdir(p));
    if (v && max && compareDotted(v, max) < 0) {
      problems.push(
        `${at(p)} is out of order: its version ${v} is before ${max}, the newest one recorded`,
      );
    } else added.push(p);
  }
  return { problems, added };
}

/**
 * The write of the new checksum file after `writes` (files of the folder `dir`): the folder's
 * files as they will be, and the change's fingerprint.
 */
export function sumWrite(
  view: ProjectView,
  dir: string,
  writes: ApplyWrite[],
  lastChange: { hash: string; runId: string },
): ApplyWrite {
  const prefix = dir === "." || dir === "" ? "" : `${dir.replace(/\/+$/, "")}/`;
  const rel = (p: string) => (p.startsWith(prefix) ? p.slice(prefix.length) : undefined);
  const created = writes.filter((w) => w.mode === "create" && rel(w.path) !== undefined);
  const base: SumFile = { dir, files: new Map(), totalOk: true };
  const old = view.read(under(dir, SUM_FILE));
  const prev = old !== undefined ? parseSum(old, dir) : base;
  const files = new Map<string, string>();
  const dirs = created.map((w) => subdir(rel(w.path)!));
  for (const p of currentFiles(view, prev, dirs)) {
    const text = view.read(under(dir, p));
    if (text !== undefined) files.set(p, hashText(text));
  }
  for (const w of created) files.set(rel(w.path)!, hashText(asRead(w.content)));
  return {
    path: under(dir, SUM_FILE),
    content: renderSum({ files, lastChange }),
    mode: "replace",
  };
}

/** The migrations folder before a run writes to it. */
export interface FolderState {
  /** The checksum file, relative to the project root (when there is one). */
  sumPath?: string;
  /** Edited, removed or out-of-order files. */
  problems: string[];
  /** The run that wrote this very change last, when the change is already there. */
  alreadyBy?: string;
}

/**
 * Reads and checks the migrations folder's checksum file; `fingerprint` (of the migration this
 * run would write, computed only when a change is recorded) is compared with the last change
 * recorded.
 */
export function folderState(
  view: ProjectView,
  configuredDir: string,
  fingerprint?: () => string | undefined,
): FolderState {
  const sum = findSum(view, configuredDir);
  if (!sum) return { problems: [] };
  const { problems } = checkFolder(view, sum);
  const last = sum.lastChange;
  return {
    sumPath: under(sum.dir, SUM_FILE),
    problems,
    alreadyBy: last && last.hash === fingerprint?.() ? last.runId : undefined,
  };
}
