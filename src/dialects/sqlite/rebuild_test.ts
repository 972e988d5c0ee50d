import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { parse as parseYaml } from "yaml";
import { literal } from "./quote.ts";
import { mergeExpr, splitParts, unmergeParts, unsplitExpr } from "./rebuild.ts";

interface Cases {
  split: { value: string | null; separator: string; n: number; parts: (string | null)[] }[];
  merge: { values: (string | null)[]; separator: string; merged: string | null }[];
}

const cases = parseYaml(
  Deno.readTextFileSync(new URL("./testdata/split_merge_cases.yaml", import.meta.url)),
) as Cases;
const db = new DatabaseSync(":memory:");
const val = (v: string | null) => (v === null ? "NULL" : literal(v));
const row = (sql: string) => Object.values(db.prepare(sql).get() as Record<string, unknown>);

for (const c of cases.split) {
  Deno.test(`split ${JSON.stringify(c.value)} at ${JSON.stringify(c.separator)} into ${c.n}`, () => {
    const parts = splitParts(val(c.value), c.separator, c.n);
    assert.deepEqual(row(`SELECT ${parts.join(", ")}`), c.parts);
    // Joining the parts again gives the value back (as the rollback does without an archive).
    if (c.value !== null && c.separator !== "" && !c.value.endsWith(c.separator)) {
      const joined = unsplitExpr(c.parts.map(val), c.separator);
      assert.deepEqual(row(`SELECT ${joined}`), [c.value]);
    }
  });
}

for (const c of cases.merge) {
  Deno.test(`merge ${JSON.stringify(c.values)} with ${JSON.stringify(c.separator)}`, () => {
    assert.deepEqual(row(`SELECT ${mergeExpr(c.values.map(val), c.separator)}`), [c.merged]);
  });
}

Deno.test("unmerge: split at the separator, '' parts become NULL", () => {
  const parts = unmergeParts(literal("Solo"), " ", 2);
  assert.deepEqual(row(`SELECT ${parts.join(", ")}`), ["Solo", null]);
});
