import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { comment, ident, literal, messageLiteral } from "./quote.ts";

const db = new DatabaseSync(":memory:");
const one = (sql: string) => Object.values(db.prepare(sql).get() as Record<string, unknown>)[0];

Deno.test("ident doubles quotes and SQLite reads the name back", () => {
  for (const name of ["plain", 'a"b', "with space", "ü", "select", '"', "a;b--c"]) {
    db.exec(`CREATE TABLE ${ident(name)} (${ident(name + "x")} TEXT)`);
    assert.equal(one(`SELECT name FROM sqlite_schema WHERE name = ${literal(name)}`), name);
    db.exec(`DROP TABLE ${ident(name)}`);
  }
});

Deno.test("literal: quotes, NUL, lone surrogates and newlines come back as written", () => {
  for (const s of ["it's", "", "a\nb\r\nc", "x\u0000y", "\u2028", "😀", "\uD800x", "'';--"]) {
    const lit = literal(s);
    if (s.includes("\0") || s === "\uD800x") assert.match(lit, /^CAST\(X'[0-9A-F]+' AS TEXT\)$/);
    const got = one(`SELECT hex(${lit})`);
    const want = s === "\uD800x"
      ? "EDA08078" // the surrogate's own 3 bytes, then x
      : [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, "0")).join("")
        .toUpperCase();
    assert.equal(got, want, JSON.stringify(s));
  }
});

Deno.test("comment: no line end of any reader survives", () => {
  const c = comment("a\nb\rc\u2028d\u2029e\vf\fg\u0085h\u0000i");
  assert.equal(c, "-- a b c d e f g h i");
  // A comment followed by a statement on the next line: the statement runs.
  db.exec(`${comment("x\u2028SELECT 1/0;\rDROP TABLE nothing;")}\nCREATE TABLE after_comment (a);`);
  assert.equal(one(`SELECT count(*) FROM sqlite_schema WHERE name = 'after_comment'`), 1);
});

Deno.test("messageLiteral is a plain literal (RAISE accepts nothing else)", () => {
  const m = messageLiteral("it's\na \uDC00 guard");
  assert.equal(m, "'it''s a ? guard'");
  db.exec(
    `CREATE TABLE r (a); CREATE TRIGGER r_t BEFORE INSERT ON r BEGIN SELECT RAISE(ABORT, ${m}); END;`,
  );
  assert.throws(() => db.exec("INSERT INTO r VALUES (1)"), /it's a \? guard/);
});
