import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { callsOf, canonicalKey, columnsOf, makeDefault, makeExpr, renameColumns } from "./expr.ts";

const pairs = parseYaml(
  readFileSync(new URL("./testdata/expr_cases.yaml", import.meta.url), "utf8"),
) as { a: string; b: string; equal: boolean }[];

for (const p of pairs) {
  Deno.test(`canonicalKey: ${p.a} ${p.equal ? "==" : "!="} ${p.b}`, () => {
    assert.equal(
      canonicalKey(p.a) === canonicalKey(p.b),
      p.equal,
      `${canonicalKey(p.a)} | ${canonicalKey(p.b)}`,
    );
  });
}

Deno.test("columnsOf: columns named, not functions, collations, cast types or strings", () => {
  const cols = ["name", "lower", "nocase", "text", "qty", "Mixed"];
  assert.deepEqual(
    columnsOf("lower(name) COLLATE nocase || CAST(qty AS text) || 'name' || \"MIXED\"", cols),
    ["name", "qty", "Mixed"],
  );
  assert.deepEqual(columnsOf("new.qty > old.qty", cols), ["qty"]);
  assert.deepEqual(columnsOf("1 + 2", cols), []);
});

Deno.test("renameColumns: follows a rename, quotes the new name, keeps the rest as written", () => {
  const e = makeExpr("length(body) > 0 AND Body <> 'body' AND t.body IS NOT NULL", ["body", "x"]);
  const r = renameColumns(e, new Map([["body", "content"]]));
  assert.equal(
    r.sql,
    `length("content") > 0 AND "content" <> 'body' AND t."content" IS NOT NULL`,
  );
  assert.deepEqual(r.columns, ["content"]);
  assert.equal(
    r.key,
    makeExpr("length(content) > 0 AND content <> 'body' AND t.content IS NOT NULL").key,
  );
  // a name needing quotes
  const q = renameColumns(makeExpr("a > 0", ["a"]), new Map([["a", 'my "col"']]));
  assert.equal(q.sql, `"my ""col""" > 0`);
});

Deno.test("renameColumns: swapping two columns renames each once", () => {
  const e = makeExpr("a < b", ["a", "b"]);
  const r = renameColumns(e, new Map([["a", "b"], ["b", "a"]]));
  assert.equal(r.sql, `"b" < "a"`);
  assert.deepEqual(r.columns, ["b", "a"]);
});

Deno.test("callsOf: function names, not keywords before a parenthesis", () => {
  assert.deepEqual(
    callsOf("lower(a) IN (SELECT x FROM t) AND coalesce(b, LOWER(c)) AND EXISTS (SELECT 1)"),
    ["lower", "coalesce"],
  );
});

Deno.test("makeDefault: a bare name is a string with its case (what SQLite stores)", () => {
  const key = (s: string) => makeDefault(s).key;
  assert.equal(key("abc"), key("'abc'"));
  assert.equal(key('"Abc"'), key("'Abc'"));
  assert.notEqual(key('"Abc"'), key("'abc'"));
  assert.equal(key("NULL"), "NULL");
  assert.equal(key("CURRENT_TIMESTAMP"), key("current_timestamp"));
  assert.notEqual(key("true"), key("'true'"));
  assert.equal(key("(0)"), key("0"));
});
