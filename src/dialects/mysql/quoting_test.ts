import assert from "node:assert/strict";
import { comment, fitName, ident, literal } from "./quoting.ts";
import { freshMariaDb, mariadbSkipReason } from "../../../tests/helpers/mariadb_server.ts";
import { SESSION_SETUP } from "./frame.ts";

const VALUES = [
  "C:\\new",
  "it's",
  "a\\'b",
  "x\0y",
  "line\nend",
  "cr\rlf",
  "ctrl\x1az",
  "`tick`",
  "é😀",
  "",
];

Deno.test("literal: escapes backslash, quote, NUL, LF, CR, Ctrl-Z; no raw control character", () => {
  assert.deepEqual(literal("C:\\new"), "'C:\\\\new'");
  assert.deepEqual(literal("it's"), "'it\\'s'");
  for (const v of VALUES) {
    // deno-lint-ignore no-control-regex
    assert(!/[\0\n\r\x1a]/.test(literal(v)), literal(v));
  }
});

Deno.test("ident: backticks doubled; fitName keeps 64 characters and stays unique", () => {
  assert.deepEqual(ident("a`b"), "`a``b`");
  const a = fitName("x".repeat(70) + "a"), b = fitName("x".repeat(70) + "b");
  assert.deepEqual([...a].length, 64);
  assert(a !== b);
  assert.deepEqual(fitName("short"), "short");
});

Deno.test("comment: no line end of any reader survives", () => {
  const c = comment("a\rb\u2028c\u0085d\ve");
  assert.deepEqual(c.split("\n").length, 1);
  assert(c.startsWith("-- "));
});

Deno.test({
  name: "literals and identifiers round-trip through MariaDB under the files' sql_mode",
  ignore: !!mariadbSkipReason(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using db = await freshMariaDb();
    for (const s of SESSION_SETUP) await db.exec(s);
    for (const v of VALUES) {
      const rows = await db.query(`SELECT ${literal(v)} AS ${ident("c`1")}`);
      assert.deepEqual(rows[0][0], v);
    }
    // the client (which reads the file) agrees with the driver
    await db.applyScript(
      `${SESSION_SETUP.map((s) => s + ";").join("\n")}\nCREATE TABLE ${ident("q`t")} (v TEXT);\n` +
        VALUES.map((v) => `INSERT INTO ${ident("q`t")} VALUES (${literal(v)}); ${comment(v)}`)
          .join("\n"),
    );
    const rows = await db.query("SELECT v FROM `q``t`");
    assert.deepEqual(rows.map((r) => r[0]), VALUES);
  },
});
