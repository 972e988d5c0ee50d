/**
 * Filling the from-schema's tables with generated rows: parents before children, foreign keys
 * pointing at rows that exist, CHECK constraints evaluated by the database itself (rows where a
 * check is false are left out), unique keys kept by `ON CONFLICT DO NOTHING`. One INSERT per
 * table; when it fails, the rows are inserted one by one and those that fail are left out.
 * @module
 */
import { findColumn, qkey, type QName, type Schema } from "../../../model/schema.ts";
import type { TypeFacts } from "../../../model/types.ts";
import { ident, literal, qident, renderType } from "../render/quote.ts";
import type { ColumnPlan, TablePlan } from "./profile.ts";
import { describeDbError, type SqlClient } from "./sql_client.ts";
import { columnValues } from "./values.ts";

/** What was inserted into one table. */
export interface FilledTable {
  table: string;
  rows: number;
  /** Why fewer rows (or none) were inserted. */
  note?: string;
}

/** What filling the tables did. */
export interface FillResult {
  rows: number;
  tables: FilledTable[];
}

type Row = (string | null | undefined)[];
type Returned = Record<string, string | null>[];

/** Tables in an order where every parent comes before its children (cycles broken). */
export function fillOrder(plans: TablePlan[]): { order: TablePlan[]; deferred: Set<string> } {
  const byKey = new Map(plans.map((p) => [qkey(p.table), p]));
  const state = new Map<string, "visiting" | "done">();
  const order: TablePlan[] = [];
  const deferred = new Set<string>(); // "child|fk index" whose parent comes later
  const visit = (p: TablePlan) => {
    const k = qkey(p.table);
    if (state.get(k)) return;
    state.set(k, "visiting");
    p.foreign.forEach((f, i) => {
      const pk = qkey(f.parent);
      if (pk === k) return;
      const parent = byKey.get(pk);
      if (!parent) return;
      if (state.get(pk) === "visiting") deferred.add(`${k}|${i}`);
      else visit(parent);
    });
    state.set(k, "done");
    order.push(p);
  };
  for (const p of plans) visit(p);
  return { order, deferred };
}

function showTable(t: QName): string {
  return t.schema === "public" ? t.name : `${t.schema}.${t.name}`;
}

/** Key columns of a parent a foreign key references (its primary key when not listed). */
function parentColumns(parent: QName, cols: string[], from: Schema): string[] {
  if (cols.length) return cols;
  return from.tables.get(qkey(parent))?.constraints.find((c) => c.kind === "primary")?.columns ??
    [];
}

/**
 * Inserts about `rowsPerTable` rows into every planned table of the loaded from-schema and says
 * how many went in.
 *
 * The INSERTs run in one transaction (a commit after each costs about a quarter of the fill).
 * When one of them fails, or the commit does (a deferred constraint), everything is rolled back
 * and the tables are filled again with each INSERT on its own, as before: a failing one is then
 * retried row by row and the rows refused are left out.
 */
export async function fillTables(
  db: SqlClient,
  plans: TablePlan[],
  from: Schema,
  facts: TypeFacts,
  rowsPerTable: number,
): Promise<FillResult> {
  await db.exec("BEGIN");
  try {
    const result = await fillAll(db, plans, from, facts, rowsPerTable, true);
    await db.exec("COMMIT");
    return result;
  } catch {
    await db.exec("ROLLBACK").catch(() => {});
  }
  return await fillAll(db, plans, from, facts, rowsPerTable, false);
}

/** Fills the tables; `strict`: an INSERT that fails throws instead of going row by row. */
async function fillAll(
  db: SqlClient,
  plans: TablePlan[],
  from: Schema,
  facts: TypeFacts,
  rowsPerTable: number,
  strict: boolean,
): Promise<FillResult> {
  const { order, deferred } = fillOrder(plans);
  // Which columns of each table some foreign key reads: returned by the INSERT.
  const wanted = new Map<string, Set<string>>();
  for (const p of plans) {
    for (const f of p.foreign) {
      const k = qkey(f.parent);
      if (!wanted.has(k)) wanted.set(k, new Set());
      for (const c of parentColumns(f.parent, f.parentColumns, from)) wanted.get(k)!.add(c);
    }
  }
  const inserted = new Map<string, Returned>();
  const result: FillResult = { rows: 0, tables: [] };
  for (const plan of order) {
    const k = qkey(plan.table);
    const filled = await fillTable(db, plan, {
      from,
      facts,
      rowsPerTable,
      inserted,
      deferred: new Set(
        plan.foreign.map((_, i) => i).filter((i) => deferred.has(`${k}|${i}`)),
      ),
      returning: [...(wanted.get(k) ?? [])],
      strict,
    });
    result.rows += filled.rows;
    result.tables.push(filled);
  }
  return result;
}

interface FillContext {
  from: Schema;
  facts: TypeFacts;
  rowsPerTable: number;
  inserted: Map<string, Returned>;
  /** Indexes of foreign keys whose parent is filled later (a cycle): NULL where allowed. */
  deferred: Set<number>;
  returning: string[];
  /** An INSERT that fails throws (the caller starts again), instead of going row by row. */
  strict: boolean;
}

async function fillTable(db: SqlClient, plan: TablePlan, ctx: FillContext): Promise<FilledTable> {
  const name = showTable(plan.table);
  const n = ctx.rowsPerTable;
  let cols: ColumnPlan[] = plan.columns.filter((c) => !c.omit);
  let values = cols.map((c) => columnValues(c, n, ctx.facts));
  // Columns nothing can be generated for: left to their default, or NULL.
  const missing = cols.filter((_, i) => values[i].every((v) => v === undefined));
  const impossible = missing.find((c) => c.notNull && !c.hasDefault);
  if (impossible) {
    return {
      table: name,
      rows: 0,
      note: `no values can be generated for ${name}.${impossible.name} ` +
        `(${renderType(impossible.declared, ctx.facts)}, NOT NULL, no default)`,
    };
  }
  const keep = cols.map((c) => !missing.includes(c));
  cols = cols.filter((_, i) => keep[i]);
  values = values.filter((_, i) => keep[i]);
  const rows: Row[] = Array.from({ length: n }, (_, r) => cols.map((_, c) => values[c][r]));
  const notes: string[] = [];
  applyForeignKeys(plan, cols, rows, ctx, notes);
  const complete = rows.filter((r) => r.every((v) => v !== undefined)) as (string | null)[][];
  if (!complete.length) {
    return { table: name, rows: 0, note: notes[0] ?? `no complete row could be generated` };
  }
  const literalRow = (r: (string | null)[]) =>
    `(${
      r.map((v, i) =>
        `${v === null ? "NULL" : literal(v)}::${renderType(cols[i].declared, ctx.facts)}`
      ).join(", ")
    })`;
  const insert = (rowsSql: string[]) => insertSql(plan, cols, rowsSql, ctx.returning);
  let returned: Returned;
  try {
    returned = toRecords(await db.query(insert(complete.map(literalRow))), ctx.returning);
  } catch (e) {
    if (ctx.strict) throw e;
    returned = [];
    let firstError: string | undefined;
    for (const r of complete) {
      try {
        returned.push(...toRecords(await db.query(insert([literalRow(r)])), ctx.returning));
      } catch (err) {
        firstError ??= describeDbError(err);
      }
    }
    notes.push(
      `some generated rows were refused (${firstError ?? describeDbError(e)}) and left out`,
    );
  }
  ctx.inserted.set(qkey(plan.table), returned);
  const out: FilledTable = { table: name, rows: returned.length };
  if (notes.length) out.note = notes.join("; ");
  return out;
}

function toRecords(rows: (string | null)[][], cols: string[]): Returned {
  return rows.map((r) => Object.fromEntries(cols.map((c, i) => [c, r[i] ?? null])));
}

/** Points foreign key columns at inserted parent rows (or NULL where the key allows it). */
function applyForeignKeys(
  plan: TablePlan,
  cols: ColumnPlan[],
  rows: Row[],
  ctx: FillContext,
  notes: string[],
): void {
  const table = ctx.from.tables.get(qkey(plan.table));
  plan.foreign.forEach((f, fi) => {
    const idx = f.columns.map((c) => cols.findIndex((x) => x.name === c));
    if (idx.some((i) => i < 0)) return;
    const nullable = f.columns.every((c) => table && !findColumn(table, c)?.notNull) &&
      idx.every((i) => !cols[i].notNull);
    const pcols = parentColumns(f.parent, f.parentColumns, ctx.from);
    const self = qkey(f.parent) === qkey(plan.table);
    const parents = self || ctx.deferred.has(fi)
      ? []
      : (ctx.inserted.get(qkey(f.parent)) ?? []).filter((p) => pcols.every((c) => p[c] !== null));
    rows.forEach((row, r) => {
      // keep a generated NULL where the key may be NULL: a row without a parent
      if (nullable && idx.some((i) => row[i] === null)) {
        idx.forEach((i) => (row[i] = null));
        return;
      }
      if (self) {
        // the previous row, which this statement inserts first
        const prev = rows[r - 1];
        const pIdx = pcols.map((c) => cols.findIndex((x) => x.name === c));
        const source = prev && pIdx.every((i) => i >= 0) ? prev : nullable ? undefined : row;
        idx.forEach((i, j) => (row[i] = source ? source[pIdx[j]] : null));
        return;
      }
      if (!parents.length) {
        if (nullable) idx.forEach((i) => (row[i] = null));
        else idx.forEach((i) => (row[i] = undefined));
        return;
      }
      const p = parents[(r * 7) % parents.length];
      idx.forEach((i, j) => (row[i] = p[pcols[j]]));
    });
    if (!parents.length && !self && !nullable) {
      notes.push(`no rows in ${showTable(f.parent)} for the foreign key (${f.columns.join(", ")})`);
    }
  });
}

function insertSql(
  plan: TablePlan,
  cols: ColumnPlan[],
  rowsSql: string[],
  returning: string[],
): string {
  const list = cols.map((c) => ident(c.name)).join(", ");
  const where = plan.checks.map((ch) => {
    if (!ch.columns) return `(${ch.sql}) IS NOT FALSE`;
    const select = ch.columns.map((c) =>
      `${ident(plan.table.name)}.${ident(c.from)}${c.cast ? `::${c.cast}` : ""} AS ${ident(c.to)}`
    ).join(", ");
    return `(SELECT (${ch.sql}) IS NOT FALSE FROM (SELECT ${select}) AS ${ident(ch.alias)})`;
  });
  return `INSERT INTO ${qident(plan.table)} (${list})` +
    (plan.overriding ? " OVERRIDING SYSTEM VALUE" : "") +
    `\nSELECT ${list} FROM (VALUES\n  ${rowsSql.join(",\n  ")}\n) AS ${
      ident(plan.table.name)
    } (${list})` +
    (where.length ? `\nWHERE ${where.join("\n  AND ")}` : "") +
    `\nON CONFLICT DO NOTHING\nRETURNING ${
      returning.length ? returning.map(ident).join(", ") : "1"
    }`;
}
