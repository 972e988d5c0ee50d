/**
 * A depth limit for SQL text before it reaches a parser: the WASM parser recurses once per
 * nesting level and runs out of stack (or memory) on inputs like 2,000 nested `ARRAY[`, which
 * no real schema has. Parentheses and brackets are counted outside strings, quoted names,
 * dollar-quoted bodies and comments.
 * @module
 */
import { InputError } from "../errors.ts";

/** Deepest nesting of ( and [ accepted in a schema file. */
export const MAX_NESTING = 200;

/** 1-based line of a position in `text`. */
function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let j = text.indexOf("\n"); j >= 0 && j < pos; j = text.indexOf("\n", j + 1)) line++;
  return line;
}

const QUOTE = 39, DQUOTE = 34, DASH = 45, SLASH = 47, STAR = 42, DOLLAR = 36;
const OPEN_PAREN = 40, CLOSE_PAREN = 41, OPEN_BRACKET = 91, CLOSE_BRACKET = 93;
/** The characters the scan acts on; the text between them is skipped by the regex engine. */
const NEXT = /['"\-/$()[\]]/g;

/** Returns `text` unchanged, or throws an {@link InputError} at the line where it nests too deep. */
export function checkNesting(text: string, file: string, max = MAX_NESTING): string {
  let depth = 0;
  const n = text.length;
  // one pass from one character that matters to the next (a JavaScript loop over every
  // character took about twice as long on large files); the line is counted only for the error
  const next = NEXT;
  next.lastIndex = 0;
  while (next.test(text)) {
    let i = next.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (c === QUOTE || c === DQUOTE) {
      const q = text[i];
      let j = text.indexOf(q, i + 1);
      while (j >= 0 && text.charCodeAt(j + 1) === c) j = text.indexOf(q, j + 2);
      i = j < 0 ? n : j + 1;
    } else if (c === DASH && text.charCodeAt(i + 1) === DASH) {
      const j = text.indexOf("\n", i);
      i = j < 0 ? n : j;
    } else if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      const j = text.indexOf("*/", i + 2);
      i = j < 0 ? n : j + 2;
    } else if (c === DOLLAR) {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      if (m && !/[A-Za-z0-9_]/.test(text[i - 1] ?? "")) {
        const j = text.indexOf(m[0], i + m[0].length);
        i = j < 0 ? n : j + m[0].length;
      } else i++;
    } else {
      if (c === OPEN_PAREN || c === OPEN_BRACKET) {
        if (++depth > max) {
          throw new InputError(
            `expressions nested more than ${max} levels deep (parentheses or brackets); ` +
              `the parser refuses such input`,
            { file, line: lineAt(text, i) },
          );
        }
      } else if ((c === CLOSE_PAREN || c === CLOSE_BRACKET) && depth > 0) depth--;
      i++;
    }
    if (i >= n) break;
    next.lastIndex = i;
  }
  return text;
}
