import assert from "node:assert/strict";
import { comment, hexLiteral, ident, literal, qident } from "./quote.ts";
import { significant, unquoteString } from "./lex.ts";

Deno.test("mysql quote: identifiers in backticks, backticks doubled", () => {
  assert.equal(ident("users"), "`users`");
  assert.equal(ident("we`ird"), "`we``ird`");
  assert.equal(qident("db", "t", "db"), "`t`");
  assert.equal(qident("other", "t", "db"), "`other`.`t`");
});

Deno.test("mysql quote: literals escape what the default sql_mode reads as escapes", () => {
  assert.equal(literal("C:\\new"), "'C:\\\\new'");
  assert.equal(literal("it's"), "'it\\'s'");
  assert.equal(literal("a\nb\r\0\x1a"), "'a\\nb\\r\\0\\Z'");
  // One token, whose value (read as MySQL reads it) is the original.
  for (const v of ["C:\\new", "it's", "\\'", "x\n'y'\\", "ünï😀", ""]) {
    const toks = significant(literal(v));
    assert.equal(toks.length, 1, v);
    assert.equal(unquoteString(toks[0].text), v);
  }
  assert.equal(hexLiteral("C:\\n"), "_utf8mb4 X'433A5C6E'");
});

Deno.test("mysql quote: a comment cannot be ended by the text", () => {
  assert.equal(comment("a\nDROP TABLE t;\r\u2028x"), "-- a DROP TABLE t;  x");
});
