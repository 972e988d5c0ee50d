/**
 * The summary of a run (`summary.json`, and what report.md and the terminal say), from its
 * inputs, what it generated and how it ended; and the next commands, which follow from that.
 * @module
 */
import { join } from "node:path";
import { countChanges, type Summary, unmanagedEntries } from "../report/summary.ts";
import type { CliArgs } from "./args.ts";
import type { LoadedConfig, RunInputs } from "./run_inputs.ts";
import { toPosix } from "./run_inputs.ts";
import type { Generated } from "./run_generate.ts";
import type { Outcome } from "./run_outcome.ts";
import { currentInvocation, decisionFixes, nextCommands } from "./next_steps.ts";
import { onlineSummary } from "../report/online.ts";
import { rolesOfChanges } from "../diff/privileges.ts";

/** The summary and what the terminal adds to it. */
export interface Summarised {
  summary: Summary;
  folderRel: string;
  /** Why the next command is the one given. */
  why: string;
  fixes: ReturnType<typeof decisionFixes>;
}

/** The files of the run folder, relative to the project. */
function runFiles(folderRel: string, withPlan: boolean): Record<string, string> {
  const files: Record<string, string> = {
    migration: `${folderRel}/migration.sql`,
    rollback: `${folderRel}/rollback.sql`,
    report: `${folderRel}/report.md`,
    summary: `${folderRel}/summary.json`,
    from_schema: `${folderRel}/from-schema.sql`,
    to_schema: `${folderRel}/to-schema.sql`,
  };
  if (withPlan) files.change_plan = `${folderRel}/change_plan.md`;
  return files;
}

/** Builds the summary of a run. */
export function summarise(
  root: string,
  argv: string[],
  args: CliArgs,
  ctx: {
    tool: string;
    version: string;
    platform: Summary["platform"];
    config: LoadedConfig;
    input: RunInputs;
    generated: Generated;
    outcome: Outcome;
  },
): Summarised {
  const { input, generated: { result, verification }, outcome: o, tool } = ctx;
  const { apply } = o;
  const folderRel = toPosix(join(input.reportsDir, input.runId));
  const risks = result.steps
    .filter((s) => s.item.safety !== "safe" && !s.item.blocked)
    .map((s) => `[${s.n}] ${s.item.safety}: ${s.item.message}`);
  const roles = rolesOfChanges(result.steps.map((s) => s.item.change));
  const declined = !!o.refused && o.unacknowledged.length > 0 && !args.allowDestructive;
  const next = nextCommands(argv, currentInvocation(root, tool), {
    status: o.status,
    applied: !!apply,
    apply: args.apply,
    alreadyThere: !!o.alreadyBy,
    destructive: declined,
    written: apply
      ? { tool: apply.tool, dir: apply.dir, up: apply.paths.find((p) => /up\.sql$/.test(p)) }
      : undefined,
  }, tool);
  const fixes = decisionFixes(result.steps, {
    specPath: input.specPath,
    toPath: input.schemas.to.path,
    hasBlock: input.spec.blockLine !== undefined,
  }, declined ? o.unacknowledged : []);
  const { from, to } = input.schemas;
  const online = onlineSummary(result.online, result.steps, result.files);
  const summary: Summary = {
    workflow: tool,
    version: ctx.version,
    run_id: input.runId,
    status: o.status,
    exit_code: o.exitCode,
    platform: ctx.platform,
    applied: !!apply,
    spec: { path: input.specPath, id: input.spec.id },
    dialect: input.dialect,
    inputs: {
      from_schema: {
        path: from.path,
        chosen_by: from.chosenBy,
        ...(from.baselineRun ? { baseline_run: from.baselineRun } : {}),
      },
      to_schema: { path: to.path, chosen_by: to.chosenBy },
      config: ctx.config.info,
      rules: {
        builtin: input.rules.all().filter((r) => r.origin === "builtin").length,
        user: input.ruleDirs,
      },
    },
    changes: o.entries,
    counts: countChanges(o.entries),
    unmanaged: unmanagedEntries([
      { file: from.path, items: result.from.unmanaged },
      { file: to.path, items: result.to.unmanaged },
    ]),
    ...(roles.length ? { roles } : {}),
    risks,
    blocked: o.blocked,
    files: runFiles(folderRel, !!apply),
    verification,
    writes: {
      run_folder: folderRel,
      migrations: apply?.paths ?? [],
      ...(apply ? { checksums: apply.sumPath } : {}),
      ...(o.alreadyBy ? { already_written_by: o.alreadyBy } : {}),
    },
    refused: o.refused,
    timings_ms: Object.fromEntries(
      Object.entries(result.timings).map(([k, v]) => [k, Math.round(v * 10) / 10]),
    ),
    ...(fixes.length ? { decisions: fixes } : {}),
    next: { cli: next.cli, kilo: next.kilo, why: next.why },
    ...(online ? { online } : {}),
  };
  return { summary, folderRel, why: next.why, fixes };
}
