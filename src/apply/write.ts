/**
 * Carrying out an {@link ApplyPlan}: new files are written atomically and never over an existing
 * one; a plan file gets its line appended by an atomic replace. Checked first, all of it: when a
 * file to create exists already, nothing is written.
 * @module
 */
import { resolve } from "node:path";
import { exists, replaceFileAtomic, writeFileAtomicNew } from "../cli/fs.ts";
import type { ApplyWrite } from "./types.ts";

/** Writes the files under `root`; throws (before writing anything) when a file exists. */
export function writeApply(root: string, writes: ApplyWrite[]): void {
  const clash = writes.filter((w) => w.mode === "create" && exists(resolve(root, w.path)));
  if (clash.length) {
    throw new Error(`${clash.map((w) => w.path).join(", ")} exist(s) already`);
  }
  for (const w of writes) {
    const path = resolve(root, w.path);
    if (w.mode === "create") writeFileAtomicNew(path, w.content);
    else if (w.mode === "replace") {
      if (exists(path)) replaceFileAtomic(path, w.content);
      else writeFileAtomicNew(path, w.content);
    } else {
      const old = Deno.readTextFileSync(path);
      replaceFileAtomic(path, old + (old === "" || old.endsWith("\n") ? "" : "\n") + w.content);
    }
  }
}
