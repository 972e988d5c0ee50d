/**
 * `--list-rules`: the effective rule catalog (built-in rules plus user layers, overrides
 * applied) as plain text or as one JSON document.
 * @module
 */
import type { Condition, Rule } from "./rules.ts";

/** One rule as listed. */
export interface ListedRule {
  id: string;
  code: string;
  kinds: string[];
  dialects: string[];
  when: Record<string, Condition>;
  priority: number;
  safety: Rule["safety"];
  reversibility: Rule["reversibility"];
  /** The rule stops the run (a decision is needed) instead of generating SQL. */
  blocks: boolean;
  /** False when the rule's statements run outside a transaction. */
  transaction: boolean;
  summary: string;
  origin: Rule["origin"];
  source: string;
}

/** The JSON document of `--list-rules --json`. */
export interface RuleListing {
  workflow: string;
  version: string;
  count: number;
  rules: ListedRule[];
}

/** Rules in listing order: by code, then id. */
export function sortRules(rules: Rule[]): Rule[] {
  return [...rules].sort((a, b) => a.code.localeCompare(b.code) || a.id.localeCompare(b.id));
}

/** A rule's listing entry. */
export function listedRule(r: Rule): ListedRule {
  return {
    id: r.id,
    code: r.code,
    kinds: r.match.kind,
    dialects: r.match.dialects ?? [],
    when: r.match.when ?? {},
    priority: r.priority,
    safety: r.safety,
    reversibility: r.reversibility,
    blocks: !!r.blocked,
    transaction: r.transaction,
    summary: r.summary,
    origin: r.origin,
    source: r.source,
  };
}

/** The listing as data. */
export function ruleListing(rules: Rule[], workflow: string, version: string): RuleListing {
  const list = sortRules(rules).map(listedRule);
  return { workflow, version, count: list.length, rules: list };
}

/** Writes a condition the way a rule file would (`{ in: [a, b] }`, `true`). */
export function conditionText(c: Condition): string {
  if (c === null || typeof c !== "object") return JSON.stringify(c);
  const parts: string[] = [];
  if (c.in !== undefined) parts.push(`in: [${c.in.map((v) => JSON.stringify(v)).join(", ")}]`);
  if ("not" in c) parts.push(`not: ${JSON.stringify(c.not)}`);
  if (c.gte !== undefined) parts.push(`gte: ${c.gte}`);
  if (c.lte !== undefined) parts.push(`lte: ${c.lte}`);
  return `{ ${parts.join(", ")} }`;
}

/** `a=1, b=true` for a rule's conditions ("" when it has none). */
export function whenText(when: Record<string, Condition>): string {
  return Object.entries(when).map(([k, c]) => `${k}=${conditionText(c)}`).join(", ");
}

/** The listing as plain text: one block per rule, stable and without colour. */
export function ruleListingText(rules: Rule[]): string {
  const sorted = sortRules(rules);
  const out = [`${sorted.length} rule(s)`, ""];
  for (const r of sorted) {
    const flags = [
      r.safety,
      r.reversibility,
      ...(r.blocked ? ["blocks"] : []),
      ...(r.transaction ? [] : ["outside transaction"]),
      ...(r.origin === "user" ? [`user: ${r.source}`] : []),
    ];
    out.push(`${r.code}  ${r.id}  [${flags.join(", ")}]`);
    const when = whenText(r.match.when ?? {});
    out.push(`    ${r.match.kind.join(", ")}${when ? ` when ${when}` : ""}`);
    out.push(`    ${r.summary}`);
  }
  return out.join("\n") + "\n";
}
