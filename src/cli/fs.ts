/**
 * Writes that are atomic and never overwrite: a run folder is built under a temporary name and
 * renamed into place; a single file is written to a temporary name and hard-linked to its
 * final name (which fails if the name exists).
 * @module
 */
import { dirname, join } from "node:path";
import { InputError } from "../errors.ts";
import { dropLockFile, heldStaging, releaseWritten } from "./run_lock.ts";

/** True when a path exists. */
export function exists(p: string): boolean {
  try {
    Deno.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes `files` (name -> content) as the new folder `dir`; fails if `dir` exists
 * (`Deno.errors.AlreadyExists`). A folder that cannot be written (permissions, a read-only file
 * system, a name too long) is an {@link InputError} that names it.
 */
export function writeFolderAtomic(dir: string, files: Record<string, string>): void {
  try {
    writeFolder(dir, files);
  } catch (e) {
    if (e instanceof Deno.errors.AlreadyExists || e instanceof InputError) throw e;
    throw new InputError(`cannot write the run folder ${dir}: ${(e as Error).message}`);
  }
}

function writeFolder(dir: string, files: Record<string, string>): void {
  const parent = dirname(dir);
  // a reserved run id (run_lock.ts) is built in its lock folder; else in a fresh temporary one
  let tmp = heldStaging(dir);
  if (!tmp) {
    Deno.mkdirSync(parent, { recursive: true });
    tmp = join(parent, `.tmp-${crypto.randomUUID()}`);
    Deno.mkdirSync(tmp);
  }
  try {
    for (const [name, content] of Object.entries(files)) {
      Deno.writeTextFileSync(join(tmp, name), content, { createNew: true });
    }
    if (exists(dir)) throw new Deno.errors.AlreadyExists(`${dir} exists`);
    dropLockFile(dir);
    Deno.renameSync(tmp, dir);
    releaseWritten(dir);
  } catch (e) {
    try {
      Deno.removeSync(tmp, { recursive: true });
    } catch { /* already gone */ }
    throw e;
  }
}

/** Writes one new file atomically; fails if it exists. */
export function writeFileAtomicNew(path: string, content: string): void {
  Deno.mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.tmp-${crypto.randomUUID()}`);
  Deno.writeTextFileSync(tmp, content, { createNew: true });
  try {
    Deno.linkSync(tmp, path);
  } finally {
    Deno.removeSync(tmp);
  }
}

/** Replaces an existing file atomically (write to a temporary name, then rename). */
export function replaceFileAtomic(path: string, content: string): void {
  const tmp = join(dirname(path), `.tmp-${crypto.randomUUID()}`);
  Deno.writeTextFileSync(tmp, content, { createNew: true });
  Deno.renameSync(tmp, path);
}
