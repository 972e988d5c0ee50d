/**
 * Classifying changes: each change is matched against the rules (kind, dialect and facts);
 * the highest-priority match decides its safety, reversibility, message and SQL templates.
 * A change no rule matches is reported as `review` with the reason, never passed silently.
 * @module
 */
import type { Change } from "../diff/changes.ts";
import type { Dialect } from "../model/schema.ts";
import type { DescribeContext, Described, Facts } from "./described.ts";
import type { SqlDialect } from "../dialects/dialect.ts";
import type { Condition, Rule, RuleSet } from "./rules.ts";
import { renderTemplate } from "./template.ts";

/** A change with the rule that decided it. */
export interface Classified {
  change: Change;
  described: Described;
  /** The deciding rule; undefined when none matched. */
  rule?: Rule;
  ruleId: string;
  safety: Rule["safety"];
  reversibility: Rule["reversibility"];
  message: string;
  /** Set when the change cannot be generated: the run stops with this reason. */
  blocked?: string;
}

function test(cond: Condition, v: unknown): boolean {
  if (cond !== null && typeof cond === "object") {
    if (cond.in !== undefined && !cond.in.includes(v)) return false;
    if ("not" in cond && cond.not === v) return false;
    if (cond.gte !== undefined && !(typeof v === "number" && v >= cond.gte)) return false;
    if (cond.lte !== undefined && !(typeof v === "number" && v <= cond.lte)) return false;
    return true;
  }
  return cond === v;
}

/** True when a rule matches a change's kind, dialect and facts. */
export function ruleMatches(r: Rule, kind: string, dialect: Dialect, facts: Facts): boolean {
  if (!r.match.kind.includes(kind as Rule["match"]["kind"][number])) return false;
  if (r.match.dialects && !r.match.dialects.includes(dialect)) return false;
  for (const [k, c] of Object.entries(r.match.when ?? {})) {
    if (!test(c, facts[k] ?? null)) return false;
  }
  return true;
}

/** Picks the deciding rule among matches: priority, then user over built-in, then specificity. */
export function pickRule(matches: Rule[]): Rule | undefined {
  return [...matches].sort((a, b) =>
    b.priority - a.priority ||
    (a.origin === b.origin ? 0 : a.origin === "user" ? -1 : 1) ||
    Object.keys(b.match.when ?? {}).length - Object.keys(a.match.when ?? {}).length ||
    a.id.localeCompare(b.id)
  )[0];
}

/** Classifies every change. */
export function classify(
  changes: Change[],
  rules: RuleSet,
  dialect: SqlDialect,
  ctx: DescribeContext,
): Classified[] {
  const all = rules.all();
  const q = dialect.quoting;
  const withChanges: DescribeContext = { ...ctx, changes };
  return changes.map((change) => {
    const described = dialect.describe(change, withChanges);
    described.facts = { ...described.facts, online: ctx.online ?? false };
    const vars = {
      ...described.vars,
      target: described.target,
      via: viaText(change),
      table_name: tableName(described, q),
    };
    described.vars = vars;
    const rule = pickRule(
      all.filter((r) => ruleMatches(r, change.kind, dialect.name, described.facts)),
    );
    if (!rule) {
      const facts = Object.entries(described.facts).map(([k, v]) => `${k}=${v}`).join(", ");
      return {
        change,
        described,
        ruleId: "none",
        safety: "review",
        reversibility: "lossy",
        message: `no rule matches ${change.kind} ${described.target}` +
          (facts ? ` (${facts})` : ""),
        blocked: `no rule can make ${change.kind} of ${described.target} safe for ${dialect.name}` +
          (facts ? ` (facts: ${facts})` : "") +
          `; add a rule in .spec/migration-rules/ or change the schema`,
      };
    }
    return {
      change,
      described,
      rule,
      ruleId: rule.id,
      safety: rule.safety,
      reversibility: rule.reversibility,
      message: renderTemplate(rule.message, vars, q).replace(/\s+/g, " ").trim(),
      blocked: rule.blocked
        ? renderTemplate(rule.blocked, vars, q).replace(/\s+/g, " ").trim()
        : undefined,
    };
  });
}

function viaText(c: Change): string {
  const via = (c as { via?: string }).via;
  switch (via) {
    case "intent":
      return "intent in the spec";
    case "hint":
      return "-- @renamed hint";
    case "follows":
      return "implicit name follows the rename";
    case "definition":
      return "same definition";
    case "probable":
      return "probable";
    default:
      return "";
  }
}

function tableName(d: Described, q: SqlDialect["quoting"]): string {
  const t = d.vars.table;
  if (!t) return "";
  return typeof t === "string" ? t : q.display(t);
}
