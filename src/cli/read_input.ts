/**
 * Reading a user's input file (spec, config, schema, rule file) safely: only a file inside the
 * project (also after following links), only a regular file is read, never a FIFO or a device that could block or never end, and
 * never more than a size limit; every failure is an input error naming the file.
 * @module
 */
import { resolve } from "node:path";
import { InputError } from "../errors.ts";
import { guardInputFile } from "./paths_guard.ts";

/** Largest schema file read (the WASM parser needs several times its size in memory). */
export const MAX_SCHEMA_BYTES = 32 * 1024 * 1024;
/** Largest spec, config or rule file read. */
export const MAX_TEXT_BYTES = 4 * 1024 * 1024;

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

function reason(e: unknown): string {
  if (e instanceof Deno.errors.NotFound) return "not found";
  if (e instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (e instanceof Deno.errors.NotADirectory) return "a part of the path is a file";
  return (e as Error)?.message ?? String(e);
}

/**
 * The bytes of the regular file at `path` (relative to `root`), at most `maxBytes`. `what`
 * names the file in messages ("schema file", "spec").
 */
export function readInputBytes(
  root: string,
  path: string,
  what: string,
  maxBytes = MAX_TEXT_BYTES,
): Uint8Array {
  guardInputFile(root, path, what);
  const abs = resolve(root, path);
  let st: Deno.FileInfo;
  try {
    st = Deno.statSync(abs);
  } catch (e) {
    throw new InputError(`cannot read ${what} ${path}: ${reason(e)}`);
  }
  if (!st.isFile) {
    throw new InputError(
      `${what} ${path} is not a regular file (${
        st.isDirectory ? "a folder" : "a device, FIFO or socket"
      })`,
    );
  }
  if (st.size > maxBytes) {
    throw new InputError(
      `${what} ${path} is too large: ${mb(st.size)}, at most ${mb(maxBytes)} are read`,
    );
  }
  let file: Deno.FsFile | undefined;
  try {
    file = Deno.openSync(abs, { read: true });
    // read at most maxBytes + 1: a file that grows (or lies about its size) is still bounded
    const buf = new Uint8Array(Math.min(maxBytes + 1, Math.max(st.size + 1, 64 * 1024)));
    let used = 0;
    let chunk = buf;
    for (;;) {
      if (used === chunk.length) {
        if (chunk.length > maxBytes) break;
        const bigger = new Uint8Array(Math.min(maxBytes + 1, chunk.length * 2));
        bigger.set(chunk);
        chunk = bigger;
      }
      const n = file.readSync(chunk.subarray(used));
      if (n === null) break;
      used += n;
    }
    if (used > maxBytes) {
      throw new InputError(`${what} ${path} is too large: more than ${mb(maxBytes)}`);
    }
    return chunk.slice(0, used);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read ${what} ${path}: ${reason(e)}`);
  } finally {
    file?.close();
  }
}

/** The text (UTF-8) of a regular input file; see {@link readInputBytes}. */
export function readInputText(
  root: string,
  path: string,
  what: string,
  maxBytes = MAX_TEXT_BYTES,
): string {
  const bytes = readInputBytes(root, path, what, maxBytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${what} ${path} is not UTF-8 text`);
  }
}
