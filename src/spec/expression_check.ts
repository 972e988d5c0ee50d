/**
 * A user's SQL expression (a transform's `up` / `down`) is pasted into generated statements, so
 * it must be one expression: no `;` that would start another statement, no comment that would
 * hide the rest of the line, every parenthesis and quote closed.
 * @module
 */

/** Why `expr` is not a single expression, or undefined when it is one. */
export function expressionProblem(expr: string): string | undefined {
  if (expr.includes("\0")) return "it holds a NUL character";
  let depth = 0;
  let i = 0;
  const n = expr.length;
  while (i < n) {
    const c = expr[i];
    if (c === "'" || c === '"') {
      const escapes = c === "'" && i > 0 && /[eE]/.test(expr[i - 1]) &&
        (i < 2 || !/[A-Za-z0-9_]/.test(expr[i - 2]));
      let j = i + 1;
      for (;;) {
        if (j >= n) return `a ${c === "'" ? "string" : "quoted name"} is not closed`;
        if (escapes && expr[j] === "\\") j += 2;
        else if (expr[j] === c && expr[j + 1] === c) j += 2;
        else if (expr[j] === c) break;
        else j++;
      }
      i = j + 1;
      continue;
    }
    if (c === "$") {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(expr.slice(i, i + 64));
      if (m && !(i > 0 && /[A-Za-z0-9_]/.test(expr[i - 1]))) {
        const close = expr.indexOf(m[0], i + m[0].length);
        if (close < 0) return `the dollar-quoted string ${m[0]} is not closed`;
        i = close + m[0].length;
        continue;
      }
    }
    if (c === "-" && expr[i + 1] === "-") return "it holds a -- comment";
    if (c === "/" && expr[i + 1] === "*") return "it holds a /* comment";
    if (c === ";") return "it holds more than one statement (a ;)";
    if (c === "(" && ++depth > 200) return "it nests more than 200 parentheses deep";
    if (c === ")" && --depth < 0) return "a ) has no matching (";
    i++;
  }
  return depth > 0 ? `${depth} ( not closed` : undefined;
}
