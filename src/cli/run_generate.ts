/**
 * The generating part of a run: the dialect is loaded (and its verification engine started, in
 * parallel with the pipeline, when the run will verify), the pipeline runs, and a complete plan
 * is verified.
 * @module
 */
import type { SqlDialect } from "../dialects/dialect.ts";
import { archiveTagOf, initDialect, type PipelineResult, runPipeline } from "../pipeline.ts";
import { acceptedLosses } from "../spec/accept_loss.ts";
import type { VerificationResult } from "../verify/result.ts";
import { startVerifyEngine } from "../dialects/registry.ts";
import type { CliArgs } from "./args.ts";
import { DEFAULT_BACKFILL } from "../classify/described.ts";
import type { Config } from "./config.ts";
import { withDialectHint } from "./dialect_hint.ts";
import { type Progress, verifyWithProgress } from "./progress.ts";
import type { RunInputs } from "./run_inputs.ts";

/** What generating gives. */
export interface Generated {
  dialect: SqlDialect;
  result: PipelineResult;
  verification: VerificationResult;
}

/** Why a run does not verify, or undefined when it does. */
function skipReason(
  args: CliArgs,
  result: PipelineResult,
  dialect: SqlDialect,
): string | undefined {
  if (!args.verify) return "--no-verify";
  if (result.steps.some((s) => s.item.blocked) || !result.files.steps) return "nothing to verify";
  if (!dialect.verify) return `${dialect.name} has no embedded verification engine`;
  return undefined;
}

/** Runs the pipeline and the verification of its files. */
export async function generate(
  args: CliArgs,
  config: Config,
  input: RunInputs,
  meta: { tool: string; version: string },
  progress: Progress,
): Promise<Generated> {
  // the verification engine starts first, when it will be needed: its start overlaps loading
  // the dialect's parser and the pipeline
  const prepared = args.verify
    ? await startVerifyEngine(input.dialect, {
      fromSql: input.fromText,
      toSql: input.toText,
      devUrl: args.devUrl,
    })
    : undefined;
  try {
    const dialect = await initDialect(input.dialect);
    const { schemas, fromText, toText } = input;
    const result = withDialectHint(
      () =>
        runPipeline({
          dialect,
          spec: input.spec,
          from: { path: schemas.from.path, text: fromText },
          to: { path: schemas.to.path, text: toText },
          rules: input.rules,
          runId: input.runId,
          archiveTag: archiveTagOf(input.runId),
          tool: meta.tool,
          version: meta.version,
          lockTimeout: config.lockTimeout,
          statementTimeout: config.statementTimeout,
          online: args.online || config.online,
          privileges: config.privileges,
          owners: config.owners,
          backfill: {
            batchSize: args.batchSize ?? config.batchSize ?? dialect.caps.backfillBatchSize ??
              DEFAULT_BACKFILL.batchSize,
            pauseMs: args.batchPauseMs ?? config.batchPauseMs ?? DEFAULT_BACKFILL.pauseMs,
            retries: DEFAULT_BACKFILL.retries,
          },
          onPhase: (name, detail, ms) => progress.phase(name, detail, ms),
        }),
      input.dialect,
      { [schemas.from.path]: fromText, [schemas.to.path]: toText },
    );
    // checked on every run: an accept_loss of an unknown column is bad input, verified or not
    const acceptLoss = acceptedLosses(input.spec, result.to, dialect.caps.defaultSchema);
    const skip = skipReason(args, result, dialect);
    if (skip) {
      await prepared?.dispose();
      return { dialect, result, verification: { status: "skipped", reason: skip } };
    }
    const verification = await verifyWithProgress(progress, () =>
      dialect.verify!({
        fromSql: fromText,
        toSql: toText,
        migrationSql: result.files.migration,
        rollbackSql: result.files.rollback,
        from: result.from,
        to: result.to,
        steps: result.steps,
        acceptLoss,
        devUrl: args.devUrl,
        rerunnable: result.files.rerunnable,
      }, prepared));
    return { dialect, result, verification };
  } catch (e) {
    await prepared?.dispose();
    throw e;
  }
}
