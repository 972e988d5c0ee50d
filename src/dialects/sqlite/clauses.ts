/**
 * A clause reader over the CREATE statements SQLite stores in `sqlite_schema`: what the pragmas
 * do not say (constraint names, CHECK and generated expressions, column COLLATE, DEFAULT as
 * written, AUTOINCREMENT, ON CONFLICT, DEFERRABLE, STRICT, WITHOUT ROWID, index keys and WHERE,
 * trigger events). It walks tokens ({@link tokenize}), never regexes over the text, and
 * trusts that SQLite accepted the statement: anything it does not know is skipped.
 * Offsets are into the text given.
 * @module
 */
import {
  closingParen,
  identValue,
  isKw,
  isName,
  splitTopLevel,
  type Token,
  tokenize,
} from "./lex.ts";
import { stripOuterParens } from "./expr.ts";

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

/** One key of an index. */
export interface IndexKeyClause {
  column?: string;
  expr?: string;
  collation?: string;
  order?: "ASC" | "DESC";
}

/** What a CREATE INDEX statement says. */
export interface IndexClauses {
  name: string;
  table: string;
  unique: boolean;
  keys: IndexKeyClause[];
  where?: string;
}

/** What a CREATE TRIGGER statement says. */
export interface TriggerClauses {
  name: string;
  /** Index of the name token. */
  nameIndex: number;
  table: string;
  /** Index of the table name token (after ON). */
  tableIndex: number;
  timing: "BEFORE" | "AFTER" | "INSTEAD OF";
  event: "INSERT" | "UPDATE" | "DELETE";
  /** `UPDATE OF` columns. */
  updateOf: string[];
  /** WHEN condition as written. */
  when?: string;
  /** Index of `BEGIN`. */
  bodyIndex: number;
  tokens: Token[];
}

/** A view: its name and the tokens of the statement. */
export interface ViewClauses {
  name: string;
  /** Index of the name token. */
  nameIndex: number;
  tokens: Token[];
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

/** Reads tokens with a cursor. */
class Reader {
  i: number;
  constructor(readonly sql: string, readonly toks: Token[], from = 0, readonly end = toks.length) {
    this.i = from;
  }
  peek(k = 0): Token | undefined {
    return this.i + k < this.end ? this.toks[this.i + k] : undefined;
  }
  kw(word: string): boolean {
    if (isKw(this.peek(), word)) {
      this.i++;
      return true;
    }
    return false;
  }
  kws(...words: string[]): boolean {
    for (let k = 0; k < words.length; k++) if (!isKw(this.peek(k), words[k])) return false;
    this.i += words.length;
    return true;
  }
  word(): string {
    const t = this.peek();
    this.i++;
    return t ? t.text.toUpperCase() : "";
  }
  name(): string {
    const t = this.peek();
    this.i++;
    return t ? identValue(t) : "";
  }
  /** A possibly schema-qualified name (`main.t`); returns the last part and its index. */
  qualifiedName(): { name: string; index: number } {
    if (this.peek(1)?.kind === "dot" && isName(this.peek(2))) this.i += 2;
    const index = this.i;
    return { name: this.name(), index };
  }
  text(a: number, b: number): string {
    return a < b ? this.sql.slice(this.toks[a].start, this.toks[b - 1].end) : "";
  }
  /** Index of the `)` closing the `(` at the cursor (the reader's end when unbalanced). */
  close(): number {
    const c = closingParen(this.toks, this.i);
    return c < 0 || c >= this.end ? this.end : c;
  }
  /** The text inside the parenthesis at the cursor; moves past it. */
  parenText(): string {
    const open = this.i;
    if (this.peek()?.kind !== "lparen") return "";
    const end = this.close();
    this.i = end + 1;
    return this.text(open + 1, end);
  }
  conflict(): string | undefined {
    return this.kws("ON", "CONFLICT") ? this.word() : undefined;
  }
  order(): "ASC" | "DESC" | undefined {
    if (this.kw("ASC")) return "ASC";
    if (this.kw("DESC")) return "DESC";
    return undefined;
  }
}

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

/** Skips `CREATE [TEMP|TEMPORARY] <what...> [IF NOT EXISTS]`; returns whether TEMP was said. */
function createPrefix(r: Reader, ...what: string[]): boolean {
  r.kw("CREATE");
  const temp = r.kw("TEMP") || r.kw("TEMPORARY");
  for (const w of what) r.kw(w);
  r.kws("IF", "NOT", "EXISTS");
  return temp;
}

/** Reads a CREATE TABLE statement. */
export function readCreateTable(sql: string): TableClauses {
  const toks = tokenize(sql);
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

/** Reads a CREATE INDEX statement. */
export function readCreateIndex(sql: string): IndexClauses {
  const toks = tokenize(sql);
  const r = new Reader(sql, toks);
  r.kw("CREATE");
  const unique = r.kw("UNIQUE");
  r.kw("INDEX");
  r.kws("IF", "NOT", "EXISTS");
  const { name } = r.qualifiedName();
  r.kw("ON");
  const table = r.name();
  const keys: IndexKeyClause[] = [];
  const close = r.peek()?.kind === "lparen" ? r.close() : -1;
  if (close > 0) {
    for (const [a, b0] of splitTopLevel(toks, r.i + 1, close)) {
      let b = b0;
      const key: IndexKeyClause = {};
      if (isKw(toks[b - 1], "ASC") || isKw(toks[b - 1], "DESC")) {
        key.order = toks[b - 1].text.toUpperCase() as "ASC" | "DESC";
        b--;
      }
      if (b - a > 2 && isKw(toks[b - 2], "COLLATE")) {
        key.collation = identValue(toks[b - 1]);
        b -= 2;
      }
      const inner = stripOuterParens(toks.slice(a, b));
      if (inner.length === 1 && isName(inner[0])) key.column = identValue(inner[0]);
      else key.expr = r.text(a, b);
      keys.push(key);
    }
    r.i = close + 1;
  }
  const idx: IndexClauses = { name, table, unique, keys };
  if (r.kw("WHERE")) idx.where = r.text(r.i, toks.length);
  return idx;
}

/** Reads a CREATE VIEW statement's name. */
export function readCreateView(sql: string): ViewClauses {
  const toks = tokenize(sql);
  const r = new Reader(sql, toks);
  createPrefix(r, "VIEW");
  const { name, index } = r.qualifiedName();
  return { name, nameIndex: index, tokens: toks };
}

/** Reads a CREATE TRIGGER statement's header. */
export function readCreateTrigger(sql: string): TriggerClauses {
  const toks = tokenize(sql);
  const r = new Reader(sql, toks);
  createPrefix(r, "TRIGGER");
  const { name, index: nameIndex } = r.qualifiedName();
  let timing: TriggerClauses["timing"] = "BEFORE";
  if (r.kw("AFTER")) timing = "AFTER";
  else if (r.kws("INSTEAD", "OF")) timing = "INSTEAD OF";
  else r.kw("BEFORE");
  const event = r.word() as TriggerClauses["event"];
  const updateOf: string[] = [];
  if (event === "UPDATE" && r.kw("OF")) {
    do updateOf.push(r.name()); while (r.peek()?.kind === "comma" && ++r.i);
  }
  r.kw("ON");
  const { name: table, index: tableIndex } = r.qualifiedName();
  r.kws("FOR", "EACH", "ROW");
  let when: string | undefined;
  if (r.kw("WHEN")) {
    const from = r.i;
    let depth = 0;
    while (r.peek() && !(depth === 0 && isKw(r.peek(), "BEGIN"))) {
      const k = r.peek()!.kind;
      if (k === "lparen") depth++;
      else if (k === "rparen") depth--;
      r.i++;
    }
    when = r.text(from, r.i);
  }
  return {
    name,
    nameIndex,
    table,
    tableIndex,
    timing,
    event,
    updateOf,
    when,
    bodyIndex: r.i,
    tokens: toks,
  };
}
