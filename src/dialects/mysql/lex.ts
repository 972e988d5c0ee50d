/**
 * A MySQL/MariaDB tokenizer: enough of the lexical grammar to split files into statements, find
 * the parts of a statement that the parser does not read (table options, `PARTITION BY`,
 * `INVISIBLE`, routine bodies) and compare code by normalised tokens.
 *
 * Strings take backslash escapes and doubled quotes (the default `sql_mode`); identifiers are
 * backtick-quoted (doubled backticks escape); comments are `-- ` (dash dash blank), `#` and
 * `/* ... *\/`. Versioned comments (`/*!50001 ... *\/`) are unwrapped by the preprocessor
 * before tokenizing, so here they are plain comments.
 * @module
 */

/** Token kinds. */
export type TokKind = "word" | "ident" | "string" | "number" | "op" | "comment" | "space";

/** One token with its offsets in the text it was read from. */
export interface Tok {
  kind: TokKind;
  /** The token as written. */
  text: string;
  start: number;
  end: number;
  /** The text upper-cased, computed on first use by {@link isWord}. */
  upper?: string;
}

/** Where a quoted run that starts at `i` with quote `q` ends (exclusive); text end if open. */
export function quotedEnd(text: string, i: number, q: string): number {
  const n = text.length;
  let j = i + 1;
  while (j < n) {
    const c = text[j];
    if (c === "\\" && q !== "`") {
      j += 2;
      continue;
    }
    if (c === q) {
      if (text[j + 1] === q) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return n;
}

/** True when a `--` at `i` starts a comment (MySQL needs a blank or line end after it). */
function dashComment(text: string, i: number): boolean {
  if (text[i] !== "-" || text[i + 1] !== "-") return false;
  const c = text[i + 2];
  return c === undefined || c === " " || c === "\t" || c === "\n" || c === "\r";
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Letters, digits, `_`, `$` and every non-ASCII character continue a word. */
function isWordPart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c === 95 || c === 36 ||
    c >= 128;
}

/** The end (exclusive) of the token that starts at `i`, and its kind. */
export function scanToken(text: string, i: number): { end: number; kind: TokKind } {
  const n = text.length;
  const c = text[i];
  const code = text.charCodeAt(i);
  if (isBlank(code)) {
    let j = i + 1;
    while (j < n && isBlank(text.charCodeAt(j))) j++;
    return { end: j, kind: "space" };
  }
  if (c === "#" || dashComment(text, i)) {
    const j = text.indexOf("\n", i);
    return { end: j < 0 ? n : j, kind: "comment" };
  }
  if (c === "/" && text[i + 1] === "*") {
    const j = text.indexOf("*/", i + 2);
    return { end: j < 0 ? n : j + 2, kind: "comment" };
  }
  if (c === "'" || c === '"') return { end: quotedEnd(text, i, c), kind: "string" };
  if (c === "`") return { end: quotedEnd(text, i, c), kind: "ident" };
  if (isDigit(code) || (c === "." && isDigit(text.charCodeAt(i + 1)))) {
    let j = i;
    if (c === "0" && /[xXbB]/.test(text[i + 1] ?? "") && /[0-9A-Fa-f]/.test(text[i + 2] ?? "")) {
      j = i + 2;
      while (j < n && /[0-9A-Fa-f]/.test(text[j])) j++;
      if (j >= n || !isWordPart(text.charCodeAt(j))) return { end: j, kind: "number" };
    }
    j = i;
    while (j < n && (isDigit(text.charCodeAt(j)) || text[j] === ".")) j++;
    if (/[eE]/.test(text[j] ?? "") && /[-+0-9]/.test(text[j + 1] ?? "")) {
      j += 2;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
    }
    // `1abc` is an identifier in MySQL.
    if (j < n && isWordPart(text.charCodeAt(j))) {
      while (j < n && isWordPart(text.charCodeAt(j))) j++;
      return { end: j, kind: "word" };
    }
    return { end: j, kind: "number" };
  }
  if (isWordPart(code)) {
    let j = i + 1;
    while (j < n && isWordPart(text.charCodeAt(j))) j++;
    return { end: j, kind: "word" };
  }
  const two = text.slice(i, i + 3);
  for (const op of ["<=>", "->>"]) if (two === op) return { end: i + 3, kind: "op" };
  const pair = text.slice(i, i + 2);
  for (const op of ["<=", ">=", "<>", "!=", ":=", "||", "&&", "<<", ">>", "->"]) {
    if (pair === op) return { end: i + 2, kind: "op" };
  }
  return { end: i + 1, kind: "op" };
}

/** All tokens of a text, blanks and comments included (their texts concatenate to the input). */
export function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const { end, kind } = scanToken(text, i);
    out.push({ kind, text: text.slice(i, end), start: i, end });
    i = end;
  }
  return out;
}

/** The tokens that matter: no blanks, no comments. */
export function significant(text: string): Tok[] {
  return tokenize(text).filter((t) => t.kind !== "space" && t.kind !== "comment");
}

/** The name an identifier token stands for: backticks removed, doubled backticks undone. */
export function identName(t: Tok): string {
  if (t.kind === "ident") return t.text.slice(1, -1).replaceAll("``", "`");
  if (t.kind === "string" && t.text.startsWith('"')) return unquoteString(t.text);
  return t.text;
}

const ESCAPES: Record<string, string> = {
  "0": "\0",
  "'": "'",
  '"': '"',
  b: "\b",
  n: "\n",
  r: "\r",
  t: "\t",
  Z: "\x1a",
  "\\": "\\",
  "%": "\\%",
  _: "\\_",
};

/** The value of a quoted string literal (backslash escapes and doubled quotes undone). */
export function unquoteString(s: string): string {
  const q = s[0];
  const body = s.slice(1, s.endsWith(q) && s.length > 1 ? -1 : undefined);
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "\\" && i + 1 < body.length) {
      const e = body[++i];
      out += ESCAPES[e] ?? e;
    } else if (c === q && body[i + 1] === q) {
      out += q;
      i++;
    } else out += c;
  }
  return out;
}

/** True when the token is the (unquoted) keyword `kw`, case-insensitively. */
export function isWord(t: Tok | undefined, ...kws: string[]): boolean {
  if (!t || t.kind !== "word") return false;
  const u = t.upper ??= t.text.toUpperCase();
  for (const k of kws) if (k === u) return true;
  return false;
}

/**
 * A canonical text of code, for comparing two spellings: comments and blanks dropped, words and
 * identifiers lower-cased (MySQL compares column, function and keyword names without case),
 * backticks removed, strings kept as written, single blanks between tokens.
 */
export function normalizeTokens(toks: Tok[]): string {
  return toks.filter((t) => t.kind !== "space" && t.kind !== "comment").map((t) => {
    if (t.kind === "ident") return identName(t).toLowerCase();
    if (t.kind === "word") return t.text.toLowerCase();
    if (t.kind === "string") {
      return `'${unquoteString(t.text).replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
    }
    return t.text;
  }).join(" ");
}
