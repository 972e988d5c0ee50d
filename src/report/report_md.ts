/**
 * `report.md`: every change with its kind, rule, safety, reversibility and reason; risks;
 * verification; next commands in CLI and Kilo forms.
 * @module
 */
import type { Summary } from "./summary.ts";

const esc = (s: string) => s.replaceAll("|", "\\|").replace(/\s+/g, " ");

/** Renders the report. */
export function renderReport(s: Summary, help: Map<string, string>): string {
  const L: string[] = [];
  const statusText: Record<string, string> = {
    ok: "migration generated",
    no_changes: "no changes: the schemas are equivalent",
    blocked: "not generated: some changes need a decision",
    refused: "generated, but --apply refused to write it",
    failed: "failed",
  };
  L.push(`# Data migration report: ${s.spec.id}`, "");
  L.push(`- Status: **${s.status}** (${statusText[s.status]}), exit code ${s.exit_code}`);
  L.push(`- Run: \`${s.run_id}\` (${s.workflow} ${s.version}, platform ${s.platform})`);
  L.push(`- Spec: \`${s.spec.path}\``);
  L.push(`- Dialect: ${s.dialect}`);
  L.push(
    `- From: \`${s.inputs.from_schema.path}\` (chosen by ${s.inputs.from_schema.chosen_by})`,
  );
  L.push(`- To: \`${s.inputs.to_schema.path}\` (chosen by ${s.inputs.to_schema.chosen_by})`);
  if (s.inputs.rules.user.length) L.push(`- User rules: ${s.inputs.rules.user.join(", ")}`);
  L.push(`- Applied: ${s.applied ? "yes" : "no (preview)"}`, "");
  if (s.refused) L.push(`> **Refused:** ${s.refused}`, "");
  L.push("## Changes", "");
  if (!s.changes.length) L.push("No changes.", "");
  else {
    L.push(
      `${s.counts.total} change(s): ${s.counts.safe} safe, ${s.counts.review} to review, ` +
        `${s.counts.destructive} destructive.`,
      "",
    );
    L.push("| # | kind | target | safety | reversibility | rule | reason |");
    L.push("|---|---|---|---|---|---|---|");
    for (const c of s.changes) {
      const kind = c.class ? `${c.kind} (${c.class})` : c.kind;
      L.push(
        `| ${c.n} | ${kind} | \`${esc(c.target)}\` | ${c.safety} | ${c.reversibility} | ` +
          `${c.rule}${c.code ? ` (${c.code})` : ""} | ${esc(c.message)} |`,
      );
    }
    L.push("");
  }
  if (s.blocked.length) {
    L.push("## Needs a decision", "");
    for (const b of s.blocked) L.push(`- ${b}`);
    L.push("");
  }
  L.push("## Risks", "");
  if (!s.risks.length) L.push("None found.", "");
  else {
    for (const r of s.risks) L.push(`- ${r}`);
    L.push("");
  }
  const rulesUsed = [...new Set(s.changes.map((c) => c.rule))].filter((r) => help.has(r));
  if (rulesUsed.length) {
    L.push("## Rules applied", "");
    for (const id of rulesUsed) {
      L.push(`### ${id}`, "", help.get(id)!.trim(), "");
    }
  }
  if (s.unmanaged.length) {
    L.push("## Statements not managed", "");
    L.push(
      "These statements were read but are not part of the model; nothing was generated for them.",
      "",
    );
    for (const u of s.unmanaged) L.push(`- \`${u.file}:${u.line}\` ${u.kind}: ${u.reason}`);
    L.push("");
  }
  L.push("## Verification", "");
  const v = s.verification as { status?: string; reason?: string; engine?: string };
  L.push(`${v.status ?? "not run"}${v.reason ? `: ${v.reason}` : ""}`, "");
  L.push("## Files", "");
  for (const [k, p] of Object.entries(s.files)) L.push(`- ${k}: \`${p}\``);
  if (s.writes.migrations.length) {
    L.push("", "Written to the migrations folder:");
    for (const p of s.writes.migrations) L.push(`- \`${p}\``);
  }
  L.push("", "## Next", "");
  L.push("CLI:", "", "```bash", s.next.cli, "```", "");
  L.push("Kilo Code:", "", "```bash", s.next.kilo, "```", "");
  return L.join("\n");
}
