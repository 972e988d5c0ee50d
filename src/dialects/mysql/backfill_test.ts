import assert from "node:assert/strict";
import { batchProcedure, forgetJobs, jobsLike, keyBeyond } from "./backfill.ts";
import { guardedClause, guardedClauses, renameTableSql } from "./rerun.ts";

Deno.test("backfill: the keyset comparison is written out, leading with a range on the first column", () => {
  assert.equal(keyBeyond(["a"], ["x"], ">"), "a > x");
  assert.equal(keyBeyond(["a"], ["x"], "<", true), "a <= x");
  assert.equal(keyBeyond(["a", "b"], ["x", "y"], ">"), "a >= x AND (a > x OR (a = x AND b > y))");
  assert.equal(
    keyBeyond(["a", "b", "c"], ["x", "y", "z"], "<", true),
    "a <= x AND (a < x OR (a = x AND (b < y OR (b = y AND c <= z))))",
  );
});

Deno.test("backfill: the procedure takes the configured batch, pause and retries; binary keys go as hex", () => {
  const sql = batchProcedure({
    job: "t:up:o:1",
    procedure: "_p",
    table: "`o`",
    keys: [
      { column: "`k`", inUpdate: "t.`k`", type: "varbinary(16)" },
      { column: "`n`", inUpdate: "t.`n`", type: "int" },
    ],
    update: (where) => `UPDATE \`o\` AS t SET t.\`v\` = 1 WHERE ${where}`,
    settings: { batchSize: 250, pauseMs: 1500, retries: 3 },
  });
  assert.match(sql, /COALESCE\(@smartspec_batch_rows, 250\)/);
  assert.match(sql, /COALESCE\(@smartspec_batch_pause, 1\.5\)/);
  assert.match(sql, /IF smartspec_attempt > 3 THEN/);
  assert.match(sql, /DECLARE EXIT HANDLER FOR 1205, 1213/);
  assert.match(sql, /JSON_ARRAY\(HEX\(smartspec_upto1\), smartspec_upto2\)/);
  assert.match(sql, /UNHEX\(JSON_UNQUOTE\(JSON_EXTRACT\(`last_key`, '\$\[0\]'\)\)\)/);
  assert.match(sql, /WHERE t\.`k` >= smartspec_last1 AND \(t\.`k` > smartspec_last1 OR /);
});

Deno.test("backfill: jobs are matched by prefix without LIKE wildcards; the table goes when empty", () => {
  assert.equal(jobsLike("a_b:up:"), "LEFT(`job`, 7) = 'a_b:up:'");
  const s = forgetJobs("t1:");
  assert.match(s[0], /^CREATE TABLE IF NOT EXISTS `_smartspec_backfill`/);
  assert.match(s[2], /IF\(EXISTS \(SELECT 1 FROM `_smartspec_backfill`\), 'DO 0', 'DROP TABLE/);
});

Deno.test("rerun: MariaDB clauses skip what is done; MySQL's stay as they are", () => {
  const cases: [string, string][] = [
    ["ADD COLUMN `a` int NULL", "ADD COLUMN IF NOT EXISTS `a` int NULL"],
    ["ADD UNIQUE KEY `u` (`a`)", "ADD UNIQUE KEY IF NOT EXISTS `u` (`a`)"],
    ["ADD CONSTRAINT `c` CHECK (a > 0)", "ADD CONSTRAINT IF NOT EXISTS `c` CHECK (a > 0)"],
    [
      "ADD CONSTRAINT `f``k` FOREIGN KEY (`a`) REFERENCES `p` (`id`)",
      "ADD CONSTRAINT `f``k` FOREIGN KEY IF NOT EXISTS (`a`) REFERENCES `p` (`id`)",
    ],
    ["DROP FOREIGN KEY `f`", "DROP FOREIGN KEY IF EXISTS `f`"],
    ["CHANGE COLUMN `a` `b` int", "CHANGE COLUMN IF EXISTS `a` `b` int"],
    ["RENAME INDEX `a` TO `b`", "RENAME INDEX IF EXISTS `a` TO `b`"],
    ["DROP PRIMARY KEY", "DROP PRIMARY KEY"],
  ];
  for (const [sql, want] of cases) {
    assert.equal(guardedClause(sql, "mariadb"), want);
    assert.equal(guardedClause(sql, "mysql"), sql);
  }
  assert.equal(renameTableSql("`a`", "`b`", "mariadb", true), "RENAME TABLE IF EXISTS `a` TO `b`");
  assert.equal(renameTableSql("`a`", "`b`", "mysql", true), "RENAME TABLE `a` TO `b`");
});

Deno.test("rerun: clauses of one ALTER that share a name stay unguarded (a guarded drop and add would lose it)", () => {
  assert.deepEqual(
    guardedClauses(
      ["DROP INDEX `IX`", "ADD KEY `ix` (`c`)", "ADD COLUMN `d` int", "CHANGE COLUMN `a` `b` int"],
      "mariadb",
    ),
    [
      "DROP INDEX `IX`",
      "ADD KEY `ix` (`c`)",
      "ADD COLUMN IF NOT EXISTS `d` int",
      "CHANGE COLUMN IF EXISTS `a` `b` int",
    ],
  );
  assert.deepEqual(
    guardedClauses(["CHANGE COLUMN `a` `b` int", "ADD COLUMN `a` int"], "mariadb"),
    ["CHANGE COLUMN `a` `b` int", "ADD COLUMN `a` int"],
  );
});
