/**
 * What reading one version of a schema file learnt that reading the other version reuses: most
 * statements of a schema change are the same in both files, and what the clause reader and
 * `pragma_table_xinfo` say of a CREATE TABLE depends on its text only. The cache of the
 * to-schema (parsed first) is kept with its model, and the from-schema (parsed with it as
 * reference) reads through it.
 * @module
 */
import type { Schema, Table } from "../../model/schema.ts";
import { type FkClause, readCreateTable, shiftTableClauses, type TableClauses } from "./clauses.ts";
import {
  type IndexClauses,
  readCreateIndex,
  readCreateTrigger,
  readCreateView,
  type TriggerClauses,
  type ViewClauses,
} from "./clauses_objects.ts";
import type { Token } from "./lex.ts";
import type { CatalogRow } from "./catalog.ts";

/** One row of `pragma_table_xinfo`. */
export interface XInfoRow {
  cid: number;
  name: string;
  type: string;
  nn: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}

/** A table's model read with its names as declared, and the foreign key of each constraint. */
export interface TableModel {
  table: Table;
  /** The REFERENCES clause of each constraint (in `table.constraints` order), as written. */
  fks: (FkClause | undefined)[];
}

/** Clause readings by statement text, column rows by stored CREATE TABLE text. */
export class ParseCache {
  private statements = new Map<string, TableClauses>();
  private columns = new Map<string, XInfoRow[]>();
  private indexes = new Map<string, IndexClauses>();
  private views = new Map<string, ViewClauses>();
  private triggers = new Map<string, TriggerClauses>();
  private tables = new Map<string, TableModel>();
  private groups = new Map<string, readonly CatalogRow[]>();

  /**
   * The catalog rows a group of statements (see partition.ts, `text` its statements) left in
   * a database of its own, if it ran before. Do not change.
   */
  groupRows(text: string): readonly CatalogRow[] | undefined {
    return this.groups.get(text);
  }

  /** Records the catalog rows of a group of statements that ran without error. */
  setGroupRows(text: string, rows: readonly CatalogRow[]): void {
    this.groups.set(text, rows);
  }

  /** The model of a table whose stored CREATE TABLE is `sql`, if read before. Do not change. */
  tableModel(sql: string): TableModel | undefined {
    return this.tables.get(sql);
  }

  /** Records the model of a table whose stored CREATE TABLE is `sql`. */
  setTableModel(sql: string, model: TableModel): void {
    this.tables.set(sql, model);
  }

  /**
   * Forgets the table models: they are the other version's own objects, read just before; once
   * that version's schema is in use it may change, and a copy must not follow.
   */
  forgetTableModels(): void {
    this.tables.clear();
  }

  /** {@link readCreateIndex} of a stored CREATE INDEX. Shared: do not change. */
  index(sql: string): IndexClauses {
    return memo(this.indexes, sql, readCreateIndex);
  }

  /** {@link readCreateView} of a stored CREATE VIEW. Shared: do not change. */
  view(sql: string): ViewClauses {
    return memo(this.views, sql, readCreateView);
  }

  /** {@link readCreateTrigger} of a stored CREATE TRIGGER. Shared: do not change. */
  trigger(sql: string): TriggerClauses {
    return memo(this.triggers, sql, readCreateTrigger);
  }

  /**
   * The clauses of a CREATE TABLE statement (`sql`, its `tokens` with offsets in `text`,
   * starting at `start`), offsets relative to the statement's start. Shared: do not change.
   */
  statementClauses(sql: string, text: string, tokens: Token[], start: number): TableClauses {
    let cl = this.statements.get(sql);
    if (!cl) {
      cl = shiftTableClauses(readCreateTable(text, tokens), -start);
      this.statements.set(sql, cl);
    }
    return cl;
  }

  /** The `pragma_table_xinfo` rows of a table whose stored CREATE TABLE is `sql`, if known. */
  columnRows(sql: string): XInfoRow[] | undefined {
    return this.columns.get(sql);
  }

  /** Records the rows of a table whose stored CREATE TABLE is `sql`. */
  setColumnRows(sql: string, rows: XInfoRow[]): void {
    this.columns.set(sql, rows);
  }
}

function memo<T>(m: Map<string, T>, sql: string, read: (sql: string) => T): T {
  let v = m.get(sql);
  if (v === undefined) m.set(sql, v = read(sql));
  return v;
}

const caches = new WeakMap<Schema, ParseCache>();

/** The cache a schema was read with (a new one for a schema read without). */
export function cacheOf(schema: Schema | undefined): ParseCache {
  return (schema && caches.get(schema)) ?? new ParseCache();
}

/** Keeps the cache a schema was read with, for the reading of the other version. */
export function keepCache(schema: Schema, cache: ParseCache): void {
  caches.set(schema, cache);
}
