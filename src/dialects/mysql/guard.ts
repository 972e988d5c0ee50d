/**
 * Guards for MySQL/MariaDB migrations: statements that stop the command-line client (and any
 * tool that stops at the first error) when a query returns a row, with an error that names what
 * failed. They need no `DELIMITER` and no stored program: a temporary table with a CHECK named
 * after the message refuses the row that the query's EXISTS produces. CHECK constraints are
 * enforced by MySQL 8.0.16+ and MariaDB 10.2+ whatever the `sql_mode`.
 *
 * MySQL reports `Check constraint '<message>' is violated.`, MariaDB
 * `CONSTRAINT \`<message>\` failed for ...`: the message (at most 64 characters, MySQL's limit for
 * a constraint name) is in both.
 * @module
 */
import { ident, literal } from "./quoting.ts";

/** The scratch table of the guards (temporary: it never outlives the session). */
export const GUARD_TABLE = "_smartspec_guard";

/** Longest constraint name MySQL and MariaDB accept. */
const NAME_LIMIT = 64;

/** The message as a constraint name: no control characters, at most 64 characters. */
export function guardName(message: string): string {
  // deno-lint-ignore no-control-regex
  let m = message.replace(/[\u0000-\u001f\u007f]/g, " ").replace(/\s+/g, " ").trim();
  if ([...m].length > NAME_LIMIT) m = [...m].slice(0, NAME_LIMIT - 3).join("").trimEnd() + "...";
  return m.replace(/ +$/, "");
}

/**
 * The statements that stop the migration with `message` when `query` returns a row. `n` numbers
 * the guards of one file (each has its own scratch table, dropped when it passes).
 */
export function guardSql(query: string, message: string, n = 1): string {
  const table = ident(`${GUARD_TABLE}_${n}`);
  return [
    `CREATE TEMPORARY TABLE ${table} (\`failed\` varchar(255), ` +
    `CONSTRAINT ${ident(guardName(message))} CHECK (\`failed\` IS NULL));`,
    `INSERT INTO ${table} SELECT ${
      literal(message.slice(0, 255))
    } FROM DUAL WHERE EXISTS (${query});`,
    `DROP TEMPORARY TABLE ${table};`,
  ].join("\n");
}
