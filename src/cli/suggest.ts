/**
 * "Did you mean": the known name closest to a mistyped one (a flag, a dialect).
 * @module
 */

/** Levenshtein distance between two strings. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        prev[j] + 1,
        cur[j - 1] + 1,
        prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The candidate closest to `word` when it is close enough (at most a third of its length, at
 * least 1, or one is the start of the other), else undefined.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(w.length / 3));
  if (bestD <= limit) return best;
  const prefix = candidates.filter((c) => c.startsWith(w) || w.startsWith(c));
  return prefix.length === 1 ? prefix[0] : undefined;
}
