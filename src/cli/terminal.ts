/**
 * The terminal output of a run: the plan per change (the SQL only with `--sql`), what needs a
 * decision with its fix, then the summary last (counts, verification, where the files are) and
 * the next command.
 * @module
 */
import type { Summary } from "../report/summary.ts";
import { type DecisionFix, fixText } from "./next_steps.ts";

/** The verification in one line, or undefined when it did not run. */
export function verificationLine(v: Summary["verification"]): string | undefined {
  if (v.status === "skipped" || v.status === undefined) {
    return `verification: skipped (${String(v.reason ?? "")})`;
  }
  const fired = v.guards_fired as { change: string }[] | undefined;
  if (v.status === "failed") return `verification: failed (${String(v.reason ?? "see report.md")})`;
  return `verification: ${String(v.status)} (${String(v.engine ?? "embedded")}, ` +
    `${Number(v.rows_generated ?? 0)} generated rows` +
    (fired?.length
      ? `; the guard of ${fired[0].change} stopped the bad generated rows as it should`
      : "") +
    ")";
}

/** The plan part: header, one entry per change, the SQL with `--sql`, the fixes. */
export function printPlan(
  s: Summary,
  sql: { migration: string; rollback: string } | undefined,
  fixes: DecisionFix[],
  info: (line: string) => void,
): void {
  info(`${s.workflow} ${s.version}: ${s.spec.path} (${s.dialect}, platform ${s.platform})`);
  info(`from ${s.inputs.from_schema.path} [${s.inputs.from_schema.chosen_by}]`);
  info(`to   ${s.inputs.to_schema.path} [${s.inputs.to_schema.chosen_by}]`);
  info("");
  if (!s.changes.length) info("No changes: the schemas are equivalent.");
  else info("Plan:");
  for (const c of s.changes) {
    const kind = c.class ? `${c.kind} (${c.class})` : c.kind;
    info(`${String(c.n).padStart(3)}. ${kind.padEnd(28)} ${c.target}`);
    info(
      `     ${c.blocked ? "NEEDS A DECISION, " : ""}${c.safety}, ${c.reversibility}, ` +
        `rule ${c.rule}: ${c.message}`,
    );
  }
  if (sql) {
    info("");
    info("migration.sql:");
    info(sql.migration.trimEnd());
    info("");
    info("rollback.sql:");
    info(sql.rollback.trimEnd());
  }
  if (fixes.length) {
    info("");
    info(`Needs a decision (${fixes.length}):`);
    for (const l of fixText(fixes)) info(`  ${l}`);
  }
}

/** The summary part, printed last. */
export function printSummary(
  s: Summary,
  why: string,
  info: (line: string) => void,
): void {
  info("");
  info("Summary:");
  const c = s.counts;
  if (s.changes.length) {
    info(
      `  ${c.total} change(s): ${c.safe} safe, ${c.review} to review, ` +
        `${c.destructive} destructive` + (c.blocked ? `; ${c.blocked} need a decision` : ""),
    );
  } else info("  no changes");
  const v = verificationLine(s.verification);
  if (v) info(`  ${v}`);
  if (s.roles?.length) info(`  roles it needs (not created by it): ${s.roles.join(", ")}`);
  if (s.unmanaged.length) info(`  ${s.unmanaged.length} statement(s) not managed: see report.md`);
  info(`  status: ${s.status} (exit ${s.exit_code})` + (s.refused ? `: ${s.refused}` : ""));
  info(`  run folder: ${s.writes.run_folder}/ (report.md, migration.sql, rollback.sql)`);
  for (const p of s.writes.migrations) info(`  written: ${p}`);
  if (s.writes.checksums) info(`  checksums: ${s.writes.checksums}`);
  if (s.writes.already_written_by) {
    info(
      `  already there: run ${s.writes.already_written_by} wrote this migration into the ` +
        `migrations folder; nothing written`,
    );
  }
  info(`next: ${s.platform === "kilo" ? s.next.kilo : s.next.cli}`);
  info(`      (${why})`);
}
