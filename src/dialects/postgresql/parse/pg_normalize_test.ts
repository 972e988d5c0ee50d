import assert from "node:assert/strict";
import { loadModule, parseSync } from "libpg-query";
import { parse as parseYaml } from "yaml";
import { canonicalKey, canonicalTypeNames } from "./pg_normalize.ts";
import type { Node } from "./pg_expr.ts";

/** The first statement of `sql`, untyped (the AST is walked as data). */
const firstStmt = (sql: string): Node => (parseSync(sql) as Node).stmts[0].stmt;

await loadModule();

const exprOf = (sql: string) => firstStmt(`SELECT ${sql}`).SelectStmt.targetList[0].ResTarget.val;
const pairs = parseYaml(
  await Deno.readTextFile(new URL("./testdata/canonical_pairs.yaml", import.meta.url)),
) as { a: string; b: string; equal: boolean }[];

for (const p of pairs) {
  Deno.test(`canonical key: ${p.a} ${p.equal ? "==" : "!="} ${p.b}`, () => {
    const a = canonicalKey(exprOf(p.a)), b = canonicalKey(exprOf(p.b));
    if (p.equal) assert.equal(a, b);
    else assert.notEqual(a, b);
  });
}

Deno.test("canonical key: a view as written equals pg_get_viewdef's text", () => {
  const q = (sql: string) => canonicalKey(firstStmt(sql).ViewStmt.query);
  assert.equal(
    q("CREATE VIEW v AS SELECT id, count(*) FROM t WHERE s <> 'x' GROUP BY id"),
    q("CREATE VIEW v AS SELECT t.id, count(*) AS count FROM public.t WHERE (t.s <> 'x'::text) GROUP BY t.id"),
  );
  assert.notEqual(
    q("CREATE VIEW v AS SELECT id AS other FROM t"),
    q("CREATE VIEW v AS SELECT id FROM t"),
  );
});

Deno.test("type names: pg_catalog and public qualifiers and aliases fold", () => {
  assert.deepEqual(canonicalTypeNames(["pg_catalog", "int4"]), ["int4"]);
  assert.deepEqual(canonicalTypeNames(["integer"]), ["int4"]);
  assert.deepEqual(canonicalTypeNames(["public", "citext"]), ["citext"]);
  assert.deepEqual(canonicalTypeNames(["app", "mood"]), ["app", "mood"]);
});
