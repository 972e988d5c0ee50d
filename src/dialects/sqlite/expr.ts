/**
 * SQLite expressions in the model: `{ sql, key, columns }` where `sql` is the text as written
 * (trimmed), `key` a canonical form for comparisons and `columns` the table columns it names.
 *
 * The canonical key is the token list joined by single spaces, with comments dropped,
 * keywords upper-cased, identifiers (bare or quoted) folded to lower case and unquoted when
 * they are plain names, `==` written `=` and `<>` written `!=`, blob literals as `X'..'` with
 * lower-case hex, and redundant outer parentheses removed; so `DEFAULT 0`, `DEFAULT (0)` and
 * `default  0` have one key, and so do `"Price" > 0` and `price>0`. SQLite compares
 * identifiers case-insensitively (ASCII), which is why folding is safe.
 * @module
 */
import type { Expr } from "../../model/schema.ts";
import { closingParen, identValue, isKw, type Token, tokenize } from "./lex.ts";

/** SQLite's keywords (https://sqlite.org/lang_keywords.html). */
export const SQLITE_KEYWORDS: ReadonlySet<string> = new Set(
  ("ABORT ACTION ADD AFTER ALL ALTER ALWAYS ANALYZE AND AS ASC ATTACH AUTOINCREMENT BEFORE " +
    "BEGIN BETWEEN BY CASCADE CASE CAST CHECK COLLATE COLUMN COMMIT CONFLICT CONSTRAINT CREATE " +
    "CROSS CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP DATABASE DEFAULT DEFERRABLE " +
    "DEFERRED DELETE DESC DETACH DISTINCT DO DROP EACH ELSE END ESCAPE EXCEPT EXCLUDE EXCLUSIVE " +
    "EXISTS EXPLAIN FAIL FILTER FIRST FOLLOWING FOR FOREIGN FROM FULL GENERATED GLOB GROUP " +
    "GROUPS HAVING IF IGNORE IMMEDIATE IN INDEX INDEXED INITIALLY INNER INSERT INSTEAD INTERSECT " +
    "INTO IS ISNULL JOIN KEY LAST LEFT LIKE LIMIT MATCH MATERIALIZED NATURAL NO NOT NOTHING " +
    "NOTNULL NULL NULLS OF OFFSET ON OR ORDER OTHERS OUTER OVER PARTITION PLAN PRAGMA PRECEDING " +
    "PRIMARY QUERY RAISE RANGE RECURSIVE REFERENCES REGEXP REINDEX RELEASE RENAME REPLACE " +
    "RESTRICT RETURNING RIGHT ROLLBACK ROW ROWS SAVEPOINT SELECT SET TABLE TEMP TEMPORARY THEN " +
    "TIES TO TRANSACTION TRIGGER UNBOUNDED UNION UNIQUE UPDATE USING VACUUM VALUES VIEW VIRTUAL " +
    "WHEN WHERE WINDOW WITH WITHOUT").split(" "),
);

/** Folds a name the way SQLite compares names: ASCII letters to lower case. */
export function fold(name: string): string {
  // most names are lower case already: a look at the char codes is cheaper than a replace;
  // an ASCII text is folded by toLowerCase (which folds other letters too: not used on those)
  let upper = false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c > 127) return upper ? name.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : foldRest(name, i);
    if (c >= 65 && c <= 90) upper = true;
  }
  return upper ? name.toLowerCase() : name;
}

/**
 * Looks names up among `names` as SQLite compares them ({@link fold}), returning the spelling in
 * `names`. The exact spelling is tried first (SQLite allows no two names differing only in
 * case, so it is the case-insensitive match); the map by folded name is built only for a name
 * spelled differently.
 */
export function nameLookup(names: readonly string[]): (name: string) => string | undefined {
  let byFold: Map<string, string> | undefined;
  return (name) => {
    if (names.includes(name)) return name;
    byFold ??= new Map(names.map((c) => [fold(c), c]));
    return byFold.get(fold(name));
  };
}

/** {@link fold} of a text with a non-ASCII character at `from` and no upper case before it. */
function foldRest(name: string, from: number): string {
  for (let i = from; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 65 && c <= 90) return name.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  }
  return name;
}

/** Double-quotes an identifier (always: generated SQL quotes every name it writes). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const PLAIN = /^[a-z_][a-z0-9_$]*$/;

/** The canonical spelling of one token (see the module documentation). */
export function canonicalToken(t: Token): string {
  switch (t.kind) {
    case "word":
    case "qident": {
      const v = fold(identValue(t));
      const upper = v.toUpperCase();
      if (SQLITE_KEYWORDS.has(upper) && (t.kind === "word" || PLAIN.test(v))) return upper;
      return PLAIN.test(v) ? v : quoteIdent(v);
    }
    case "blob":
      return "X" + t.text.slice(1).toLowerCase();
    case "number":
      return t.text.toLowerCase().replaceAll("_", "");
    case "op":
      return t.text === "==" ? "=" : t.text === "<>" ? "!=" : t.text;
    default:
      return t.text;
  }
}

/** Tokens without redundant outer parentheses (`((a + b))` -> `a + b`). */
export function stripOuterParens(toks: Token[]): Token[] {
  let t = toks;
  while (t.length >= 2 && t[0].kind === "lparen" && closingParen(t, 0) === t.length - 1) {
    t = t.slice(1, -1);
  }
  return t;
}

/** Canonical key of a token list. */
export function canonicalTokens(toks: Token[]): string {
  return stripOuterParens(toks).map(canonicalToken).join(" ");
}

/** Canonical key of an expression or statement text (see the module documentation). */
export function canonicalKey(sql: string): string {
  return canonicalTokens(tokenize(sql));
}

/**
 * Indexes of the tokens that may name a column: bare or quoted identifiers that are not
 * function names (followed by `(`), not collation names (after COLLATE) and not type names of a
 * CAST (after AS).
 */
function columnRefs(toks: Token[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind !== "word" && t.kind !== "qident") continue;
    if (toks[i + 1]?.kind === "lparen") continue;
    if (isKw(toks[i - 1], "COLLATE") || isKw(toks[i - 1], "AS")) continue;
    if (toks[i + 1]?.kind === "dot") continue; // a qualifier (`new.`, `t.`)
    out.push(i);
  }
  return out;
}

/**
 * The names in `tableColumns` that the expression reads, in order of first use, spelled as in
 * `tableColumns` (matched case-insensitively).
 */
export function columnsOf(sql: string, tableColumns: readonly string[]): string[] {
  return columnsOfTokens(tokenize(sql), tableColumns);
}

/** {@link columnsOf} over tokens. */
export function columnsOfTokens(toks: Token[], tableColumns: readonly string[]): string[] {
  const find = nameLookup(tableColumns);
  const out: string[] = [];
  for (const i of columnRefs(toks)) {
    const c = find(identValue(toks[i]));
    if (c !== undefined && !out.includes(c)) out.push(c);
  }
  return out;
}

/** An expression of the model from its text, with the table's columns it reads. */
export function makeExpr(sql: string, tableColumns: readonly string[] = []): Expr {
  const text = sql.trim();
  const toks = tokenize(text);
  return { sql: text, key: canonicalTokens(toks), columns: columnsOfTokens(toks, tableColumns) };
}

/**
 * A column default of the model. A bare name (`DEFAULT abc`, `DEFAULT "Abc"`) is a string to
 * SQLite, kept with its case: its key is that of the string literal (`'Abc'`), so it equals
 * `DEFAULT 'Abc'` and not `DEFAULT 'abc'`.
 */
export function makeDefault(sql: string): Expr {
  // a schema repeats few default texts (0, CURRENT_TIMESTAMP ...): each is read once
  let e = DEFAULTS.get(sql);
  if (!e) {
    if (DEFAULTS.size >= 10_000) DEFAULTS.clear();
    DEFAULTS.set(sql, e = readDefault(sql));
  }
  return { sql: e.sql, key: e.key, columns: [...e.columns] };
}

const DEFAULTS = new Map<string, Expr>();

function readDefault(sql: string): Expr {
  const e = makeExpr(sql);
  const toks = tokenize(e.sql);
  const t = toks.length === 1 ? toks[0] : undefined;
  const bareName = t?.kind === "qident" ||
    (t?.kind === "word" && !SQLITE_KEYWORDS.has(t.text.toUpperCase()) &&
      !/^(true|false)$/i.test(t.text));
  if (t && bareName) e.key = `'${identValue(t).replaceAll("'", "''")}'`;
  return e;
}

/**
 * The expression after renaming columns (`old -> new`, matched case-insensitively): each
 * identifier that names a renamed column is replaced by the new name, double-quoted; the rest of
 * the text is kept as written.
 */
export function renameColumns(
  expr: { sql: string; key: string; columns: string[]; ast?: unknown },
  renames: Map<string, string>,
): { sql: string; key: string; columns: string[]; ast?: unknown } {
  if (renames.size === 0) return expr;
  const byFold = new Map([...renames].map(([o, n]) => [fold(o), n]));
  const toks = tokenize(expr.sql);
  let sql = "";
  let at = 0;
  for (const i of columnRefs(toks)) {
    const t = toks[i];
    // a qualified reference `x.col` is renamed; a qualifier itself is not (see columnRefs)
    const to = byFold.get(fold(identValue(t)));
    if (to === undefined) continue;
    sql += expr.sql.slice(at, t.start) + quoteIdent(to);
    at = t.end;
  }
  sql += expr.sql.slice(at);
  const columns: string[] = [];
  for (const c of expr.columns) {
    const n = byFold.get(fold(c)) ?? c;
    if (!columns.includes(n)) columns.push(n);
  }
  return { sql, key: canonicalKey(sql), columns };
}

/** Functions an expression calls (names followed by `(`), folded, in order of first use. */
export function callsOf(sql: string): string[] {
  const toks = tokenize(sql);
  const out: string[] = [];
  for (let i = 0; i + 1 < toks.length; i++) {
    const t = toks[i];
    if ((t.kind !== "word" && t.kind !== "qident") || toks[i + 1].kind !== "lparen") continue;
    const n = fold(identValue(t));
    if (SQLITE_KEYWORDS.has(n.toUpperCase()) && t.kind === "word") continue; // IN (, EXISTS (
    if (!out.includes(n)) out.push(n);
  }
  return out;
}
