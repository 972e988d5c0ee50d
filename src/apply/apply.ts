/**
 * `--apply`: which files go into the project's migrations folder, in the format of the migration
 * tool (`--migration-tool`, else the config's `migration_tool`, else detected from the project,
 * else plain up/down SQL files), and the change plan that says so before anything is written.
 * @module
 */
import type { Config } from "../cli/config.ts";
import type { MigrationFiles } from "../render/files.ts";
import { changeFingerprint, sumWrite } from "./checksum.ts";
import { detectTool, formatOf } from "./detect.ts";
import { slug, stampOf } from "./numbering.ts";
import type { ApplyWrite, MigrationTool, ProjectView } from "./types.ts";
import { pairUnits } from "./units.ts";

/** What --apply will write. */
export interface ApplyPlan {
  tool: MigrationTool;
  /** The folder the tool's files go to. */
  dir: string;
  /** How the tool was chosen. */
  chosenBy: string;
  writes: ApplyWrite[];
  /** The migration files written, in order (without the checksum file). */
  paths: string[];
  /** The checksum file (smartspec.sum), rewritten after the migration files. */
  sumPath: string;
  /** Things the user should know. */
  notes: string[];
  /** change_plan.md. */
  changePlan: string;
}

/** Inputs of the apply planner. */
export interface ApplyInput {
  view: ProjectView;
  config: Config;
  /** `--migration-tool`. */
  tool?: MigrationTool;
  specId: string;
  runId: string;
  files: MigrationFiles;
  /** The generator's name and version, e.g. `smartspec_data_migration_generator 0.1.0`. */
  generator: string;
  /** The project's folder name. */
  project: string;
  /** The run's archive tag (left out of the change's fingerprint). */
  archiveTag?: string;
  now?: Date;
}

function chooseTool(input: ApplyInput): { tool: MigrationTool; dir: string; chosenBy: string } {
  const configured = input.config.migrationsDir.replace(/\/+$/, "") || ".";
  const explicit = input.tool ?? input.config.migrationTool;
  if (explicit) {
    const how = input.tool ? "--migration-tool" : "migration_tool in the config";
    const found = detectTool(input.view, configured, explicit);
    if (found) return { tool: explicit, dir: found.dir, chosenBy: `${how}; ${found.evidence}` };
    return { tool: explicit, dir: configured, chosenBy: `${how}; migrations_dir ${configured}` };
  }
  const found = detectTool(input.view, configured);
  if (found) return { tool: found.tool, dir: found.dir, chosenBy: `detected: ${found.evidence}` };
  return {
    tool: "raw-sql",
    dir: configured,
    chosenBy: `no migration tool found in the project: plain SQL files in ${configured}`,
  };
}

function lineCount(s: string): number {
  return s.replace(/\n$/, "").split("\n").length;
}

/** Plans the migration files for the project's migrations folder. */
export function planApply(input: ApplyInput): ApplyPlan {
  const now = input.now ?? new Date();
  const { tool, dir, chosenBy } = chooseTool(input);
  // the dialect's renderer gives the units: the files are never split again to find them
  const up = { units: input.files.units.up };
  const down = { units: input.files.units.down };
  const out = formatOf(tool).render({
    dir,
    view: input.view,
    specId: input.specId,
    runId: input.runId,
    stamp: stampOf(input.runId, now),
    now,
    files: input.files,
    up,
    down,
    pairs: pairUnits(up.units, down.units),
    generator: input.generator,
    project: slug(input.project),
  });
  const paths = out.writes.map((w) => w.path);
  // the checksum file of the folder, written last
  const sum = sumWrite(input.view, dir, out.writes, {
    hash: changeFingerprint(input.files.migration, input.runId, input.archiveTag ?? ""),
    runId: input.runId,
  });
  out.writes.push(sum);
  const changePlan = [
    `# Change plan: ${input.runId}`,
    "",
    `--apply writes the migration into the project's migrations folder \`${dir}/\` ` +
    `in the format of ${tool} (${chosenBy}).`,
    "Nothing is overwritten: an existing file stops the write" +
    (out.writes.some((w) => w.mode === "append")
      ? " (a plan file only gets lines appended)."
      : "."),
    "",
    ...out.writes.map((w) =>
      `- \`${w.path}\` (${
        w.mode === "append" ? "append " : w.mode === "replace" ? "checksums, " : ""
      }${lineCount(w.content)} lines)`
    ),
    "",
    ...(out.notes.length ? ["Notes:", "", ...out.notes.map((n) => `- ${n}`), ""] : []),
  ].join("\n");
  return {
    tool,
    dir,
    chosenBy,
    writes: out.writes,
    paths,
    sumPath: sum.path,
    notes: out.notes,
    changePlan,
  };
}
