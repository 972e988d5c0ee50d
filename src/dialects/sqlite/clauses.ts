/**
 * A clause reader over the CREATE statements SQLite stores in `sqlite_schema`: what the pragmas
 * do not say (constraint names, CHECK and generated expressions, column COLLATE, DEFAULT as
 * written, AUTOINCREMENT, ON CONFLICT, DEFERRABLE, STRICT, WITHOUT ROWID, index keys and WHERE,
 * trigger events). It walks tokens ({@link tokenize}), never regexes over the text, and
 * trusts that SQLite accepted the statement: anything it does not know is skipped.
 * Offsets are into the text given.
 * @module
 */
import { identValue, isName, splitTopLevel, type Token, tokenize } from "./lex.ts";
import { createPrefix, Reader } from "./reader.ts";

/** A `REFERENCES` clause. */
export interface FkClause {
  table: string;
  /** Referenced columns; empty when the clause names only the table (its primary key). */
  columns: string[];
  onDelete?: string;
  onUpdate?: string;
  match?: string;
  deferrable?: boolean;
  initiallyDeferred?: boolean;
}

/** One constraint of a column definition. */
export interface ColumnConstraintClause {
  kind:
    | "primary"
    | "notnull"
    | "null"
    | "unique"
    | "check"
    | "default"
    | "collate"
    | "references"
    | "generated";
  /** `CONSTRAINT name`, when written. */
  name?: string;
  /** Offset of the constraint (of `CONSTRAINT` when named). */
  start: number;
  order?: "ASC" | "DESC";
  conflict?: string;
  autoincrement?: boolean;
  /** CHECK / generated expression (inside the parentheses) or DEFAULT text as written. */
  expr?: string;
  collation?: string;
  fk?: FkClause;
  /** Generated column: STORED (true) or VIRTUAL (false). */
  stored?: boolean;
}

/** A column definition. */
export interface ColumnClause {
  name: string;
  /** Offset of the column name. */
  start: number;
  /** Declared type as written (`""` when none). */
  type: string;
  constraints: ColumnConstraintClause[];
}

/** A column of a PRIMARY KEY or UNIQUE table constraint. */
export interface KeyPart {
  name: string;
  collation?: string;
  order?: "ASC" | "DESC";
}

/** A table constraint. */
export interface TableConstraintClause {
  kind: "primary" | "unique" | "check" | "foreign";
  name?: string;
  start: number;
  columns: KeyPart[];
  expr?: string;
  conflict?: string;
  autoincrement?: boolean;
  fk?: FkClause;
}

/** What a CREATE TABLE statement says. */
export interface TableClauses {
  name: string;
  /** Offset of the table name. */
  nameStart: number;
  temp: boolean;
  columns: ColumnClause[];
  constraints: TableConstraintClause[];
  withoutRowid: boolean;
  strict: boolean;
  /** `CREATE TABLE ... AS SELECT`: columns come from the query. */
  asSelect: boolean;
}

const COLUMN_CONSTRAINT_START = new Set([
  "CONSTRAINT",
  "PRIMARY",
  "NOT",
  "NULL",
  "UNIQUE",
  "CHECK",
  "DEFAULT",
  "COLLATE",
  "REFERENCES",
  "GENERATED",
  "AS",
]);
const TABLE_CONSTRAINT_START = new Set(["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"]);

function fkClause(r: Reader): FkClause {
  const fk: FkClause = { table: r.name(), columns: [] };
  if (r.peek()?.kind === "lparen") {
    const close = r.close();
    for (const [a] of splitTopLevel(r.toks, r.i + 1, close)) fk.columns.push(identValue(r.toks[a]));
    r.i = close + 1;
  }
  for (;;) {
    if (r.kws("ON", "DELETE")) fk.onDelete = action(r);
    else if (r.kws("ON", "UPDATE")) fk.onUpdate = action(r);
    else if (r.kw("MATCH")) fk.match = r.word();
    else if (r.kws("NOT", "DEFERRABLE")) {
      fk.deferrable = false;
      initially(r, fk);
    } else if (r.kw("DEFERRABLE")) {
      fk.deferrable = true;
      initially(r, fk);
    } else break;
  }
  return fk;
}

function initially(r: Reader, fk: FkClause): void {
  if (r.kws("INITIALLY", "DEFERRED")) fk.initiallyDeferred = true;
  else if (r.kws("INITIALLY", "IMMEDIATE")) fk.initiallyDeferred = false;
}

function action(r: Reader): string {
  if (r.kws("SET", "NULL")) return "SET NULL";
  if (r.kws("SET", "DEFAULT")) return "SET DEFAULT";
  if (r.kws("NO", "ACTION")) return "NO ACTION";
  return r.word(); // CASCADE, RESTRICT
}

function columnDef(r: Reader): ColumnClause {
  const start = r.peek()!.start;
  const name = r.name();
  const typeFrom = r.i;
  while (
    r.peek() && isName(r.peek()) && !COLUMN_CONSTRAINT_START.has(r.peek()!.text.toUpperCase())
  ) r.i++;
  if (r.i > typeFrom && r.peek()?.kind === "lparen") r.i = r.close() + 1;
  const col: ColumnClause = { name, start, type: r.text(typeFrom, r.i), constraints: [] };
  let name_: string | undefined;
  let nameStart: number | undefined;
  while (r.peek()) {
    const at = r.peek()!.start;
    const push = (c: Omit<ColumnConstraintClause, "start" | "name">) => {
      col.constraints.push({
        ...c,
        start: nameStart ?? at,
        ...(name_ !== undefined ? { name: name_ } : {}),
      });
      name_ = nameStart = undefined;
    };
    if (r.kw("CONSTRAINT")) {
      nameStart = at;
      name_ = r.name();
    } else if (r.kws("PRIMARY", "KEY")) {
      const order = r.order();
      const conflict = r.conflict();
      const autoincrement = r.kw("AUTOINCREMENT");
      push({ kind: "primary", order, conflict, autoincrement });
    } else if (r.kws("NOT", "NULL")) push({ kind: "notnull", conflict: r.conflict() });
    else if (r.kw("NULL")) push({ kind: "null", conflict: r.conflict() });
    else if (r.kw("UNIQUE")) push({ kind: "unique", conflict: r.conflict() });
    else if (r.kw("CHECK")) push({ kind: "check", expr: r.parenText() });
    else if (r.kw("DEFAULT")) {
      const from = r.i;
      if (r.peek()?.kind === "lparen") r.i = r.close() + 1;
      else if (r.peek()?.kind === "op") r.i += 2;
      else r.i++;
      push({ kind: "default", expr: r.text(from, r.i) });
    } else if (r.kw("COLLATE")) push({ kind: "collate", collation: r.name() });
    else if (r.kw("REFERENCES")) push({ kind: "references", fk: fkClause(r) });
    else if (r.kws("GENERATED", "ALWAYS", "AS") || r.kw("AS")) {
      const expr = r.parenText();
      const stored = r.kw("STORED");
      if (!stored) r.kw("VIRTUAL");
      push({ kind: "generated", expr, stored });
    } else r.i++; // SQLite accepted it; nothing the model keeps
  }
  return col;
}

function keyParts(r: Reader): { parts: KeyPart[]; autoincrement: boolean } {
  const parts: KeyPart[] = [];
  let autoincrement = false;
  if (r.peek()?.kind !== "lparen") return { parts, autoincrement };
  const close = r.close();
  for (const [a, b] of splitTopLevel(r.toks, r.i + 1, close)) {
    const p = new Reader(r.sql, r.toks, a, b);
    const part: KeyPart = { name: p.name() };
    while (p.peek()) {
      if (p.kw("COLLATE")) part.collation = p.name();
      else if (p.kw("AUTOINCREMENT")) autoincrement = true;
      else {
        const o = p.order();
        if (o) part.order = o;
        else p.i++;
      }
    }
    parts.push(part);
  }
  r.i = close + 1;
  return { parts, autoincrement };
}

function tableConstraint(r: Reader): TableConstraintClause {
  const start = r.peek()!.start;
  const name = r.kw("CONSTRAINT") ? r.name() : undefined;
  const base = { start, ...(name !== undefined ? { name } : {}) };
  if (r.kws("PRIMARY", "KEY")) {
    const { parts, autoincrement } = keyParts(r);
    return { ...base, kind: "primary", columns: parts, autoincrement, conflict: r.conflict() };
  }
  if (r.kw("UNIQUE")) {
    const { parts } = keyParts(r);
    return { ...base, kind: "unique", columns: parts, conflict: r.conflict() };
  }
  if (r.kw("CHECK")) {
    const expr = r.parenText();
    return { ...base, kind: "check", columns: [], expr, conflict: r.conflict() };
  }
  r.kws("FOREIGN", "KEY");
  const { parts } = keyParts(r);
  r.kw("REFERENCES");
  return { ...base, kind: "foreign", columns: parts, fk: fkClause(r) };
}

/**
 * Reads a CREATE TABLE statement (`toks`, when given, are its tokens with offsets into `sql`,
 * which may be a whole file).
 */
export function readCreateTable(sql: string, toks: Token[] = tokenize(sql)): TableClauses {
  const r = new Reader(sql, toks);
  const temp = createPrefix(r, "TABLE");
  const { name, index } = r.qualifiedName();
  const t: TableClauses = {
    name,
    nameStart: toks[index]?.start ?? 0,
    temp,
    columns: [],
    constraints: [],
    withoutRowid: false,
    strict: false,
    asSelect: false,
  };
  if (r.kw("AS")) {
    t.asSelect = true;
    return t;
  }
  if (r.peek()?.kind !== "lparen") return t;
  const close = r.close();
  for (const [a, b] of splitTopLevel(toks, r.i + 1, close)) {
    const er = new Reader(sql, toks, a, b);
    if (TABLE_CONSTRAINT_START.has(toks[a].kind === "word" ? toks[a].text.toUpperCase() : "")) {
      // SQLite also takes table constraints separated by blanks only: `PRIMARY KEY (a) UNIQUE (b)`
      while (er.peek()) {
        const at = er.i;
        t.constraints.push(tableConstraint(er));
        if (er.i === at) er.i++;
      }
    } else t.columns.push(columnDef(er));
  }
  r.i = close + 1;
  while (r.peek()) {
    if (r.kws("WITHOUT", "ROWID")) t.withoutRowid = true;
    else if (r.kw("STRICT")) t.strict = true;
    else r.i++;
  }
  return t;
}

/** Moves every offset of `cl` by `delta` (in place); returns `cl`. */
export function shiftTableClauses(cl: TableClauses, delta: number): TableClauses {
  cl.nameStart += delta;
  for (const c of cl.columns) {
    c.start += delta;
    for (const k of c.constraints) k.start += delta;
  }
  for (const k of cl.constraints) k.start += delta;
  return cl;
}

/** Reads the column definition of `ALTER TABLE ... ADD [COLUMN] <def>` (name and offset). */
export function readAlterTable(sql: string):
  | { action: "add"; table: string; column: ColumnClause }
  | { action: "rename_column"; table: string; from: string; to: string }
  | { action: "rename"; table: string; to: string }
  | { action: "drop_column"; table: string; column: string }
  | undefined {
  const toks = tokenize(sql);
  const r = new Reader(sql, toks);
  if (!r.kws("ALTER", "TABLE")) return undefined;
  const { name: table } = r.qualifiedName();
  if (r.kw("ADD")) {
    r.kw("COLUMN");
    return { action: "add", table, column: columnDef(r) };
  }
  if (r.kw("RENAME")) {
    if (r.kw("TO")) return { action: "rename", table, to: r.name() };
    r.kw("COLUMN");
    const from = r.name();
    r.kw("TO");
    return { action: "rename_column", table, from, to: r.name() };
  }
  if (r.kw("DROP")) {
    r.kw("COLUMN");
    return { action: "drop_column", table, column: r.name() };
  }
  return undefined;
}
