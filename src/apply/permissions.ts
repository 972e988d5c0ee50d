/**
 * The permissions the compiled binary has baked in (`deno compile` flags), and the check that
 * turns a write outside them into a clear error instead of a permission failure halfway.
 *
 * Paths in the flags are relative: Deno resolves them against the working directory when the
 * binary starts, which is the project root. So the binary reads the project (`.`), writes only
 * `.spec/` (run folders), the migrations folders that --apply may write (see
 * {@link migrationWritePaths}) and the agent command folders of --install-workflow, reads only
 * the environment variables below, may connect to the loopback host only (`--dev-url`
 * verification on a local server: {@link LOOPBACK_HOSTS}) and has no subprocess permission.
 * @module
 */
import { resolve } from "node:path";
import { migrationWritePaths } from "./locations.ts";

/** Where --install-workflow writes (Kilo Code, Claude Code, Roo Code). */
export const WORKFLOW_DIRS: readonly string[] = [
  ".kilocode/workflows",
  ".claude/commands",
  ".roo/commands",
];

/**
 * Environment variables read: `CI` (platform inference), `SMARTSPEC_DEBUG` (stack traces of
 * internal errors), `INIT_CWD` (the folder `deno task` was started from, for messages), and
 * `LOG_TOKENS` / `LOG_STREAM`, which the `yaml` package looks at.
 */
export const ENV_VARS: readonly string[] = [
  "CI",
  "SMARTSPEC_DEBUG",
  "INIT_CWD",
  "LOG_TOKENS",
  "LOG_STREAM",
];

/** The hosts `--dev-url` may name: the loopback interface (the tool never talks to a remote). */
export const LOOPBACK_HOSTS: readonly string[] = ["127.0.0.1", "localhost", "[::1]"];

/** Folders the binary may write, relative to the project root. */
export function writablePaths(): string[] {
  return [".spec", ...migrationWritePaths(), ...WORKFLOW_DIRS];
}

/** The permission flags of `deno compile` (and of the tests that run with exactly them). */
export function bakedPermissionFlags(): string[] {
  return [
    "--allow-read=.",
    `--allow-write=${writablePaths().join(",")}`,
    `--allow-env=${ENV_VARS.join(",")}`,
    `--allow-net=${LOOPBACK_HOSTS.join(",")}`,
    "--no-prompt",
  ];
}

/** Those of `paths` (relative to `root`) that this process may not write. */
export function notWritable(root: string, paths: string[]): string[] {
  return paths.filter((p) =>
    Deno.permissions.querySync({ name: "write", path: resolve(root, p) }).state !== "granted"
  );
}

/** The error message for paths that cannot be written. */
export function notWritableMessage(paths: string[]): string {
  return `cannot write ${paths.join(", ")}: this executable may write only under ` +
    `${writablePaths().join(", ")} (relative to the project root, the current directory); ` +
    `choose a folder among them (--out, migrations_dir) or run from source (deno task gen)`;
}
