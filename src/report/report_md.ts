/**
 * `report.md`: every change with its kind, rule, safety, reversibility and reason; risks;
 * verification; next commands in CLI and Kilo forms.
 * @module
 */
import type { Summary } from "./summary.ts";
import { type Lang, type OnlineText, reportText } from "./i18n.ts";
import type { OnlineSummary } from "./online.ts";
import { verificationMarkdown } from "../verify/report.ts";
import type { RuleTexts } from "./rules_i18n.ts";
import { byHandMarkdown } from "./online_md.ts";

/** The Online section: atomic or not, the numbered parts, the long locks left. */
function onlineMarkdown(o: OnlineSummary, t: OnlineText): string[] {
  const L = [`## ${t.heading}`, ""];
  const steps = (ns: number[]) => ns.map((n) => `[${n}]`).join(" ");
  if (o.atomic) L.push(t.atomic, "");
  else {
    L.push(o.rerunnable ? t.rerunnable(o.parts.length) : t.notAtomic(o.parts.length), "");
    for (const p of o.parts) L.push(`- ${t.part(p.part, p.transactional, steps(p.steps))}`);
    L.push("", t.rollbackParts(o.rollback_parts.length), "");
  }
  L.push(...byHandMarkdown(o, t));
  L.push(`### ${t.longLocks}`, "");
  if (!o.long_locks.length) L.push(t.noLongLocks, "");
  else {
    for (const l of o.long_locks) {
      L.push(`- [${l.n}] ${l.kind} \`${l.target}\` (${l.rule})`);
      L.push(`  - ${t.lock}: ${l.lock}`, `  - ${t.avoid}: ${l.avoid}`);
      if (l.not_online) L.push(`  - ${t.notOnline}: ${l.not_online}`);
    }
    L.push("");
  }
  return L;
}

const esc = (s: string) => s.replaceAll("|", "\\|").replace(/\s+/g, " ");

/**
 * Renders the report, its fixed text in `lang` (src/report/i18n.ts) and, with `texts`, the rules'
 * reasons, decisions and explanations in that language too (src/report/rules_i18n.ts).
 */
export function renderReport(
  s: Summary,
  help: Map<string, string>,
  lang: Lang = "en",
  texts?: RuleTexts,
): string {
  const L: string[] = [];
  const t = reportText(lang);
  const message = (n: number, en: string) => texts?.messages.get(n) ?? en;
  const statusText = t.statusText[s.status];
  L.push(`# ${t.title}: ${s.spec.id}`, "");
  L.push(
    `- ${t.status}: **${s.status}**${statusText === s.status ? "" : ` (${statusText})`}, ` +
      `${t.exitCode} ${s.exit_code}`,
  );
  L.push(`- ${t.run}: \`${s.run_id}\` (${s.workflow} ${s.version}, ${t.platform} ${s.platform})`);
  L.push(`- ${t.spec}: \`${s.spec.path}\``);
  L.push(`- ${t.dialect}: ${s.dialect}`);
  L.push(
    `- ${t.from}: \`${s.inputs.from_schema.path}\` (${t.chosenBy} ${
      t.sentence(s.inputs.from_schema.chosen_by)
    })`,
  );
  L.push(
    `- ${t.to}: \`${s.inputs.to_schema.path}\` (${t.chosenBy} ${
      t.sentence(s.inputs.to_schema.chosen_by)
    })`,
  );
  if (s.inputs.rules.user.length) L.push(`- ${t.userRules}: ${s.inputs.rules.user.join(", ")}`);
  L.push(`- ${t.applied}: ${s.applied ? t.yes : t.noPreview}`, "");
  if (s.refused) L.push(`> **${t.refused}:** ${t.sentence(s.refused)}`, "");
  // what needs a decision first, then the risks, then every change
  const decisions = s.decisions ?? [];
  if (s.blocked.length || decisions.length) {
    L.push(`## ${t.needsDecision}`, "");
    const fixed = new Set(decisions.map((d) => d.n));
    for (const b of s.blocked.filter((b) => !fixed.has(Number(/^\[(\d+)\]/.exec(b)?.[1])))) {
      const n = Number(/^\[(\d+)\]/.exec(b)?.[1]);
      L.push(`- ${texts?.blocked.has(n) ? `[${n}] ${texts.blocked.get(n)}` : b}`);
    }
    for (const f of decisions) {
      const rule = s.changes.find((c) => c.n === f.n)?.rule ?? "";
      const how = (f.fix ? t.fixHow(f.fix, f.subject ?? "") : undefined) ??
        (f.fix === "rule" ? texts?.help.get(rule)?.replace(/\s+/g, " ") : undefined) ?? f.how;
      L.push(`- [${f.n}] ${f.kind} \`${f.target}\`: ${texts?.blocked.get(f.n) ?? f.problem}`);
      L.push(`  - ${t.fix}: ${how} (\`${f.where}\`)`);
      if (f.lines.length) L.push("", "    ```", ...f.lines.map((l) => `    ${l}`), "    ```");
    }
    L.push("");
  }
  L.push(`## ${t.risks}`, "");
  const risks = texts?.messages.size
    ? s.changes.filter((c) => c.safety !== "safe" && !c.blocked)
      .map((c) => `[${c.n}] ${c.safety}: ${message(c.n, c.message)}`)
    : s.risks;
  if (!risks.length) L.push(t.noneFound, "");
  else {
    for (const r of risks) L.push(`- ${r}`);
    L.push("");
  }
  if (s.roles?.length) {
    L.push(`## ${t.roles}`, "", t.rolesNote, "");
    for (const r of s.roles) L.push(`- \`${esc(r)}\``);
    L.push("");
  }
  if (s.online) L.push(...onlineMarkdown(s.online, t.online));
  L.push(`## ${t.changes}`, "");
  if (!s.changes.length) L.push(t.noChanges, "");
  else {
    L.push(t.counts(s.counts), "");
    L.push(t.tableHeader);
    L.push("|---|---|---|---|---|---|---|");
    for (const c of s.changes) {
      const kind = c.class ? `${c.kind} (${c.class})` : c.kind;
      L.push(
        `| ${c.n} | ${kind} | \`${esc(c.target)}\` | ${c.safety} | ${c.reversibility} | ` +
          `${c.rule}${c.code ? ` (${c.code})` : ""} | ${esc(message(c.n, c.message))} |`,
      );
    }
    L.push("");
  }
  const rulesUsed = [...new Set(s.changes.map((c) => c.rule))].filter((r) =>
    help.has(r) || texts?.help.has(r)
  );
  if (rulesUsed.length) {
    L.push(`## ${t.rulesApplied}`, "");
    for (const id of rulesUsed) {
      L.push(`### ${id}`, "", (texts?.help.get(id) ?? help.get(id)!).trim(), "");
    }
  }
  if (s.unmanaged.length) {
    L.push(`## ${t.unmanaged}`, "");
    L.push(t.unmanagedNote, "");
    for (const u of s.unmanaged) L.push(`- \`${u.file}:${u.line}\` ${u.kind}: ${u.reason}`);
    L.push("");
  }
  L.push(`## ${t.verification}`, "");
  L.push(...verificationMarkdown(s.verification, t.notRun, t.verify));
  L.push(`## ${t.files}`, "");
  for (const [k, p] of Object.entries(s.files)) L.push(`- ${k}: \`${p}\``);
  if (s.writes.migrations.length) {
    L.push("", t.writtenToMigrations);
    for (const p of s.writes.migrations) L.push(`- \`${p}\``);
  }
  if (s.writes.checksums) L.push("", `${t.checksums}: \`${s.writes.checksums}\``);
  if (s.writes.already_written_by) L.push("", t.alreadyWritten(s.writes.already_written_by));
  L.push("", `## ${t.next}`, "");
  if (s.next.why) L.push(`${t.sentence(s.next.why)}.`, "");
  L.push("CLI:", "", "```bash", s.next.cli, "```", "");
  L.push("Kilo Code:", "", "```bash", s.next.kilo, "```", "");
  return L.join("\n");
}
