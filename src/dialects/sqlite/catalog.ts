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
import type { DatabaseSync } from "node:sqlite";
import {
  type Column,
  type Constraint,
  emptySchema,
  type Index,
  type IndexElem,
  type Schema,
  type Table,
  type Trigger,
  type View,
} from "../../model/schema.ts";
import {
  type ColumnClause,
  type FkClause,
  readCreateIndex,
  readCreateTable,
  readCreateTrigger,
  readCreateView,
  type TableClauses,
} from "./clauses.ts";
import { canonicalToken, canonicalTokens, columnsOf, fold, makeExpr } from "./expr.ts";
import { identValue, isKw, type Token } from "./lex.ts";
import type { SqliteColumnExt, SqliteTableExt } from "./model.ts";
import { ConstraintNames } from "./constraint_names.ts";
import { SQLITE_SCHEMA } from "./names.ts";
import type { Origins } from "./origins.ts";
import { declaredType } from "./types.ts";

/** The schema of the main database. */
export const MAIN = SQLITE_SCHEMA;

interface MasterRow {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

interface XInfoRow {
  cid: number;
  name: string;
  type: string;
  nn: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}

/** Where lines and rename hints come from; without it every line is 0 and there is no hint. */
export type LineSource = Pick<
  Origins,
  "tableLine" | "columnLine" | "storedLine" | "objectLines" | "hintAt" | "hintIn"
>;

const NO_LINES: LineSource = {
  tableLine: () => 0,
  columnLine: () => 0,
  storedLine: () => undefined,
  objectLines: () => ({ line: 0, endLine: 0 }),
  hintAt: () => undefined,
  hintIn: () => undefined,
};

/**
 * The model of a database's main schema, without file lines (0) or rename hints: what a
 * migration left behind, for comparison with a parsed schema file.
 */
export function schemaOfDatabase(db: DatabaseSync, file = "<database>"): Schema {
  const schema = emptySchema("sqlite", file);
  readCatalog(db, schema);
  return schema;
}

/** Reads the main schema of `db` into `schema` (tables, indexes, views, triggers). */
export function readCatalog(db: DatabaseSync, schema: Schema, lines: LineSource = NO_LINES): void {
  const rows = db.prepare(
    "SELECT type, name, tbl_name, sql FROM main.sqlite_schema ORDER BY rowid",
  ).all() as unknown as MasterRow[];
  const kinds = new Map(
    (db.prepare("SELECT name, type, wr, strict FROM pragma_table_list WHERE schema = 'main'")
      .all() as unknown as { name: string; type: string; wr: number; strict: number }[])
      .map((r) => [r.name, r]),
  );
  for (const r of rows) {
    const k = kinds.get(r.name);
    if (r.type !== "table" || !r.sql || k?.type !== "table" || /^sqlite_/i.test(r.name)) continue;
    const t = readTable(db, r.name, r.sql, lines);
    schema.tables.set(`${MAIN}.${t.name}`, t);
  }
  resolveReferences(schema);
  for (const r of rows) {
    if (r.type !== "index" || !r.sql) continue;
    const table = schema.tables.get(`${MAIN}.${r.tbl_name}`);
    if (!table) continue;
    const i = readIndex(r.sql, table, lines);
    schema.indexes.set(`${MAIN}.${i.name}`, i);
  }
  const relations = new Map([...schema.tables.values()].map((t) => [fold(t.name), t.name]));
  for (const r of rows) if (r.type === "view") relations.set(fold(r.name), r.name);
  for (const r of rows) {
    if (r.type !== "view" || !r.sql) continue;
    const v = readView(r.sql, relations, lines);
    schema.views.set(`${MAIN}.${v.name}`, v);
  }
  for (const r of rows) {
    if (r.type !== "trigger" || !r.sql) continue;
    const t = readTrigger(r.sql, r.tbl_name, schema, relations, lines);
    schema.triggers.set(`${MAIN}.${t.table.name}.${t.name}`, t);
  }
}

// ------------------------------------------------------------------ tables

function readTable(db: DatabaseSync, rawName: string, sql: string, lines: LineSource): Table {
  const cl = readCreateTable(sql);
  const name = rawName;
  const xinfo = (db.prepare(
    'SELECT cid, name, type, "notnull" AS nn, dflt_value, pk, hidden FROM pragma_table_xinfo(?)',
  ).all(rawName) as unknown as XInfoRow[]).filter((x) => x.hidden !== 1);
  const colNames = xinfo.map((x) => x.name);
  const clauseOf = new Map(cl.columns.map((c) => [fold(c.name), c]));
  const line = lines.tableLine(name);
  const ext: SqliteTableExt = {
    strict: cl.strict,
    withoutRowid: cl.withoutRowid,
    autoincrement: false,
  };
  const table: Table = {
    schema: MAIN,
    name,
    columns: [],
    constraints: [],
    line,
    renamedFrom: lines.hintAt(line),
    sqlite: ext,
  };
  const lineAt = (offset: number, fallback: number) =>
    lines.storedLine(name, sql, cl.nameStart, offset) ?? fallback;
  for (const x of xinfo) {
    const c = clauseOf.get(fold(x.name));
    const col = readColumn(x, c, colNames, lines.columnLine(name, x.name));
    col.renamedFrom = lines.hintAt(col.line);
    if (!col.renamedFrom) delete col.renamedFrom;
    table.columns.push(col);
  }
  if (!table.renamedFrom) delete table.renamedFrom;
  readConstraints(table, cl, xinfo, colNames, lineAt, lines);
  if (!ext.onConflict || Object.keys(ext.onConflict).length === 0) delete ext.onConflict;
  return table;
}

function readColumn(
  x: XInfoRow,
  c: ColumnClause | undefined,
  tableColumns: string[],
  line: number,
): Column {
  const col: Column = { name: x.name, type: declaredType(x.type), notNull: x.nn === 1, line };
  const ext: SqliteColumnExt = {};
  if (x.type !== "") ext.declaredType = x.type;
  for (const k of c?.constraints ?? []) {
    if (k.kind === "default" && k.expr) col.default = makeExpr(k.expr);
    else if (k.kind === "collate" && k.collation) col.collation = k.collation;
    else if (k.kind === "generated" && k.expr !== undefined) {
      col.generated = makeExpr(k.expr, tableColumns);
      ext.generatedStored = x.hidden === 3;
    } else if (k.kind === "notnull" && k.conflict) ext.notNullOnConflict = k.conflict;
  }
  if (!c && x.dflt_value !== null) col.default = makeExpr(x.dflt_value);
  if (x.hidden !== 0) ext.hidden = x.hidden;
  if (Object.keys(ext).length) col.sqlite = ext;
  return col;
}

/** Everything a constraint needs before it is named. */
interface Pending {
  kind: Constraint["kind"];
  written?: string;
  columns: string[];
  start: number;
  line: number;
  expr?: string;
  fk?: FkClause;
  conflict?: string;
}

function readConstraints(
  table: Table,
  cl: TableClauses,
  xinfo: XInfoRow[],
  colNames: string[],
  lineAt: (offset: number, fallback: number) => number,
  lines: LineSource,
): void {
  const ext = table.sqlite!;
  const pending: Pending[] = [];
  let pkClause = false;
  const byFold = new Map(colNames.map((c) => [fold(c), c]));
  const colOf = (n: string) => byFold.get(fold(n)) ?? n;
  for (const c of cl.columns) {
    const colName = colOf(c.name);
    const colLine = lines.columnLine(table.name, colName);
    for (const k of c.constraints) {
      const base = { written: k.name, start: k.start, line: lineAt(k.start, colLine) };
      if (k.kind === "primary") {
        pkClause = true;
        if (k.autoincrement) ext.autoincrement = true;
        pending.push({ ...base, kind: "primary", columns: [colName], conflict: k.conflict });
        const decl = xinfo.find((x) => x.name === colName)?.type ?? "";
        if (!cl.withoutRowid && decl.toUpperCase() === "INTEGER" && k.order !== "DESC") {
          ext.rowidAlias = colName;
        }
      } else if (k.kind === "unique") {
        pending.push({ ...base, kind: "unique", columns: [colName], conflict: k.conflict });
      } else if (k.kind === "check") {
        pending.push({ ...base, kind: "check", columns: [], expr: k.expr });
      } else if (k.kind === "references" && k.fk) {
        pending.push({ ...base, kind: "foreign", columns: [colName], fk: k.fk });
      }
    }
  }
  for (const k of cl.constraints) {
    const base = { written: k.name, start: k.start, line: lineAt(k.start, table.line) };
    const columns = k.columns.map((p) => colOf(p.name));
    if (k.kind === "primary") {
      pkClause = true;
      if (k.autoincrement) ext.autoincrement = true;
      pending.push({ ...base, kind: "primary", columns, conflict: k.conflict });
      const decl = xinfo.find((x) => x.name === columns[0])?.type ?? "";
      if (!cl.withoutRowid && columns.length === 1 && decl.toUpperCase() === "INTEGER") {
        ext.rowidAlias = columns[0];
      }
    } else if (k.kind === "unique") {
      pending.push({ ...base, kind: "unique", columns, conflict: k.conflict });
    } else if (k.kind === "check") {
      pending.push({ ...base, kind: "check", columns: [], expr: k.expr });
    } else if (k.fk) pending.push({ ...base, kind: "foreign", columns, fk: k.fk });
  }
  if (!pkClause) {
    // CREATE TABLE ... AS SELECT has no constraints; a primary key only the pragma shows
    const pk = xinfo.filter((x) => x.pk > 0).sort((a, b) => a.pk - b.pk).map((x) => x.name);
    if (pk.length) pending.push({ kind: "primary", columns: pk, start: 0, line: table.line });
  }
  for (const col of table.columns) {
    const nn = col.name === ext.rowidAlias ||
      (cl.withoutRowid &&
        pending.some((p) => p.kind === "primary" && p.columns.includes(col.name)));
    if (nn) col.notNull = true;
  }
  nameConstraints(table, pending, colNames, lines);
}

const ORDER: Record<Constraint["kind"], number> = {
  primary: 0,
  unique: 0,
  exclude: 0,
  check: 1,
  foreign: 2,
};

function nameConstraints(
  table: Table,
  pending: Pending[],
  colNames: string[],
  lines: LineSource,
): void {
  const names = new ConstraintNames();
  for (const p of pending) if (p.written !== undefined) names.reserve(p.written);
  const sorted = pending.map((p, i) => ({ p, i })).sort((a, b) =>
    ORDER[a.p.kind] - ORDER[b.p.kind] || a.i - b.i
  ).map((x) => x.p);
  for (const p of sorted) {
    const c: Constraint = {
      name: "",
      implicitName: p.written === undefined,
      kind: p.kind,
      columns: p.columns,
      line: p.line,
    };
    let cols: string[] | undefined = p.columns;
    let label = "";
    switch (p.kind) {
      case "primary":
        cols = undefined;
        label = "pkey";
        break;
      case "unique":
        label = "key";
        break;
      case "check": {
        c.expr = makeExpr(p.expr ?? "", colNames);
        c.columns = c.expr.columns;
        cols = c.columns.length === 1 ? c.columns : undefined;
        label = "check";
        break;
      }
      case "foreign": {
        const fk = p.fk!;
        c.ref = { table: { schema: MAIN, name: fk.table }, columns: [...fk.columns] };
        c.onDelete = fk.onDelete ?? "NO ACTION";
        c.onUpdate = fk.onUpdate ?? "NO ACTION";
        if (fk.match) c.match = fk.match;
        if (fk.deferrable) c.deferrable = true;
        if (fk.deferrable && fk.initiallyDeferred) c.initiallyDeferred = true;
        label = "fkey";
        break;
      }
    }
    c.name = p.written !== undefined ? p.written : names.choose(table.name, cols, label);
    if (p.written !== undefined) {
      const h = lines.hintAt(p.line);
      if (h) c.renamedFrom = h;
    }
    if (p.conflict) (table.sqlite!.onConflict ??= {})[c.name] = p.conflict.toUpperCase();
    table.constraints.push(c);
  }
}

/**
 * Foreign key targets spelled as the parent declares them (SQLite resolves them
 * case-insensitively); `REFERENCES parent` without columns means the parent's primary key.
 */
function resolveReferences(schema: Schema): void {
  const tables = new Map([...schema.tables.values()].map((t) => [fold(t.name), t]));
  for (const t of schema.tables.values()) {
    for (const c of t.constraints) {
      if (c.kind !== "foreign" || !c.ref) continue;
      const parent = tables.get(fold(c.ref.table.name));
      if (!parent) continue; // SQLite allows a reference to a table created later or never
      c.ref.table = { schema: MAIN, name: parent.name };
      const cols = new Map(parent.columns.map((x) => [fold(x.name), x.name]));
      c.ref.columns = c.ref.columns.map((n) => cols.get(fold(n)) ?? n);
      const pk = parent.constraints.find((k) => k.kind === "primary");
      if (c.ref.columns.length === 0 && pk) c.ref.columns = [...pk.columns];
    }
  }
}

// ------------------------------------------------------------------ indexes

/** Canonical key of an index definition (without its name), like PostgreSQL's indexKey. */
export function indexKey(i: Omit<Index, "key">): string {
  return JSON.stringify([
    `${i.table.schema}.${i.table.name}`,
    i.unique,
    i.method,
    i.keys.map((k) => [k.column ?? null, k.expr?.key ?? null, k.options]),
    i.include,
    i.where?.key ?? null,
    !!i.nullsNotDistinct,
    i.options ?? null,
  ]);
}

function readIndex(sql: string, table: Table, lines: LineSource): Index {
  const cl = readCreateIndex(sql);
  const colNames = table.columns.map((c) => c.name);
  const byFold = new Map(colNames.map((c) => [fold(c), c]));
  const keys: IndexElem[] = cl.keys.map((k) => {
    const options = [
      k.collation ? `COLLATE ${k.collation}` : "",
      k.order === "DESC" ? "DESC" : "",
    ].filter(Boolean).join(" ");
    const column = k.column !== undefined ? byFold.get(fold(k.column)) : undefined;
    if (column !== undefined) return { column, options };
    return { expr: makeExpr(k.expr ?? k.column ?? "", colNames), options };
  });
  const name = cl.name;
  const { line, endLine } = lines.objectLines(name);
  const idx: Index = {
    schema: MAIN,
    name,
    implicitName: false,
    table: { schema: MAIN, name: table.name },
    unique: cl.unique,
    method: "btree",
    keys,
    include: [],
    key: "",
    line,
  };
  if (cl.where !== undefined) idx.where = makeExpr(cl.where, colNames);
  const hint = lines.hintIn(line, endLine);
  if (hint) idx.renamedFrom = hint;
  idx.key = indexKey(idx);
  return idx;
}

// ------------------------------------------------------------------ views and triggers

/**
 * The relations (`main.<name>`) that tokens name: every identifier that is the name of a table
 * or view of the schema and not a function name (over-approximates: a column with a table's
 * name counts too, which only orders more carefully).
 */
export function readsOf(
  toks: Token[],
  relations: Map<string, string>,
  self?: string,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind !== "word" && t.kind !== "qident") continue;
    const prev = toks[i - 1];
    // a function call, unless it is the table of INSERT INTO t (columns)
    if (toks[i + 1]?.kind === "lparen" && !isKw(prev, "INTO")) continue;
    if (prev?.kind === "dot" && fold(identValue(toks[i - 2] ?? t)) !== MAIN) continue;
    const n = relations.get(fold(identValue(t)));
    if (n === undefined || n === self) continue;
    const k = `${MAIN}.${n}`;
    if (!out.includes(k)) out.push(k);
  }
  return out;
}

function readView(sql: string, relations: Map<string, string>, lines: LineSource): View {
  const v = readCreateView(sql);
  const name = relations.get(fold(v.name)) ?? v.name;
  const body = v.tokens.slice(v.nameIndex + 1);
  return {
    schema: MAIN,
    name,
    materialized: false,
    key: canonicalTokens(body),
    sql,
    indexes: [],
    reads: readsOf(body, relations, name),
    calls: [],
    types: [],
    line: lines.objectLines(name).line,
  };
}

/** Placeholder for the trigger's own table in its key. */
export const TABLE_PLACEHOLDER = "<table>";

function readTrigger(
  sql: string,
  table: string,
  schema: Schema,
  relations: Map<string, string>,
  lines: LineSource,
): Trigger {
  const tc = readCreateTrigger(sql);
  const name = tc.name;
  const rest = tc.tokens.slice(tc.nameIndex + 1);
  const key = rest.map((t) =>
    (t.kind === "word" || t.kind === "qident") && fold(identValue(t)) === fold(table)
      ? TABLE_PLACEHOLDER
      : canonicalToken(t)
  ).join(" ");
  const tableCols = schema.tables.get(`${MAIN}.${table}`)?.columns.map((c) => c.name) ?? [];
  const byFold = new Map(tableCols.map((c) => [fold(c), c]));
  const columns = tc.updateOf.map((c) => byFold.get(fold(c)) ?? c);
  for (const c of tc.when ? columnsOf(tc.when, tableCols) : []) {
    if (!columns.includes(c)) columns.push(c);
  }
  return {
    table: { schema: MAIN, name: table },
    name,
    func: "",
    columns,
    enabled: "O",
    key,
    sql,
    reads: readsOf(tc.tokens.slice(tc.tableIndex + 1), relations),
    calls: [],
    types: [],
    line: lines.objectLines(name).line,
  };
}
