/**
 * Quoting for generated MySQL/MariaDB SQL: identifiers in backticks, string literals written for
 * the default `sql_mode` (where a backslash is an escape character: `'C:\new'` would lose its
 * backslash, so it is written `'C:\\new'`), and line comments that no user text can end early.
 * @module
 */

/** Quotes an identifier: `users` -> `` `users` ``, `` a`b `` -> `` `a``b` ``. */
export function ident(name: string): string {
  return "`" + name.replaceAll("`", "``") + "`";
}

/** A qualified name, each part quoted; the default schema is left out. */
export function qident(schema: string, name: string, defaultSchema: string): string {
  return schema === defaultSchema ? ident(name) : `${ident(schema)}.${ident(name)}`;
}

const ESCAPE: Record<string, string> = {
  "\\": "\\\\",
  "'": "\\'",
  "\0": "\\0",
  "\n": "\\n",
  "\r": "\\r",
  "\x1a": "\\Z",
};

/**
 * Quotes a string literal for the default `sql_mode` (backslash escapes on): backslashes, quotes,
 * NUL, line ends and Ctrl-Z are escaped, so the value round-trips exactly and the literal stays on
 * one line. (Under `NO_BACKSLASH_ESCAPES` use {@link hexLiteral}.)
 */
export function literal(value: string): string {
  // deno-lint-ignore no-control-regex
  return `'${value.replace(/[\\'\0\n\r\x1a]/g, (c) => ESCAPE[c])}'`;
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

// deno-lint-ignore no-control-regex
const UNSAFE_IN_COMMENT = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g;

/** A `-- ` line comment whose text cannot end the line early (the text comes from user names). */
export function comment(text: string): string {
  return `-- ${text.replace(UNSAFE_IN_COMMENT, " ")}`;
}
