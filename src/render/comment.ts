/**
 * Line comments written from user text (names, targets, messages). A database ends a `--`
 * comment at a line end, and each has its own idea of one: PostgreSQL stops at \r as well as
 * \n, others at U+2028/U+2029 in some clients. Every character that any of them or any editor
 * could take as a line end is replaced, so that text in a comment can never become a statement.
 * @module
 */

/** Characters that end a line somewhere: \n \r \v \f, NEL, LS, PS. */
const LINE_ENDS = /[\n\r\v\f\u0085\u2028\u2029]/g;

/** One line of comment text: line ends and other control characters become visible escapes. */
export function commentLine(text: string): string {
  return text.replace(LINE_ENDS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    // deno-lint-ignore no-control-regex
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, "?");
}

/**
 * A comment block: each `\n`-separated line of `text` becomes one `-- ` line, with any other
 * line end inside a line made harmless ({@link commentLine}).
 */
export function safeComment(text: string): string {
  return text.split("\n").map((l) => `-- ${commentLine(l)}`.trimEnd()).join("\n");
}
