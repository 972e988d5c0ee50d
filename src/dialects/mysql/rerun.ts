/**
 * Re-runnable statements of MySQL/MariaDB online files (`--online`): every part can be run again
 * after a failure. The batched UPDATEs resume by their progress rows (backfill.ts), triggers and
 * procedures are dropped (IF EXISTS) before they are created, archives are created only when
 * missing (`CREATE TABLE IF NOT EXISTS ... SELECT` keeps the first copy: MySQL 8 and MariaDB
 * insert nothing when the table exists). On MariaDB, which has the guarded forms, an ALTER's
 * clauses skip what is done (`ADD COLUMN IF NOT EXISTS`, `DROP COLUMN IF EXISTS`,
 * `CHANGE COLUMN IF EXISTS`, `ADD KEY IF NOT EXISTS`, ...) and `RENAME TABLE IF EXISTS` skips a
 * rename that has happened. MySQL 8 has none of them: there a re-run starts again from the
 * statement that failed (the file says so in each part). A primary key added or dropped has no
 * guarded form on either.
 * @module
 */
import type { MysqlFlavor } from "./expr.ts";
import { ident } from "./quoting.ts";
import { jobsLike, PROGRESS_TABLE } from "./backfill.ts";
import type { Guard } from "./preflight.ts";

const NAME = "`(?:[^`]|``)*`";

/** Clause prefixes and their guarded forms (MariaDB 10.5+). */
const GUARDED: [RegExp, string][] = [
  [/^ADD COLUMN /, "ADD COLUMN IF NOT EXISTS "],
  [/^ADD (UNIQUE KEY|FULLTEXT KEY|SPATIAL KEY|KEY) /, "ADD $1 IF NOT EXISTS "],
  [
    new RegExp(`^ADD CONSTRAINT (${NAME}) UNIQUE KEY `),
    "ADD CONSTRAINT $1 UNIQUE KEY IF NOT EXISTS ",
  ],
  [new RegExp(`^ADD CONSTRAINT (${NAME}) CHECK `), "ADD CONSTRAINT IF NOT EXISTS $1 CHECK "],
  [
    new RegExp(`^ADD CONSTRAINT (${NAME}) FOREIGN KEY `),
    "ADD CONSTRAINT $1 FOREIGN KEY IF NOT EXISTS ",
  ],
  [/^DROP (COLUMN|INDEX|FOREIGN KEY|CONSTRAINT) /, "DROP $1 IF EXISTS "],
  [/^(CHANGE|MODIFY|RENAME) COLUMN /, "$1 COLUMN IF EXISTS "],
  [/^RENAME INDEX /, "RENAME INDEX IF EXISTS "],
];

/** An ALTER TABLE clause that skips what is done, where the server has the form. */
export function guardedClause(sql: string, flavor: MysqlFlavor): string {
  if (flavor !== "mariadb") return sql;
  for (const [re, to] of GUARDED) if (re.test(sql)) return sql.replace(re, to);
  return sql;
}

/** `RENAME TABLE a TO b` that skips a rename that has happened (MariaDB). */
export function renameTableSql(from: string, to: string, flavor: MysqlFlavor, online: boolean) {
  return `RENAME TABLE ${online && flavor === "mariadb" ? "IF EXISTS " : ""}${from} TO ${to}`;
}

/** `CREATE TABLE` of an archive (or a table), online only when it is missing. */
export function createIfMissing(sql: string, online: boolean): string {
  return online ? sql.replace(/^CREATE TABLE /, "CREATE TABLE IF NOT EXISTS ") : sql;
}

/**
 * The check at the start of an online part with batched UPDATEs: it stops a re-run of a part
 * that is done, whose data moves have switched (its second ALTER has run, dropping or renaming
 * the sources its triggers and batches read). A re-run of the whole file after a failure in a
 * later part stops there, saying so: run the file from the part that failed. `tmpGone`: the
 * conditions that an in-place move's new column is gone (renamed to its final name), which also
 * tell a finished part whose switch ran but was not yet recorded.
 */
export function doneGuard(prefix: string, table: string, tmpGone: string[]): Guard {
  const done = tmpGone.length
    ? `(\`switched\` = 1 OR (\`finished\` = 1 AND ${tmpGone.join(" AND ")}))`
    : "`switched` = 1";
  return {
    kind: "rows",
    exists: `SELECT 1 FROM ${ident(PROGRESS_TABLE)} WHERE ${jobsLike(prefix)} AND ${done}`,
    message: `${table} is done: run the file from the next part`,
  };
}
