/**
 * Reading a SQLite database's schema into the common model: `sqlite_schema` and the pragmas
 * (`pragma_table_list`, `pragma_table_xinfo`, `pragma_foreign_key_list`) for what SQLite
 * resolved, the clause reader ({@link readCreateTable} ...) for what pragmas do not say. Used
 * by the parser on the in-memory database a schema file was run in, and usable on any database
 * (verification reads the catalog after a migration with it, without file lines).
 *
 * Model conventions (see also `parse.ts`):
 * - everything lives in schema `main`; names are spelled as declared (as SQLite reports them);
 *   a reference (foreign key, index key, constraint column, view or trigger body) is resolved
 *   case-insensitively, as SQLite does, to the declared spelling; map keys are `main.<name>`
 *   (triggers `main.<table>.<name>`);
 * - internal tables (`sqlite_*`), virtual tables and their shadow tables are not read;
 * - constraints are ordered primary key, unique, check, foreign key (text order within a kind).
 * @module
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import { emptySchema, type Schema } from "../../model/schema.ts";
import { fold } from "./expr.ts";
import { SQLITE_SCHEMA } from "./names.ts";
import type { Origins } from "./origins.ts";
import { readTable, resolveReferences } from "./catalog_tables.ts";
import { readIndex, readTrigger, readView } from "./catalog_objects.ts";
import { Spelling } from "./spelling.ts";
import { ParseCache, type XInfoRow } from "./parse_cache.ts";

/**
 * The `pragma_table_xinfo` rows of the tables (`names`, stored CREATE TABLE texts `sqls`) that
 * `cache` does not know yet, in one query, into `cache`.
 */
function readColumnRows(db: DatabaseSync, sqls: string[], names: string[], cache: ParseCache) {
  const missing: number[] = [];
  for (let i = 0; i < sqls.length; i++) if (!cache.columnRows(sqls[i])) missing.push(i);
  if (missing.length === 0) return;
  const rows = allArrays(db.prepare(XINFO), JSON.stringify(missing.map((i) => names[i])));
  const byTable: XInfoRow[][] = missing.map(() => []);
  for (const r of rows) {
    byTable[r[0] as number].push({
      cid: r[1] as number,
      name: r[2] as string,
      type: r[3] as string,
      nn: r[4] as number,
      dflt_value: r[5] as string | null,
      pk: r[6] as number,
      hidden: r[7] as number,
    });
  }
  for (let j = 0; j < missing.length; j++) cache.setColumnRows(sqls[missing[j]], byTable[j]);
}

/**
 * All rows of a statement as arrays of column values (node:sqlite builds an object per row
 * field by field, which costs more than the JS object made from the array).
 */
function allArrays(stmt: StatementSync, ...args: SQLInputValue[]): unknown[][] {
  const s = stmt as StatementSync & { setReturnArrays?: (on: boolean) => void };
  if (typeof s.setReturnArrays !== "function") {
    return stmt.all(...args).map((r) => Object.values(r as Record<string, unknown>));
  }
  s.setReturnArrays(true);
  return stmt.all(...args) as unknown as unknown[][];
}

/** Every listed table's columns: `k` the table's position in the JSON array given. */
const XINFO = 'SELECT j.key AS k, p.cid, p.name, p.type, p."notnull" AS nn, p.dflt_value, ' +
  "p.pk, p.hidden FROM json_each(?) AS j, pragma_table_xinfo(j.value, 'main') AS p ORDER BY j.key, p.cid";

/** The schema of the main database. */
export const MAIN = SQLITE_SCHEMA;

/** A row of `sqlite_schema`, with the type `pragma_table_list` gives its name (if any). */
export interface CatalogRow {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
  kind: string | undefined;
}

interface MasterRow extends CatalogRow {
  /** The database of the row (its index in {@link Databases.dbs}); -1 for a row read before. */
  db: number;
}

/**
 * Several databases read as one schema (a file run in parts, see partition.ts): their
 * `sqlite_schema` rows merged in the order `order` gives (stable: each database's rows stay in
 * rowid order). Names are unique across the databases.
 */
export interface Databases {
  dbs: readonly DatabaseSync[];
  /** The position of a row (type, name, table name) among all. */
  order(type: string, name: string, tblName: string): number;
  /**
   * Rows read before from other databases holding the same statements (their tables' columns
   * are in the cache), merged with the others in `order`.
   */
  rows?: readonly CatalogRow[];
}

/** Where lines and rename hints come from; without it every line is 0 and there is no hint. */
export type LineSource = Pick<
  Origins,
  | "tableLine"
  | "columnLine"
  | "storedLine"
  | "writtenClauses"
  | "objectLines"
  | "hintAt"
  | "hintIn"
>;

const NO_LINES: LineSource = {
  tableLine: () => 0,
  columnLine: () => 0,
  storedLine: () => undefined,
  writtenClauses: () => undefined,
  objectLines: () => ({ line: 0, endLine: 0 }),
  hintAt: () => undefined,
  hintIn: () => undefined,
};

/**
 * The model of a database's main schema, without file lines (0) or rename hints: what a
 * migration left behind, for comparison with a parsed schema file (pass it as `reference` so
 * that names differing only in case are spelled as the file spells them).
 */
export function schemaOfDatabase(
  db: DatabaseSync,
  file = "<database>",
  reference?: Schema,
): Schema {
  const schema = emptySchema("sqlite", file);
  readCatalog(db, schema, NO_LINES, reference);
  return schema;
}

/**
 * Reads the main schema of `db` (or of several databases as one) into `schema` (tables,
 * indexes, views, triggers). Names that match a name of `reference` but for case take the
 * reference's spelling (see spelling.ts).
 * `cache` holds the column rows of tables read before (by stored CREATE TABLE text). Returns
 * the `sqlite_schema` rows read, in order.
 */
export function readCatalog(
  db: DatabaseSync | Databases,
  schema: Schema,
  lines: LineSource = NO_LINES,
  reference?: Schema,
  cache: ParseCache = new ParseCache(),
): readonly (CatalogRow & { db: number })[] {
  const sp = new Spelling(reference);
  const dbs = "dbs" in db ? db.dbs : [db];
  let rows: MasterRow[] = [];
  const kinds = new Map<string, string>();
  for (let d = 0; d < dbs.length; d++) {
    const rs = allArrays(
      dbs[d].prepare("SELECT type, name, tbl_name, sql FROM main.sqlite_schema ORDER BY rowid"),
    );
    for (const r of rs) {
      rows.push({
        type: r[0] as string,
        name: r[1] as string,
        tbl_name: r[2] as string,
        sql: r[3] as string | null,
        kind: undefined,
        db: d,
      });
    }
    const ks = allArrays(
      dbs[d].prepare("SELECT name, type FROM pragma_table_list WHERE schema = 'main'"),
    );
    for (const r of ks) kinds.set(r[0] as string, r[1] as string);
  }
  for (const r of rows) r.kind = kinds.get(r.name);
  if ("dbs" in db) {
    for (const r of db.rows ?? []) rows.push({ ...r, db: -1 });
    const order = db.order;
    rows = rows.map((r) => ({ r, at: order(r.type, r.name, r.tbl_name) }))
      .sort((a, b) => a.at - b.at).map((x) => x.r);
  }
  const tables = rows.filter((r) =>
    r.type === "table" && r.sql && r.kind === "table" && !/^sqlite_/i.test(r.name)
  );
  // the columns of the main database's table (schema 'main'): a temporary table or view of the
  // same name would shadow it in an unqualified pragma_table_xinfo
  const byDb: MasterRow[][] = dbs.map(() => []);
  for (const r of tables) if (r.db >= 0) byDb[r.db].push(r);
  for (let d = 0; d < dbs.length; d++) {
    const mine = byDb[d];
    readColumnRows(dbs[d], mine.map((r) => r.sql!), mine.map((r) => r.name), cache);
  }
  for (const r of tables) {
    const t = readTable(r.name, r.sql!, cache.columnRows(r.sql!)!, lines, sp, cache);
    schema.tables.set(`${MAIN}.${t.name}`, t);
  }
  resolveReferences(schema);
  for (const r of rows) {
    if (r.type !== "index" || !r.sql) continue;
    const table = schema.tables.get(`${MAIN}.${sp.table(r.tbl_name)}`);
    if (!table) continue;
    const i = readIndex(r.sql, table, lines, sp, cache);
    schema.indexes.set(`${MAIN}.${i.name}`, i);
  }
  const relations = new Map([...schema.tables.values()].map((t) => [fold(t.name), t.name]));
  for (const r of rows) if (r.type === "view") relations.set(fold(r.name), sp.view(r.name));
  for (const r of rows) {
    if (r.type !== "view" || !r.sql) continue;
    const v = readView(r.sql, relations, lines, cache);
    schema.views.set(`${MAIN}.${v.name}`, v);
  }
  for (const r of rows) {
    if (r.type !== "trigger" || !r.sql) continue;
    const table = relations.get(fold(r.tbl_name)) ?? r.tbl_name;
    const t = readTrigger(r.sql, table, schema, relations, lines, sp, cache);
    schema.triggers.set(`${MAIN}.${t.table.name}.${t.name}`, t);
  }
  return rows;
}
