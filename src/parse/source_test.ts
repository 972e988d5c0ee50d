import assert from "node:assert/strict";
import {
  blankPsqlMetaCommands,
  collectHints,
  decodeSqlFile,
  lineCommentStart,
  SourceText,
} from "./source.ts";

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

/** The plain definition the fast scan must agree with: every line through the hint pattern. */
function hintsLineByLine(text: string): [number, string][] {
  const out: [number, string][] = [];
  text.split("\n").forEach((l, i) => {
    const at = l.includes("@renamed") ? lineCommentStart(l) : -1;
    const m = at < 0
      ? null
      : /^--\s*@renamed\s+from\s*=\s*("(?:[^"]|"")+"|[^\s,;]+)/.exec(l.slice(at));
    if (m) {
      out.push([
        i + 1,
        m[1].startsWith('"') ? m[1].slice(1, -1).replaceAll('""', '"') : m[1].toLowerCase(),
      ]);
    }
  });
  return out;
}

Deno.test("rename hints: found on the right lines, as a line-by-line reading finds them", () => {
  const texts = [
    "",
    "CREATE TABLE t (id int);\n",
    '-- @renamed from=Old\nCREATE TABLE t (\n  a int, -- @renamed from="B c"\r\n  x int -- @renamed\n);\n',
    '@renamed from=x\n\n\n-- @renamed from=y -- @renamed from=z\n--@renamed from = "q""r"',
    "é -- @renamed from=ü\r\n\r\n  -- @renamed   from=w;\n-- no hint\n-- @renamed from=last",
    "  'x -- @renamed from=no',\n  \"c -- @renamed from=no2\" int, -- @renamed from=yes\n",
  ];
  for (const text of texts) {
    const found = [...collectHints(text).values()].map((h) => [h.line, h.from]);
    assert.deepEqual(found, hintsLineByLine(text), JSON.stringify(text));
  }
});

Deno.test("source text: lines of byte offsets and line texts, ASCII and not", () => {
  for (const text of ["a\nbc\n\nd", "é\nçà\r\n\nz", "\n", "x"]) {
    const src = new SourceText(text, "f.sql");
    const bytes = new TextEncoder().encode(text);
    const lines = text.split("\n");
    lines.forEach((l, i) => assert.equal(src.lineText(i + 1), l));
    let line = 1;
    for (let b = 0; b < bytes.length; b++) {
      assert.equal(src.lineOfByte(b), line, `${JSON.stringify(text)} byte ${b}`);
      if (bytes[b] === 10) line++;
    }
  }
});

Deno.test("decodeSqlFile: UTF-8 text, a BOM dropped, a written U+FFFD kept; bad bytes refused", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  assert.equal(
    decodeSqlFile(enc("CREATE TABLE t (a text DEFAULT 'é');"), "s.sql"),
    "CREATE TABLE t (a text DEFAULT 'é');",
  );
  assert.equal(decodeSqlFile(enc("\uFEFFSELECT 1;"), "s.sql"), "SELECT 1;");
  assert.equal(decodeSqlFile(enc("SELECT '\uFFFD';"), "s.sql"), "SELECT '\uFFFD';");
  const bad = new Uint8Array([...enc("SELECT '"), 0xc3, 0x28, ...enc("';")]);
  assert.throws(
    () => decodeSqlFile(bad, "s.sql"),
    /s\.sql: not a SQL text file \(it is not valid UTF-8\)/,
  );
  const badWithReplacement = new Uint8Array([...enc("SELECT '\uFFFD"), 0xff, ...enc("';")]);
  assert.throws(() => decodeSqlFile(badWithReplacement, "s.sql"), /not valid UTF-8/);
  assert.throws(() => decodeSqlFile(new Uint8Array([65, 0, 66]), "s.sql"), /NUL bytes/);
});
