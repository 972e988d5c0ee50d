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

Deno.test("@renamed hints: found only in comments, quoted values kept whole", async () => {
  const { collectHints } = await import("./source.ts");
  const hints = collectHints(
    [
      `  'a -- b', -- @renamed from="x -- y"`,
      `  'not -- @renamed from=fake',`,
      `  "col -- @renamed from=fake2" text,`,
      `  c text -- @renamed from=old_c`,
    ].join("\n"),
  );
  assert.deepEqual([...hints.values()], [
    { line: 1, from: "x -- y" },
    { line: 4, from: "old_c" },
  ]);
});

Deno.test("@renamed hint on an enum value that holds --", async () => {
  const { initPostgresParser, parsePostgres } = await import(
    "../dialects/postgresql/parse/postgres.ts"
  );
  await initPostgresParser();
  const s = parsePostgres(
    `CREATE TYPE mood AS ENUM (\n  'a -- b', -- @renamed from="x -- y"\n  'c'\n);`,
    "to.sql",
  );
  assert.deepEqual(s.enums.get("public.mood")?.renamedValues, { "a -- b": "x -- y" });
});
