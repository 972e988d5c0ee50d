/**
 * The generator's pipeline as pure functions: parse both schemas, diff, classify, plan,
 * render. No file system access: the CLI reads inputs and writes outputs around it.
 * @module
 */
import { type Classified, classify } from "./classify/classify.ts";
import type { Rule } from "./classify/rules.ts";
import { RuleSet } from "./classify/rule_set.ts";
import { diffSchemas } from "./diff/diff.ts";
import { InputError } from "./errors.ts";
import type { Schema } from "./model/schema.ts";
import { applyManageSettings, type ManageSetting } from "./model/privileges.ts";
import type { BackfillSettings } from "./classify/described.ts";
import type { DialectName, SqlDialect } from "./dialects/dialect.ts";
import { availableDialects, loadDialect } from "./dialects/registry.ts";
import { buildPlan, type Step } from "./plan/plan.ts";
import type { MigrationFiles } from "./render/files.ts";
import type { Spec } from "./spec/spec.ts";
import catalog from "../rules/catalog.json" with { type: "json" };

/**
 * The built-in rules plus user layers (each already loaded with classify/rules.ts's `loadRule`,
 * which only a run with user rules loads).
 */
export function loadRules(userLayers: Rule[][] = []): RuleSet {
  const set = new RuleSet();
  // built-in rules were parsed and validated by scripts/gen_rule_catalog.ts
  set.addLayer(catalog.rules as Rule[]);
  for (const layer of userLayers) set.addLayer(layer);
  return set;
}

/** Everything the pipeline needs. */
export interface PipelineInput {
  dialect: SqlDialect;
  spec: Spec;
  from: { path: string; text: string };
  to: { path: string; text: string };
  rules: RuleSet;
  runId: string;
  archiveTag: string;
  tool: string;
  version: string;
  lockTimeout?: string;
  statementTimeout?: string;
  /** Online mode (`--online`): recipes that avoid long locks, some outside a transaction. */
  online?: boolean;
  /** `privileges: ignore` in the config: GRANT / REVOKE / default privileges are listed only. */
  privileges?: ManageSetting;
  /** `owners: ignore` in the config: OWNER TO is listed only. */
  owners?: ManageSetting;
  /** Online backfills: rows per batch, pause (ms), lock retries per batch. */
  backfill?: BackfillSettings;
  /** Called when a stage is done, with what it produced (progress on stderr). */
  onPhase?: (phase: keyof Timings, detail: string, ms: number) => void;
}

/** Stage timings in milliseconds. */
export interface Timings {
  parse: number;
  diff: number;
  classify: number;
  render: number;
}

/** What the pipeline produces. */
export interface PipelineResult {
  from: Schema;
  to: Schema;
  classified: Classified[];
  steps: Step[];
  files: MigrationFiles;
  timings: Timings;
  /** The online mode was on. */
  online?: boolean;
}

/** Loads a dialect and prepares its parser; an InputError for one that is not available. */
export async function initDialect(name: DialectName): Promise<SqlDialect> {
  const d = await loadDialect(name);
  if (!d) {
    throw new InputError(
      `dialect ${name} is not supported yet (supported: ${availableDialects().join(", ")})`,
    );
  }
  return d;
}

/** Runs parse -> diff -> classify -> plan -> render. */
export function runPipeline(input: PipelineInput): PipelineResult {
  const t0 = performance.now();
  const dialect = input.dialect;
  // the to-schema first: the from-schema's names that differ from it only in case take its
  // spelling (SQLite compares names case-insensitively: that is no change)
  const to = dialect.parse(input.to.text, input.to.path);
  const from = dialect.parse(input.from.text, input.from.path, to);
  const settings = { privileges: input.privileges, owners: input.owners };
  applyManageSettings(to, settings);
  applyManageSettings(from, settings);
  const t1 = performance.now();
  const phase = input.onPhase ?? (() => {});
  phase("parse", `${from.tables.size} -> ${to.tables.size} tables`, t1 - t0);
  const facts = dialect.typeFacts;
  const { changes } = diffSchemas(from, to, {
    intents: input.spec.intents,
    specPath: input.spec.path,
    facts,
    expr: dialect.expr,
    defaultSchema: dialect.caps.defaultSchema,
    typeDiffers: dialect.typeDiffers,
    indexNamesPerSchema: dialect.caps.indexNamesPerSchema,
    columnOptionsDiffer: dialect.columnOptionsDiffer,
    tableOptionsDiffer: dialect.tableOptionsDiffer,
    rebuildsPartitioning: dialect.caps.rebuildsPartitioning,
  });
  const t2 = performance.now();
  phase("diff", `${changes.length} change(s)`, t2 - t1);
  const classified = classify(changes, input.rules, dialect, {
    facts,
    from,
    to,
    archiveTag: input.archiveTag,
    online: input.online,
    backfill: input.backfill,
  });
  const t3 = performance.now();
  const stopped = classified.filter((c) => c.blocked).length;
  phase("classify", `${classified.length} classified, ${stopped} need a decision`, t3 - t2);
  const steps = buildPlan(classified, dialect);
  const files = dialect.render(steps, {
    tool: input.tool,
    version: input.version,
    runId: input.runId,
    spec: input.spec.path,
    from: input.from.path,
    to: input.to.path,
    lockTimeout: input.lockTimeout,
    statementTimeout: input.statementTimeout,
    online: input.online,
  }, { from, to, archiveTag: input.archiveTag, backfill: input.backfill });
  const t4 = performance.now();
  phase("render", `${steps.length} step(s)`, t4 - t3);
  return {
    from,
    to,
    classified,
    steps,
    files,
    timings: { parse: t1 - t0, diff: t2 - t1, classify: t3 - t2, render: t4 - t3 },
    ...(input.online ? { online: true } : {}),
  };
}

/** A short, stable tag for archive names, derived from the run id (FNV-1a, 8 hex digits). */
export function archiveTagOf(runId: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < runId.length; i++) {
    h ^= runId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

export type { Rule };
