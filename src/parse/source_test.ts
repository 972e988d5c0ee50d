import assert from "node:assert/strict";
import { blankPsqlMetaCommands } from "./source.ts";

Deno.test("psql meta-commands between statements are blanked, offsets kept", () => {
  const text = "\\restrict abc\nCREATE TABLE t (id int);\n\\unrestrict abc\n";
  const out = blankPsqlMetaCommands(text);
  assert.equal(out.length, text.length);
  assert.equal(out.split("\n")[1], "CREATE TABLE t (id int);");
  assert.match(out.split("\n")[0], /^ +$/);
  assert.match(out.split("\n")[2], /^ +$/);
});

Deno.test("backslashes inside strings, bodies and comments stay", () => {
  for (
    const text of [
      "SELECT '\n\\x';",
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$\n\\q\nSELECT 1 $$;",
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $b$\n\\q\nSELECT 1 $b$;",
      "/* comment\n\\q */ SELECT 1;",
      'CREATE TABLE "a\n\\b" (id int);',
    ]
  ) assert.equal(blankPsqlMetaCommands(text), text);
});

Deno.test("text without meta-commands is returned unchanged", () => {
  const text = "CREATE TABLE t (id int);\n";
  assert.equal(blankPsqlMetaCommands(text), text);
});
