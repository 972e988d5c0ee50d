/**
 * Re-runnable statements of MySQL/MariaDB online files (`--online`): every part can be run again
 * after a failure. The batched UPDATEs resume by their progress rows (backfill.ts), triggers and
 * procedures are dropped (IF EXISTS) before they are created, archives are created only when
 * missing (`CREATE TABLE IF NOT EXISTS ... SELECT` keeps the first copy: MySQL 8 and MariaDB
 * insert nothing when the table exists).
 *
 * MariaDB: an ALTER's clauses skip what is done (`ADD COLUMN IF NOT EXISTS`, `DROP COLUMN IF
 * EXISTS`, `CHANGE COLUMN IF EXISTS`, `ADD KEY IF NOT EXISTS`, ...), `RENAME TABLE IF EXISTS`
 * skips a rename that has happened, and a part whose data moves are done (switched) skips its
 * checks, ALTERs and triggers, so the whole file runs again after an interruption anywhere.
 * MySQL 8 has none of these forms: a re-run starts from the part or statement that failed, and
 * a done part stops a re-run at its start, saying so. A primary key added or dropped has no
 * guarded form on either.
 * @module
 */
import type { MysqlFlavor } from "./expr.ts";
import { ident, literal } from "./quoting.ts";
import { MYSQL_DEFAULT_SCHEMA } from "./names.ts";
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

/** The names a clause changes: its first name, and a rename's new name. */
function clauseNames(sql: string): string[] {
  const names = [...sql.matchAll(new RegExp(NAME, "g"))].map((m) => m[0].toLowerCase());
  return /^(CHANGE|RENAME) COLUMN |^RENAME INDEX /.test(sql)
    ? names.slice(0, 2)
    : names.slice(0, 1);
}

/**
 * The clauses of one ALTER, guarded ({@link guardedClause}) except those that share a name
 * with another clause: MariaDB reads IF [NOT] EXISTS against the table as it was before the
 * ALTER, so `DROP INDEX IF EXISTS i, ADD KEY IF NOT EXISTS i (...)` drops the index and skips
 * the add (the same for a column dropped and added, or renamed and its name taken).
 */
export function guardedClauses(sqls: string[], flavor: MysqlFlavor): string[] {
  if (flavor !== "mariadb") return sqls;
  const count = new Map<string, number>();
  const names = sqls.map(clauseNames);
  for (const n of names.flat()) count.set(n, (count.get(n) ?? 0) + 1);
  return sqls.map((sql, i) =>
    names[i].some((n) => count.get(n)! > 1) ? sql : guardedClause(sql, flavor)
  );
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
 * The condition that a table part is done: its data moves have switched (its second ALTER has
 * run, dropping or renaming the sources its triggers, batches and checks read). `tmpGone`: the
 * conditions that an in-place move's new column is gone (renamed to its final name), which also
 * tell a finished part whose switch ran but was not yet recorded.
 */
export function partDone(prefix: string, tmpGone: string[]): string {
  const done = tmpGone.length
    ? `(\`switched\` = 1 OR (\`finished\` = 1 AND ${tmpGone.join(" AND ")}))`
    : "`switched` = 1";
  return `EXISTS (SELECT 1 FROM ${ident(PROGRESS_TABLE)} WHERE ${jobsLike(prefix)} AND ${done})`;
}

/**
 * MySQL: the check at the start of an online part with batched UPDATEs that stops a re-run of a
 * part that is done ({@link partDone}); a re-run of the whole file after a failure in a later
 * part stops there, saying so: run the file from the part that failed. (MariaDB skips a done
 * part's statements instead, see {@link onlyWhen}.)
 */
export function doneGuard(prefix: string, table: string, tmpGone: string[]): Guard {
  return {
    kind: "rows",
    exists: `SELECT 1 FROM DUAL WHERE ${partDone(prefix, tmpGone)}`,
    message: `${table} is done: run the file from the next part`,
  };
}

/**
 * A statement run only when `cond` holds (MariaDB's compound statement outside a stored
 * program; a statement of a branch not taken is not even resolved, so it may name columns that
 * are gone). A done part's ALTERs and checks are skipped so on a re-run of the whole file.
 */
export function onlyWhen(cond: string, sql: string): string {
  return `BEGIN NOT ATOMIC\n  IF ${cond} THEN\n    ${
    sql.replace(/\n/g, "\n    ")
  };\n  END IF;\nEND`;
}

/**
 * A check of the preflight skipped when `done` (a condition on the progress table) holds; run
 * when there is no progress table yet (the preflight creates nothing: a compound statement
 * resolves a branch only when it takes it).
 */
export function unlessDone(done: string, sql: string): string {
  const body = sql.replace(/\n/g, "\n    ");
  return `BEGIN NOT ATOMIC\n  IF NOT ${
    tableThere({ schema: MYSQL_DEFAULT_SCHEMA, name: PROGRESS_TABLE })
  } THEN\n` +
    `    ${body};\n  ELSEIF NOT ${done} THEN\n    ${body};\n  END IF;\nEND`;
}

/**
 * A statement run only when `cond` holds, as a prepared statement (MariaDB): for what a
 * compound statement may not hold (CREATE TRIGGER).
 */
export function preparedWhen(cond: string, sql: string): string[] {
  return [
    `SET @smartspec_sql = IF(${cond}, ${literal(sql)}, 'DO 0')`,
    `PREPARE smartspec_stmt FROM @smartspec_sql`,
    `EXECUTE smartspec_stmt`,
    `DEALLOCATE PREPARE smartspec_stmt`,
  ];
}

/** The condition that a table of this name exists (a part's first ALTER runs before a rename). */
export function tableThere(t: { schema: string; name: string }): string {
  const db = t.schema === MYSQL_DEFAULT_SCHEMA ? "DATABASE()" : literal(t.schema);
  return `EXISTS (SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${db} AND ` +
    `TABLE_NAME = ${literal(t.name)})`;
}
