/**
 * Tables of the SQLite catalog in the model: columns from `pragma_table_xinfo` with what the
 * stored CREATE TABLE says (DEFAULT, COLLATE, generated expression, ON CONFLICT), and the
 * constraints named as `parse.ts` describes (written names, else PostgreSQL-style implicit ones).
 * @module
 */
import type { Column, Constraint, Schema, Table } from "../../model/schema.ts";
import { type ColumnClause, type FkClause, readCreateTable, type TableClauses } from "./clauses.ts";
import { fold, makeDefault, makeExpr, nameLookup } from "./expr.ts";
import type { SqliteColumnExt, SqliteTableExt } from "./model.ts";
import { ConstraintNames } from "./constraint_names.ts";
import { SQLITE_SCHEMA as MAIN } from "./names.ts";
import type { LineSource } from "./catalog.ts";
import { declaredType } from "./types.ts";
import type { Spelling } from "./spelling.ts";
import type { ParseCache, TableModel, XInfoRow } from "./parse_cache.ts";

/**
 * A table of the catalog (`rawName` as SQLite reports it, `sql` its stored CREATE TABLE, `rows`
 * its `pragma_table_xinfo` rows).
 */
export function readTable(
  rawName: string,
  sql: string,
  rows: XInfoRow[],
  lines: LineSource,
  sp: Spelling,
  cache?: ParseCache,
): Table {
  const name = sp.table(rawName);
  // the statement as the file wrote it, already read, when the stored text is still that one
  const written = lines.writtenClauses(name, sql);
  // the same statement in the other file: its model with this file's lines and hints
  const seen = written && cache?.tableModel(sql);
  if (seen && spelledAsDeclared(seen.table, name, sp)) return copyTable(seen, lines);
  const cl = written?.clauses ?? readCreateTable(sql);
  // the rows as they are (they are only read) unless the reference spells a name differently
  const spell = sp.columnSpelling(name);
  const xinfo = rows.filter((x) => x.hidden !== 1)
    .map((x): XInfoRow => {
      const n = spell ? spell(x.name) : x.name;
      return n === x.name ? x : { ...x, name: n };
    });
  const colNames = xinfo.map((x) => x.name);
  // the clause of each column: mostly the one at its position, spelled alike
  let clauseOf: Map<string, ColumnClause> | undefined;
  const clauseFor = (x: XInfoRow, i: number) => {
    const c = cl.columns[i];
    if (c?.name === x.name) return c;
    clauseOf ??= new Map(cl.columns.map((c) => [fold(c.name), c]));
    return clauseOf.get(fold(x.name));
  };
  const line = lines.tableLine(name);
  const ext: SqliteTableExt = {
    strict: cl.strict,
    withoutRowid: cl.withoutRowid,
    autoincrement: false,
  };
  // renamedFrom only when there is a hint (a deleted property slows every later access)
  const hint = lines.hintAt(line);
  const table: Table = hint
    ? { schema: MAIN, name, columns: [], constraints: [], line, renamedFrom: hint, sqlite: ext }
    : { schema: MAIN, name, columns: [], constraints: [], line, sqlite: ext };
  const lineAt = written
    ? (offset: number) => written.line(offset)
    : (offset: number, fallback: number) =>
      lines.storedLine(name, sql, cl.nameStart, offset) ?? fallback;
  for (let i = 0; i < xinfo.length; i++) {
    const x = xinfo[i];
    const c = clauseFor(x, i);
    const col = readColumn(x, c, colNames, lines.columnLine(name, x.name));
    const colHint = lines.hintAt(col.line);
    if (colHint) col.renamedFrom = colHint;
    table.columns.push(col);
  }
  const fks = readConstraints(table, cl, xinfo, colNames, lineAt, lines, sp);
  if (!ext.onConflict || Object.keys(ext.onConflict).length === 0) delete ext.onConflict;
  // a model read with the names as declared, its lines from the statement as written
  if (written && cache && sp.empty) cache.setTableModel(sql, { table, fks });
  return table;
}

/** The reference spells every name of a table (read as declared) as declared. */
function spelledAsDeclared(t: Table, name: string, sp: Spelling): boolean {
  if (t.name !== name) return false;
  const spell = sp.columnSpelling(name);
  if (spell && t.columns.some((c) => spell(c.name) !== c.name)) return false;
  return t.constraints.every((c) => c.implicitName || sp.constraint(name, c.name) === c.name);
}

/**
 * A table's model read from the same CREATE TABLE text in the other file, with this file's
 * lines (all moved by the distance between the two statements) and rename hints, as
 * {@link readTable} would read it; foreign keys as written (resolveReferences resolves them).
 * A copy: the two models share nothing.
 */
function copyTable(seen: TableModel, lines: LineSource): Table {
  const t0 = seen.table;
  const line = lines.tableLine(t0.name);
  const delta = line - t0.line;
  const columns = t0.columns.map((c0) => {
    const c = copyWithout(c0, "renamedFrom");
    c.line = c0.line + delta;
    const h = lines.hintAt(c.line);
    if (h) c.renamedFrom = h;
    return c;
  });
  const constraints = t0.constraints.map((c0, i) => {
    const c = copyWithout(c0, "renamedFrom");
    c.line = c0.line + delta;
    if (c0.expr && c0.columns === c0.expr.columns) c.columns = c.expr!.columns;
    const fk = seen.fks[i];
    if (fk) c.ref = { table: { schema: MAIN, name: fk.table }, columns: [...fk.columns] };
    if (!c.implicitName) {
      const h = lines.hintAt(c.line);
      if (h) c.renamedFrom = h;
    }
    return c;
  });
  const sqlite = copyPlain(t0.sqlite);
  const hint = lines.hintAt(line);
  return hint
    ? { schema: MAIN, name: t0.name, columns, constraints, line, renamedFrom: hint, sqlite }
    : { schema: MAIN, name: t0.name, columns, constraints, line, sqlite };
}

/** A deep copy of plain data (objects, arrays, primitives), keys in their order. */
function copyPlain<T>(v: T): T {
  if (Array.isArray(v)) return v.map(copyPlain) as T;
  if (v === null || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const k in v) out[k] = copyPlain(v[k]);
  return out as T;
}

/** {@link copyPlain} of an object without one of its keys. */
function copyWithout<T extends object>(v: T, key: keyof T): T {
  const out: Record<string, unknown> = {};
  for (const k in v) if (k !== key) out[k] = copyPlain(v[k]);
  return out as T;
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
    if (k.kind === "default" && k.expr) col.default = makeDefault(k.expr);
    else if (k.kind === "collate" && k.collation) col.collation = k.collation;
    else if (k.kind === "generated" && k.expr !== undefined) {
      col.generated = makeExpr(k.expr, tableColumns);
      ext.generatedStored = x.hidden === 3;
    } else if (k.kind === "notnull" && k.conflict) ext.notNullOnConflict = k.conflict;
  }
  if (!c && x.dflt_value !== null) col.default = makeDefault(x.dflt_value);
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
  autoincrement?: boolean;
  /** `PRIMARY KEY DESC` on a column (which is then not a rowid alias). */
  desc?: boolean;
  /** COLLATE and DESC of each column of a table-level PRIMARY KEY or UNIQUE. */
  keyOptions?: string[];
}

function readConstraints(
  table: Table,
  cl: TableClauses,
  xinfo: XInfoRow[],
  colNames: string[],
  lineAt: (offset: number, fallback: number) => number,
  lines: LineSource,
  sp: Spelling,
): (FkClause | undefined)[] {
  const pending = pendingConstraints(table, cl, colNames, lineAt, lines);
  for (const p of pending) {
    if (p.written !== undefined) p.written = sp.constraint(table.name, p.written);
  }
  if (!pending.some((p) => p.kind === "primary")) {
    // CREATE TABLE ... AS SELECT has no constraints; a primary key only the pragma shows
    const pk = xinfo.filter((x) => x.pk > 0).sort((a, b) => a.pk - b.pk).map((x) => x.name);
    if (pk.length) pending.push({ kind: "primary", columns: pk, start: 0, line: table.line });
  }
  rowidFacts(table, cl, xinfo, pending);
  return nameConstraints(table, pending, colNames, lines);
}

/** The constraints of the column definitions and of the table, in text order. */
function pendingConstraints(
  table: Table,
  cl: TableClauses,
  colNames: string[],
  lineAt: (offset: number, fallback: number) => number,
  lines: LineSource,
): Pending[] {
  const find = nameLookup(colNames);
  const colOf = (n: string) => find(n) ?? n;
  const pending: Pending[] = [];
  for (const c of cl.columns) {
    const colName = colOf(c.name);
    const colLine = lines.columnLine(table.name, colName);
    for (const k of c.constraints) {
      if (k.kind !== "primary" && k.kind !== "unique" && k.kind !== "check" && !k.fk) continue;
      pending.push({
        kind: k.kind === "references" ? "foreign" : k.kind as Pending["kind"],
        written: k.name,
        start: k.start,
        line: lineAt(k.start, colLine),
        columns: k.kind === "check" ? [] : [colName],
        expr: k.expr,
        fk: k.fk,
        conflict: k.conflict,
        autoincrement: k.autoincrement,
        desc: k.order === "DESC",
      });
    }
  }
  for (const k of cl.constraints) {
    pending.push({
      kind: k.kind,
      written: k.name,
      start: k.start,
      line: lineAt(k.start, table.line),
      columns: k.columns.map((p) => colOf(p.name)),
      expr: k.expr,
      fk: k.fk,
      conflict: k.conflict,
      autoincrement: k.autoincrement,
      keyOptions: k.kind === "primary" || k.kind === "unique"
        ? k.columns.map((p) =>
          [p.collation ? `COLLATE ${p.collation}` : "", p.order === "DESC" ? "DESC" : ""]
            .filter(Boolean).join(" ")
        )
        : undefined,
    });
  }
  return pending;
}

/**
 * The rowid alias (a single-column primary key declared exactly `INTEGER`, in a rowid table,
 * not `INTEGER PRIMARY KEY DESC` on the column), AUTOINCREMENT, and the NOT NULL that a rowid
 * alias and the primary key of a WITHOUT ROWID table imply.
 */
function rowidFacts(table: Table, cl: TableClauses, xinfo: XInfoRow[], pending: Pending[]): void {
  const ext = table.sqlite!;
  const pk = pending.find((p) => p.kind === "primary");
  if (!pk) return;
  if (pk.autoincrement) ext.autoincrement = true;
  const decl = xinfo.find((x) => x.name === pk.columns[0])?.type ?? "";
  if (!cl.withoutRowid && pk.columns.length === 1 && decl.toUpperCase() === "INTEGER" && !pk.desc) {
    ext.rowidAlias = pk.columns[0];
  }
  for (const col of table.columns) {
    const implied = col.name === ext.rowidAlias ||
      (cl.withoutRowid && pk.columns.includes(col.name));
    if (implied && !col.notNull) {
      col.notNull = true;
      col.sqlite = { ...col.sqlite, impliedNotNull: true };
    }
  }
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
): (FkClause | undefined)[] {
  const fks: (FkClause | undefined)[] = []; // the written foreign key of each constraint
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
    if (p.keyOptions?.some(Boolean)) (table.sqlite!.keyOptions ??= {})[c.name] = p.keyOptions;
    table.constraints.push(c);
    fks.push(p.kind === "foreign" ? p.fk : undefined);
  }
  return fks;
}

/**
 * Foreign key targets spelled as the parent declares them (SQLite resolves them
 * case-insensitively); `REFERENCES parent` without columns means the parent's primary key.
 */
export function resolveReferences(schema: Schema): void {
  // names as written mostly match the declared spelling exactly (SQLite allows no two names
  // differing only in case, so an exact match is the case-insensitive one): maps by folded
  // name are built only for a reference that does not
  let tables: Map<string, Table> | undefined;
  const parentOf = (name: string) =>
    schema.tables.get(`${MAIN}.${name}`) ??
      (tables ??= new Map([...schema.tables.values()].map((t) => [fold(t.name), t])))
        .get(fold(name));
  const lookups = new Map<Table, (name: string) => string | undefined>(); // a parent's, built once
  const columnOf = (parent: Table, n: string) => {
    let find = lookups.get(parent);
    if (!find) lookups.set(parent, find = nameLookup(parent.columns.map((x) => x.name)));
    return find(n) ?? n;
  };
  for (const t of schema.tables.values()) {
    for (const c of t.constraints) {
      if (c.kind !== "foreign" || !c.ref) continue;
      const parent = parentOf(c.ref.table.name);
      if (!parent) continue; // SQLite allows a reference to a table created later or never
      c.ref.table = { schema: MAIN, name: parent.name };
      c.ref.columns = c.ref.columns.map((n) => columnOf(parent, n));
      const pk = parent.constraints.find((k) => k.kind === "primary");
      if (c.ref.columns.length === 0 && pk) c.ref.columns = [...pk.columns];
    }
  }
}
