/**
 * How a run ends: its status, why `--apply` is refused (verification failed, a decision is
 * needed, a destructive change is not acknowledged, the migrations folder does not match its
 * checksum file), the exit code, and the `--apply` plan when it goes ahead.
 * @module
 */
import { basename } from "node:path";
import { type ApplyPlan, planApply } from "../apply/apply.ts";
import { changeFingerprint, folderState } from "../apply/checksum.ts";
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

/** Decides the status and exit code, checks the migrations folder, plans `--apply`. */
export function decideOutcome(
  root: string,
  args: CliArgs,
  config: Config,
  input: RunInputs,
  g: Generated,
  meta: { tool: string; version: string },
  warn: (s: string) => void,
): Outcome {
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
  const folderNow = folderState(
    diskView(root),
    config.migrationsDir,
    status === "ok" ? changeFingerprint(result.files.migration, input.runId, tag) : undefined,
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
    ? planApply({
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
