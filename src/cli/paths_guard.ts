/**
 * Paths the tool writes to (the reports folder, `--out`, the migrations folder) and reads from
 * (schema files) must stay inside the project: a path outside it, a symlink that leads out, a
 * dangling symlink or a file where a folder belongs is refused with a message that says so,
 * before anything is read or written.
 * @module
 */
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { InputError } from "../errors.ts";

const toPosix = (p: string) => p.split(sep).join("/");

/** True when `path` is `root` or below it (both absolute, already resolved). */
function inside(root: string, path: string): boolean {
  const r = relative(root, path);
  return r === "" || (!r.startsWith("..") && !isAbsolute(r));
}

function realRoot(root: string): string {
  try {
    return Deno.realPathSync(root);
  } catch {
    return root;
  }
}

/**
 * Checks a folder that the run will write into (created when missing): inside the project, and
 * every part of it that exists is a folder, reached without a symlink that leads out of the
 * project. `what` names it in messages ("--out", "the reports folder").
 */
export function guardOutputDir(root: string, dir: string, what: string): void {
  const abs = resolve(root, dir);
  if (!inside(root, abs)) {
    throw new InputError(
      `${what} ${dir} is outside the project (${root}); the tool writes only inside it`,
    );
  }
  const real = realRoot(root);
  let cur = root;
  for (const part of relative(root, abs).split(sep).filter(Boolean)) {
    cur = join(cur, part);
    const shown = toPosix(relative(root, cur));
    let st: Deno.FileInfo;
    try {
      st = Deno.lstatSync(cur);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return; // the rest is created
      throw new InputError(`cannot check ${shown} (${what}): ${(e as Error).message}`);
    }
    if (st.isSymlink) {
      let target: string;
      try {
        target = Deno.realPathSync(cur);
      } catch {
        let link = "?";
        try {
          link = Deno.readLinkSync(cur);
        } catch { /* unreadable link */ }
        throw new InputError(
          `${shown} is a dangling symlink (to ${link}); ${what} ${dir} cannot be written there`,
        );
      }
      if (!inside(real, target)) {
        throw new InputError(
          `${shown} is a symlink to ${target}, outside the project; ${what} ${dir} is not ` +
            `written through it`,
        );
      }
      st = Deno.statSync(cur);
    }
    if (!st.isDirectory) {
      throw new InputError(
        `${shown} is ${st.isFile ? "a file" : "not a folder"}; ${what} ${dir} needs a folder there`,
      );
    }
  }
}

/**
 * Checks a file the run reads (a schema): inside the project after following symlinks. Returns
 * nothing; throws an {@link InputError} that says where it leads.
 */
export function guardInputFile(root: string, path: string, what: string): void {
  const abs = resolve(root, path);
  if (!inside(root, abs)) {
    throw new InputError(
      `${what} ${path} is outside the project (${root}); copy it into the project`,
    );
  }
  let target: string;
  try {
    target = Deno.realPathSync(abs);
  } catch {
    return; // missing: the caller says "not found"
  }
  if (!inside(realRoot(root), target)) {
    throw new InputError(
      `${what} ${path} is a symlink to ${target}, outside the project; it is not read`,
    );
  }
}
