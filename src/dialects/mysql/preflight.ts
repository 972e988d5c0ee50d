/**
 * The preflight part of a MySQL/MariaDB migration: MySQL commits every DDL statement, so a
 * transaction protects nothing; instead every guard runs before the first DDL statement, reading
 * the state the file starts from, and the first violation stops the file with the database
 * untouched (temporary tables are all it creates; they are not DDL that commits and vanish with
 * the session).
 *
 * Two statements stop a file without a stored program (no `SIGNAL`, no `DELIMITER`), in the
 * `mysql` client (which stops at the first error) and through a driver that runs the statements
 * one by one:
 * - a rows guard inserts the guard's number into a temporary table whose named CHECK
 *   constraints reject it: `CONSTRAINT \`[2] users.email: NULL values\` CHECK (guard <> 2)`.
 *   The server's error carries the constraint name, which is the message (MariaDB:
 *   `CONSTRAINT ... failed`, MySQL: `Check constraint '...' is violated.`);
 * - a fit guard copies the column's values into a temporary column of the target type, named
 *   `<table>.<column>`, under a strict `sql_mode`: a value that does not fit fails with the
 *   server's own message naming that column (`Data too long for column 'users.name' at row 3`,
 *   `Out of range value ...`, `Data truncated ...` for an ENUM value, `Column ... cannot be null`).
 * @module
 */
import { fitName, ident } from "./quoting.ts";
import { unlessDone } from "./rerun.ts";

/** A guard: a query that returns rows when the data violates the change, or a fit test. */
export type Guard =
  | {
    kind: "rows";
    exists: string;
    message: string;
    /** Skip the guard when this SQL condition holds (MariaDB, online: its part is done). */
    unless?: string;
  }
  | {
    kind: "fit";
    unless?: string;
    /** `<table>.<column>` as the user reads it (the temporary column's name). */
    label: string;
    /** The temporary column's type and nullability (`varchar(10) NOT NULL`). */
    type: string;
    /** `SELECT <value> FROM ...` giving the values to fit. */
    select: string;
    message: string;
  };

/** Temporary table of the rows guards. */
export const PREFLIGHT_TABLE = "_smartspec_preflight";
/** Temporary table of a fit guard. */
export const FIT_TABLE = "_smartspec_fit";

/** A CHECK name of at most 64 characters: `[n] message`, cut at a word when too long. */
export function guardName(n: number, message: string): string {
  const full = `[${n}] ${message.replace(/\s+/g, " ").replaceAll("`", "'")}`;
  const chars = [...full];
  if (chars.length <= 64) return full;
  return chars.slice(0, 63).join("").trimEnd() + "…";
}

/** The statement, or (with `unless`) the statement skipped when `unless` holds. */
function skipWhen(unless: string | undefined, sql: string): string {
  return unless === undefined ? sql : unlessDone(unless, sql);
}

/** The statements of the preflight part (empty when there is no guard). */
export function preflightStatements(guards: Guard[]): { sql: string; note?: string }[] {
  if (!guards.length) return [];
  const out: { sql: string; note?: string }[] = [];
  const rows = guards.map((g, i) => ({ g, n: i + 1 })).filter((x) => x.g.kind === "rows");
  if (rows.length) {
    const checks = rows.map(({ g, n }) =>
      `CONSTRAINT ${ident(guardName(n, g.message))} CHECK (\`guard\` <> ${n})`
    );
    out.push({ sql: `DROP TEMPORARY TABLE IF EXISTS ${ident(PREFLIGHT_TABLE)}` });
    out.push({
      sql: `CREATE TEMPORARY TABLE ${ident(PREFLIGHT_TABLE)} (\n  \`guard\` INT NOT NULL,\n  ${
        checks.join(",\n  ")
      }\n)`,
    });
  }
  guards.forEach((g, i) => {
    const n = i + 1;
    if (g.kind === "rows") {
      out.push({
        note: `guard [${n}]: ${g.message}`,
        sql: skipWhen(
          g.unless,
          `INSERT INTO ${
            ident(PREFLIGHT_TABLE)
          } (\`guard\`) SELECT ${n} FROM DUAL WHERE EXISTS (${g.exists})`,
        ),
      });
    } else {
      const label = fitName(g.label);
      out.push(
        {
          note: `guard [${n}]: ${g.message}`,
          sql: `DROP TEMPORARY TABLE IF EXISTS ${ident(FIT_TABLE)}`,
        },
        { sql: `CREATE TEMPORARY TABLE ${ident(FIT_TABLE)} (${ident(label)} ${g.type})` },
        {
          sql: skipWhen(g.unless, `INSERT INTO ${ident(FIT_TABLE)} (${ident(label)}) ${g.select}`),
        },
        { sql: `DROP TEMPORARY TABLE ${ident(FIT_TABLE)}` },
      );
    }
  });
  if (rows.length) out.push({ sql: `DROP TEMPORARY TABLE ${ident(PREFLIGHT_TABLE)}` });
  return out;
}
