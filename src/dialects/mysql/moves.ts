/**
 * SQL of the data moves between columns (MySQL/MariaDB): splitting a value at a separator,
 * merging values with one, and the inverses used when a row has no archived original.
 * @module
 */
import { literal } from "./quoting.ts";

/** Number of separators in `s` (NULL when `s` is NULL). */
function separators(s: string, sep: string): string {
  const l = literal(sep);
  return `((CHAR_LENGTH(${s}) - CHAR_LENGTH(REPLACE(${s}, ${l}, ''))) DIV CHAR_LENGTH(${l}))`;
}

/**
 * The `n` parts of `s` split at `sep`: part i (i < n) is the text between the (i-1)th and i-th
 * separator, the last part everything after the (n-1)th; a missing or empty part is NULL.
 */
export function splitParts(s: string, sep: string, n: number): string[] {
  const l = literal(sep);
  if (n === 1) return [`NULLIF(${s}, '')`];
  const count = separators(s, sep);
  const out: string[] = [];
  for (let i = 1; i < n; i++) {
    const part = `SUBSTRING_INDEX(SUBSTRING_INDEX(${s}, ${l}, ${i}), ${l}, -1)`;
    out.push(
      i === 1
        ? `NULLIF(${part}, '')`
        : `CASE WHEN ${count} >= ${i - 1} THEN NULLIF(${part}, '') END`,
    );
  }
  const rest = `SUBSTRING(${s}, CHAR_LENGTH(SUBSTRING_INDEX(${s}, ${l}, ${
    n - 1
  })) + CHAR_LENGTH(${l}) + 1)`;
  out.push(`CASE WHEN ${count} >= ${n - 1} THEN NULLIF(${rest}, '') END`);
  return out;
}

/** The non-NULL values joined by `sep`; NULL when every value is NULL. */
export function mergeExpr(values: string[], sep: string): string {
  return `CASE WHEN ${values.map((v) => `${v} IS NULL`).join(" AND ")} THEN NULL ELSE CONCAT_WS(${
    literal(sep)
  }, ${values.join(", ")}) END`;
}
