/**
 * Data-driven rule tests (`rules/tests/<rule-id>.yaml`): each case gives a from-schema, a
 * to-schema and optional intents, runs them through the whole pipeline, and checks which rule
 * decided the named change and what it rendered. `match:` cases must be decided by the file's
 * rule; `no_match:` cases are near misses decided by another rule. Cases with `seed:` are also
 * applied to a real PostgreSQL by the round-trip test.
 *
 * ```yaml
 * match:
 *   - name: nullable column
 *     from: CREATE TABLE t (id int PRIMARY KEY);
 *     to: CREATE TABLE t (id int PRIMARY KEY, note text);
 *     intents: [{ drop: t.x }]          # optional, as in the spec's `yaml migration` block
 *     online: false                     # optional: the online mode (--online)
 *     change: { kind: add_column, target: t.note }   # needed when the run has several changes
 *     safety: safe                      # optional checks of the decided change
 *     reversibility: lossless
 *     class: widen
 *     blocked: false                    # or a fragment of the reason
 *     message: "new column"             # a fragment
 *     up: ALTER TABLE "t" ADD COLUMN "note" text;     # the step's exact SQL, or
 *     up_contains: ["ADD COLUMN"]                     # fragments of it
 *     down: ALTER TABLE "t" DROP COLUMN "note";
 *     down_contains: []
 *     transaction: true                 # whether the step runs inside the transaction
 *     seed: INSERT INTO t VALUES (1);   # round trip on a real PostgreSQL
 *     after_up: [{ sql: "SELECT ...", rows: [["1"]] }]
 *     violating_seed: INSERT INTO t VALUES (NULL);   # the migration must stop on it ...
 *     violation: "has NULL values"                  # ... with this in the error
 *     after_up_violating: INSERT ...    # written after the migration: the rollback must stop ...
 *     rollback_violation: "rollback stopped"         # ... with this in the error
 * no_match:
 *   - name: volatile default
 *     from: ...
 *     to: ...
 *     decided_by: pg.column.add.volatile_default
 * ```
 * @module
 */
import { isMap, isSeq, LineCounter, parseDocument, stringify } from "yaml";
import { InputError } from "../errors.ts";
import { type PipelineResult, runPipeline } from "../pipeline.ts";
import type { Step } from "../plan/plan.ts";
import { parseSpec } from "../spec/spec.ts";
import type { RuleSet } from "./rules.ts";
import type { SqlDialect } from "../dialects/dialect.ts";

/** A query and the rows it must return (values as PostgreSQL text, null for NULL). */
export interface CaseQuery {
  sql: string;
  rows: (string | number | boolean | null)[][];
}

/** One case of a rule test file. */
export interface RuleCase {
  /** The test file and the case's line in it. */
  file: string;
  line: number;
  group: "match" | "no_match";
  name: string;
  from: string;
  to: string;
  intents?: unknown[];
  online?: boolean;
  change?: { kind?: string; target?: string };
  safety?: string;
  reversibility?: string;
  class?: string;
  blocked?: boolean | string;
  message?: string;
  up?: string;
  down?: string;
  up_contains?: string[];
  down_contains?: string[];
  transaction?: boolean;
  seed?: string;
  after_up?: CaseQuery[];
  violating_seed?: string;
  violation?: string;
  after_up_violating?: string;
  rollback_violation?: string;
  decided_by?: string;
}

/** A parsed rule test file. */
export interface RuleTestFile {
  /** The rule under test (the file's name without `.yaml`). */
  rule: string;
  cases: RuleCase[];
}

/** Keys that only a `match` case may have (what the rule must produce). */
const MATCH_ONLY = [
  "safety",
  "reversibility",
  "class",
  "blocked",
  "message",
  "up",
  "down",
  "up_contains",
  "down_contains",
  "transaction",
  "seed",
  "after_up",
  "violating_seed",
  "violation",
  "after_up_violating",
  "rollback_violation",
];
/** Every key a case may have. */
const CASE_KEYS = new Set([
  "name",
  "from",
  "to",
  "intents",
  "online",
  "change",
  "decided_by",
  ...MATCH_ONLY,
]);

/** Parses a rule test file; problems are InputErrors naming the file and line. */
export function parseRuleTests(text: string, file: string, rule: string): RuleTestFile {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const lineAt = (node: unknown) => {
    const off = (node as { range?: number[] } | undefined)?.range?.[0];
    return off === undefined ? 1 : lc.linePos(off).line;
  };
  const fail = (msg: string, node?: unknown): never => {
    throw new InputError(msg, { file, line: lineAt(node) });
  };
  if (doc.errors.length) {
    throw new InputError(`not valid YAML: ${doc.errors[0].message.split("\n")[0]}`, {
      file,
      line: lc.linePos(doc.errors[0].pos[0]).line,
    });
  }
  const root = doc.contents;
  if (!isMap(root)) return fail("a rule test file must be a mapping with match: and no_match:");
  const cases: RuleCase[] = [];
  for (const pair of root.items) {
    const key = String((pair.key as { value?: unknown })?.value);
    if (key !== "match" && key !== "no_match") {
      fail(`unknown key "${key}" (expected match, no_match)`, pair.key);
    }
    const list = pair.value;
    if (!isSeq(list)) return fail(`${key} must be a list of cases`, pair.key);
    for (const item of list.items) {
      if (!isMap(item)) fail(`each ${key} case must be a mapping`, item);
      const c = (item as { toJSON(): unknown }).toJSON() as Record<string, unknown>;
      for (const k of Object.keys(c)) {
        if (!CASE_KEYS.has(k)) fail(`unknown key "${k}" in a ${key} case`, item);
        if (key === "no_match" && MATCH_ONLY.includes(k)) {
          fail(`"${k}" belongs to match cases only`, item);
        }
      }
      for (const k of ["name", "from", "to"]) {
        if (typeof c[k] !== "string") fail(`a case needs "${k}" (a string)`, item);
      }
      if (c.intents !== undefined && !Array.isArray(c.intents)) {
        fail("intents must be a list", item);
      }
      cases.push({ ...c, file, line: lineAt(item), group: key } as RuleCase);
    }
  }
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) {
      throw new InputError(`duplicate case name "${c.name}"`, { file, line: c.line });
    }
    names.add(c.name);
  }
  return { rule, cases };
}

/** Fixed run identity of rule tests, so that archive names are stable. */
export const CASE_RUN_ID = "rule-test";
/** Archive tag of rule tests. */
export const CASE_ARCHIVE_TAG = "t1";

/** Runs a case's schemas and intents through the pipeline of the rule's dialect. */
export function runCase(c: RuleCase, rules: RuleSet, dialect: SqlDialect): PipelineResult {
  const specText = c.intents?.length
    ? "```yaml migration\n" + stringify({ intents: c.intents }) + "```\n"
    : "";
  const spec = parseSpec(specText, "specs/rule-test/spec.md", "rule-test");
  return runPipeline({
    dialect,
    spec,
    from: { path: "from.sql", text: c.from },
    to: { path: "to.sql", text: c.to },
    rules,
    runId: CASE_RUN_ID,
    archiveTag: CASE_ARCHIVE_TAG,
    tool: "smartspec_data_migration_generator",
    version: "test",
    lockTimeout: "5s",
    online: c.online ?? false,
  });
}

/** The step a case is about: named by `change`, else the only step. */
export function caseStep(c: RuleCase, result: PipelineResult): Step | string {
  const list = result.steps.map((s) => `${s.item.change.kind} ${s.item.described.target}`);
  const want = c.change;
  const found = want
    ? result.steps.filter((s) =>
      (want.kind === undefined || s.item.change.kind === want.kind) &&
      (want.target === undefined || s.item.described.target === want.target)
    )
    : result.steps;
  if (found.length === 1) return found[0];
  const what = want ? `${want.kind ?? "*"} ${want.target ?? "*"}` : "the only change";
  return `${found.length ? "several changes match" : "no change matches"} ${what}; ` +
    `the run has: ${list.join("; ") || "no changes"}`;
}

const norm = (s: string) => s.split("\n").map((l) => l.trimEnd()).join("\n").trim();

/** Checks a case against the rule under test; returns the problems (empty when it passes). */
export function checkCase(c: RuleCase, rule: string, result: PipelineResult): string[] {
  const step = caseStep(c, result);
  if (typeof step === "string") return [step];
  const it = step.item;
  const p: string[] = [];
  if (c.group === "no_match") {
    if (it.ruleId === rule) p.push(`decided by ${rule}, which must not match here`);
    if (c.decided_by && it.ruleId !== c.decided_by) {
      p.push(`decided by ${it.ruleId}, expected ${c.decided_by}`);
    }
    return p;
  }
  if (it.ruleId !== rule) {
    return [`decided by ${it.ruleId} (${it.message}), expected ${rule}`];
  }
  const eq = (what: string, want: unknown, got: unknown) => {
    if (want !== undefined && want !== got) p.push(`${what}: ${got}, expected ${want}`);
  };
  eq("safety", c.safety, it.safety);
  eq("reversibility", c.reversibility, it.reversibility);
  if (c.class !== undefined) {
    const ch = it.change;
    eq("class", c.class, ch.kind === "alter_column_type" ? ch.typeClass.class : undefined);
  }
  if (c.blocked === false && it.blocked) p.push(`blocked: ${it.blocked}`);
  if (c.blocked === true && !it.blocked) p.push("not blocked, expected blocked");
  if (typeof c.blocked === "string" && !(it.blocked ?? "").includes(c.blocked)) {
    p.push(`blocked reason ${JSON.stringify(it.blocked ?? "")} lacks ${JSON.stringify(c.blocked)}`);
  }
  if (c.message !== undefined && !it.message.includes(c.message)) {
    p.push(`message ${JSON.stringify(it.message)} lacks ${JSON.stringify(c.message)}`);
  }
  for (const [dir, sql] of [["up", step.up], ["down", step.down]] as const) {
    const exact = c[dir];
    if (exact !== undefined && norm(exact) !== norm(sql)) {
      p.push(`${dir} SQL differs:\n--- expected\n${norm(exact)}\n--- rendered\n${norm(sql)}`);
    }
    for (const frag of c[`${dir}_contains`] ?? []) {
      if (!sql.includes(frag)) {
        p.push(`${dir} SQL lacks ${JSON.stringify(frag)}:\n${norm(sql)}`);
      }
    }
  }
  if (c.transaction !== undefined && c.transaction !== step.transactional) {
    p.push(`transactional: ${step.transactional}, expected ${c.transaction}`);
  }
  return p;
}
