/**
 * The dialect's part of report.md's Online section (`--online`, MySQL/MariaDB): how the files run
 * online, the commands the operator runs by hand (pt-online-schema-change) with the command that
 * resumes the file after each, and the ALTERs that still block writes.
 * @module
 */
import type { OnlineSummary } from "./online.ts";
import type { OnlineText } from "./i18n.ts";

/** The lines (empty when the dialect said nothing). */
export function byHandMarkdown(o: OnlineSummary, t: OnlineText): string[] {
  const L: string[] = [];
  for (const n of o.notes ?? []) L.push(`- ${n}`);
  if (L.length) L.push("");
  const manual = o.by_hand ?? [];
  if (manual.length) {
    L.push(t.byHand, "");
    manual.forEach((m, i) => {
      L.push(`${i + 1}. \`${m.file}.sql\` #${m.n}, \`${m.table}\`:`, "");
      L.push("   ```bash", `   ${m.command}`, "   ```", "");
      L.push(`   ${t.then}:`, "", "   ```bash", `   ${m.resume}`, "   ```", "");
      L.push(`   ${t.equivalent}: \`\` ${m.equivalent} \`\``, "");
    });
  }
  const blocking = o.blocking ?? [];
  if (blocking.length) {
    L.push(t.blocking, "");
    for (const l of blocking) L.push(`- \`${l.file}.sql\`: ${l.what}`);
    L.push("");
  }
  return L;
}
