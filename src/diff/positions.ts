/**
 * Column positions: which kept columns of a table change place. The columns that keep their
 * relative order are the longest chain in both orders; every other kept column moves (for MySQL,
 * a `MODIFY ... AFTER`), so a single column moved in a wide table moves only that column.
 * @module
 */

/**
 * The kept columns that move: `pairs` maps a before-name to its after-name; `before` and `after`
 * are the tables' column names in order. Returns after-names, lower case.
 */
export function movedColumns(
  pairs: Map<string, string>,
  before: string[],
  after: string[],
): Set<string> {
  const low = (s: string) => s.toLowerCase();
  const beforeIndex = new Map(before.map((n, i) => [low(n), i]));
  const back = new Map([...pairs].map(([b, a]) => [low(a), low(b)]));
  // the kept columns in after order, with their before positions
  const seq: { name: string; at: number }[] = [];
  for (const a of after) {
    const b = back.get(low(a));
    const at = b === undefined ? undefined : beforeIndex.get(b);
    if (at !== undefined) seq.push({ name: low(a), at });
  }
  // longest increasing subsequence of the before positions (patience sorting)
  const tails: number[] = [];
  const prev: number[] = new Array(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    let lo = 0, hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]].at < seq[i].at) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const stay = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) stay.add(i);
  return new Set(seq.filter((_, i) => !stay.has(i)).map((s) => s.name));
}
