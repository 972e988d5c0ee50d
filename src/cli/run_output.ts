/**
 * What a run leaves: the run folder (atomically, after the migrations that `--apply` writes, so
 * that a kill never leaves a summary listing files that are not there), and what it prints: the
 * plan per change, what needs a decision, then the summary last.
 * @module
 */
import { dirname, resolve } from "node:path";
import { InputError, RunError } from "../errors.ts";
import { notWritable, notWritableMessage } from "../apply/permissions.ts";
import { renderReport } from "../report/report_md.ts";
import type { CliArgs } from "./args.ts";
import { writeFolderAtomic } from "./fs.ts";
import { guardOutputDir } from "./paths_guard.ts";
import { fixText } from "./next_steps.ts";
import { printPlan, printSummary, verificationLine } from "./terminal.ts";
import type { RunInputs } from "./run_inputs.ts";
import type { Generated } from "./run_generate.ts";
import type { Outcome } from "./run_outcome.ts";
import type { Summarised } from "./run_summary.ts";

/**
 * Writes the migrations (with `--apply`), then the run folder. The rules' translated texts
 * (rules_i18n.ts, with their catalogs) are loaded only for a report in another language than
 * English.
 */
export async function writeRun(
  root: string,
  args: CliArgs,
  input: RunInputs,
  g: Generated,
  o: Outcome,
  s: Summarised,
): Promise<void> {
  const { result } = g;
  const texts = args.lang === "en"
    ? undefined
    : (await import("../report/rules_i18n.ts")).ruleTexts(
      result.steps,
      args.lang,
      g.dialect.quoting,
    );
  const { summary, folderRel } = s;
  const help = new Map(
    result.steps.filter((st) => st.item.rule).map((st) => [st.item.ruleId, st.item.rule!.help]),
  );
  const folder: Record<string, string> = {
    "migration.sql": result.files.migration,
    "rollback.sql": result.files.rollback,
    "report.md": renderReport(summary, help, args.lang, texts),
    "summary.json": JSON.stringify(summary, null, 2) + "\n",
    "from-schema.sql": input.fromText,
    "to-schema.sql": input.toText,
  };
  const apply = o.apply;
  if (apply) folder["change_plan.md"] = apply.changePlan;
  const denied = notWritable(root, [folderRel, ...(apply ? [...apply.paths, apply.sumPath] : [])]);
  if (denied.length) throw new InputError(notWritableMessage(denied));
  for (const p of apply?.paths ?? []) guardOutputDir(root, dirname(p), "--apply");
  const runDir = resolve(root, input.reportsDir, input.runId);
  // the migration files first, the run folder (with the summary that lists them) last
  if (apply) {
    const { writeApply } = await import("../apply/write.ts");
    try {
      writeApply(root, apply.writes);
    } catch (e) {
      summary.status = "failed";
      summary.exit_code = 1;
      summary.refused = `writing the migrations failed: ${(e as Error).message}`;
      folder["summary.json"] = JSON.stringify(summary, null, 2) + "\n";
      writeFolderAtomic(runDir, folder);
      throw new RunError(summary.refused);
    }
  }
  writeFolderAtomic(runDir, folder);
}

/** Prints the result: the plan, the decisions, the refusal, then the summary last. */
export function printRun(
  tool: string,
  args: CliArgs,
  out: { json: boolean; quiet: boolean },
  g: Generated,
  o: Outcome,
  s: Summarised,
  info: (line: string) => void,
): void {
  const { summary, fixes } = s;
  const human = !out.json && !out.quiet;
  const diag = (l: string) => {
    if (!out.quiet) console.error(l);
  };
  if (out.json) {
    const sql = { migration: g.result.files.migration, rollback: g.result.files.rollback };
    console.log(JSON.stringify({ ...summary, sql }, null, 2));
    if (fixes.length) fixText(fixes).forEach(diag);
  } else if (human) {
    printPlan(summary, args.sql ? g.result.files : undefined, fixes, info);
  }
  if (o.refused) console.error(`${tool}: ${o.refused}`);
  else if (o.status === "blocked") {
    console.error(
      `${tool}: not generated, ${o.blocked.length} change(s) need a decision` +
        (human ? " (the fixes are above)" : ":"),
    );
    if (!human) { for (const b of o.blocked) console.error(`  ${b}`); }
  }
  if (human) printSummary(summary, s.why, info);
  else if (out.json) {
    const v = verificationLine(summary.verification);
    if (v) diag(v);
  }
}
