/**
 * Which migration tool a project uses, from the files in its migrations folders: the first
 * folder (the configured one, then the conventional ones) where a tool's files are found, and in
 * it the most specific tool (Sqitch, Liquibase, Flyway, dbmate, goose, this tool's own plain
 * files, golang-migrate).
 * @module
 */
import { dbmate } from "./formats/dbmate.ts";
import { flyway } from "./formats/flyway.ts";
import { golangMigrate } from "./formats/golang_migrate.ts";
import { goose } from "./formats/goose.ts";
import { liquibase } from "./formats/liquibase.ts";
import { rawSql } from "./formats/raw_sql.ts";
import { sqitch } from "./formats/sqitch.ts";
import { candidateDirs } from "./locations.ts";
import type { MigrationFormat, MigrationTool, ProjectView } from "./types.ts";

/** Every format, most specific first (the order detection tries them in). */
export const FORMATS: readonly MigrationFormat[] = [
  sqitch,
  liquibase,
  flyway,
  dbmate,
  goose,
  rawSql,
  golangMigrate,
];

/** The format of a tool. */
export function formatOf(tool: MigrationTool): MigrationFormat {
  return FORMATS.find((f) => f.tool === tool)!;
}

/** A detected tool, where its files are, and why. */
export interface Detection {
  tool: MigrationTool;
  dir: string;
  evidence: string;
}

export { candidateDirs };

/** Detects the tool (or, with `only`, where that tool's files are); undefined when none. */
export function detectTool(
  view: ProjectView,
  configuredDir: string,
  only?: MigrationTool,
): Detection | undefined {
  const formats = only ? [formatOf(only)] : FORMATS;
  for (const dir of candidateDirs(configuredDir)) {
    for (const f of formats) {
      const evidence = f.detect(view, dir);
      if (evidence) return { tool: f.tool, dir, evidence };
    }
  }
  return undefined;
}
