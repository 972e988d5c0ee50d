/**
 * Run ids that concurrent runs cannot share. A run reserves its id by creating the folder
 * `.tmp-<run-id>` next to the run folders (`mkdir` without `recursive` fails when the name
 * exists: the lock) and checking, while holding it, that the run folder does not exist yet. The
 * run folder is later built inside that temporary folder and renamed into place, which releases
 * the lock at the moment the folder appears. A run that ends before writing removes its lock
 * (and the folders it created for it). While it runs it holds an OS lock on `.tmp-<run-id>/.lock`,
 * which the OS frees when the process dies: the next run removes the folders of killed runs at
 * once, and other `.tmp-*` leftovers once they are a minute old.
 * @module
 */
import { basename, dirname, join, relative, sep } from "node:path";
import { InputError } from "../errors.ts";
import { notWritableMessage } from "../apply/permissions.ts";

/** Age after which a `.tmp-*` entry of a run folders' parent is taken as left by a killed run. */
export const STALE_TMP_MS = 60_000;

/** Temporary names this tool creates next to run folders. */
const TMP_NAME = /^\.tmp-[A-Za-z0-9][A-Za-z0-9._-]*$/;

interface Held {
  lock: string;
  /** The open, exclusively locked `.lock` file inside it (the OS frees it when we die). */
  file?: Deno.FsFile;
  /** Folders created for the lock (deepest first), removed again when empty. */
  created: string[];
}

/** Locks held by this process, by run folder path. */
const held = new Map<string, Held>();

const toPosix = (p: string) => p.split(sep).join("/");

/** The temporary folder (and lock) of a run folder. */
export function stagingOf(runDir: string): string {
  return join(dirname(runDir), `.tmp-${basename(runDir)}`);
}

function exists(p: string): boolean {
  try {
    Deno.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Creates `dir` and its missing parents; returns the ones it created, deepest first. */
function mkdirs(dir: string): string[] {
  const missing: string[] = [];
  for (let d = dir; !exists(d) && dirname(d) !== d; d = dirname(d)) missing.push(d);
  Deno.mkdirSync(dir, { recursive: true });
  return missing;
}

/** Age under which an unlocked `.lock` file still counts as its run's (created, not yet locked). */
const LOCK_GRACE_MS = 2_000;

/** The file whose lock says that the run holding a `.tmp-<run-id>` folder is alive. */
const LOCK_FILE = ".lock";

/**
 * True when a `.tmp-*` folder holds a `.lock` file that no live process has locked: the run
 * that made it was killed. Undefined when it has no lock file (then its age decides).
 */
function deadLock(dir: string): boolean | undefined {
  let f: Deno.FsFile;
  try {
    f = Deno.openSync(join(dir, LOCK_FILE), { read: true, write: true });
  } catch {
    return undefined;
  }
  try {
    // a lock file only just created may not be locked yet by its run: give it two seconds
    const age = Date.now() - (f.statSync().mtime?.getTime() ?? Date.now());
    if (age < LOCK_GRACE_MS) return false;
    const free = f.tryLockSync(true);
    if (free) f.unlockSync();
    return free;
  } catch {
    return false;
  } finally {
    f.close();
  }
}

/**
 * Removes what killed runs left in `parent`: `.tmp-*` folders whose `.lock` no live run holds,
 * and other `.tmp-*` entries older than {@link STALE_TMP_MS}.
 */
export function cleanStaleTemps(parent: string, now = Date.now()): string[] {
  const removed: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(parent)];
  } catch {
    return removed;
  }
  for (const e of entries) {
    if (!TMP_NAME.test(e.name) || e.isSymlink) continue;
    const p = join(parent, e.name);
    if ([...held.values()].some((h) => h.lock === p)) continue;
    try {
      const dead = e.isDirectory ? deadLock(p) : undefined;
      const mtime = Deno.lstatSync(p).mtime?.getTime() ?? now;
      if (dead === false || (dead === undefined && now - mtime < STALE_TMP_MS)) continue;
      Deno.removeSync(p, { recursive: true });
      removed.push(e.name);
    } catch { /* gone or not ours to remove */ }
  }
  return removed;
}

/** Takes the lock of `runDir`: false when another run holds it or the folder exists. */
function tryReserve(runDir: string, created: string[]): boolean | "exists" {
  const lock = stagingOf(runDir);
  try {
    Deno.mkdirSync(lock);
  } catch (e) {
    if (e instanceof Deno.errors.AlreadyExists) return false;
    throw e;
  }
  if (exists(runDir)) {
    Deno.removeSync(lock);
    return "exists";
  }
  let file: Deno.FsFile | undefined;
  try {
    file = Deno.openSync(join(lock, LOCK_FILE), { write: true, createNew: true });
    file.lockSync(true);
  } catch { /* no lock file: the folder's age tells a killed run's apart */ }
  held.set(runDir, { lock, created, file });
  return true;
}

/**
 * Reserves a run id under `parentDir` (absolute; shown as `shownParent`): `explicit` (`--run-id`)
 * or else `base`, `base-2`, `base-3`, ... whichever is free first. An explicit id that exists or
 * that another run is writing is an {@link InputError}.
 */
export function reserveRunId(
  parentDir: string,
  shownParent: string,
  explicit: string | undefined,
  base: string,
): string {
  const first = join(parentDir, explicit ?? base);
  if (Deno.permissions.querySync({ name: "write", path: first }).state !== "granted") {
    throw new InputError(notWritableMessage([toPosix(join(shownParent, explicit ?? base))]));
  }
  let created: string[];
  try {
    created = mkdirs(parentDir);
  } catch (e) {
    throw new InputError(`cannot create ${shownParent}: ${(e as Error).message}`);
  }
  cleanStaleTemps(parentDir);
  try {
    if (explicit) {
      const r = tryReserve(join(parentDir, explicit), created);
      if (r === true) return explicit;
      const shown = toPosix(join(shownParent, explicit));
      throw new InputError(
        r === "exists"
          ? `run folder ${shown} exists already; choose another --run-id`
          : `another run is writing run folder ${shown} right now (or a killed run left ` +
            `${toPosix(relative(".", join(shownParent, `.tmp-${explicit}`)))}, removed after a ` +
            `minute); choose another --run-id`,
      );
    }
    for (let i = 1; i < 10_000; i++) {
      const id = i === 1 ? base : `${base}-${i}`;
      if (tryReserve(join(parentDir, id), created) === true) return id;
    }
    throw new InputError(`no free run id for ${base} in ${shownParent}`);
  } catch (e) {
    if (!held.size) removeEmpty(created);
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot reserve a run folder in ${shownParent}: ${(e as Error).message}`);
  }
}

function removeEmpty(dirs: string[]): void {
  for (const d of dirs) {
    try {
      Deno.removeSync(d); // not recursive: only when empty
    } catch {
      return;
    }
  }
}

/**
 * The reserved staging folder of `runDir`, created again when a concurrent run removed it as
 * stale; undefined when `runDir` was not reserved by this process.
 */
export function heldStaging(runDir: string): string | undefined {
  const h = held.get(runDir);
  if (!h) return undefined;
  if (!exists(h.lock)) Deno.mkdirSync(h.lock); // fails (AlreadyExists) if another run took it
  return h.lock;
}

/** Unlocks and removes the `.lock` file of `runDir`'s staging folder, right before its rename. */
export function dropLockFile(runDir: string): void {
  const h = held.get(runDir);
  if (!h?.file) return;
  try {
    h.file.unlockSync();
    h.file.close();
  } catch { /* closed */ }
  h.file = undefined;
  try {
    Deno.removeSync(join(h.lock, LOCK_FILE));
  } catch { /* gone */ }
}

/** Marks `runDir` as written: its lock became the run folder. */
export function releaseWritten(runDir: string): void {
  held.delete(runDir);
}

/** Removes the locks of runs that end without writing their folder (and folders made for them). */
export function releaseRunLocks(): void {
  for (const [dir, h] of held) {
    dropLockFile(dir);
    try {
      Deno.removeSync(h.lock, { recursive: true });
    } catch { /* already gone */ }
    removeEmpty(h.created);
    held.delete(dir);
  }
}
