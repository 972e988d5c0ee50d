/**
 * Where migration tools keep their files by convention: the folders that detection looks in
 * and, with `.spec/` and the agent command folders, all that the compiled binary may write.
 * @module
 */

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
