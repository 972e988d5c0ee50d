import assert from "node:assert/strict";
import { dialectHint, otherDialect } from "./dialect_hint.ts";

Deno.test("a MySQL or SQLite schema is recognised; PostgreSQL is not flagged", () => {
  const mysql = "CREATE TABLE `users` (\n  id INT UNSIGNED NOT NULL AUTO_INCREMENT,\n" +
    "  PRIMARY KEY (id)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n";
  assert.deepEqual(otherDialect(mysql), {
    dialect: "mysql",
    evidence: ["backtick-quoted names", "AUTO_INCREMENT", "ENGINE=", "UNSIGNED", "CHARSET"],
  });
  assert.match(dialectHint(mysql)!, /looks like MySQL\/MariaDB .*pass --dialect mysql/);
  assert.equal(
    otherDialect("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);")?.dialect,
    "sqlite",
  );
  const pg = "CREATE TABLE \"users\" (id bigserial PRIMARY KEY, note text DEFAULT 'a`b');";
  assert.equal(dialectHint(pg), undefined);
});
