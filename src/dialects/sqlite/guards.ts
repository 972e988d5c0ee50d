/**
 * Guards and the final check of a SQLite migration, designed for runners that do NOT stop at an
 * error: the `sqlite3` shell goes on with the next statement after a failure and would COMMIT a
 * half-done migration. So nothing here relies on stopping:
 *
 * - a guard records its violations (count and first row keys) in a TEMP table, prints them (the
 *   shell shows the result of a SELECT) and then raises `RAISE(ABORT, 'smartspec guard: ...')`
 *   through a TEMP trigger (RAISE only works in triggers, and its message must be a literal: one
 *   CASE branch per guard). `node:sqlite`'s `exec` stops there with that message, inside the
 *   still open transaction (nothing is committed; the caller rolls back or closes); the shell
 *   goes on, inside the transaction;
 * - every check that must hold records a flag when, and only when, it holds (row counts of
 *   rebuilt tables, the expected tables, columns, indexes, views and triggers, no new foreign key
 *   violation); a check that cannot even run records nothing, so it fails closed;
 * - just before COMMIT, an insert into a TEMP gate table fires a trigger that runs
 *   `RAISE(ROLLBACK, ...)` when a guard recorded a violation or an expected flag is missing:
 *   the whole transaction is undone, and the COMMIT that follows fails harmlessly.
 *
 * The temp objects are created right after BEGIN (they disappear with a rollback) and dropped
 * after the gate on success.
 * @module
 */
import { ident, literal, messageLiteral } from "./quote.ts";

/** A guard: rows that would not fit, found before anything is changed. */
export interface Guard {
  /** 1-based, unique in the file. */
  id: number;
  /** The plan step it belongs to. */
  step: number;
  /** `smartspec guard: notes.title: ...` (fixed text; written as a literal). */
  message: string;
  /** A query with one column `k` (the key of a violating row, as text), one row per violation. */
  violations: string;
}

/** Something the final check expects to be there (or to be gone) after the migration. */
export interface Expectation {
  kind: "table" | "index" | "view" | "trigger" | "column" | "flag" | "guard";
  /** Table of a column. */
  table?: string;
  name: string;
  present: boolean;
  /** The statement text SQLite must hold for it (what this file created, nothing else). */
  sql?: string;
}

/** Names of the temp objects. */
export const TEMP = {
  guard: "_smartspec_guard",
  raise: "_smartspec_raise",
  flag: "_smartspec_flag",
  count: "_smartspec_count",
  seq: "_smartspec_seq",
  expect: "_smartspec_expect",
  fk: "_smartspec_fk",
  gate: "_smartspec_gate",
  cols: "_smartspec_cols",
  raiseTrigger: "_smartspec_guard_raise",
  gateTrigger: "_smartspec_gate_check",
} as const;

/** The temp tables (the triggers go with them). */
const TEMP_TABLES = [
  TEMP.guard,
  TEMP.raise,
  TEMP.flag,
  TEMP.count,
  TEMP.seq,
  TEMP.expect,
  TEMP.fk,
  TEMP.gate,
  TEMP.cols,
];

const T = (name: string) => `temp.${ident(name)}`;

/**
 * The statements of one guard: record (always one row: how many rows do not fit, and the first
 * keys), show (the shell prints it), raise. A guard whose query cannot run records nothing,
 * which the final check treats as a failure.
 */
export function guardStatements(g: Guard): string[] {
  return [
    `WITH v(k) AS (${g.violations})\nINSERT INTO ${
      T(TEMP.guard)
    } (id, n, detail) SELECT ${g.id}, ` +
    `(SELECT count(*) FROM v), ${literal(g.message)} || ': ' || (SELECT count(*) FROM v) || ` +
    `' row(s); first: ' || (SELECT group_concat(k, ', ') FROM (SELECT k FROM v LIMIT 10))`,
    `SELECT detail FROM ${T(TEMP.guard)} WHERE id = ${g.id} AND n > 0`,
    `INSERT INTO ${T(TEMP.raise)} (id) SELECT id FROM ${
      T(TEMP.guard)
    } WHERE id = ${g.id} AND n > 0`,
  ];
}

/** A flag recorded when `condition` holds (evaluated in that statement). */
export function flagStatement(name: string, condition: string): string {
  return `INSERT OR REPLACE INTO ${T(TEMP.flag)} (name) SELECT ${literal(name)} WHERE ${condition}`;
}

/** Records the row count of a table before it is rebuilt. */
export function countBefore(table: string): string {
  return `INSERT OR REPLACE INTO ${T(TEMP.count)} (tbl, n) SELECT ${literal(table)}, count(*) ` +
    `FROM ${ident(table)}`;
}

/** The flag name of a rebuilt table's row count. */
export function countFlag(table: string): string {
  return `count:${table}`;
}

/** Records the count flag when the rebuilt table holds as many rows as before. */
export function countAfter(table: string): string {
  return flagStatement(
    countFlag(table),
    `(SELECT count(*) FROM ${ident(table)}) = ` +
      `(SELECT n FROM ${T(TEMP.count)} WHERE tbl = ${literal(table)})`,
  );
}

/** Saves the AUTOINCREMENT counter of a table before it is dropped. */
export function saveSequence(table: string): string {
  return `INSERT OR REPLACE INTO ${T(TEMP.seq)} (tbl, seq) SELECT ${literal(table)}, seq ` +
    `FROM main.sqlite_sequence WHERE name = ${literal(table)}`;
}

/** Puts the saved AUTOINCREMENT counter back (never lowering the new one). */
export function restoreSequence(table: string): string[] {
  const saved = `(SELECT seq FROM ${T(TEMP.seq)} WHERE tbl = ${literal(table)})`;
  return [
    `UPDATE main.sqlite_sequence SET seq = ${saved} WHERE name = ${literal(table)} ` +
    `AND seq < ${saved}`,
    `INSERT INTO main.sqlite_sequence (name, seq) SELECT tbl, seq FROM ${T(TEMP.seq)} ` +
    `WHERE tbl = ${literal(table)} AND NOT EXISTS ` +
    `(SELECT 1 FROM main.sqlite_sequence WHERE name = ${literal(table)})`,
  ];
}

const ROLLED_BACK = "rolled back, nothing changed";

/** Options of {@link setupStatements}. */
export interface SetupOptions {
  guards: Guard[];
  expectations: Expectation[];
  /** Table renames of this direction (`old -> new`), to match old foreign key violations. */
  tableRenames: Map<string, string>;
}

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** The statements right after BEGIN: temp tables, triggers, expectations, old FK violations. */
export function setupStatements(o: SetupOptions): string[] {
  const out: string[] = [];
  for (const name of TEMP_TABLES) out.push(`DROP TABLE IF EXISTS ${T(name)}`);
  out.push(
    `CREATE TEMP TABLE ${ident(TEMP.guard)} (id INTEGER PRIMARY KEY, n INTEGER, detail TEXT)`,
    `CREATE TEMP TABLE ${ident(TEMP.raise)} (id INTEGER)`,
    `CREATE TEMP TABLE ${ident(TEMP.flag)} (name TEXT PRIMARY KEY)`,
    `CREATE TEMP TABLE ${ident(TEMP.count)} (tbl TEXT PRIMARY KEY, n INTEGER)`,
    `CREATE TEMP TABLE ${ident(TEMP.seq)} (tbl TEXT PRIMARY KEY, seq INTEGER)`,
    `CREATE TEMP TABLE ${ident(TEMP.expect)} (kind TEXT, tbl TEXT, name TEXT, present INTEGER, ` +
      `sql TEXT)`,
    `CREATE TEMP TABLE ${ident(TEMP.fk)} (tbl TEXT, rid INTEGER, parent TEXT)`,
    `CREATE TEMP TABLE ${ident(TEMP.gate)} (k INTEGER)`,
  );
  if (o.guards.length) {
    const branches = o.guards.map((g) =>
      `WHEN ${g.id} THEN RAISE(ABORT, ${messageLiteral(g.message)})`
    );
    out.push(
      `CREATE TEMP TRIGGER ${ident(TEMP.raiseTrigger)} BEFORE INSERT ON ${ident(TEMP.raise)}\n` +
        `BEGIN\n  SELECT CASE NEW.id\n    ${branches.join("\n    ")}\n  END;\nEND`,
    );
  }
  const flagMissing = (like: string) =>
    `EXISTS (SELECT 1 FROM ${T(TEMP.expect)} e WHERE e.kind = 'flag' AND e.name LIKE ${
      literal(like)
    } AND NOT EXISTS (SELECT 1 FROM ${T(TEMP.flag)} f WHERE f.name = e.name))`;
  const raise = (msg: string, cond: string) =>
    `  SELECT RAISE(ROLLBACK, ${
      messageLiteral(`smartspec: ${ROLLED_BACK}: ${msg}`)
    }) WHERE ${cond};`;
  out.push(
    `CREATE TEMP TRIGGER ${ident(TEMP.gateTrigger)} BEFORE INSERT ON ${ident(TEMP.gate)}\nBEGIN\n` +
      [
        raise(
          "a guard found rows that do not fit (see the guard message)",
          `EXISTS (SELECT 1 FROM ${T(TEMP.guard)} WHERE n > 0)`,
        ),
        raise(
          "a guard could not run (see the errors above)",
          `EXISTS (SELECT 1 FROM ${T(TEMP.expect)} e WHERE e.kind = 'guard' AND NOT EXISTS ` +
            `(SELECT 1 FROM ${T(TEMP.guard)} g WHERE g.id = CAST(e.name AS INTEGER)))`,
        ),
        raise(
          "a rebuilt table does not hold the rows it held before (a statement failed: see the errors above)",
          flagMissing("count:%"),
        ),
        raise(
          "the schema is not the expected one after the migration (a statement failed: see the errors above)",
          flagMissing("schema"),
        ),
        raise(
          "foreign_key_check found rows without their parent (listed above)",
          flagMissing("fk"),
        ),
        raise("a check did not hold (see the errors above)", flagMissing("%")),
      ].join("\n") + "\nEND",
  );
  const expectations: Expectation[] = [
    ...o.expectations,
    ...o.guards.map((g): Expectation => ({ kind: "guard", name: String(g.id), present: true })),
    { kind: "flag", name: "schema", present: true },
    { kind: "flag", name: "fk", present: true },
  ];
  for (const part of chunks(expectations, 200)) {
    out.push(
      `INSERT INTO ${T(TEMP.expect)} (kind, tbl, name, present, sql) VALUES\n  ` +
        part.map((e) =>
          `(${literal(e.kind)}, ${e.table === undefined ? "NULL" : literal(e.table)}, ${
            literal(e.name)
          }, ${e.present ? 1 : 0}, ${e.sql === undefined ? "NULL" : literal(e.sql.trim())})`
        ).join(",\n  "),
    );
  }
  let tbl = `"table"`;
  if (o.tableRenames.size) {
    tbl = `CASE "table" ${
      [...o.tableRenames].map(([a, b]) => `WHEN ${literal(a)} THEN ${literal(b)}`).join(" ")
    } ELSE "table" END`;
  }
  out.push(
    `INSERT INTO ${T(TEMP.fk)} (tbl, rid, parent) SELECT ${tbl}, rowid, parent ` +
      `FROM pragma_foreign_key_check`,
  );
  return out;
}

/** An expected object that is missing, left over, or not the statement this file wrote. */
const OBJECT_MISMATCH = `e.kind IN ('table', 'index', 'view', 'trigger') AND e.present <> ` +
  `EXISTS (SELECT 1 FROM main.sqlite_schema s WHERE s.type = e.kind AND s.name = e.name COLLATE ` +
  `NOCASE AND (e.sql IS NULL OR trim(s.sql) = e.sql))`;

/** New foreign key violations (not there before the migration). */
const NEW_FK_VIOLATIONS = `SELECT f."table" AS tbl, f.rowid AS rid, f.parent AS parent ` +
  `FROM pragma_foreign_key_check f WHERE NOT EXISTS (SELECT 1 FROM ${T(TEMP.fk)} b ` +
  `WHERE b.tbl = f."table" COLLATE NOCASE AND b.rid IS f.rowid AND b.parent = f.parent COLLATE NOCASE)`;

/** The checks before COMMIT, the gate, and the clean-up of the temp objects. */
export function finalStatements(): string[] {
  const e = T(TEMP.expect);
  const objectsOk = `NOT EXISTS (SELECT 1 FROM ${e} e WHERE ${OBJECT_MISMATCH})`;
  // The columns of the tables the check names, read once (a pragma per expected column is
  // seconds with thousands of them); if this fails, the column check fails: nothing commits.
  const c = T(TEMP.cols);
  const columnMismatch = `e.kind = 'column' AND e.present <> EXISTS (SELECT 1 FROM ${c} c ` +
    `WHERE c.tbl = e.tbl COLLATE NOCASE AND c.name = e.name COLLATE NOCASE)`;
  const columnsOk = `NOT EXISTS (SELECT 1 FROM ${e} e WHERE ${columnMismatch})`;
  const out = [
    `CREATE TEMP TABLE ${ident(TEMP.cols)} AS SELECT m.name AS tbl, p.name AS name ` +
    `FROM main.sqlite_schema m, pragma_table_xinfo(m.name, 'main') p WHERE m.type = 'table' ` +
    `AND m.name COLLATE NOCASE IN (SELECT tbl FROM ${e} WHERE kind = 'column')`,
    `CREATE INDEX temp.${ident(`${TEMP.cols}_key`)} ON ${ident(TEMP.cols)} ` +
    `(tbl COLLATE NOCASE, name COLLATE NOCASE)`,
    `SELECT 'smartspec: missing or left over: ' || e.kind || ' ' || coalesce(e.tbl || '.', '') || ` +
    `e.name FROM ${e} e WHERE (${OBJECT_MISMATCH}) OR (${columnMismatch})`,
    flagStatement("schema", `${objectsOk} AND ${columnsOk}`),
    `SELECT 'smartspec: foreign key violation: ' || tbl || ' rowid ' || coalesce(rid, '?') || ` +
    `' has no parent in ' || parent FROM (${NEW_FK_VIOLATIONS}) LIMIT 20`,
    flagStatement("fk", `NOT EXISTS (${NEW_FK_VIOLATIONS})`),
    `INSERT INTO ${T(TEMP.gate)} (k) VALUES (1)`,
    `DROP TRIGGER IF EXISTS ${T(TEMP.gateTrigger)}`,
    `DROP TRIGGER IF EXISTS ${T(TEMP.raiseTrigger)}`,
  ];
  for (const name of TEMP_TABLES) out.push(`DROP TABLE IF EXISTS ${T(name)}`);
  return out;
}
