/**
 * `--apply`: which files go into the project's migrations folder, in the format of the
 * migration tool (plain up/down SQL files for raw-sql), and the change plan that says so.
 * @module
 */
import type { MigrationFiles } from "../render/migration.ts";
import type { Config } from "./config.ts";

/** What --apply will write. */
export interface ApplyPlan {
  writes: { path: string; content: string }[];
  paths: string[];
  changePlan: string;
}

/** Inputs of the apply planner. */
export interface ApplyInput {
  root: string;
  config: Config;
  tool?: string;
  specId: string;
  runId: string;
  files: MigrationFiles;
  hasConcurrently: boolean;
}

function stamp(runId: string): string {
  const m = /^(\d{8})-(\d{6})Z/.exec(runId);
  if (m) return m[1] + m[2];
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}` +
    `${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** Plans the migration files for the project's migrations folder. */
export function planApply(input: ApplyInput): ApplyPlan {
  const dir = input.config.migrationsDir.replace(/\/+$/, "");
  const tool = input.tool ?? input.config.migrationTool ?? "raw-sql";
  const base = `${stamp(input.runId)}_${input.specId.replace(/[^a-z0-9_]+/g, "_")}`;
  const writes = [
    { path: `${dir}/${base}.up.sql`, content: input.files.migration },
    { path: `${dir}/${base}.down.sql`, content: input.files.rollback },
  ];
  const paths = writes.map((w) => w.path);
  const changePlan = [
    `# Change plan: ${input.runId}`,
    "",
    `--apply writes the migration into the project's migrations folder (\`${dir}/\`, format ${tool}).`,
    "Nothing is overwritten: an existing file stops the write.",
    "",
    ...writes.map((w) => `- \`${w.path}\` (${w.content.split("\n").length} lines)`),
    "",
  ].join("\n");
  return { writes, paths, changePlan };
}
