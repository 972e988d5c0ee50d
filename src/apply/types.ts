/**
 * What the migration-tool formats share: a read-only view of the project, the inputs of a
 * format, the files it writes.
 * @module
 */
import type { MigrationFiles } from "../render/files.ts";
import type { UnitFile, UnitPair } from "./units.ts";

/** The migration tools of `--migration-tool`. */
export type MigrationTool =
  | "raw-sql"
  | "dbmate"
  | "golang-migrate"
  | "goose"
  | "flyway"
  | "liquibase"
  | "sqitch";

/** Read-only access to the project (paths relative to its root, `/`-separated). */
export interface ProjectView {
  /** Names of the files directly in `dir`, sorted; empty when `dir` does not exist. */
  list(dir: string): string[];
  /** A file's text (the first MiB of it), or undefined when it cannot be read. */
  read(path: string): string | undefined;
}

/** One file that --apply writes: a new file, or a line appended to an existing one. */
export interface ApplyWrite {
  path: string;
  content: string;
  /**
   * `create` (fails when the file exists), `append` (sqitch.plan) or `replace` (the checksum
   * file, rewritten atomically, created when missing).
   */
  mode: "create" | "append" | "replace";
}

/** What a format gets. */
export interface FormatInput {
  /** Folder of the tool's files, relative to the project root. */
  dir: string;
  view: ProjectView;
  specId: string;
  runId: string;
  /** `YYYYMMDDHHMMSS` of the run. */
  stamp: string;
  now: Date;
  /** The generated files as written to the run folder. */
  files: MigrationFiles;
  up: UnitFile;
  down: UnitFile;
  /** Up units paired with the down units that undo them, when the files mirror each other. */
  pairs?: UnitPair[];
  /** The generator's name and version, for headers. */
  generator: string;
  /** The project's name (its folder's), for a new Sqitch plan. */
  project: string;
}

/** What a format produces. */
export interface FormatOutput {
  writes: ApplyWrite[];
  /** Things the user should know (said in change_plan.md). */
  notes: string[];
}

/** One migration tool's file format. */
export interface MigrationFormat {
  tool: MigrationTool;
  /** Where the tool's files go when nothing in the project says otherwise (`""`: config). */
  defaultDir?: string;
  /** Evidence that the files in `dir` belong to this tool (a sentence), or undefined. */
  detect(view: ProjectView, dir: string): string | undefined;
  /** The files to write. Throws RunError when the migration cannot be expressed. */
  render(input: FormatInput): FormatOutput;
}
