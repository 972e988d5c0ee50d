/**
 * Dependency order of objects that refer to each other (views reading views, types using
 * types): dependencies first, otherwise in the order given; cycles are broken in that order.
 * @module
 */

/**
 * Orders `keys` so that every key comes after the keys it depends on (among `keys`).
 * `deps(k)` lists what `k` depends on; unknown keys are ignored.
 */
export function dependencyOrder(keys: string[], deps: (k: string) => string[]): string[] {
  const set = new Set(keys);
  const out: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (k: string) => {
    if (state.has(k)) return; // done, or a cycle: keep the given order
    state.set(k, "visiting");
    for (const d of deps(k)) if (set.has(d) && d !== k) visit(d);
    state.set(k, "done");
    out.push(k);
  };
  for (const k of keys) visit(k);
  return out;
}
