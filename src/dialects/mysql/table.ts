/**
 * Reading `CREATE TABLE` and the definitions `ALTER TABLE ... ADD` shares with it (columns,
 * keys, indexes, foreign keys, checks) into the common model, with MySQL's implicit names.
 * Expressions are read by node-sql-parser ({@link makeExpr}); the statement structure by a
 * cursor over tokens, so that every MySQL 8 / MariaDB 10.6+ column attribute and table option is
 * read and errors point at the offending line.
 * @module
 */
import {
  type Column,
  type Constraint,
  type Index,
  type IndexElem,
  indexKey,
  type QName,
  type Table,
} from "../../model/schema.ts";
import type { TypeFacts } from "../../model/types.ts";
import { Cursor, type FileCtx } from "./cursor.ts";
import { makeExpr } from "./expr.ts";
import { identName, isWord, normalizeTokens, type Tok, unquoteString } from "./lex.ts";
import type { MysqlColumnExt, MysqlTableExt } from "./model.ts";
import {
  checkName,
  foreignKeyName,
  indexName,
  MYSQL_DEFAULT_SCHEMA,
  PRIMARY_KEY_NAME,
  sameName,
} from "./names.ts";
import { canonicalDefaultSql, CHARACTER_TYPES } from "./defaults.ts";
import { canonicalMysqlType, type WrittenType } from "./types.ts";

/** What the table reader needs besides the tokens. */
export interface TableCtx extends FileCtx {
  facts: TypeFacts;
  /**
   * `-- @renamed from=` hint for a definition starting on this line (or alone on the line
   * before); `sameLineOnly` for a hint that must be on that line (ENUM values).
   */
  hintAt(line: number, sameLineOnly?: boolean): string | undefined;
  /** Maps a written qualifier to the model's schema (the current database is the default). */
  schemaOf(db: string | undefined): string;
  /** Lists something the model does not manage (never dropped silently). */
  note(line: number, kind: string, text: string, reason: string): void;
}

/** A table being read, with its indexes (which the schema keeps in its own map). */
export interface TableDraft {
  table: Table;
  indexes: Index[];
  /** Counters of implicit names. */
  fkCount: number;
  checkCount: number;
  /** Indexes the server created for foreign keys (dropped again when another covers them). */
  fkIndexes?: Set<Index>;
}

const FK_ACTIONS = new Map([
  ["RESTRICT", "RESTRICT"],
  ["CASCADE", "CASCADE"],
  ["SET NULL", "SET NULL"],
  // the server records NO ACTION as written (it acts as RESTRICT in InnoDB)
  ["NO ACTION", "NO ACTION"],
  ["SET DEFAULT", "SET DEFAULT"],
]);

/** The text between two tokens (inclusive), as written. */
function textOf(ctx: FileCtx, toks: Tok[]): string {
  if (toks.length === 0) return "";
  return ctx.text.slice(toks[0].start, toks[toks.length - 1].end);
}

/** A new, empty table. */
export function newDraft(q: QName, line: number, renamedFrom?: string): TableDraft {
  return {
    table: { ...q, columns: [], constraints: [], line, renamedFrom, mysql: { options: {} } },
    indexes: [],
    fkCount: 0,
    checkCount: 0,
  };
}

/** Reads `CREATE TABLE` from after the `TABLE` keyword. */
export function readCreateTable(cur: Cursor, ctx: TableCtx, line: number): TableDraft {
  cur.acceptWord("IF", "NOT", "EXISTS");
  const q = cur.qname("a table name");
  const draft = newDraft(
    { schema: ctx.schemaOf(q.db), name: q.name },
    line,
    ctx.hintAt(line),
  );
  if (cur.acceptWord("LIKE")) cur.fail("CREATE TABLE ... LIKE is not supported; write the columns");
  cur.expect("(");
  for (;;) {
    readElement(cur, ctx, draft, false);
    if (cur.accept(",")) continue;
    if (!cur.accept(")")) cur.fail("expected ',' or ')' after the definition");
    break;
  }
  readTableOptions(cur, ctx, draft.table.mysql!, draft.table);
  if (!cur.atEnd()) {
    if (cur.isWord("AS") || cur.isWord("SELECT") || cur.isWord("IGNORE") || cur.isWord("REPLACE")) {
      cur.fail("CREATE TABLE ... AS SELECT is not supported; write the columns");
    }
    cur.fail("unexpected text after the table definition");
  }
  finishTable(ctx, draft);
  return draft;
}

// Implicit facts MySQL adds once the whole table is known.

/**
 * Character columns without a charset or collation of their own take the table's defaults
 * (`MysqlColumnExt.inherited`); MariaDB's JSON (a LONGTEXT with its own json_valid CHECK) is
 * always utf8mb4_bin and takes nothing.
 */
function inheritCharset(t: Table): void {
  const charset = t.mysql?.charset, collation = t.mysql?.collation;
  if (charset === undefined && collation === undefined) return;
  const json = new Set(
    t.constraints.filter((k) =>
      k.kind === "check" && k.implicitName && /json_valid/i.test(k.expr?.sql ?? "")
    )
      .map((k) => k.name.toLowerCase()),
  );
  for (const c of t.columns) {
    if (!CHARACTER_TYPES.has(c.type.name) || c.mysql?.charset || c.collation) continue;
    if (json.has(c.name.toLowerCase())) continue;
    c.mysql = { ...c.mysql, inherited: { charset, collation } };
  }
}

export function finishTable(ctx: TableCtx, draft: TableDraft): void {
  const t = draft.table;
  // A column charset or collation equal to the table's default is no attribute of its own (the
  // server does not show it either).
  const tableCollation = t.mysql?.collation, tableCharset = t.mysql?.charset;
  for (const c of t.columns) {
    if (tableCollation && c.collation === tableCollation) delete c.collation;
    if (c.mysql?.charset && !c.collation && c.mysql.charset === tableCharset) {
      delete c.mysql.charset;
      if (Object.keys(c.mysql).length === 0) delete c.mysql;
    }
  }
  inheritCharset(t);
  const pk = t.constraints.find((c) => c.kind === "primary");
  if (pk) {
    for (const n of pk.columns) {
      const col = t.columns.find((c) => sameName(c.name, n));
      if (col) col.notNull = true;
    }
  }
  // A foreign key needs an index whose first columns are its columns; MySQL creates one named
  // after the constraint when there is none.
  for (const fk of t.constraints.filter((c) => c.kind === "foreign")) {
    if (hasIndexPrefix(draft, fk.columns)) continue;
    const name = fk.implicitName ? indexName(fk.columns[0], takenIndexNames(draft)) : fk.name;
    const index = makeIndex(
      t,
      name,
      true,
      "btree",
      false,
      fk.columns.map((column) => ({
        column,
        options: "",
      })),
      {},
      fk.line,
    );
    draft.indexes.push(index);
    (draft.fkIndexes ??= new Set()).add(index);
  }
  void ctx;
}

/**
 * After an index is added to a finished table: the server drops an index it created for a
 * foreign key once another index starts with the key's columns (SHOW CREATE TABLE lists only
 * the new one), and so does the model.
 */
export function dropCoveredForeignKeyIndexes(draft: TableDraft): void {
  for (const auto of draft.fkIndexes ?? []) {
    const cols = auto.keys.map((k) => k.column ?? "\0");
    const others = { ...draft, indexes: draft.indexes.filter((i) => i !== auto) };
    if (hasIndexPrefix(others, cols)) {
      draft.indexes = others.indexes;
      draft.fkIndexes!.delete(auto);
    }
  }
}

function hasIndexPrefix(draft: TableDraft, cols: string[]): boolean {
  const starts = (keys: string[]) =>
    cols.length <= keys.length && cols.every((c, i) => sameName(c, keys[i]));
  for (const c of draft.table.constraints) {
    if ((c.kind === "primary" || c.kind === "unique") && starts(c.columns)) return true;
  }
  for (const ix of draft.indexes) {
    if (ix.method !== "btree" && ix.method !== "hash") continue;
    const keys = ix.keys.map((k) => (k.column && !/\(/.test(k.options) ? k.column : "\0"));
    if (starts(keys)) return true;
  }
  return false;
}

/** Names of the table's indexes (unique keys and the primary key included). */
export function takenIndexNames(draft: TableDraft): string[] {
  return [
    ...draft.table.constraints.filter((c) => c.kind === "primary" || c.kind === "unique")
      .map((c) => c.name),
    ...draft.indexes.map((i) => i.name),
  ];
}

function makeIndex(
  t: Table,
  name: string,
  implicitName: boolean,
  method: string,
  unique: boolean,
  keys: IndexElem[],
  options: Record<string, string>,
  line: number,
  renamedFrom?: string,
): Index {
  const sorted = Object.fromEntries(Object.entries(options).sort());
  const ix: Omit<Index, "key"> = {
    schema: t.schema,
    name,
    implicitName,
    table: { schema: t.schema, name: t.name },
    unique,
    method,
    keys,
    include: [],
    options: Object.keys(options).length ? sorted : undefined,
    line,
    renamedFrom,
  };
  return { ...ix, key: indexKey(ix) };
}

/**
 * Reads one element of a table definition: a column, a key, an index, a foreign key or a check.
 * With `alter`, a bare word starts a column only after `ADD [COLUMN]` (the caller's job).
 */
export function readElement(cur: Cursor, ctx: TableCtx, draft: TableDraft, alter: boolean): void {
  const startTok = cur.peek();
  const line = cur.line(startTok);
  void alter;
  let symbol: string | undefined;
  let hasConstraintWord = false;
  if (cur.isWord("CONSTRAINT")) {
    hasConstraintWord = true;
    cur.next();
    if (!cur.isWord("PRIMARY|UNIQUE|FOREIGN|CHECK")) symbol = cur.ident("a constraint name");
  }
  if (cur.acceptWord("PRIMARY", "KEY")) {
    readKey(cur, ctx, draft, "primary", PRIMARY_KEY_NAME, line);
    return;
  }
  if (cur.acceptWord("UNIQUE")) {
    cur.acceptWord("INDEX") || cur.acceptWord("KEY");
    const name = cur.isOp("(") || cur.isWord("USING") ? symbol : cur.ident("an index name");
    readKey(cur, ctx, draft, "unique", name, line);
    return;
  }
  if (cur.acceptWord("FOREIGN", "KEY")) {
    readForeignKey(cur, ctx, draft, symbol, line);
    return;
  }
  if (cur.acceptWord("CHECK")) {
    readCheck(cur, ctx, draft, symbol, line);
    return;
  }
  if (hasConstraintWord) cur.fail("expected PRIMARY KEY, UNIQUE, FOREIGN KEY or CHECK");
  if (cur.isWord("FULLTEXT|SPATIAL")) {
    const kind = cur.next().text.toLowerCase();
    cur.acceptWord("INDEX") || cur.acceptWord("KEY");
    const name = cur.isOp("(") ? undefined : cur.ident("an index name");
    readKey(cur, ctx, draft, kind as "fulltext" | "spatial", name, line);
    return;
  }
  if ((cur.isWord("INDEX") || cur.isWord("KEY")) && !isColumnStart(cur)) {
    cur.next();
    const name = cur.isOp("(") || cur.isWord("USING") ? undefined : cur.ident("an index name");
    readKey(cur, ctx, draft, "index", name, line);
    return;
  }
  if (cur.isWord("PERIOD", "FOR")) {
    cur.fail("PERIOD FOR (system-versioned tables) is not supported");
  }
  readColumn(cur, ctx, draft, line);
}

/** `KEY` / `INDEX` may also be column names (`key varchar(10)`): a type follows then. */
function isColumnStart(cur: Cursor): boolean {
  const next = cur.peek(1);
  if (!next) return false;
  if (next.kind === "op") return false;
  if (isWord(next, "USING")) return false;
  // `KEY name (` is an index; `key varchar(10)` a column: an index name is followed by `(`.
  const after = cur.peek(2);
  if (isWord(after, "USING")) return false; // KEY name USING BTREE (...)
  return !(after && after.kind === "op" && after.text === "(" && !isTypeWord(next));
}

function isTypeWord(t: Tok): boolean {
  return t.kind === "word" &&
    /^(var)?char$|^(tiny|small|medium|big)?int$|^decimal$|^enum$|^set$|^bit$|^float$|^double$|^(var)?binary$/i
      .test(t.text);
}

type KeyKind = "primary" | "unique" | "index" | "fulltext" | "spatial";

function readKeyParts(cur: Cursor, ctx: TableCtx, cols: string[]): IndexElem[] {
  const g = cur.group();
  const inner = new Cursor(ctx, g.toks);
  const out: IndexElem[] = [];
  for (;;) {
    let elem: IndexElem;
    if (inner.isOp("(")) {
      const e = inner.group();
      elem = { expr: makeExpr(ctx.text.slice(e.start, e.end), ctx.flavor, cols), options: "" };
    } else {
      const column = inner.ident("a column name");
      const known = cols.find((c) => sameName(c, column));
      elem = { column: known ?? column, options: "" };
      if (inner.isOp("(")) {
        const len = inner.group();
        elem.options = `(${len.toks.map((t) => t.text).join("")})`;
      }
    }
    if (inner.acceptWord("DESC")) elem.options = `${elem.options} DESC`.trim();
    else inner.acceptWord("ASC");
    out.push(elem);
    if (inner.accept(",")) continue;
    if (!inner.atEnd()) inner.fail("expected ',' or ')' in the key");
    return out;
  }
}

/** Index options after the key parts (and `USING` before them). */
function readIndexOptions(cur: Cursor, opts: Record<string, string>): string | undefined {
  let using: string | undefined;
  for (;;) {
    if (cur.acceptWord("USING")) using = cur.ident("BTREE or HASH").toLowerCase();
    else if (cur.acceptWord("COMMENT")) opts.comment = unquoteString(cur.string().text);
    else if (cur.acceptWord("INVISIBLE") || cur.acceptWord("IGNORED")) opts.invisible = "true";
    else if (cur.acceptWord("VISIBLE") || cur.acceptWord("NOT", "IGNORED")) delete opts.invisible;
    else if (cur.acceptWord("KEY_BLOCK_SIZE")) {
      cur.accept("=");
      cur.next();
    } else if (cur.acceptWord("WITH", "PARSER")) opts.parser = cur.ident().toLowerCase();
    else if (cur.isWord("ENGINE_ATTRIBUTE|SECONDARY_ENGINE_ATTRIBUTE|CLUSTERING")) {
      cur.next();
      cur.accept("=");
      cur.next();
    } else return using;
  }
}

/** Reads the rest of `CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX name ON t` from the key parts. */
export function readIndexStatement(
  cur: Cursor,
  ctx: TableCtx,
  draft: TableDraft,
  kind: "index" | "unique" | "fulltext" | "spatial",
  name: string,
  line: number,
  using?: string,
): void {
  readKey(cur, ctx, draft, kind, name, line, using);
}

/** Reads a column definition (`ALTER TABLE ... ADD [COLUMN]`). */
export function readColumnElement(
  cur: Cursor,
  ctx: TableCtx,
  draft: TableDraft,
  line: number,
): void {
  readColumn(cur, ctx, draft, line);
}

function readKey(
  cur: Cursor,
  ctx: TableCtx,
  draft: TableDraft,
  kind: KeyKind,
  name: string | undefined,
  line: number,
  usingBefore?: string,
): void {
  const t = draft.table;
  const opts: Record<string, string> = {};
  let using = readIndexOptions(cur, opts) ?? usingBefore;
  const keys = readKeyParts(cur, ctx, t.columns.map((c) => c.name));
  using = readIndexOptions(cur, opts) ?? using;
  const renamedFrom = ctx.hintAt(line);
  if (kind === "primary") {
    if (t.constraints.some((c) => c.kind === "primary")) {
      cur.fail(`table ${t.name} has more than one primary key`);
    }
    if (keys.some((k) => !k.column || k.options !== "")) {
      cur.fail("a primary key on expressions, prefixes or DESC parts is not supported");
    }
    t.constraints.push({
      name: PRIMARY_KEY_NAME,
      implicitName: true,
      kind: "primary",
      columns: keys.map((k) => k.column!),
      line,
    });
    return;
  }
  const plain = keys.every((k) => k.column && k.options === "") &&
    (using === undefined || using === "btree") && Object.keys(opts).length === 0;
  const implicitName = name === undefined;
  const finalName = name ?? indexName(keys[0].column, takenIndexNames(draft));
  if (
    takenIndexNames(draft).some((n) => sameName(n, finalName))
  ) cur.fail(`duplicate key name '${finalName}' in table ${t.name}`);
  if (kind === "unique" && plain) {
    t.constraints.push({
      name: finalName,
      implicitName,
      kind: "unique",
      columns: keys.map((k) => k.column!),
      line,
      renamedFrom,
    });
    return;
  }
  const method = kind === "fulltext" || kind === "spatial" ? kind : (using ?? "btree");
  draft.indexes.push(
    makeIndex(t, finalName, implicitName, method, kind === "unique", keys, opts, line, renamedFrom),
  );
}

function readForeignKey(
  cur: Cursor,
  ctx: TableCtx,
  draft: TableDraft,
  symbol: string | undefined,
  line: number,
): void {
  const t = draft.table;
  // `FOREIGN KEY idx_name (cols)`: the index name is used when there is no symbol.
  let indexNameWritten: string | undefined;
  if (!cur.isOp("(")) indexNameWritten = cur.ident("an index name");
  const cols = readNameList(cur, t.columns.map((c) => c.name));
  cur.expectWord("REFERENCES");
  t.constraints.push(readReferences(cur, ctx, draft, cols, symbol ?? indexNameWritten, line));
}

/** The part of a foreign key after `REFERENCES`. */
function readReferences(
  cur: Cursor,
  ctx: TableCtx,
  draft: TableDraft,
  cols: string[],
  name: string | undefined,
  line: number,
): Constraint {
  const t = draft.table;
  const rq = cur.qname("a table name");
  const refCols = cur.isOp("(") ? readNameList(cur, []) : [];
  let onDelete = "RESTRICT", onUpdate = "RESTRICT";
  let match: string | undefined;
  for (;;) {
    if (cur.acceptWord("MATCH")) match = cur.ident().toUpperCase();
    else if (cur.acceptWord("ON", "DELETE")) onDelete = readAction(cur);
    else if (cur.acceptWord("ON", "UPDATE")) onUpdate = readAction(cur);
    else break;
  }
  return {
    name: name ?? foreignKeyName(t.name, ++draft.fkCount),
    implicitName: name === undefined,
    kind: "foreign",
    columns: cols,
    ref: { table: { schema: ctx.schemaOf(rq.db), name: rq.name }, columns: refCols },
    onDelete,
    onUpdate,
    match,
    line,
    renamedFrom: ctx.hintAt(line),
  };
}

function readAction(cur: Cursor): string {
  for (const a of FK_ACTIONS.keys()) {
    if (cur.acceptWord(...a.split(" "))) return FK_ACTIONS.get(a)!;
  }
  cur.fail("expected RESTRICT, CASCADE, SET NULL, NO ACTION or SET DEFAULT");
}

function readNameList(cur: Cursor, known: string[]): string[] {
  const g = cur.group();
  const inner = new Cursor(cur.ctx, g.toks);
  const out: string[] = [];
  for (;;) {
    const n = inner.ident("a column name");
    out.push(known.find((k) => sameName(k, n)) ?? n);
    if (inner.accept(",")) continue;
    if (!inner.atEnd()) inner.fail("expected ',' or ')'");
    return out;
  }
}

function readCheck(
  cur: Cursor,
  ctx: TableCtx,
  draft: TableDraft,
  symbol: string | undefined,
  line: number,
  column?: string,
): void {
  const t = draft.table;
  const g = cur.group();
  const expr = makeExpr(ctx.text.slice(g.start, g.end), ctx.flavor, t.columns.map((c) => c.name));
  if (ctx.flavor === "mysql" && cur.acceptWord("NOT", "ENFORCED")) {
    // MySQL keeps it in the catalog but never checks it: nothing to guard or migrate.
    ctx.note(
      line,
      "CHECK NOT ENFORCED",
      ctx.text.slice(g.start - 1, g.end + 1),
      "a CHECK ... NOT ENFORCED is not managed (the server never checks it)",
    );
    return;
  }
  cur.acceptWord("ENFORCED");
  let name = symbol;
  if (name === undefined) {
    if (ctx.flavor === "mysql" || column === undefined) draft.checkCount++;
    name = checkName(ctx.flavor, t.name, draft.checkCount, column);
  }
  t.constraints.push({
    name,
    implicitName: symbol === undefined,
    kind: "check",
    columns: expr.columns,
    expr,
    line,
    renamedFrom: ctx.hintAt(line),
  });
}

// ---------------------------------------------------------------------------------------------
// Columns

const TWO_WORD_TYPES = [
  ["DOUBLE", "PRECISION"],
  ["CHARACTER", "VARYING"],
  ["CHAR", "VARYING"],
  ["NATIONAL", "CHAR"],
  ["NATIONAL", "CHARACTER"],
  ["NATIONAL", "VARCHAR"],
  ["LONG", "VARCHAR"],
  ["LONG", "VARBINARY"],
  ["CHAR", "BYTE"],
];

/** Reads a column type with its modifiers and attributes that belong to the type. */
export function readType(
  cur: Cursor,
): WrittenType & { charset?: string; collation?: string; valueLines?: number[] } {
  const words: string[] = [cur.ident("a type").toLowerCase()];
  for (const pair of TWO_WORD_TYPES) {
    if (words[0] === pair[0].toLowerCase() && cur.isWord(pair[1])) {
      cur.next();
      words.push(pair[1].toLowerCase());
      if (pair[0] === "NATIONAL" && pair[1] === "CHARACTER" && cur.acceptWord("VARYING")) {
        words.push("varying");
      }
      break;
    }
  }
  const w: WrittenType & { charset?: string; collation?: string; valueLines?: number[] } = {
    spelling: words.join(" "),
    args: [],
  };
  if (cur.isOp("(")) {
    const g = cur.group();
    if (w.spelling === "enum" || w.spelling === "set") {
      const strings = g.toks.filter((t) => t.kind === "string");
      w.values = strings.map((t) => unquoteString(t.text));
      w.valueLines = strings.map((t) => cur.line(t));
    } else {
      w.args = g.toks.filter((t) => t.kind === "number").map((t) => Number(t.text));
    }
  }
  for (;;) {
    if (cur.acceptWord("UNSIGNED")) w.unsigned = true;
    else if (cur.acceptWord("SIGNED")) w.unsigned = false;
    else if (cur.acceptWord("ZEROFILL")) {
      w.zerofill = true;
      w.unsigned = true;
    } else if (cur.acceptWord("CHARACTER", "SET") || cur.acceptWord("CHARSET")) {
      w.charset = canonicalCharset(cur.ident("a character set"));
    } else if (cur.acceptWord("COLLATE")) {
      w.collation = canonicalCollation(cur.ident("a collation"));
    } else if (cur.isWord("BINARY") && w.spelling !== "binary") {
      cur.next();
      w.collation = w.collation ?? "binary";
    } else if (cur.acceptWord("ASCII")) w.charset = "latin1";
    else if (cur.acceptWord("UNICODE")) w.charset = "ucs2";
    else return w;
  }
}

function readColumn(cur: Cursor, ctx: TableCtx, draft: TableDraft, line: number): void {
  const t = draft.table;
  const nameTok = cur.peek();
  const name = cur.ident("a column name");
  if (t.columns.some((c) => sameName(c.name, name))) {
    cur.fail(`duplicate column name '${name}' in table ${t.name}`, nameTok);
  }
  const typeTok = cur.peek();
  const w = readType(cur);
  const canon = canonicalMysqlType(w, ctx.facts);
  if (!canon) {
    const pg =
      /^(serial4|bigserial|smallserial|int4|timestamptz|jsonb|bytea|uuid|text\[\]|boolean\[\]|inet|cidr|money)$/
        .test(w.spelling);
    cur.fail(
      `unknown ${ctx.flavor === "mariadb" ? "MariaDB" : "MySQL"} type '${w.spelling}'` +
        (pg ? " (this looks like PostgreSQL: use --dialect postgresql)" : ""),
      typeTok,
    );
  }
  const ext: MysqlColumnExt = {};
  const col: Column = {
    name,
    type: canon!.type,
    notNull: false,
    line,
    renamedFrom: ctx.hintAt(line),
  };
  if (canon!.displayWidth !== undefined) ext.displayWidth = canon!.displayWidth;
  if (w.unsigned) ext.unsigned = true;
  if (w.zerofill) ext.zerofill = true;
  if (w.values) {
    ext.values = w.values;
    // `'paid', -- @renamed from=payed` on a value's own line renames the value.
    w.values.forEach((v, k) => {
      const at = w.valueLines![k];
      const from = at !== line ? ctx.hintAt(at, true) : undefined;
      if (from !== undefined) {
        ext.renamedValues = { ...ext.renamedValues, [v]: rawHintValue(ctx, at) ?? from };
      }
    });
  }
  if (w.charset) ext.charset = w.charset;
  if (w.collation) col.collation = w.collation;
  t.columns.push(col);
  if (w.spelling === "serial") {
    // SERIAL = BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE
    ext.unsigned = true;
    ext.autoIncrement = true;
    col.notNull = true;
    addInlineKey(draft, ctx, "unique", name, line);
  }
  let explicitNull = false;
  for (;;) {
    if (cur.acceptWord("NOT", "NULL")) col.notNull = true;
    else if (cur.acceptWord("NULL")) explicitNull = true;
    else if (cur.acceptWord("DEFAULT")) readDefault(cur, ctx, col, t.columns.map((c) => c.name));
    else if (cur.acceptWord("ON", "UPDATE")) {
      ext.onUpdate = readBareExpr(cur, ctx, []);
    } else if (cur.acceptWord("AUTO_INCREMENT")) ext.autoIncrement = true;
    else if (cur.acceptWord("UNIQUE")) {
      cur.acceptWord("KEY");
      addInlineKey(draft, ctx, "unique", name, line);
    } else if (cur.acceptWord("PRIMARY", "KEY") || cur.acceptWord("KEY")) {
      addInlineKey(draft, ctx, "primary", name, line);
    } else if (cur.acceptWord("COMMENT")) ext.comment = unquoteString(cur.string().text);
    else if (cur.acceptWord("COLLATE")) {
      col.collation = canonicalCollation(cur.ident("a collation"));
    } else if (cur.acceptWord("CHARACTER", "SET") || cur.acceptWord("CHARSET")) {
      ext.charset = canonicalCharset(cur.ident("a character set"));
    } else if (cur.acceptWord("COLUMN_FORMAT") || cur.acceptWord("STORAGE")) cur.next();
    else if (cur.acceptWord("GENERATED", "ALWAYS", "AS") || cur.acceptWord("AS")) {
      const g = cur.group();
      col.generated = makeExpr(
        ctx.text.slice(g.start, g.end),
        ctx.flavor,
        t.columns.map((c) => c.name),
      );
      ext.storage = "virtual";
      if (cur.acceptWord("STORED") || cur.acceptWord("PERSISTENT")) ext.storage = "stored";
      else cur.acceptWord("VIRTUAL");
    } else if (cur.acceptWord("INVISIBLE")) ext.invisible = true;
    else if (cur.acceptWord("VISIBLE")) delete ext.invisible;
    else if (cur.acceptWord("SRID")) ext.srid = Number(cur.next().text);
    else if (cur.isWord("CONSTRAINT") || cur.isWord("CHECK")) {
      let symbol: string | undefined;
      if (cur.acceptWord("CONSTRAINT") && !cur.isWord("CHECK")) symbol = cur.ident();
      cur.expectWord("CHECK");
      readCheck(cur, ctx, draft, symbol, line, name);
    } else if (cur.isWord("REFERENCES")) {
      const refTok = cur.next();
      const fk = readReferences(cur, ctx, draft, [name], undefined, line);
      if (ctx.flavor === "mariadb") t.constraints.push(fk);
      else {
        // MySQL 8.0 parses an inline REFERENCES and ignores it; MariaDB creates the key.
        draft.fkCount--;
        ctx.note(
          line,
          "REFERENCES",
          ctx.text.slice(refTok.start, cur.toks[cur.i - 1].end),
          "MySQL 8.0 ignores a REFERENCES written on a column (no foreign key is created); " +
            "write FOREIGN KEY (col) REFERENCES ... as a table constraint",
        );
      }
    } else if (cur.isWord("ENGINE_ATTRIBUTE|SECONDARY_ENGINE_ATTRIBUTE")) {
      cur.next();
      cur.accept("=");
      cur.next();
    } else if (cur.acceptWord("COMPRESSED")) {
      // MariaDB column compression: a storage detail.
    } else if (
      cur.acceptWord("WITH", "SYSTEM", "VERSIONING") ||
      cur.acceptWord("WITHOUT", "SYSTEM", "VERSIONING")
    ) {
      // system versioning is not modelled
    } else break;
  }
  if (explicitNull && col.notNull) cur.fail(`column ${name} is both NULL and NOT NULL`);
  if (ctx.flavor === "mariadb" && w.spelling === "json") {
    // MariaDB's JSON is LONGTEXT with a CHECK that the server adds, named after the column.
    const expr = makeExpr(`json_valid(\`${name.replaceAll("`", "``")}\`)`, ctx.flavor, [name]);
    t.constraints.push({
      name,
      implicitName: true,
      kind: "check",
      columns: [name],
      expr,
      line,
    });
    if (!ext.charset) ext.charset = "utf8mb4";
    if (!col.collation) col.collation = "utf8mb4_bin";
  }
  if (Object.keys(ext).length > 0) col.mysql = ext;
}

/** The `from=` of a hint exactly as written (values keep their case; quotes are removed). */
function rawHintValue(ctx: TableCtx, line: number): string | undefined {
  const start = ctx.text.split("\n", line).slice(0, line - 1).join("\n").length;
  const text = ctx.text.slice(start, ctx.text.indexOf("\n", start + 1) >>> 0);
  const m = /--\s*@renamed\s+from\s*=\s*('(?:[^']|'')*'|"(?:[^"]|"")*"|[^\s,;]+)/.exec(text);
  if (!m) return undefined;
  const v = m[1];
  if (v.startsWith("'")) return v.slice(1, -1).replaceAll("''", "'");
  if (v.startsWith('"')) return v.slice(1, -1).replaceAll('""', '"');
  return v;
}

function addInlineKey(
  draft: TableDraft,
  ctx: TableCtx,
  kind: "primary" | "unique",
  column: string,
  line: number,
): void {
  const t = draft.table;
  if (kind === "primary") {
    if (t.constraints.some((c) => c.kind === "primary")) {
      throw new Error(`table ${t.name} has more than one primary key`);
    }
    t.constraints.push({
      name: PRIMARY_KEY_NAME,
      implicitName: true,
      kind: "primary",
      columns: [column],
      line,
    });
    return;
  }
  t.constraints.push({
    name: indexName(column, takenIndexNames(draft)),
    implicitName: true,
    kind: "unique",
    columns: [column],
    line,
  });
  void ctx;
}

/** A literal or function call default without parentheses (`DEFAULT -1`, `DEFAULT now()`). */
function readBareExpr(cur: Cursor, ctx: TableCtx, columns: string[]) {
  const from = cur.i;
  if (cur.isOp("(")) cur.group();
  else {
    if (cur.isOp("-") || cur.isOp("+")) cur.next();
    const tok = cur.next();
    if ((tok.kind === "word") && cur.isOp("(")) cur.group();
    // x'0A' / b'01' / N'text' are two tokens here: a prefix word and the string.
    else if (tok.kind === "word" && /^[xXbBnN]$/.test(tok.text) && cur.peek()?.kind === "string") {
      cur.next();
    }
    // Adjacent string literals concatenate.
    while (tok.kind === "string" && cur.peek()?.kind === "string") cur.next();
  }
  const toks = cur.toks.slice(from, cur.i);
  return makeExpr(textOf(ctx, toks), ctx.flavor, columns);
}

/** `DEFAULT NULL` is the same as no default (dumps write it, hand-written files do not). */
function readDefault(cur: Cursor, ctx: TableCtx, col: Column, columns: string[]): void {
  const e = readBareExpr(cur, ctx, columns);
  if (e.key === "null") {
    delete col.default;
    return;
  }
  const canon = canonicalDefaultSql(e.sql, col.type);
  col.default = canon !== undefined && canon !== e.sql ? makeExpr(canon, ctx.flavor, []) : e;
}

// ---------------------------------------------------------------------------------------------
// Table options

const OPTION_NAMES: [string[], string][] = [
  [["DEFAULT", "CHARACTER", "SET"], "charset"],
  [["DEFAULT", "CHARSET"], "charset"],
  [["CHARACTER", "SET"], "charset"],
  [["CHARSET"], "charset"],
  [["DEFAULT", "COLLATE"], "collation"],
  [["COLLATE"], "collation"],
];

/** Reads table options and `PARTITION BY ...` (kept as text) after the closing parenthesis. */
export function readTableOptions(
  cur: Cursor,
  ctx: TableCtx,
  ext: MysqlTableExt,
  table: Table,
): void {
  for (;;) {
    cur.accept(",");
    if (cur.atEnd()) return;
    if (cur.isWord("PARTITION", "BY")) {
      const rest = cur.toks.slice(cur.i);
      const sqlText = textOf(ctx, rest).replace(/^PARTITION\s+BY\s+/i, "");
      table.partitionBy = { sql: sqlText, key: normalizeTokens(rest.slice(2)) };
      cur.i = cur.toks.length;
      return;
    }
    if (cur.isWord("AS") || cur.isWord("SELECT") || cur.isWord("IGNORE") || cur.isWord("REPLACE")) {
      return;
    }
    let key: string | undefined;
    for (const [words, k] of OPTION_NAMES) {
      if (cur.acceptWord(...words)) {
        key = k;
        break;
      }
    }
    if (!key) {
      const t = cur.next();
      if (t.kind !== "word") cur.fail("expected a table option", t);
      key = t.text.toLowerCase();
      if (key === "default" || key === "start") {
        // `DEFAULT <option>`, `START TRANSACTION`
        key = cur.next().text.toLowerCase();
      }
      // Two-word options: DATA DIRECTORY, INDEX DIRECTORY, STORAGE DISK ...
      if (cur.peek()?.kind === "word" && cur.peek(1)?.text === "=") {
        key = `${key}_${cur.next().text.toLowerCase()}`;
      }
    }
    cur.accept("=");
    const v = cur.next();
    let value = v.kind === "string" ? unquoteString(v.text) : identName(v);
    if (v.kind === "op" && v.text === "(") {
      // UNION=(t1,t2)
      cur.i--;
      const g = cur.group();
      value = g.toks.map((t) => t.text).join("");
    }
    switch (key) {
      case "engine":
      case "type":
        ext.engine = canonicalEngine(value);
        break;
      case "row_format":
        ext.rowFormat = value.toUpperCase();
        break;
      case "charset":
        ext.charset = canonicalCharset(value);
        break;
      case "collation":
      case "collate":
        ext.collation = canonicalCollation(value);
        break;
      case "comment":
        ext.comment = value;
        break;
      case "auto_increment":
        ext.autoIncrement = Number(value);
        break;
      default:
        ext.options[key] = value;
    }
  }
}

/** `utf8` is `utf8mb3` (which is how MariaDB and MySQL 8.0.30+ name it in their catalogs). */
export function canonicalCharset(name: string): string {
  const n = name.toLowerCase();
  return n === "utf8" ? "utf8mb3" : n;
}

/** `utf8_bin` is `utf8mb3_bin`. */
export function canonicalCollation(name: string): string {
  const n = name.toLowerCase();
  return n.startsWith("utf8_") ? "utf8mb3_" + n.slice(5) : n;
}

function canonicalEngine(v: string): string {
  const known = ["InnoDB", "MyISAM", "MEMORY", "Aria", "CSV", "ARCHIVE", "BLACKHOLE", "MRG_MyISAM"];
  return known.find((k) => k.toLowerCase() === v.toLowerCase()) ?? v;
}

/** The key of a check, column or index for a model map: `schema.table`. */
export function tableKey(q: QName): string {
  return `${q.schema}.${q.name}`;
}

/** Re-exported for the statement readers. */
export { MYSQL_DEFAULT_SCHEMA };
