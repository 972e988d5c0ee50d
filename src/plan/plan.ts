/**
 * The plan: classified changes put in a dependency-safe order, each as a step that carries its
 * own up and down SQL (guards included). The rollback runs the steps' downs in reverse.
 * @module
 */
import type { Classified } from "../classify/classify.ts";
import { renderTemplate } from "../classify/template.ts";
import type { Guard } from "../classify/rules.ts";
import type { Change, ChangeKind, CoreChangeKind } from "../diff/changes.ts";
import { OBJECT_PHASE } from "./object_phases.ts";
import { qkey } from "../model/schema.ts";
import type { VarValue } from "../classify/described.ts";
import type { GuardSample, SqlDialect } from "../dialects/dialect.ts";

/** One step of the plan. */
export interface Step {
  /** 1-based position in the up migration. */
  n: number;
  item: Classified;
  up: string;
  down: string;
  /** False when the step must run outside a transaction block (the rule says so). */
  transactional: boolean;
}

/** Execution phases: lower runs first in the up migration. */
const CORE_PHASE: Record<CoreChangeKind, number> = {
  create_schema: 0,
  create_extension: 0,
  create_type: 1,
  rename_type: 1,
  add_enum_value: 1,
  rename_enum_value: 1,
  create_sequence: 1,
  drop_constraint: 2,
  drop_index: 2,
  rename_table: 3,
  rename_column: 4,
  rename_constraint: 5,
  rename_index: 5,
  rename_sequence: 5,
  alter_sequence: 5,
  create_table: 6,
  add_column: 7,
  split_column: 8,
  merge_columns: 8,
  transform_column: 8,
  alter_column_type: 9,
  alter_generated: 8,
  set_default: 10,
  alter_column_options: 10,
  alter_table_options: 9,
  drop_default: 10,
  drop_identity: 10,
  alter_identity: 10,
  add_serial: 10,
  drop_serial: 10,
  drop_not_null: 11,
  set_not_null: 11,
  add_identity: 12,
  add_index: 12,
  add_constraint: 13,
  drop_column: 14,
  drop_table: 15,
  drop_enum_value: 16,
  drop_type: 17,
  drop_sequence: 17,
  drop_schema: 18,
  drop_extension: 18,
};

const PHASE: Record<ChangeKind, number> = { ...CORE_PHASE, ...OBJECT_PHASE };

const CONSTRAINT_ORDER: Record<string, number> = {
  primary: 0,
  unique: 1,
  exclude: 2,
  check: 3,
  foreign: 4,
};

/** How many tables of `kind` changes reference each table by a foreign key (by table key). */
function referencedBy(all: Change[], kind: "create_table" | "drop_table"): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of all) {
    if (o.kind !== kind) continue;
    // each referencing table counts once per referenced table, as `some` did
    const refs = new Set(
      o.table.constraints.filter((k) => k.kind === "foreign").map((k) => qkey(k.ref!.table)),
    );
    for (const r of refs) out.set(r, (out.get(r) ?? 0) + 1);
  }
  return out;
}

/**
 * For dropped tables, how deep each is under the other dropped tables that reference it: 0 for
 * one that no dropped table references, else one more than the deepest such dependant, so that
 * a chain (usage -> features -> plans) is dropped child first and the rollback restores the
 * parents before the keys that point at them. Cycles are cut where they close.
 */
function dropDepths(all: Change[]): Map<string, number> {
  const dependants = new Map<string, Set<string>>();
  const dropped = new Set<string>();
  for (const o of all) {
    if (o.kind !== "drop_table") continue;
    const k = qkey(o.table);
    dropped.add(k);
    for (const c of o.table.constraints) {
      if (c.kind !== "foreign" || !c.ref) continue;
      const r = qkey(c.ref.table);
      if (r === k) continue;
      if (!dependants.has(r)) dependants.set(r, new Set());
      dependants.get(r)!.add(k);
    }
  }
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (k: string): number => {
    const known = depth.get(k);
    if (known !== undefined) return known;
    if (visiting.has(k)) return 0;
    visiting.add(k);
    let d = 0;
    for (const child of dependants.get(k) ?? []) {
      if (dropped.has(child)) d = Math.max(d, visit(child) + 1);
    }
    visiting.delete(k);
    depth.set(k, d);
    return d;
  };
  for (const k of dropped) visit(k);
  return depth;
}

/**
 * The order of changes within a phase, computed once per change (in the sort comparator it
 * scanned every change for every comparison: rendering 8,000 new tables took minutes).
 */
function subOrders(all: Change[]): number[] {
  const created = referencedBy(all, "create_table");
  const dropped = dropDepths(all);
  return all.map((c) => {
    if (c.kind === "add_constraint") return CONSTRAINT_ORDER[c.constraint.kind] ?? 5;
    if (c.kind === "drop_constraint") return 4 - (CONSTRAINT_ORDER[c.constraint.kind] ?? 0);
    // tables referenced by other new tables first (their FKs come later anyway)
    if (c.kind === "create_table") return -(created.get(qkey(c.table)) ?? 0);
    // dependants first: a table that references another dropped table goes before it
    if (c.kind === "drop_table") return dropped.get(qkey(c.table)) ?? 0;
    return 0;
  });
}

/**
 * The phase of a change. A dropped generated column goes with the early drops: it holds nothing
 * that cannot be recomputed, and the columns it reads may be dropped by a split, merge or
 * transform before the other column drops run. Drops that free names the target uses again
 * run early too.
 */
function phaseOf(c: Change): number {
  if (c.kind === "drop_column" && c.column.generated) return PHASE.drop_index;
  // a table whose names the target uses again goes after the drops of foreign keys to it and
  // before the renames and creations that take its names; a new sequence with a freed name
  // after it and after the renames (before the tables whose defaults read it)
  if (c.kind === "drop_table" && c.early) return PHASE.drop_index + 0.5;
  if (c.kind === "create_sequence" && c.afterDrops) return PHASE.rename_sequence + 0.5;
  return PHASE[c.kind];
}

/** Orders classified changes into steps and renders each step's SQL. */
export function buildPlan(items: Classified[], dialect: SqlDialect): Step[] {
  const sub = subOrders(items.map((i) => i.change));
  const ordered = items
    .map((item, i) => ({ item, i, phase: phaseOf(item.change), sub: sub[i] }))
    .sort((a, b) => a.phase - b.phase || a.sub - b.sub || a.i - b.i);
  return ordered.map(({ item }, idx) => renderStep(item, idx + 1, dialect));
}

function renderGuard(
  g: Guard | undefined,
  vars: Record<string, VarValue>,
  dialect: SqlDialect,
): string {
  if (!g) return "";
  const q = dialect.quoting;
  const table = renderTemplate(g.table, vars, q).trim();
  const where = renderTemplate(g.where, vars, q).trim();
  if (!table || !where || where === "false") return "";
  const message = renderTemplate(g.message, vars, q).replace(/\s+/g, " ").trim();
  return dialect.guard(
    `SELECT 1 FROM ${table} WHERE ${where}`,
    message,
    guardSample(g, vars, q, table, where),
  );
}

/** What the guard's message may show: the rows of `{{ident:table}}` and its guarded column. */
function guardSample(
  g: Guard,
  vars: Record<string, VarValue>,
  q: SqlDialect["quoting"],
  table: string,
  where: string,
): GuardSample | undefined {
  const t = vars.table;
  if (g.table.trim() !== "{{ident:table}}" || !t || typeof t === "string") return undefined;
  const col = vars.column;
  return {
    table,
    rel: q.ident(t.name),
    where,
    // `show: key`: the guarded column does not exist yet (a new NOT NULL column)
    columns: g.show !== "key" && typeof col === "string" && col ? [q.ident(col)] : [],
  };
}

function renderStep(item: Classified, n: number, dialect: SqlDialect): Step {
  const r = item.rule;
  if (!r || item.blocked) return { n, item, up: "", down: "", transactional: true };
  const vars = item.described.vars;
  const q = dialect.quoting;
  const up = [renderGuard(r.guard, vars, dialect), renderTemplate(r.up, vars, q)]
    .filter(Boolean).join("\n");
  const down = [renderGuard(r.down_guard, vars, dialect), renderTemplate(r.down, vars, q)]
    .filter(Boolean).join("\n");
  return { n, item, up, down, transactional: r.transaction };
}
