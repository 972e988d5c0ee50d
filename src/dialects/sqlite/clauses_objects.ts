/**
 * The clause reader for CREATE INDEX, CREATE VIEW and CREATE TRIGGER as SQLite stores them:
 * index keys (column or expression, COLLATE, DESC) and WHERE, a view's name, a trigger's
 * timing, event, UPDATE OF columns, table and WHEN condition. See `clauses.ts`.
 * @module
 */
import { identValue, isKw, isName, splitTopLevel, type Token, tokenize } from "./lex.ts";
import { stripOuterParens } from "./expr.ts";
import { createPrefix, Reader } from "./reader.ts";

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
