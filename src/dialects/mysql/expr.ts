/**
 * MySQL/MariaDB expressions (CHECK, DEFAULT, generated columns, index expressions): read with
 * node-sql-parser (the MySQL and MariaDB grammars) and written back by it, which gives one
 * canonical spelling (`a>0`, `(a > 0)` and `` `a` > 0 `` are the same). The key is that
 * spelling, lower-cased outside strings, without backticks and outer parentheses; synonyms the
 * servers write differently (`current_timestamp()`, `now()`) are folded. When node-sql-parser
 * cannot read an expression, its normalised tokens stand in (so nothing is refused for an
 * expression the server accepts).
 * @module
 */
import pkg from "node-sql-parser";
import type { Expr } from "../../model/schema.ts";
import { preprocessMysql } from "./preprocess.ts";
import { identName, isWord, normalizeTokens, significant, tokenize, unquoteString } from "./lex.ts";

/** The server family whose grammar reads the text. */
export type MysqlFlavor = "mysql" | "mariadb";

interface SqlParser {
  astify(sql: string, opt: { database: string }): unknown;
  sqlify(ast: unknown, opt: { database: string }): string;
  parse(sql: string, opt: { database: string }): { tableList: string[]; ast: unknown };
}

let parserInstance: SqlParser | undefined;

/** The shared node-sql-parser instance. */
export function sqlParser(): SqlParser {
  if (!parserInstance) {
    const P = (pkg as unknown as { Parser: new () => SqlParser }).Parser;
    parserInstance = new P();
  }
  return parserInstance;
}

/** The grammar names for a flavor: its own first, the other one as a fallback. */
export function grammars(flavor: MysqlFlavor): string[] {
  return flavor === "mariadb" ? ["MariaDB", "MySQL"] : ["MySQL", "MariaDB"];
}

interface AstNode {
  type?: string;
  column?: unknown;
  [k: string]: unknown;
}

/** Column names an AST reads (unqualified, as written), in first-seen order. */
function astColumns(ast: unknown, out: string[] = []): string[] {
  if (Array.isArray(ast)) {
    for (const a of ast) astColumns(a, out);
    return out;
  }
  if (!ast || typeof ast !== "object") return out;
  const node = ast as AstNode;
  if (node.type === "column_ref") {
    const c = node.column;
    const name = typeof c === "string"
      ? c
      : (c && typeof c === "object" && "expr" in c)
      ? String((c as { expr: { value: unknown } }).expr.value)
      : undefined;
    if (name !== undefined && name !== "*" && !out.includes(name)) out.push(name);
    return out;
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === "loc") continue;
    if (v && typeof v === "object") astColumns(v, out);
  }
  return out;
}

/** Renames column references in an AST, in place. */
function renameInAst(ast: unknown, renames: Map<string, string>): void {
  if (Array.isArray(ast)) {
    for (const a of ast) renameInAst(a, renames);
    return;
  }
  if (!ast || typeof ast !== "object") return;
  const node = ast as AstNode;
  if (node.type === "column_ref") {
    const c = node.column;
    if (typeof c === "string") {
      const to = lookup(renames, c);
      if (to !== undefined) node.column = to;
    } else if (c && typeof c === "object" && "expr" in c) {
      const e = (c as { expr: { value: unknown } }).expr;
      const to = lookup(renames, String(e.value));
      if (to !== undefined) e.value = to;
    }
    return;
  }
  for (const [k, v] of Object.entries(node)) {
    if (k !== "loc" && v && typeof v === "object") renameInAst(v, renames);
  }
}

function lookup(renames: Map<string, string>, name: string): string | undefined {
  const direct = renames.get(name);
  if (direct !== undefined) return direct;
  for (const [from, to] of renames) if (from.toLowerCase() === name.toLowerCase()) return to;
  return undefined;
}

const SELECT_PREFIX = /^SELECT\s+/i;

const selectTemplates = new Map<string, Record<string, unknown>>();

/** Writes an expression AST back as SQL with node-sql-parser. */
function writeAst(ast: unknown, database: string): string {
  const p = sqlParser();
  let template = selectTemplates.get(database);
  if (!template) {
    template = p.astify("SELECT 1", { database }) as Record<string, unknown>;
    selectTemplates.set(database, template);
  }
  const sel = { ...template, columns: [{ expr: ast, as: null }] };
  return p.sqlify(sel, { database }).replace(SELECT_PREFIX, "");
}

/**
 * A literal (string, signed number, NULL, TRUE/FALSE, b'..'/x'..', CURRENT_TIMESTAMP[(n)]) as
 * node-sql-parser would write it, without running the parser (most defaults are literals).
 */
function literalExpr(text: string): Expr | undefined {
  const toks = significant(text);
  if (toks.length === 0 || toks.length > 4) return undefined;
  const words = toks.map((t) => t.text).join(" ");
  let sql: string | undefined;
  if (toks.length === 1 && toks[0].kind === "string") {
    sql = `'${unquoteString(toks[0].text).replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
  } else if (toks.length === 1 && toks[0].kind === "number" && !/^0[xb]/i.test(toks[0].text)) {
    sql = toks[0].text;
  } else if (
    toks.length === 2 && (toks[0].text === "-") && toks[1].kind === "number" &&
    !/^0[xb]/i.test(toks[1].text)
  ) {
    sql = `-${toks[1].text}`;
  } else if (toks.length === 1 && isWord(toks[0], "NULL", "TRUE", "FALSE")) {
    sql = toks[0].text.toUpperCase();
  } else if (/^(CURRENT_TIMESTAMP|LOCALTIMESTAMP|LOCALTIME|NOW)( \( (\d+ )?\))?$/i.test(words)) {
    sql = words.replace(/ /g, "").toUpperCase().replace(/^NOW\(\)$/, "CURRENT_TIMESTAMP");
  }
  return sql === undefined ? undefined : { sql, key: exprKey(sql), columns: [] };
}

/** Removes one pair of parentheses around the whole token list. */
function stripOuterParens(text: string): string {
  let t = text.trim();
  for (;;) {
    if (!t.startsWith("(") || !t.endsWith(")")) return t;
    const toks = significant(t);
    let depth = 0;
    let closesAtEnd = true;
    for (let i = 0; i < toks.length; i++) {
      if (toks[i].text === "(") depth++;
      else if (toks[i].text === ")") {
        depth--;
        if (depth === 0 && i < toks.length - 1) {
          closesAtEnd = false;
          break;
        }
      }
    }
    if (!closesAtEnd) return t;
    t = t.slice(1, -1).trim();
  }
}

/**
 * The canonical key of an expression's SQL: normalised tokens, outer parentheses removed, and
 * the servers' synonyms folded (`now()`, `current_timestamp()` and `CURRENT_TIMESTAMP` are one).
 */
export function exprKey(sql: string): string {
  let k = normalizeTokens(tokenize(stripOuterParens(sql)));
  k = k.replace(
    /\b(current_timestamp|localtimestamp|localtime|now)\b( \( \))?(?! \()/g,
    "current_timestamp",
  );
  k = k.replace(
    /\b(current_timestamp|localtimestamp|localtime|now) \( (\d+) \)/g,
    (_m, _f, n) => `current_timestamp ( ${n} )`,
  );
  k = k.replace(/\bcurrent_date( \( \))?/g, "curdate ( )").replace(
    /\bcurdate\b(?! \()/g,
    "curdate ( )",
  );
  return k;
}

/**
 * Reads an expression written in a schema file. `columns` come from the parser, or (when it
 * cannot read the text) from the identifiers that name one of `knownColumns`.
 */
export function makeExpr(text: string, flavor: MysqlFlavor, knownColumns: string[] = []): Expr {
  // Charset introducers (`_utf8mb4'x'`, which servers write back into CHECK texts) are not read.
  if (/_[a-z0-9]+\s*'/i.test(text)) text = preprocessMysql(text, flavor).text.trim();
  const lit = literalExpr(text);
  if (lit) return lit;
  const p = sqlParser();
  for (const database of grammars(flavor)) {
    let ast: unknown;
    try {
      const sel = p.astify(`SELECT ${text}`, { database }) as { columns?: { expr: unknown }[] };
      const cols = Array.isArray(sel) ? undefined : sel.columns;
      if (!cols || cols.length !== 1) continue;
      ast = cols[0].expr;
    } catch {
      continue;
    }
    let sql: string;
    try {
      sql = writeAst(ast, database);
    } catch {
      continue;
    }
    return { sql, key: exprKey(sql), columns: astColumns(ast), ast: { database, ast } };
  }
  // Not readable by node-sql-parser: the text as written, compared by its tokens.
  const known = new Map(knownColumns.map((c) => [c.toLowerCase(), c]));
  const columns: string[] = [];
  const toks = significant(text);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind !== "ident" && t.kind !== "word") continue;
    if (toks[i + 1]?.text === "(") continue; // a function name
    const name = known.get(identName(t).toLowerCase());
    if (name && !columns.includes(name)) columns.push(name);
  }
  return { sql: text.trim(), key: exprKey(text), columns };
}

/**
 * The expression after renaming columns (`old -> new`, compared without case), so that a CHECK,
 * an index expression or a default that follows a column rename compares equal.
 */
export function renameColumns(
  expr: { sql: string; key: string; columns: string[]; ast?: unknown },
  renames: Map<string, string>,
): { sql: string; key: string; columns: string[]; ast?: unknown } {
  if (!expr.columns.some((c) => lookup(renames, c) !== undefined)) return expr;
  const held = expr.ast as { database: string; ast: unknown } | undefined;
  if (held && held.database) {
    const copy = structuredClone(held.ast);
    renameInAst(copy, renames);
    try {
      const sql = writeAst(copy, held.database);
      return {
        sql,
        key: exprKey(sql),
        columns: astColumns(copy),
        ast: { database: held.database, ast: copy },
      };
    } catch { /* fall back to tokens */ }
  }
  const toks = tokenize(expr.sql);
  const out = toks.map((t, i) => {
    if (t.kind !== "ident" && t.kind !== "word") return t.text;
    if (t.kind === "word" && isWord(t, "AND", "OR", "NOT", "NULL", "IS", "IN")) return t.text;
    const next = toks.slice(i + 1).find((n) => n.kind !== "space" && n.kind !== "comment");
    if (next?.text === "(") return t.text;
    const to = lookup(renames, identName(t));
    return to === undefined ? t.text : "`" + to.replaceAll("`", "``") + "`";
  }).join("");
  return {
    sql: out,
    key: exprKey(out),
    columns: expr.columns.map((c) => lookup(renames, c) ?? c),
  };
}

/** Sets the table of every column reference in an AST, in place. */
function qualifyInAst(ast: unknown, table: string): void {
  if (Array.isArray(ast)) {
    for (const a of ast) qualifyInAst(a, table);
    return;
  }
  if (!ast || typeof ast !== "object") return;
  const node = ast as AstNode;
  if (node.type === "column_ref") {
    if (node.column !== "*") node.table = table;
    return;
  }
  for (const [k, v] of Object.entries(node)) {
    if (k !== "loc" && v && typeof v === "object") qualifyInAst(v, table);
  }
}

/**
 * The expression with every column reference read from the row `row` (`NEW` in a trigger's
 * body: `` `a` + t.`b` `` becomes `` `NEW`.`a` + `NEW`.`b` ``), rewritten through
 * node-sql-parser's AST; undefined when the parser cannot read it (or it holds a subquery, whose
 * columns are not the row's).
 */
export function rowExpr(sql: string, flavor: MysqlFlavor, row: string): string | undefined {
  const p = sqlParser();
  for (const database of grammars(flavor)) {
    try {
      const sel = p.astify(`SELECT ${sql}`, { database }) as { columns?: { expr: unknown }[] };
      const cols = Array.isArray(sel) ? undefined : sel.columns;
      if (!cols || cols.length !== 1) continue;
      const ast = cols[0].expr;
      if (JSON.stringify(ast).includes('"ast":')) return undefined;
      qualifyInAst(ast, row);
      return writeAst(ast, database);
    } catch {
      continue;
    }
  }
  return undefined;
}
