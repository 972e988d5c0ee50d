/**
 * Quoting for generated SQLite: identifiers, string literals and line comments. Every name and
 * value the SQLite back end writes (and did not copy verbatim from the user's schema) goes
 * through these functions.
 * @module
 */

/** Quotes an identifier: `notes` -> `"notes"`, `a"b` -> `"a""b"`. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** True when the string holds a lone UTF-16 surrogate (no valid UTF-8 form). */
function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The bytes SQLite should store for a JS string: UTF-8, with lone surrogates written as their
 * 3-byte generalized UTF-8 form (WTF-8) instead of being replaced, so nothing is lost.
 */
function wtf8(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) {
      out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    } else {
      out.push(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 63),
        0x80 | ((cp >> 6) & 63),
        0x80 | (cp & 63),
      );
    }
  }
  return out;
}

/**
 * Quotes a string literal: `it's` -> `'it''s'`. A string with a NUL character or a lone
 * surrogate cannot be written between quotes (the SQL text would end at the NUL, or not be valid
 * UTF-8): it is written as its bytes, `CAST(X'...' AS TEXT)`.
 */
export function literal(value: string): string {
  if (value.includes("\0") || hasLoneSurrogate(value)) {
    const hex = wtf8(value).map((b) => b.toString(16).padStart(2, "0")).join("").toUpperCase();
    return `CAST(X'${hex}' AS TEXT)`;
  }
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Characters that end a line for some reader of the file (SQL, shells, editors, JavaScript):
 * LF, CR, vertical tab, form feed, NEL, line and paragraph separators; plus NUL and the other
 * C0 controls, which have no place in a comment.
 */
// deno-lint-ignore no-control-regex
const UNSAFE_IN_COMMENT = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g;

/** A `-- ` line comment whose text cannot end the line early (the text comes from user names). */
export function comment(text: string): string {
  return `-- ${text.replace(UNSAFE_IN_COMMENT, " ")}`;
}

/**
 * A message for `RAISE(...)`, which must be a plain string literal: control characters and
 * characters SQLite cannot take between quotes are replaced, then it is quoted.
 */
export function messageLiteral(text: string): string {
  const clean = text.replace(UNSAFE_IN_COMMENT, " ").replace(new RegExp(LONE_SURROGATE, "g"), "?");
  return `'${clean.replaceAll("'", "''")}'`;
}
