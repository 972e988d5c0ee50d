/**
 * Splitting a generated SQL file into statements, the way psql does: semicolons end statements
 * except inside quotes ('...', E'...', "..."), dollar quotes ($tag$...$tag$) and comments
 * (`--` lines, nested `/* *\/` blocks). Each statement keeps the comments written before it.
 * @module
 */

/** One statement with the comments and blank lines before it. */
export interface SqlStatement {
  /** Comments and whitespace between the previous statement and this one. */
  lead: string;
  /** The statement itself, up to and including its `;` (trimmed). */
  sql: string;
  /** 1-based line of the statement's first character. */
  line: number;
}

/** A file as statements, plus whatever follows the last one (comments only). */
export interface SplitSql {
  statements: SqlStatement[];
  trailing: string;
}

/** Index just past a quoted run that starts at `i` with `q` (doubled quote escapes). */
function skipQuoted(s: string, i: number, q: string, backslash: boolean): number {
  let j = i + 1;
  while (j < s.length) {
    const c = s[j];
    if (backslash && c === "\\") {
      j += 2;
      continue;
    }
    if (c === q) {
      if (s[j + 1] === q) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return s.length;
}

function skipBlockComment(s: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < s.length) {
    if (s.startsWith("/*", j)) {
      depth++;
      j += 2;
    } else if (s.startsWith("*/", j)) {
      depth--;
      j += 2;
      if (depth === 0) return j;
    } else j++;
  }
  return s.length;
}

const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

/** Splits `text` into statements (see the module doc). */
export function splitSql(text: string): SplitSql {
  const statements: SqlStatement[] = [];
  let i = 0;
  let leadStart = 0;
  let stmtStart = -1;
  // 1-based line of a position; statements come in order, so the count goes on from the last
  let counted = 0, countedLine = 1;
  const lineAt = (pos: number) => {
    if (pos < counted) counted = 0, countedLine = 1;
    for (let j = text.indexOf("\n", counted); j >= 0 && j < pos; j = text.indexOf("\n", j + 1)) {
      countedLine++;
    }
    counted = pos;
    return countedLine;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === "-" && text[i + 1] === "-") {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? text.length : nl + 1;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      i = skipBlockComment(text, i);
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (stmtStart < 0) stmtStart = i;
    if (c === "'") {
      const prev = text[i - 1] ?? "";
      i = skipQuoted(text, i, "'", /[eE]/.test(prev) && !/[A-Za-z0-9_]/.test(text[i - 2] ?? ""));
    } else if (c === '"') {
      i = skipQuoted(text, i, '"', false);
    } else if (c === "$" && !/[A-Za-z0-9_]/.test(text[i - 1] ?? "")) {
      const m = DOLLAR_TAG.exec(text.slice(i, i + 64));
      if (m) {
        const end = text.indexOf(m[0], i + m[0].length);
        i = end < 0 ? text.length : end + m[0].length;
      } else i++;
    } else if (c === ";") {
      i++;
      statements.push({
        lead: text.slice(leadStart, stmtStart),
        sql: text.slice(stmtStart, i).trim(),
        line: lineAt(stmtStart),
      });
      leadStart = i;
      stmtStart = -1;
    } else i++;
  }
  if (stmtStart >= 0) {
    // a last statement without its semicolon
    statements.push({
      lead: text.slice(leadStart, stmtStart),
      sql: text.slice(stmtStart).trim(),
      line: lineAt(stmtStart),
    });
    return { statements, trailing: "" };
  }
  return { statements, trailing: text.slice(leadStart) };
}

/** The statement's text without comments, upper-cased words collapsed (for classification). */
export function statementKeywords(sql: string): string {
  const { statements } = splitSql(sql);
  const body = statements.length ? statements[0].sql : "";
  return body.replace(/--[^\n]*/g, " ").replace(/\s+/g, " ").trim().toUpperCase();
}
