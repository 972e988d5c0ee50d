/**
 * Splitting MySQL/MariaDB text into statements, as the `mysql`/`mariadb` command-line client does:
 * the delimiter (`;` unless a `DELIMITER` line changes it, as dumps do around triggers and
 * routines) ends a statement except inside strings (backslash escapes), backtick identifiers and
 * comments. Run it on preprocessed text ({@link preprocessMysql}) for dump files.
 * @module
 */
import type { SplitStatement } from "../dialect.ts";
import { scanToken } from "./lex.ts";

/** One statement, with offsets into the text it was split from. */
export interface MysqlStatement extends SplitStatement {
  /** The statement without the comments before it and without its delimiter. */
  body: string;
  /** Offset of the first character of `body`. */
  start: number;
  /** 1-based line of the first character of `body`. */
  bodyLine: number;
}

function lineAt(lineStarts: number[], offset: number): number {
  let lo = 0, hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * The statements of a text with their lines. `sql` keeps the comments written before the
 * statement; `body` is the statement alone. `DELIMITER` lines are consumed, not returned.
 */
export function splitStatements(text: string): MysqlStatement[] {
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) lineStarts.push(k + 1);
  const out: MysqlStatement[] = [];
  let delimiter = ";";
  let lead = 0; // start of comments before the statement
  let start = -1; // first significant character
  let i = 0;
  const finish = (end: number, next: number) => {
    if (start >= 0) {
      const body = text.slice(start, end).trimEnd();
      if (body !== "") {
        out.push({
          sql: text.slice(lead, end).trim(),
          line: lineAt(
            lineStarts,
            lead + (text.slice(lead, end).length -
              text.slice(lead, end).trimStart().length),
          ),
          body,
          start,
          bodyLine: lineAt(lineStarts, start),
        });
      }
    }
    start = -1;
    lead = next;
  };
  while (i < text.length) {
    if (start < 0) {
      // DELIMITER is a client command: a line of its own, at a statement start.
      const m = /^delimiter[ \t]+(\S+)[^\n]*/i.exec(text.slice(i, i + 200));
      if (
        m &&
        (i === 0 || text[i - 1] === "\n" ||
          /^[ \t]*$/.test(text.slice(text.lastIndexOf("\n", i - 1) + 1, i)))
      ) {
        delimiter = m[1];
        i += m[0].length;
        lead = i;
        continue;
      }
      // A client command (`\! ls`, `\. file`) at a line start runs to the end of its line.
      if (text[i] === "\\" && (i === 0 || text[i - 1] === "\n")) {
        let e = text.indexOf("\n", i);
        if (e < 0) e = text.length;
        start = i;
        finish(e, e);
        i = e;
        continue;
      }
    }
    if (text.startsWith(delimiter, i)) {
      finish(i, i + delimiter.length);
      i += delimiter.length;
      continue;
    }
    const tok = scanToken(text, i);
    let end = tok.end;
    if (tok.kind === "word" || tok.kind === "op" || tok.kind === "number") {
      // `END$$`: the delimiter may continue a word.
      const k = text.slice(i + 1, end).indexOf(delimiter);
      if (k >= 0) end = i + 1 + k;
    }
    if (start < 0 && tok.kind !== "space" && tok.kind !== "comment") start = i;
    i = end;
  }
  finish(text.length, text.length);
  return out;
}

/** The dialect seam's splitter: statements with 1-based lines, comments kept with them. */
export function splitMysql(text: string): SplitStatement[] {
  return splitStatements(text).map((s) => ({ sql: s.sql, line: s.line }));
}
