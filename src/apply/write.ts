/**
 * Carrying out an {@link ApplyPlan}: new files are written atomically and never over an existing
 * one; a plan file gets its line appended by an atomic replace. Checked first, all of it: when a
 * file to create exists already, nothing is written.
 * @module
 */
import { resolve } from "node:path";
import { exists, replaceFileAtomic, writeFileAtomicNew } from "../cli/fs.ts";
import type { ApplyWrite } from "./types.ts";

/** Names of files that undo a migration (`x.down.sql`, `revert/x.sql`, flyway `U1__x.sql`). */
const UNDO = /(^|[/._-])(down|revert|undo)([/._-]|$)|(^|\/)U\d[^/]*__[^/]*$/i;

/**
 * The order of the writes: files that undo a migration first, then the others in plan order,
 * appends to existing files (a plan's line) last; so a run killed halfway never leaves an up
 * file without its down, nor a plan line for files that are missing.
 */
export function writeOrder(writes: ApplyWrite[]): ApplyWrite[] {
  const creates = writes.filter((w) => w.mode === "create");
  return [
    ...creates.filter((w) => UNDO.test(w.path)),
    ...creates.filter((w) => !UNDO.test(w.path)),
    ...writes.filter((w) => w.mode !== "create"),
  ];
}

/** Writes the files under `root`; throws (before writing anything) when a file exists. */
export function writeApply(root: string, writes: ApplyWrite[]): void {
  const clash = writes.filter((w) => w.mode === "create" && exists(resolve(root, w.path)));
  if (clash.length) {
    throw new Error(`${clash.map((w) => w.path).join(", ")} exist(s) already`);
  }
  for (const w of writeOrder(writes)) {
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
