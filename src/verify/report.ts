/**
 * The Verification section of `report.md`: a short human account of the `verification`
 * section of summary.json (status, engine, rows, what was compared, guards that fired,
 * what differed).
 * @module
 */
import type { VerificationResult } from "./result.ts";
import { reportText, type VerifyText } from "../report/i18n.ts";

const MAX_LINES = 15;

function seconds(ms: number | undefined, t: VerifyText): string {
  return ms === undefined ? "" : t.seconds((ms / 1000).toFixed(1));
}

function list(items: string[] | undefined, t: VerifyText, max = MAX_LINES): string[] {
  if (!items?.length) return [];
  const out = items.slice(0, max).map((i) => `- ${t.line(i.replace(/\s+/g, " "))}`);
  if (items.length > max) out.push(`- ${t.more(items.length - max)}`);
  return out;
}

/** The section's lines after its heading (the caller writes the heading), in `t`'s language. */
export function verificationMarkdown(
  section: Record<string, unknown>,
  notRun = "not run",
  t: VerifyText = reportText("en").verify,
): string[] {
  const v = section as VerificationResult;
  const L: string[] = [];
  if (!v.status) return [notRun, ""];
  if (v.status === "skipped" || v.status === "not_run") {
    const why = v.reason ? `: ${t.line(v.reason)}` : "";
    L.push(`${v.status === "skipped" ? t.skipped : t.notRun}${why}.`);
    return [...L, ""];
  }
  const rows = v.rows_generated !== undefined
    ? t.rows(v.rows_generated, v.tables_filled ?? 0) +
      (v.data && v.data !== "generated" ? ` (${v.data})` : "")
    : "";
  L.push(
    `**${v.status}**${t.status[v.status] ? ` (${t.status[v.status]})` : ""}` +
      `${seconds(v.duration_ms, t)}${v.engine ? t.onEngine(v.engine) : ""}${rows}.`,
  );
  if (v.reason) {
    const r = t.line(v.reason);
    L.push("", r.endsWith(".") ? r : `${r}.`);
  }
  if (v.compared?.length) L.push("", t.compared, "", ...list(v.compared, t));
  if (v.guards_fired?.length) {
    L.push(
      "",
      t.guardsWorked,
      "",
      ...list(
        v.guards_fired.map((g) =>
          `${g.change ?? "migration.sql"}: ${g.message.replace(/^smartspec guard: /, "")}` +
          (g.rows === "fitted" ? t.fittedRows : "")
        ),
        t,
      ),
    );
  }
  if (v.differences?.length) L.push("", t.differs, "", ...list(v.differences, t));
  if (v.notes?.length) L.push("", t.notes, "", ...list(v.notes, t, 5));
  return [...L, ""];
}
