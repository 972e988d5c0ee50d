/**
 * How a run ends: its status, why `--apply` is refused (verification failed, a decision is
 * needed, a destructive change is not acknowledged, the migrations folder does not match its
 * checksum file), the exit code, and the `--apply` plan when it goes ahead.
 * @module
 */
import { basename } from "node:path";
import type { ApplyPlan } from "../apply/apply.ts";
import type { FolderState } from "../apply/checksum.ts";
import { readSumFile } from "../apply/locations.ts";
import { diskView } from "../apply/project_view.ts";
import { archiveTagOf } from "../pipeline.ts";
import type { Step } from "../plan/plan.ts";
import { changeEntries, type RunStatus, type Summary } from "../report/summary.ts";
import type { CliArgs } from "./args.ts";
import type { Config } from "./config.ts";
import type { Generated } from "./run_generate.ts";
import type { RunInputs } from "./run_inputs.ts";

/** The outcome of a run. */
export interface Outcome {
  status: RunStatus;
  exitCode: number;
  entries: Summary["changes"];
  /** `[n] reason` of each change that needs a decision. */
  blocked: string[];
  refused?: string;
  /** Destructive changes without a `drop:` intent. */
  unacknowledged: Step[];
  /** The run whose migration the folder already holds (a second `--apply`). */
  alreadyBy?: string;
  apply?: ApplyPlan;
}

/** Destructive changes that no `drop:` intent acknowledges. */
function unacknowledgedOf(steps: Step[]): Step[] {
  return steps.filter((s) =>
    s.item.safety === "destructive" &&
    !((s.item.change.kind === "drop_column" || s.item.change.kind === "drop_table") &&
      s.item.change.acknowledged)
  );
}

/** Why `--apply` may not write, before looking at the migrations folder. */
function applyRefusal(
  args: CliArgs,
  status: RunStatus,
  g: Generated,
  blocked: string[],
  unacknowledged: Step[],
): string | undefined {
  if (!args.apply) return undefined;
  if (status === "failed") {
    return `--apply refused: verification failed (${g.verification.reason ?? "see report.md"})`;
  }
  if (status === "blocked") {
    return `--apply refused: ${blocked.length} change(s) need a decision first`;
  }
  if (unacknowledged.length && !args.allowDestructive) {
    return `--apply refused: ${unacknowledged.length} destructive change(s) are not ` +
      `acknowledged (${
        unacknowledged.map((s) => `${s.item.change.kind} ${s.item.described.target}`).join(", ")
      }); add a \`drop:\` intent to the spec or pass --allow-destructive`;
  }
  return undefined;
}

/**
 * The migrations folder against its checksum file (smartspec.sum), with the fingerprint of the
 * migration when the run has one; the checksum code (and its hashing) loads only when the
 * folder has a checksum file.
 */
async function checkedFolder(
  root: string,
  config: Config,
  migration: { text: string; runId: string; tag: string } | undefined,
): Promise<FolderState> {
  const view = diskView(root);
  if (!readSumFile(view, config.migrationsDir)) return { problems: [] };
  const { changeFingerprint, folderState } = await import("../apply/checksum.ts");
  return folderState(
    view,
    config.migrationsDir,
    () => migration && changeFingerprint(migration.text, migration.runId, migration.tag),
  );
}

/**
 * Decides the status and exit code, checks the migrations folder, plans `--apply` (whose code
 * loads only with `--apply`).
 */
export async function decideOutcome(
  root: string,
  args: CliArgs,
  config: Config,
  input: RunInputs,
  g: Generated,
  meta: { tool: string; version: string },
  warn: (s: string) => void,
): Promise<Outcome> {
  const { result, verification } = g;
  const unverified = !!args.requireVerify && !!result.files.steps &&
    !["passed", "guarded"].includes(verification.status);
  const entries = changeEntries(result.steps);
  const blocked = entries.filter((e) => e.blocked).map((e) => `[${e.n}] ${e.blocked}`);
  let status: RunStatus = blocked.length
    ? "blocked"
    : verification.status === "failed" || unverified
    ? "failed"
    : entries.length
    ? "ok"
    : "no_changes";
  const unacknowledged = unacknowledgedOf(result.steps);
  let refused = applyRefusal(args, status, g, blocked, unacknowledged);
  // the migrations folder against its checksum file (smartspec.sum)
  const tag = archiveTagOf(input.runId);
  const folderNow = await checkedFolder(
    root,
    config,
    status === "ok" ? { text: result.files.migration, runId: input.runId, tag } : undefined,
  );
  for (const p of folderNow.problems) warn(p);
  const alreadyBy = args.apply && !refused ? folderNow.alreadyBy : undefined;
  if (args.apply && !refused && status === "ok" && folderNow.problems.length) {
    refused = `--apply refused: the migrations folder does not match ${folderNow.sumPath} ` +
      `(${folderNow.problems.join("; ")}); if that is intended, delete ${folderNow.sumPath} ` +
      `and run again: it records the folder as it is`;
  }
  if (refused) status = "refused";
  const exitCode = status === "blocked" || status === "refused" || status === "failed" ? 1 : 0;
  const apply = args.apply && !refused && status !== "no_changes" && !alreadyBy
    ? (await import("../apply/apply.ts")).planApply({
      view: diskView(root),
      config,
      tool: args.migrationTool,
      specId: input.spec.id,
      runId: input.runId,
      files: result.files,
      generator: `${meta.tool} ${meta.version}`,
      project: basename(root),
      archiveTag: tag,
    })
    : undefined;
  return { status, exitCode, entries, blocked, refused, unacknowledged, alreadyBy, apply };
}
