/**
 * Loading and validating rules: one YAML document per file, checked against the rule schema
 * (`rules/rule.schema.json`) and for template placeholders. Errors name the file and line.
 * @module
 */
import { isMap, LineCounter, parseDocument, type YAMLMap } from "yaml";
import type { ChangeKind } from "../diff/changes.ts";
import { InputError } from "../errors.ts";
import type { Dialect } from "../model/schema.ts";
import { CHANGE_KINDS, templateVars } from "../dialects/template_vars.ts";
import { factsOf } from "../plan/kind_facts.ts";
import { MODES, placeholders } from "./template.ts";
import { plainYaml } from "../spec/yaml_plain.ts";

/** A condition on one fact. */
export type Condition =
  | string
  | number
  | boolean
  | null
  | { in?: unknown[]; not?: unknown; gte?: number; lte?: number };

/** A guard: rows of `table` matching `where` stop the step with `message`. */
export interface Guard {
  table: string;
  where: string;
  message: string;
  /**
   * What the message shows of up to 3 violating rows: `value` (default: the key and the guarded
   * column's value) or `key` (only the key: the column does not exist yet).
   */
  show?: "key" | "value";
}

/** A long lock a rule's statements take, and how to avoid it. */
export interface LongLock {
  /** The lock and why it lasts (`ACCESS EXCLUSIVE while the table is rewritten`). */
  lock: string;
  /** The recipe that avoids it. */
  avoid: string;
}

/** A loaded rule. */
export interface Rule {
  id: string;
  code: string;
  summary: string;
  match: { kind: ChangeKind[]; dialects?: Dialect[]; when?: Record<string, Condition> };
  priority: number;
  safety: "safe" | "review" | "destructive";
  reversibility: "lossless" | "guarded" | "lossy";
  blocked?: string;
  message: string;
  help: string;
  up: string;
  down: string;
  guard?: Guard;
  down_guard?: Guard;
  /**
   * False when the statements cannot run inside a transaction block (CREATE INDEX
   * CONCURRENTLY): the renderer puts the step between transactions. Default true.
   */
  transaction: boolean;
  /**
   * The step still takes a lock that queues writers for as long as it works on the table (a
   * rewrite, an UPDATE of every row): which lock, and the recipe that avoids it. The online mode
   * flags such steps in report.md and summary.json.
   */
  long_lock?: LongLock;
  /**
   * The dialect lowers the change itself (SQLite: the changes of a table become one table
   * rebuild); `up` and `down` are then empty and the rule decides safety, message and help.
   */
  lowered: boolean;
  /** Where the rule came from (for reports and errors). */
  source: string;
  /** Built in, or a user override/addition. */
  origin: "builtin" | "user";
}

/** The keys a rule file may have (rules/rule.schema.json lists the same). */
export const TOP_KEYS = [
  "id",
  "code",
  "summary",
  "match",
  "priority",
  "safety",
  "reversibility",
  "blocked",
  "message",
  "help",
  "up",
  "down",
  "guard",
  "down_guard",
  "transaction",
  "lowered",
  "long_lock",
];
const REQUIRED = [
  "id",
  "code",
  "summary",
  "match",
  "safety",
  "reversibility",
  "message",
  "help",
  "up",
  "down",
];
const STRING_KEYS = ["id", "code", "summary", "blocked", "message", "help", "up", "down"];
const DIALECTS = ["postgresql", "mysql", "mariadb", "sqlite"];
const KINDS = CHANGE_KINDS;

/** Keys that name an object's machinery, never a fact (they would reach the prototype). */
const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Parses and validates one rule file's text. */
export function loadRule(text: string, source: string, origin: Rule["origin"]): Rule {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const lineAt = (offset?: number) => (offset === undefined ? 1 : lc.linePos(offset).line);
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new InputError(`rule is not valid YAML: ${e.message.split("\n")[0]}`, {
      file: source,
      line: lineAt(e.pos[0]),
    });
  }
  const root = doc.contents;
  if (!isMap(root)) {
    throw new InputError("a rule must be a YAML mapping", { file: source, line: 1 });
  }
  const fail = (msg: string, node?: unknown): never => {
    const off = (node as { range?: number[] } | undefined)?.range?.[0];
    throw new InputError(msg, { file: source, line: lineAt(off) });
  };
  const keyNode = (m: YAMLMap, k: string) =>
    m.items.find((p) => String((p.key as { value?: unknown })?.value) === k);
  for (const p of root.items) {
    const k = String((p.key as { value?: unknown })?.value);
    if (!TOP_KEYS.includes(k)) fail(`unknown key "${k}" (rule.schema.json)`, p.key);
  }
  const raw = plainYaml(doc, undefined, source) as Record<string, unknown>;
  for (const k of REQUIRED) {
    if (raw[k] === undefined || raw[k] === null) fail(`missing required key "${k}"`, root);
  }
  for (const k of STRING_KEYS) {
    if (raw[k] !== undefined && typeof raw[k] !== "string") {
      fail(`"${k}" must be a string`, keyNode(root, k)?.value);
    }
  }
  const at = (k: string) => keyNode(root, k)?.value ?? keyNode(root, k)?.key;
  if (!/^[a-z][a-z0-9_.-]*$/.test(raw.id as string)) fail(`invalid id "${raw.id}"`, at("id"));
  if (!/^SDM[0-9]{3,4}$/.test(raw.code as string)) {
    fail(`invalid code "${raw.code}" (SDM and 3-4 digits)`, at("code"));
  }
  if (!["safe", "review", "destructive"].includes(raw.safety as string)) {
    fail(`safety must be safe, review or destructive`, at("safety"));
  }
  if (!["lossless", "guarded", "lossy"].includes(raw.reversibility as string)) {
    fail(`reversibility must be lossless, guarded or lossy`, at("reversibility"));
  }
  if (raw.priority !== undefined && !Number.isInteger(raw.priority)) {
    fail("priority must be an integer", at("priority"));
  }
  if (raw.transaction !== undefined && typeof raw.transaction !== "boolean") {
    fail("transaction must be true or false", at("transaction"));
  }
  if (raw.long_lock !== undefined) {
    const l = raw.long_lock as Record<string, unknown> | null;
    if (!l || typeof l !== "object" || Array.isArray(l)) {
      fail("long_lock must be a mapping with lock and avoid", at("long_lock"));
    }
    for (const k of Object.keys(l!)) {
      if (k !== "lock" && k !== "avoid") fail(`unknown key "long_lock.${k}"`, at("long_lock"));
    }
    for (const k of ["lock", "avoid"]) {
      if (typeof l![k] !== "string" || !(l![k] as string).trim()) {
        fail(`long_lock.${k} must be a non-empty string`, at("long_lock"));
      }
    }
  }
  if (raw.lowered !== undefined && typeof raw.lowered !== "boolean") {
    fail("lowered must be true or false", at("lowered"));
  }
  // match
  const m = raw.match as Record<string, unknown>;
  if (!m || typeof m !== "object" || Array.isArray(m)) fail("match must be a mapping", at("match"));
  for (const k of Object.keys(m)) {
    if (!["kind", "dialects", "when"].includes(k)) fail(`unknown key "match.${k}"`, at("match"));
  }
  const kinds = (Array.isArray(m.kind) ? m.kind : [m.kind]) as unknown[];
  if (!kinds.length || kinds.some((k) => typeof k !== "string" || !KINDS.includes(k))) {
    fail(`match.kind must be one or more of: ${KINDS.join(", ")}`, at("match"));
  }
  if (m.dialects !== undefined) {
    if (!Array.isArray(m.dialects) || m.dialects.some((d) => !DIALECTS.includes(d as string))) {
      fail(`match.dialects must list ${DIALECTS.join(", ")}`, at("match"));
    }
  }
  if (m.when !== undefined) {
    if (!m.when || typeof m.when !== "object" || Array.isArray(m.when)) {
      fail("match.when must be a mapping of fact: condition", at("match"));
    }
    for (const [k, c] of Object.entries(m.when as object)) {
      if (RESERVED_KEYS.has(k)) fail(`match.when.${k}: "${k}" is not a fact name`, at("match"));
      for (const kind of kinds as string[]) {
        const known = factsOf(kind);
        if (known && !Object.hasOwn(known, k)) {
          fail(
            `match.when.${k}: ${kind} has no fact "${k}" (it has: ${
              Object.keys(known).join(", ")
            })`,
            at("match"),
          );
        }
      }
      if (c !== null && typeof c === "object") {
        if (Array.isArray(c)) fail(`match.when.${k}: use {in: [...]} for a list`, at("match"));
        for (const op of Object.keys(c)) {
          if (!["in", "not", "gte", "lte"].includes(op)) {
            fail(`match.when.${k}: unknown operator "${op}"`, at("match"));
          }
        }
      }
    }
  }
  // guards
  for (const g of ["guard", "down_guard"]) {
    const v = raw[g] as Record<string, unknown> | undefined;
    if (v === undefined) continue;
    if (!v || typeof v !== "object") fail(`${g} must be a mapping`, at(g));
    for (const k of Object.keys(v)) {
      if (!["table", "where", "message", "show"].includes(k)) {
        fail(`unknown key "${g}.${k}"`, at(g));
      }
    }
    for (const k of ["table", "where", "message"]) {
      if (typeof v[k] !== "string") fail(`${g}.${k} must be a string`, at(g));
    }
    if (v.show !== undefined && v.show !== "key" && v.show !== "value") {
      fail(`${g}.show must be key or value`, at(g));
    }
  }
  if (raw.lowered && ((raw.up as string).trim() || (raw.down as string).trim())) {
    fail("a lowered rule has empty up and down templates (the dialect writes them)", at("up"));
  }
  if (
    !raw.blocked && !raw.lowered && raw.reversibility !== "lossy" &&
    !(raw.down as string).trim() && (raw.up as string).trim()
  ) {
    fail("a reversible rule needs a down template", at("down"));
  }
  // placeholders
  const ruleDialects = (raw.match as { dialects?: string[] }).dialects;
  const allowed = new Set(kinds.flatMap((k) => templateVars(k as ChangeKind, ruleDialects)));
  // the line of a placeholder: its first occurrence in the source after the key
  const failAt = (msg: string, key: string, placeholder: string): never => {
    const node = at(key.split(".")[0]) as { range?: number[] } | undefined;
    const start = node?.range?.[0] ?? 0;
    const found = text.indexOf(placeholder, start);
    throw new InputError(msg, { file: source, line: lineAt(found >= 0 ? found : start) });
  };
  const checkTemplate = (key: string, tpl: string, modes: readonly string[]) => {
    for (const p of placeholders(tpl)) {
      const written = tpl.slice(p.offset, tpl.indexOf("}}", p.offset) + 2);
      if (!p.mode) {
        failAt(`malformed placeholder ${p.name} in ${key} (use {{mode:name}})`, key, written);
      }
      if (!modes.includes(p.mode)) {
        failAt(
          `placeholder {{${p.mode}:${p.name}}} in ${key}: mode must be ${modes.join(", ")}`,
          key,
          written,
        );
      }
      if (!allowed.has(p.name)) {
        failAt(
          `unknown placeholder {{${p.mode}:${p.name}}} in ${key}; ${kinds.join("/")} provides ` +
            [...allowed].join(", "),
          key,
          written,
        );
      }
    }
  };
  const sqlModes = MODES.filter((x) => x !== "text");
  checkTemplate("up", raw.up as string, sqlModes);
  checkTemplate("down", raw.down as string, sqlModes);
  checkTemplate("message", raw.message as string, ["text"]);
  if (raw.blocked) checkTemplate("blocked", raw.blocked as string, ["text"]);
  for (const g of ["guard", "down_guard"]) {
    const v = raw[g] as Record<string, string> | undefined;
    if (!v) continue;
    checkTemplate(`${g}.table`, v.table, sqlModes);
    checkTemplate(`${g}.where`, v.where, sqlModes);
    checkTemplate(`${g}.message`, v.message, ["text"]);
  }
  return {
    id: raw.id as string,
    code: raw.code as string,
    summary: raw.summary as string,
    match: {
      kind: kinds as ChangeKind[],
      dialects: m.dialects as Dialect[] | undefined,
      when: m.when as Record<string, Condition> | undefined,
    },
    priority: (raw.priority as number | undefined) ?? 0,
    safety: raw.safety as Rule["safety"],
    reversibility: raw.reversibility as Rule["reversibility"],
    blocked: raw.blocked as string | undefined,
    message: raw.message as string,
    help: raw.help as string,
    up: raw.up as string,
    down: raw.down as string,
    guard: raw.guard as Guard | undefined,
    down_guard: raw.down_guard as Guard | undefined,
    transaction: raw.transaction !== false,
    ...(raw.long_lock ? { long_lock: raw.long_lock as LongLock } : {}),
    lowered: raw.lowered === true,
    source,
    origin,
  };
}

export { RuleSet } from "./rule_set.ts";
