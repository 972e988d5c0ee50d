/**
 * What the generated rows of each from-schema table must respect, read from the model (never
 * from SQL text): types, NOT NULL, unique keys, foreign keys, CHECK constraints, enum labels;
 * and for columns that a split, merge or transform reads, the intent's samples and separator.
 *
 * Two modes. `raw`: the from-schema's constraints only, so the edge values also test the
 * migration's guards. `fit`: additionally what the to-schema will demand of the same columns
 * (a narrower type, NOT NULL, a new unique or foreign key, a new CHECK, fewer enum labels), so
 * that data a guard rightly refuses is left out and the rest of the round trip is verified.
 * @module
 */
import type { Change } from "../../../diff/changes.ts";
import {
  type Column,
  type ColumnType,
  findColumn,
  qkey,
  type QName,
  type Schema,
  type Table,
} from "../../../model/schema.ts";
import { classifyTypeChange, sameType, type TypeFacts } from "../../../model/types.ts";
import { renderType } from "../render/quote.ts";
import type { NameMap } from "./names.ts";
import type { ValueSpec } from "./values.ts";

/** One column's generation plan. */
export interface ColumnPlan extends ValueSpec {
  /** The from-schema name (what is inserted into). */
  name: string;
  /** The declared from-schema type (what literals are cast to). */
  declared: ColumnType;
  /** Generated columns are never inserted. */
  omit: boolean;
  hasDefault: boolean;
  /** The change that reads the column (`transform orders.amount -> orders.amount_cents`). */
  readBy?: string;
}

/** A foreign key the generated rows must satisfy (parents are filled first). */
export interface ForeignPlan {
  columns: string[];
  parent: QName;
  parentColumns: string[];
}

/** A CHECK the generated rows must pass: rows where it is false are left out. */
export interface CheckPlan {
  sql: string;
  /** For a to-schema check: its columns as to-schema names, each from a from-schema column. */
  columns?: { to: string; from: string; cast?: string }[];
  /** The table name the check's own qualified references use. */
  alias: string;
}

/** How to fill one table. */
export interface TablePlan {
  table: QName;
  columns: ColumnPlan[];
  foreign: ForeignPlan[];
  checks: CheckPlan[];
  /** An identity column is GENERATED ALWAYS: the INSERT needs OVERRIDING SYSTEM VALUE. */
  overriding: boolean;
}

/** Generation mode (see the module doc). */
export type ProfileMode = "raw" | "fit";

function singleUniqueColumns(t: Table, s: Schema): Set<string> {
  const out = new Set<string>();
  for (const c of t.constraints) {
    if ((c.kind === "primary" || c.kind === "unique") && c.columns.length === 1) {
      out.add(c.columns[0]);
    }
  }
  for (const i of s.indexes.values()) {
    if (
      i.unique && qkey(i.table) === qkey(t) && i.keys.length === 1 &&
      i.keys[0].column !== undefined && !i.where
    ) out.add(i.keys[0].column);
  }
  return out;
}

function enumLabels(t: ColumnType, s: Schema): string[] | undefined {
  if (t.schema === undefined) return undefined;
  return s.enums.get(qkey({ schema: t.schema, name: t.name }))?.values;
}

/** Columns that splits, merges and transforms read, with their samples and separators. */
interface Reader {
  readBy: string;
  samples?: string[];
  separator?: string;
  /** The target demands non-NULL values (fit mode). */
  targetNotNull: boolean;
  /** An in-place transform: the column's to-schema type is the transform's business. */
  inPlace?: boolean;
}

function readers(changes: Change[], names: NameMap): Map<string, Reader> {
  const out = new Map<string, Reader>();
  const key = (table: QName, col: string) => {
    const from = names.fromTable(table);
    return `${qkey(from)}.${names.fromColumn(table, col)}`;
  };
  for (const c of changes) {
    const t = c.kind === "split_column" || c.kind === "merge_columns" ||
        c.kind === "transform_column"
      ? c.table.name
      : "";
    if (c.kind === "transform_column") {
      out.set(key(c.table, c.from.name), {
        readBy: `transform ${t}.${c.from.name} -> ${t}.${c.to.name}`,
        samples: c.samples,
        targetNotNull: c.to.notNull,
        inPlace: c.from.name === c.to.name,
      });
    } else if (c.kind === "split_column") {
      out.set(key(c.table, c.from.name), {
        readBy: `split ${t}.${c.from.name} -> ${c.to.map((x) => `${t}.${x.name}`).join(", ")}`,
        separator: c.separator,
        targetNotNull: c.to.some((x) => x.notNull),
      });
    } else if (c.kind === "merge_columns") {
      for (const f of c.from) {
        out.set(key(c.table, f.name), {
          readBy: `merge ${c.from.map((x) => `${t}.${x.name}`).join(", ")} -> ${t}.${c.to.name}`,
          separator: c.separator,
          targetNotNull: c.to.notNull,
        });
      }
    }
  }
  return out;
}

/** Enum labels of `fromCol` whose (possibly renamed) label the to-schema type still has. */
function keptLabels(
  labels: string[],
  toType: ColumnType,
  to: Schema,
  changes: Change[],
): string[] | undefined {
  const toLabels = enumLabels(toType, to);
  if (!toLabels) return undefined;
  const renamed = new Map<string, string>();
  for (const c of changes) {
    if (c.kind === "rename_enum_value" && c.type.name === toType.name) renamed.set(c.from, c.to);
  }
  const keep = new Set(toLabels);
  return labels.filter((l) => keep.has(renamed.get(l) ?? l));
}

function columnPlan(
  c: Column,
  from: Schema,
  uniques: Set<string>,
  reader: Reader | undefined,
): ColumnPlan {
  return {
    name: c.name,
    declared: c.type,
    type: c.type,
    notNull: c.notNull,
    unique: uniques.has(c.name),
    labels: enumLabels(c.type, from),
    samples: reader?.samples?.length ? reader.samples : undefined,
    separator: reader?.separator,
    readBy: reader?.readBy,
    omit: !!c.generated,
    hasDefault: !!c.default || !!c.serial || !!c.identity,
  };
}

/** Applies what the to-schema demands of the table's columns (fit mode). */
function fitTable(
  plan: TablePlan,
  f: Table,
  ctx: { from: Schema; to: Schema; names: NameMap; changes: Change[]; facts: TypeFacts },
  readersOf: Map<string, Reader>,
): void {
  const { to, names, changes, facts } = ctx;
  const toName = names.toTable(f);
  const t = to.tables.get(qkey(toName));
  const byTo = new Map<string, ColumnPlan>();
  for (const p of plan.columns) {
    const reader = readersOf.get(`${qkey(f)}.${p.name}`);
    if (reader?.targetNotNull) p.notNull = true;
    if (!t) continue;
    const tc = findColumn(t, names.toColumn(f, p.name));
    if (!tc) continue;
    byTo.set(tc.name, p);
    if (tc.notNull) p.notNull = true;
    if (reader?.inPlace) continue;
    if (!sameType(p.declared, tc.type)) {
      if (p.labels) {
        p.labels = keptLabels(p.labels, tc.type, to, changes) ?? p.labels;
      } else if (tc.type.schema === undefined) {
        const cls = classifyTypeChange(p.declared, tc.type, facts);
        if (cls.class !== "widen") p.type = tc.type;
      }
    }
  }
  if (!t) return;
  for (const u of singleUniqueColumns(t, to)) {
    const p = byTo.get(u);
    if (p) p.unique = true;
  }
  for (const k of t.constraints) {
    if (k.kind === "foreign" && k.ref) {
      const cols = k.columns.map((c) => byTo.get(c)?.name);
      const parentFrom = names.fromTable(k.ref.table);
      const parent = ctx.from.tables.get(qkey(parentFrom));
      if (cols.some((c) => c === undefined)) continue;
      if (!parent) {
        // the migration creates the parent, empty: existing rows can only hold NULL there
        for (const c of k.columns) byTo.get(c)!.nullOnly = true;
        continue;
      }
      const pcols = k.ref.columns.map((c) => names.fromColumn(k.ref!.table, c));
      if (pcols.some((c) => !findColumn(parent, c))) continue;
      const already = plan.foreign.some((x) =>
        x.columns.join() === cols.join() && qkey(x.parent) === qkey(parentFrom)
      );
      if (!already) {
        plan.foreign.push({ columns: cols as string[], parent: parentFrom, parentColumns: pcols });
      }
    } else if (k.kind === "check" && k.expr) {
      const cols = k.expr.columns.map((c) => ({ to: c, p: byTo.get(c) }));
      if (cols.some((c) => !c.p)) continue;
      if (plan.checks.some((x) => x.sql === k.expr!.sql && !x.columns)) continue;
      plan.checks.push({
        sql: k.expr.sql,
        alias: t.name,
        columns: cols.map(({ to: toCol, p }) => {
          const tc = findColumn(t, toCol)!;
          return {
            to: toCol,
            from: p!.name,
            cast: sameType(tc.type, p!.declared) ? undefined : renderType(tc.type, facts),
          };
        }),
      });
    }
  }
}

/** The generation plan of every from-schema table. */
export function tablePlans(
  from: Schema,
  to: Schema,
  changes: Change[],
  names: NameMap,
  facts: TypeFacts,
  mode: ProfileMode,
): TablePlan[] {
  const readersOf = readers(changes, names);
  const plans: TablePlan[] = [];
  for (const t of from.tables.values()) {
    const uniques = singleUniqueColumns(t, from);
    const plan: TablePlan = {
      table: { schema: t.schema, name: t.name },
      columns: t.columns.map((c) =>
        columnPlan(c, from, uniques, readersOf.get(`${qkey(t)}.${c.name}`))
      ),
      foreign: t.constraints.filter((k) => k.kind === "foreign" && k.ref).map((k) => ({
        columns: k.columns,
        parent: k.ref!.table,
        parentColumns: k.ref!.columns,
      })),
      checks: t.constraints.filter((k) => k.kind === "check" && k.expr).map((k) => ({
        sql: k.expr!.sql,
        alias: t.name,
      })),
      overriding: t.columns.some((c) => c.identity === "always"),
    };
    if (mode === "fit") fitTable(plan, t, { from, to, names, changes, facts }, readersOf);
    plans.push(plan);
  }
  return plans;
}
