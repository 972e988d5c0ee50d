import assert from "node:assert/strict";
import { hexLiteral, ident, literal, qualified } from "./quoting.ts";
import { withoutDefiner } from "./ddl_model.ts";
import { significant, unquoteString } from "./lex.ts";

Deno.test("mysql quote: identifiers in backticks, backticks doubled", () => {
  assert.equal(ident("users"), "`users`");
  assert.equal(ident("we`ird"), "`we``ird`");
  assert.equal(qualified({ schema: "db", name: "t" }), "`t`");
  assert.equal(qualified({ schema: "other", name: "t" }), "`other`.`t`");
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

Deno.test("mysql ddl: objects lose their DEFINER", () => {
  assert.equal(
    withoutDefiner(
      "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW v AS SELECT 1",
    ),
    "CREATE ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW v AS SELECT 1",
  );
  assert.equal(withoutDefiner("CREATE DEFINER=CURRENT_USER() TRIGGER t"), "CREATE TRIGGER t");
  assert.equal(
    withoutDefiner("CREATE DEFINER = 'a'@'%' PROCEDURE p() SELECT 1"),
    "CREATE PROCEDURE p() SELECT 1",
  );
});
