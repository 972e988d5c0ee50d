/**
 * Where migration tools keep their files by convention: the folders that detection looks in
 * and, with `.spec/` and the agent command folders, all that the compiled binary may write.
 * @module
 */

import type { ProjectView } from "./types.ts";

/** Conventional migrations folders (relative to the project root), searched in this order. */
export const MIGRATION_DIRS: readonly string[] = [
  "db/migrations", // dbmate's default; golang-migrate, goose, raw SQL
  "migrations",
  "db/migration", // Flyway (Spring Boot: src/main/resources/db/migration)
  "src/main/resources/db/migration",
  "sql", // Flyway command line: filesystem:sql
  "db/changelog", // Liquibase
  "src/main/resources/db/changelog",
];

/** Folders that may hold a Sqitch project (`sqitch.plan` with deploy/ revert/ verify/). */
export const SQITCH_TOP_DIRS: readonly string[] = [".", "db"];

/** The files and folders a Sqitch project at `top` is written through. */
export function sqitchPaths(top: string): string[] {
  const p = (x: string) => (top === "." ? x : `${top}/${x}`);
  return [p("sqitch.plan"), p("deploy"), p("revert"), p("verify")];
}

/** Every path --apply may write under, in any project layout it detects. */
export function migrationWritePaths(): string[] {
  return [...MIGRATION_DIRS, ...SQITCH_TOP_DIRS.flatMap(sqitchPaths)];
}

/** The folders detection looks in, in order, without repeats. */
export function candidateDirs(configured: string): string[] {
  const norm = (d: string) => d.replace(/^\.\//, "").replace(/\/+$/, "") || ".";
  return [...new Set([configured, ...MIGRATION_DIRS, ...SQITCH_TOP_DIRS].map(norm))];
}

/** `name` in folder `dir` (relative paths with `/`; `.` is the project root). */
export function under(dir: string, name: string): string {
  return dir === "." || dir === "" ? name : `${dir.replace(/\/+$/, "")}/${name}`;
}

/** The checksum file's name, in the folder the migration tool's files go to. */
export const SUM_FILE = "smartspec.sum";

/**
 * The checksum file (apply/checksum.ts) and the folder it lies in: in the configured folder or
 * a conventional one; undefined when the project has none, so that a run without one loads no
 * hashing.
 */
export function readSumFile(
  view: ProjectView,
  configuredDir: string,
): { dir: string; text: string } | undefined {
  for (const dir of candidateDirs(configuredDir.replace(/\/+$/, "") || ".")) {
    const text = view.read(under(dir, SUM_FILE));
    if (text !== undefined) return { dir, text };
  }
  return undefined;
}
