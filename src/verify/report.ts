/**
 * The Verification section of `report.md`: a short human account of the `verification`
 * section of summary.json (status, engine, rows, what was compared, guards that fired,
 * what differed).
 * @module
 */
import type { VerificationResult } from "./result.ts";

const MAX_LINES = 15;

function seconds(ms: number | undefined): string {
  return ms === undefined ? "" : ` in ${(ms / 1000).toFixed(1)} s`;
}

function list(items: string[] | undefined, max = MAX_LINES): string[] {
  if (!items?.length) return [];
  const out = items.slice(0, max).map((i) => `- ${i.replace(/\s+/g, " ")}`);
  if (items.length > max) out.push(`- ... and ${items.length - max} more (summary.json)`);
  return out;
}

/** The section's lines after its heading (the caller writes the heading). */
export function verificationMarkdown(
  section: Record<string, unknown>,
  notRun = "not run",
): string[] {
  const v = section as VerificationResult;
  const L: string[] = [];
  if (!v.status) return [notRun, ""];
  if (v.status === "skipped" || v.status === "not_run") {
    L.push(`${v.status === "skipped" ? "Skipped" : "Not run"}${v.reason ? `: ${v.reason}` : ""}.`);
    return [...L, ""];
  }
  const rows = v.rows_generated !== undefined
    ? `: ${v.rows_generated} generated row(s) in ${v.tables_filled ?? 0} table(s)` +
      (v.data && v.data !== "generated" ? ` (${v.data})` : "")
    : "";
  L.push(
    `**${v.status}**${seconds(v.duration_ms)}${v.engine ? ` on embedded ${v.engine}` : ""}${rows}.`,
  );
  if (v.reason) L.push("", v.reason.endsWith(".") ? v.reason : `${v.reason}.`);
  if (v.compared?.length) L.push("", "Compared:", "", ...list(v.compared));
  if (v.guards_fired?.length) {
    L.push(
      "",
      "Guards that stopped migration.sql on generated rows (the guard works; not a failure):",
      "",
      ...list(
        v.guards_fired.map((g) =>
          `${g.change ?? "migration.sql"}: ${g.message.replace(/^smartspec guard: /, "")}` +
          (g.rows === "fitted" ? " (on rows fitted to the to-schema)" : "")
        ),
      ),
    );
  }
  if (v.differences?.length) L.push("", "What differs or failed:", "", ...list(v.differences));
  if (v.notes?.length) L.push("", "Notes:", "", ...list(v.notes, 5));
  return [...L, ""];
}
