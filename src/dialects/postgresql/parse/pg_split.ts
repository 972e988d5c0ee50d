/**
 * Statement boundaries of PostgreSQL SQL text without the parser: a scan with PostgreSQL's
 * lexical rules (standard_conforming_strings on, as the parser reads every file) for comments
 * (`--`, nested `/* *\/`), 'strings', E'strings' (backslash escapes), "quoted names",
 * $tag$ dollar quotes $tag$ and identifiers (which may hold `$`), giving for each statement the
 * byte offsets the parser's RawStmt would have. Used to find the statements two files share
 * (`pg_reuse.ts`). Where the grammar, not the lexer, decides what a `;` means (`BEGIN ATOMIC`
 * bodies, rule actions in parentheses) or the text ends inside a quote or comment, it gives up
 * (undefined) and the caller parses the whole file.
 * @module
 */

/** One statement as PostgreSQL's parser delimits it (byte offsets into the UTF-8 text). */
export interface PgSegment {
  /** Its first token (the parser's `stmt_location`). */
  start: number;
  /** The `;` that ends it, or the end of the text when none does. */
  end: number;
  /** A `;` ends it (else it runs to the end of the text: `stmt_len` 0). */
  terminated: boolean;
}

const SPACE = 32, TAB = 9, LF = 10, VT = 11, FF = 12, CR = 13;
const QUOTE = 39, DQUOTE = 34, DASH = 45, SLASH = 47, STAR = 42, DOLLAR = 36, SEMI = 59;
const BACKSLASH = 92, OPEN = 40, CLOSE = 41;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `ident_start` of PostgreSQL's lexer: a letter, `_` or any byte of a multi-byte character. */
function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
}

/** `ident_cont`: also digits and `$`. */
function isIdentCont(c: number): boolean {
  return isIdentStart(c) || isDigit(c) || c === DOLLAR;
}

/** Index just past a quoted run opened at `i` (doubled quotes; backslash escapes in E''). */
function skipQuoted(b: Uint8Array, i: number, q: number, backslash: boolean): number {
  const n = b.length;
  let j = i + 1;
  while (j < n) {
    const c = b[j];
    if (backslash && c === BACKSLASH) j += 2;
    else if (c === q) {
      if (b[j + 1] !== q) return j + 1;
      j += 2;
    } else j++;
  }
  return -1;
}

/** Index just past a nested block comment opened at `i`, -1 when it is not closed. */
function skipBlockComment(b: Uint8Array, i: number): number {
  const n = b.length;
  let depth = 1;
  let j = i + 2;
  while (j < n) {
    if (b[j] === SLASH && b[j + 1] === STAR) {
      depth++;
      j += 2;
    } else if (b[j] === STAR && b[j + 1] === SLASH) {
      j += 2;
      if (--depth === 0) return j;
    } else j++;
  }
  return -1;
}

/** End of a dollar-quote delimiter (`$`, optional tag, `$`) opened at `i`, else -1. */
function delimiterEnd(b: Uint8Array, i: number): number {
  let j = i + 1;
  if (b[j] === DOLLAR) return j + 1;
  if (!isIdentStart(b[j] ?? 0)) return -1;
  while (j < b.length && (isIdentStart(b[j]) || isDigit(b[j]))) j++;
  return b[j] === DOLLAR ? j + 1 : -1;
}

/** Index just past the dollar-quoted string opened by the delimiter `b[i, open)`, else -1. */
function skipDollarQuoted(b: Uint8Array, i: number, open: number): number {
  const len = open - i;
  for (let j = b.indexOf(DOLLAR, open); j >= 0; j = b.indexOf(DOLLAR, j + 1)) {
    let k = 1;
    while (k < len && b[j + k] === b[i + k]) k++;
    if (k === len) return j + len;
  }
  return -1;
}

/** True when `b[s, s + 6)` spells ATOMIC in any case. */
function isAtomic(b: Uint8Array, s: number): boolean {
  const word = "atomic";
  for (let k = 0; k < 6; k++) if ((b[s + k] | 32) !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * The statements of UTF-8 SQL text (see the module), in order; undefined where the lexer alone
 * cannot tell (the caller then parses the whole text).
 */
export function splitPgStatements(b: Uint8Array): PgSegment[] | undefined {
  const out: PgSegment[] = [];
  const n = b.length;
  let i = 0, start = -1, depth = 0;
  while (i < n) {
    const c = b[i];
    if (c === SPACE || c === LF || c === TAB || c === CR || c === FF || c === VT) {
      i++;
    } else if (c === DASH && b[i + 1] === DASH) {
      while (i < n && b[i] !== LF && b[i] !== CR) i++;
    } else if (c === SLASH && b[i + 1] === STAR) {
      i = skipBlockComment(b, i);
      if (i < 0) return undefined;
    } else if (c === SEMI) {
      // a `;` inside parentheses belongs to the statement (rule actions): the grammar's call
      if (depth > 0) return undefined;
      if (start >= 0) out.push({ start, end: i, terminated: true });
      i++;
      start = -1;
    } else {
      if (start < 0) start = i;
      if (c === QUOTE || c === DQUOTE) {
        i = skipQuoted(b, i, c, false);
        if (i < 0) return undefined;
      } else if (c === DOLLAR) {
        if (isDigit(b[i + 1] ?? 0)) {
          i++; // a parameter ($1)
          while (i < n && isDigit(b[i])) i++;
        } else {
          const open = delimiterEnd(b, i);
          if (open < 0) i++;
          else {
            i = skipDollarQuoted(b, i, open);
            if (i < 0) return undefined;
          }
        }
      } else if (isIdentStart(c)) {
        const s = i++;
        while (i < n && isIdentCont(b[i])) i++;
        if (i - s === 1 && (c | 32) === 101 && b[i] === QUOTE) {
          // E'...': backslash escapes
          i = skipQuoted(b, i, QUOTE, true);
          if (i < 0) return undefined;
        } else if (i - s === 6 && isAtomic(b, s)) {
          // BEGIN ATOMIC ... END: `;` inside a function body
          return undefined;
        }
      } else {
        if (c === OPEN) depth++;
        else if (c === CLOSE && depth > 0) depth--;
        i++;
      }
    }
  }
  if (start >= 0) out.push({ start, end: n, terminated: false });
  return out;
}
