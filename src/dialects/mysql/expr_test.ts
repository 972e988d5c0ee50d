import assert from "node:assert/strict";
import { exprKey, makeExpr, renameColumns, rowExpr } from "./expr.ts";

Deno.test("mysql expr: equivalent spellings have one key", () => {
  const same = [
    ["a>0", "(`a` > 0)", "((A > 0))"],
    ["now()", "CURRENT_TIMESTAMP", "current_timestamp()", "LOCALTIMESTAMP"],
    ["concat('#',id)", "CONCAT( '#' , `id` )", 'concat("#", id)'],
    ["x IN ('a','b')", "`x` in ('a', 'b')"],
  ];
  for (const group of same) {
    for (const flavor of ["mysql", "mariadb"] as const) {
      const keys = group.map((s) => makeExpr(s, flavor).key);
      assert.equal(new Set(keys).size, 1, `${group.join(" | ")}: ${keys.join(" | ")}`);
    }
  }
  const different = ["a > 0", "a >= 0", "b > 0", "a > '0'", "current_timestamp(6)"];
  const keys = different.map((s) => makeExpr(s, "mysql").key);
  assert.equal(new Set(keys).size, different.length, keys.join(" | "));
});

Deno.test("mysql expr: strings keep their case and escapes; names and keywords do not", () => {
  assert.equal(exprKey("`Name` = 'Ab\\'c' AND B IS NULL"), "name = 'Ab\\'c' and b is null");
  assert.equal(exprKey("a = 'it''s'"), exprKey("a = 'it\\'s'"));
});

Deno.test("mysql expr: columns read, also when node-sql-parser cannot read the text", () => {
  assert.deepEqual(makeExpr("price * qty + `Tax`", "mysql").columns, ["price", "qty", "Tax"]);
  // MariaDB's grammar does not read ->>; the MySQL grammar does.
  assert.deepEqual(makeExpr("doc->>'$.a' = 'x'", "mariadb").columns, ["doc"]);
  // Not readable at all: the known columns among its words, function names excluded.
  const odd = makeExpr("a MEMBER OF (b) AND lower(c) = 'x'", "mysql", ["a", "b", "c", "lower"]);
  assert.deepEqual(odd.columns, ["a", "b", "c"]);
  assert.equal(odd.key, "a member of ( b ) and lower ( c ) = 'x'");
});

Deno.test("mysql expr: renameColumns follows a column rename in sql, key and columns", () => {
  const e = makeExpr("handle <> '' AND length(handle) < 30 AND other > 0", "mysql");
  const r = renameColumns(e, new Map([["handle", "username"]]));
  assert.deepEqual(r.columns, ["username", "other"]);
  assert.equal(
    r.key,
    makeExpr("username <> '' AND length(username) < 30 AND other > 0", "mysql").key,
  );
  assert.match(r.sql, /`username` <> ''/);
  // renaming is case-insensitive, as MySQL column names are
  assert.deepEqual(renameColumns(makeExpr("A > 0", "mysql"), new Map([["a", "b"]])).columns, ["b"]);
  // an expression that does not read the column is returned as is
  assert.equal(renameColumns(e, new Map([["zzz", "y"]])), e);
  // the token fallback renames too
  const odd = makeExpr("a MEMBER OF (b)", "mysql", ["a", "b"]);
  const r2 = renameColumns(odd, new Map([["b", "c"]]));
  assert.equal(r2.key, "a member of ( c )");
  assert.deepEqual(r2.columns, ["a", "c"]);
});

Deno.test("rowExpr: every column reference of the row is read from NEW, through the AST", () => {
  assert.equal(
    rowExpr("CONCAT_WS(' ', t.`a b`, `c`, 'd')", "mariadb", "NEW"),
    "CONCAT_WS(' ', `NEW`.`a b`, `NEW`.`c`, 'd')",
  );
  // a string that looks like a column is left alone
  assert.equal(rowExpr("UPPER('x') = x", "mysql", "NEW"), "UPPER('x') = `NEW`.`x`");
  // a subquery's columns are not the row's: no trigger can be written from it
  assert.equal(rowExpr("(SELECT MAX(y) FROM z)", "mariadb", "NEW"), undefined);
});
