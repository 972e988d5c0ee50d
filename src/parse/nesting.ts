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

/** Returns `text` unchanged, or throws an {@link InputError} at the line where it nests too deep. */
export function checkNesting(text: string, file: string, max = MAX_NESTING): string {
  let depth = 0;
  let line = 1;
  const n = text.length;
  let i = 0;
  const skipTo = (end: number) => {
    for (let j = i; j < end; j++) if (text.charCodeAt(j) === 10) line++;
    i = end;
  };
  while (i < n) {
    const c = text[i];
    if (c === "\n") {
      line++;
      i++;
    } else if (c === "'" || c === '"') {
      let j = text.indexOf(c, i + 1);
      while (j >= 0 && text[j + 1] === c) j = text.indexOf(c, j + 2);
      skipTo(j < 0 ? n : j + 1);
    } else if (c === "-" && text[i + 1] === "-") {
      const j = text.indexOf("\n", i);
      skipTo(j < 0 ? n : j);
    } else if (c === "/" && text[i + 1] === "*") {
      const j = text.indexOf("*/", i + 2);
      skipTo(j < 0 ? n : j + 2);
    } else if (c === "$") {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      if (m && !/[A-Za-z0-9_]/.test(text[i - 1] ?? "")) {
        const j = text.indexOf(m[0], i + m[0].length);
        skipTo(j < 0 ? n : j + m[0].length);
      } else i++;
    } else {
      if (c === "(" || c === "[") {
        if (++depth > max) {
          throw new InputError(
            `expressions nested more than ${max} levels deep (parentheses or brackets); ` +
              `the parser refuses such input`,
            { file, line },
          );
        }
      } else if ((c === ")" || c === "]") && depth > 0) depth--;
      i++;
    }
  }
  return text;
}
