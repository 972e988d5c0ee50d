import assert from "node:assert/strict";
import { splitMysql, splitStatements } from "./split.ts";
import { preprocessMysql, versionApplies } from "./preprocess.ts";

Deno.test("mysql split: semicolons end statements, not inside strings, backticks or comments", () => {
  const text = "CREATE TABLE `a;b` (x varchar(9) DEFAULT 'it\\'s;');\n" +
    "-- a comment; still a comment\n# hash comment;\n" +
    "INSERT INTO t VALUES ('a'';b', \"c;d\"); /* x; */ SELECT 1";
  const st = splitStatements(text);
  assert.deepEqual(st.map((s) => s.body), [
    "CREATE TABLE `a;b` (x varchar(9) DEFAULT 'it\\'s;')",
    "INSERT INTO t VALUES ('a'';b', \"c;d\")",
    "SELECT 1",
  ]);
  assert.deepEqual(st.map((s) => s.bodyLine), [1, 4, 4]);
  // comments before a statement stay with it in `sql`
  assert.match(splitMysql(text)[1].sql, /^-- a comment; still a comment\n# hash comment;\nINSERT/);
  assert.equal(splitMysql(text)[1].line, 2);
});

Deno.test("mysql split: `--x` is not a comment (MySQL needs a blank after --)", () => {
  const st = splitStatements("SELECT 1--1;\nSELECT 2");
  assert.deepEqual(st.map((s) => s.body), ["SELECT 1--1", "SELECT 2"]);
});

Deno.test("mysql split: DELIMITER blocks keep routine bodies whole", () => {
  const text = "CREATE TABLE t (id int);\nDELIMITER ;;\n" +
    "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN\n  SET NEW.id = 1;\nEND;;\n" +
    "delimiter $$\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END$$\nDELIMITER ;\n" +
    "SELECT 3;";
  const st = splitStatements(text);
  assert.deepEqual(st.map((s) => [s.bodyLine, s.body.split("\n")[0]]), [
    [1, "CREATE TABLE t (id int)"],
    [3, "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN"],
    [7, "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END"],
    [9, "SELECT 3"],
  ]);
  assert.match(st[1].body, /SET NEW\.id = 1;\nEND$/);
});

Deno.test("mysql preprocess: versioned comments are unwrapped as each server runs them", () => {
  const text = "/*!40101 SET NAMES utf8 */;\nCREATE TABLE t (a int /*!80023 INVISIBLE */)" +
    " /*M!100100 PAGE_CHECKSUM=1 */;\n/*M!999999\\- enable the sandbox mode */";
  const my = preprocessMysql(text, "mysql").text;
  const maria = preprocessMysql(text, "mariadb").text;
  assert.equal(my.length, text.length);
  assert.equal(maria.split("\n").length, text.split("\n").length);
  assert.match(my, /^\s+SET NAMES utf8\s+;/);
  assert.match(my, /a int\s+INVISIBLE\s+\)/);
  assert.match(my, /\/\*M!100100 PAGE_CHECKSUM=1 \*\//);
  assert.match(maria, /a int \/\*!80023 INVISIBLE \*\/\)/);
  assert.match(maria, /\)\s+PAGE_CHECKSUM=1\s+;/);
  assert.match(maria, /\/\*M!999999/);
  assert.deepEqual(
    [[false, 50700], [false, 50699], [true, 100500], [true, 999999], [false, 100100]].map((
      [m, v],
    ) => [
      versionApplies("mysql", m as boolean, v as number),
      versionApplies("mariadb", m as boolean, v as number),
    ]),
    [[true, false], [true, true], [false, true], [false, false], [false, true]],
  );
});

Deno.test("mysql preprocess: charset introducers are removed and remembered", () => {
  const text =
    "CREATE TABLE t (\n  a varchar(9) DEFAULT _utf8mb4'x',\n  b blob DEFAULT _binary 0x0A,\n  _c int)";
  const p = preprocessMysql(text, "mysql");
  assert.equal(p.text.length, text.length);
  assert.match(p.text, /DEFAULT\s+'x'/);
  assert.match(p.text, /DEFAULT\s+0x0A/);
  assert.match(p.text, /\b_c int/);
  assert.deepEqual(p.introducers.map((i) => [i.charset, i.line]), [["utf8mb4", 2], ["binary", 3]]);
});
