/**
 * The rules' own text (message, blocked, help) in the report's language: `src/report/rules_<lang>.yaml`
 * (PostgreSQL) and `rules_<lang>_<dialect>.yaml` (the other dialects) hold it by rule id with the
 * rule's placeholders, rendered with the same variables as the English text. A rule that has no
 * translation keeps its English text.
 * @module
 */
import { parse } from "yaml";
import th from "./rules_th.yaml" with { type: "text" };
import thSqlite from "./rules_th_sqlite.yaml" with { type: "text" };
import thMysql from "./rules_th_mysql.yaml" with { type: "text" };
import { renderTemplate } from "../classify/template.ts";
import { renameEvidenceText } from "../classify/rename_evidence.ts";
import type { RenameEvidence } from "../diff/changes.ts";
import type { Quoting } from "../dialects/dialect.ts";
import type { VarValue } from "../classify/described.ts";
import type { Step } from "../plan/plan.ts";
import type { Lang } from "./i18n.ts";

/** One rule's text in a language. */
export interface RuleText {
  message?: string;
  blocked?: string;
  help?: string;
}

/** The files of one language merged by rule id; a rule id in two files is a mistake. */
function merge(files: Record<string, string>): Record<string, RuleText> {
  const out: Record<string, RuleText> = {};
  for (const [name, text] of Object.entries(files)) {
    for (const [id, t] of Object.entries(parse(text) as Record<string, RuleText>)) {
      if (id in out) throw new Error(`${name}: ${id} is also in another rules_<lang> file`);
      out[id] = t;
    }
  }
  return out;
}

/** Each language's catalog files, parsed on first use (most runs write English only). */
const SOURCES: Partial<Record<Lang, Record<string, string>>> = {
  th: {
    "rules_th.yaml": th,
    "rules_th_sqlite.yaml": thSqlite,
    "rules_th_mysql.yaml": thMysql,
  },
};
const CATALOGS: Partial<Record<Lang, Record<string, RuleText>>> = {};

function catalogOf(lang: Lang): Record<string, RuleText> | undefined {
  const files = SOURCES[lang];
  if (files === undefined) return undefined;
  return CATALOGS[lang] ??= merge(files);
}

/** The translated rule texts of a language by rule id (undefined for English). */
export function ruleCatalog(lang: Lang): Readonly<Record<string, RuleText>> | undefined {
  return catalogOf(lang);
}

/** The rules' text of one run in a language: by step number, and help by rule id. */
export interface RuleTexts {
  messages: Map<number, string>;
  blocked: Map<number, string>;
  help: Map<string, string>;
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

/** How a rename was found (the `via` variable), in each language. */
const VIA: Partial<Record<Lang, Record<string, string>>> = {
  th: {
    "intent in the spec": "intent ในสเปก",
    "-- @renamed hint": "hint -- @renamed",
    "implicit name follows the rename": "ชื่อที่ได้โดยปริยายเปลี่ยนตาม",
    "same definition": "นิยามเดียวกัน",
    "probable": "น่าจะใช่",
  },
};

/** The translated text of the steps' rules (empty maps for English or unknown rules). */
export function ruleTexts(steps: Step[], lang: Lang, quoting: Quoting): RuleTexts {
  const out: RuleTexts = { messages: new Map(), blocked: new Map(), help: new Map() };
  const catalog = catalogOf(lang);
  if (!catalog) return out;
  for (const s of steps) {
    const t = catalog[s.item.ruleId];
    if (!t) continue;
    const vars: Record<string, VarValue> = {
      ...s.item.described.vars,
      target: s.item.described.target,
    };
    const via = vars.via;
    if (typeof via === "string" && VIA[lang]?.[via]) vars.via = VIA[lang]![via];
    const evidence = (s.item.change as { evidence?: RenameEvidence }).evidence;
    if (evidence && vars.evidence) vars.evidence = renameEvidenceText(evidence, lang);
    if (t.message) out.messages.set(s.n, oneLine(renderTemplate(t.message, vars, quoting)));
    if (t.blocked && s.item.blocked) {
      out.blocked.set(s.n, oneLine(renderTemplate(t.blocked, vars, quoting)));
    }
    if (t.help) out.help.set(s.item.ruleId, t.help.trim());
  }
  return out;
}
