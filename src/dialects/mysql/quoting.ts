/**
 * Quoting for generated MySQL/MariaDB SQL: identifiers (backticks), string literals safe under
 * the default `sql_mode` (where a backslash is an escape character) and line comments. Every name
 * and value the MySQL back end writes, and did not copy verbatim from the user's schema, goes
 * through these functions. The generated files set a `sql_mode` without `NO_BACKSLASH_ESCAPES`
 * (see frame.ts), so the escapes below mean what they say.
 * @module
 */
import type { QName } from "../../model/schema.ts";
import { safeComment } from "../../render/comment.ts";
import { MYSQL_DEFAULT_SCHEMA } from "./names.ts";

/** Quotes an identifier: `users` -> `` `users` ``, `` a`b `` -> `` `a``b` ``. */
export function ident(name: string): string {
  if (name.includes("\0")) throw new Error(`a MySQL identifier cannot hold NUL: ${name}`);
  return "`" + name.replaceAll("`", "``") + "`";
}

/** A qualified name; the database of the file (`db`) is left out (the current database). */
export function qualified(q: QName): string {
  return q.schema === MYSQL_DEFAULT_SCHEMA ? ident(q.name) : `${ident(q.schema)}.${ident(q.name)}`;
}

/** A qualified name as people read it. */
export function display(q: QName): string {
  return q.schema === MYSQL_DEFAULT_SCHEMA ? q.name : `${q.schema}.${q.name}`;
}

const ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "'": "\\'",
  "\0": "\\0",
  "\n": "\\n",
  "\r": "\\r",
  "\x1a": "\\Z",
};

/**
 * Quotes a string literal for the default `sql_mode`: `C:\new` -> `'C:\\new'`, `it's` ->
 * `'it\'s'`; NUL, LF, CR and Ctrl-Z are written as their escapes, so the file holds no raw
 * control character that a client could take apart.
 */
export function literal(value: string): string {
  // deno-lint-ignore no-control-regex
  return `'${value.replace(/[\\'\0\n\r\x1a]/g, (c) => ESCAPES[c])}'`;
}

/**
 * A literal that reads the same under every `sql_mode`: the UTF-8 bytes in hex with the
 * `utf8mb4` introducer (`_utf8mb4 X'...'`), for values with backslashes when the mode is unknown.
 */
export function hexLiteral(value: string): string {
  const hex = [...new TextEncoder().encode(value)].map((b) => b.toString(16).padStart(2, "0"))
    .join("").toUpperCase();
  return `_utf8mb4 X'${hex}'`;
}

/** A `-- ` comment block safe for every line end (MySQL ends a comment at LF; others at more). */
export function comment(text: string): string {
  return safeComment(text);
}

/** MySQL's identifier limit, in characters. */
export const IDENTIFIER_LIMIT = 64;

/**
 * A name of at most 64 characters: kept when it fits, otherwise cut and ended with a short hash
 * of the whole name, so that two long names stay different.
 */
export function fitName(name: string): string {
  const chars = [...name];
  if (chars.length <= IDENTIFIER_LIMIT) return name;
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const tag = h.toString(16).padStart(8, "0");
  return chars.slice(0, IDENTIFIER_LIMIT - 9).join("") + "_" + tag;
}
