/**
 * Name similarity for probable renames: a blend of normalised edit distance and shared
 * name parts (`username` ~ `user_name` ~ `login_name`).
 * @module
 */

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  const m = a.length, n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(
        prev[j] + 1,
        cur[j - 1] + 1,
        prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[n];
}

function parts(s: string): string[] {
  return s.toLowerCase().split(/[_\W]+|(?<=[a-z])(?=[A-Z])/).filter(Boolean);
}

/** Similarity of two names in [0, 1]. */
export function nameSimilarity(a: string, b: string): number {
  const x = a.toLowerCase(), y = b.toLowerCase();
  if (x === y) return 1;
  const lev = 1 - editDistance(x, y) / Math.max(x.length, y.length);
  const pa = new Set(parts(x)), pb = new Set(parts(y));
  let shared = 0;
  for (const p of pa) if (pb.has(p)) shared++;
  const jac = shared / (pa.size + pb.size - shared || 1);
  const contains = x.includes(y) || y.includes(x) ? 0.7 : 0;
  return Math.max(lev, jac, contains);
}
