/**
 * The SQLite tokenizer shared by the statement splitter, the clause reader and the expression
 * helpers. It follows SQLite's own tokenizer (tokenize.c): strings `'..'` with `''`, quoted
 * identifiers `".."`, `` `..` `` and `[..]`, blob literals `X'..'`, numbers (with `0x` hex and
 * `_` digit separators), parameters (`?1`, `:a`, `@a`, `$a`), `--` and (non-nested) `/* *\/`
 * comments. Unterminated quotes and comments are reported with their offset ({@link LexError}).
 * @module
 */

/** Kinds of tokens. `word` is a bare identifier or keyword; `qident` a quoted identifier. */
export type TokKind =
  | "word"
  | "qident"
  | "string"
  | "blob"
  | "number"
  | "param"
  | "op"
  | "lparen"
  | "rparen"
  | "comma"
  | "semi"
  | "dot"
  | "comment";

/** One token: its kind, text as written and offsets in the source. */
export interface Token {
  kind: TokKind;
  text: string;
  /** Offset of the first character. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

/** An unterminated string, quoted identifier or comment. */
export class LexError extends Error {
  /** Offset where the unterminated construct starts. */
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.name = "LexError";
    this.offset = offset;
  }
}

const OPS3 = ["->>"];
const OPS2 = ["||", "<<", ">>", "<=", ">=", "==", "!=", "<>", "->"];

/** A letter, `_` or any non-ASCII character (by char code). */
function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}

/** An identifier character: a start character, a digit or `$`. */
function isIdChar(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57) || c === 36;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

/** End of a quoted run starting at `i` with quote `q` (doubled quote escapes), or -1. */
function quotedEnd(s: string, i: number, q: string): number {
  let j = i + 1;
  for (;;) {
    const k = s.indexOf(q, j);
    if (k < 0) return -1;
    if (s[k + 1] === q) {
      j = k + 2;
      continue;
    }
    return k + 1;
  }
}

function numberEnd(s: string, i: number): number {
  let j = i;
  if (s[j] === "0" && (s[j + 1] === "x" || s[j + 1] === "X")) {
    j += 2;
    while (j < s.length && /[0-9a-fA-F_]/.test(s[j])) j++;
    return j;
  }
  while (isDigit(s[j]) || s[j] === "_") j++;
  if (s[j] === ".") {
    j++;
    while (isDigit(s[j]) || s[j] === "_") j++;
  }
  if ((s[j] === "e" || s[j] === "E") && (isDigit(s[j + 1]) || /[+-]/.test(s[j + 1] ?? ""))) {
    const k = isDigit(s[j + 1]) ? j + 1 : j + 2;
    if (isDigit(s[k])) {
      j = k;
      while (isDigit(s[j])) j++;
    }
  }
  return j;
}

/**
 * Tokenizes SQLite text. Comments are returned as `comment` tokens only when `comments` is set.
 * Throws {@link LexError} on an unterminated string, identifier or comment.
 */
export function tokenize(s: string, comments = false): Token[] {
  const out: Token[] = [];
  for (let t = lexAt(s, 0, comments); t; t = lexAt(s, t.end, comments)) out.push(t);
  return out;
}

/**
 * The first token at or after offset `i` (after blanks, and comments unless `comments` is set),
 * or undefined at the end of the text: {@link tokenize} one token at a time.
 */
export function lexAt(s: string, i: number, comments = false): Token | undefined {
  const n = s.length;
  // char codes only (this runs over whole files)
  while (i < n) {
    const code = s.charCodeAt(i);
    // blanks: space, \t \n \v \f \r
    if (code === 32 || (code >= 9 && code <= 13)) {
      i++;
      continue;
    }
    const next = i + 1 < n ? s.charCodeAt(i + 1) : -1;
    let kind: TokKind;
    let end: number;
    if (isIdStart(code) && !((code === 120 || code === 88) && next === 39)) {
      end = i + 1;
      while (end < n && isIdChar(s.charCodeAt(end))) end++;
      kind = "word";
    } else if (code === 45 && next === 45) { // --
      const nl = s.indexOf("\n", i);
      end = nl < 0 ? n : nl;
      if (!comments) {
        i = end;
        continue;
      }
      kind = "comment";
    } else if (code === 47 && next === 42) { // /*
      const close = s.indexOf("*/", i + 2);
      if (close < 0) throw new LexError("unterminated comment (/* without */)", i);
      end = close + 2;
      if (!comments) {
        i = end;
        continue;
      }
      kind = "comment";
    } else if (code === 39) { // '
      end = quotedEnd(s, i, "'");
      if (end < 0) throw new LexError("unterminated string literal", i);
      kind = "string";
    } else if (code === 34 || code === 96) { // " `
      end = quotedEnd(s, i, code === 34 ? '"' : "`");
      if (end < 0) throw new LexError("unterminated quoted identifier", i);
      kind = "qident";
    } else if (code === 91) { // [
      const close = s.indexOf("]", i + 1);
      if (close < 0) throw new LexError("unterminated quoted identifier ([ without ])", i);
      end = close + 1;
      kind = "qident";
    } else if ((code === 120 || code === 88) && next === 39) { // X'
      end = quotedEnd(s, i + 1, "'");
      if (end < 0) throw new LexError("unterminated blob literal", i);
      kind = "blob";
    } else if (isDigitCode(code) || (code === 46 && isDigitCode(next))) {
      end = numberEnd(s, i);
      kind = "number";
    } else if (code === 63) { // ?
      end = i + 1;
      while (isDigit(s[end])) end++;
      kind = "param";
    } else if ((code === 58 || code === 64 || code === 36 || code === 35) && isIdChar(next)) {
      // : @ $ # followed by an identifier character
      end = i + 1;
      while (end < n && isIdChar(s.charCodeAt(end))) end++;
      kind = "param";
    } else if (code === 40) {
      end = i + 1;
      kind = "lparen";
    } else if (code === 41) {
      end = i + 1;
      kind = "rparen";
    } else if (code === 44) {
      end = i + 1;
      kind = "comma";
    } else if (code === 59) {
      end = i + 1;
      kind = "semi";
    } else if (code === 46) {
      end = i + 1;
      kind = "dot";
    } else {
      const three = s.slice(i, i + 3), two = s.slice(i, i + 2);
      end = OPS3.includes(three) ? i + 3 : OPS2.includes(two) ? i + 2 : i + 1;
      kind = "op"; // includes characters SQLite refuses (it says so itself)
    }
    return { kind, text: s.slice(i, end), start: i, end };
  }
  return undefined;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** True for a token that names something: a bare word, a quoted identifier (or a string). */
export function isName(t: Token | undefined): boolean {
  return t !== undefined && (t.kind === "word" || t.kind === "qident");
}

/** The identifier a `word` or `qident` (or string used as a name) stands for, unquoted. */
export function identValue(t: Token): string {
  if (t.kind === "qident" || t.kind === "string") {
    const q = t.text[0];
    if (q === "[") return t.text.slice(1, -1);
    return t.text.slice(1, -1).replaceAll(q + q, q);
  }
  return t.text;
}

/** True when the token is the bare keyword `kw` (upper case). */
export function isKw(t: Token | undefined, kw: string): boolean {
  if (t === undefined || t.kind !== "word") return false;
  // compared without an upper-cased copy (this runs for most tokens of every statement);
  // upper-casing never shortens a text, and only a non-ASCII letter lengthens it
  const s = t.text;
  if (s.length > kw.length) return false;
  if (s.length < kw.length) return NON_ASCII.test(s) && s.toUpperCase() === kw;
  for (let i = 0; i < kw.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) return s.toUpperCase() === kw;
    if (c !== kw.charCodeAt(i) && !(c >= 97 && c <= 122 && c - 32 === kw.charCodeAt(i))) {
      return false;
    }
  }
  return true;
}

const NON_ASCII = /[\u0080-\uffff]/;

/** Index of the `)` that closes the `(` at `open`, or -1. */
export function closingParen(toks: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < toks.length; i++) {
    if (toks[i].kind === "lparen") depth++;
    else if (toks[i].kind === "rparen") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Splits `toks[from, to)` at top-level commas. */
export function splitTopLevel(toks: Token[], from: number, to: number): [number, number][] {
  const parts: [number, number][] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const k = toks[i].kind;
    if (k === "lparen") depth++;
    else if (k === "rparen") depth--;
    else if (k === "comma" && depth === 0) {
      parts.push([start, i]);
      start = i + 1;
    }
  }
  if (to > start) parts.push([start, to]);
  return parts;
}
