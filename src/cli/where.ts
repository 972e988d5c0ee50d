/**
 * Where the tool looked: a spec that is not found names the folder that was searched, and when
 * `deno task gen` runs (in the folder of deno.json) from another folder, it says so and how to
 * run the tool in the project instead.
 * @module
 */
import { resolve } from "node:path";
import { InputError } from "../errors.ts";

/**
 * `e` with the searched folder (`root`) and, when `initCwd` (the folder `deno task` was started
 * from, env INIT_CWD) differs from it, how to run the tool from there.
 */
export function searchedFolderError(e: InputError, root: string, initCwd?: string): InputError {
  let msg = e.message;
  if (!msg.includes(root)) msg += ` (searched the project at ${root})`;
  if (initCwd && resolve(initCwd) !== resolve(root)) {
    const repo = resolve(root);
    msg += `; \`deno task\` runs in the folder of deno.json (${repo}), not in ${initCwd} ` +
      `where it was started: from your project run \`deno run --allow-read --allow-write ` +
      `--allow-env --config ${repo}/deno.json ${repo}/main.ts ...\`, or install the command ` +
      `(see README "Install")`;
  }
  return new InputError(msg);
}

/** An environment variable, or undefined when it is unset or may not be read. */
export function envVar(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}
