/**
 * Online ALTERs for MySQL/MariaDB (`--online`): for each fused `ALTER TABLE` of a table, what the
 * server does with it (algorithm.ts) decides how it is written:
 * - every clause instant: `ALGORITHM=INSTANT` (metadata only; the server refuses rather than copy);
 * - every clause at most in place, without a lock on writes: `ALGORITHM=INPLACE, LOCK=NONE`;
 * - otherwise the table would be copied (or an index built) while writes wait: the ALTER is not
 *   run by the file but by `pt-online-schema-change` (Percona Toolkit), which copies the table in
 *   chunks while triggers carry the writes over, then swaps it in. The file holds the command as a
 *   marked block the operator runs from a shell, and a check that stops the file there until the
 *   change is in place ({@link ptOscBlock});
 * - when pt-online-schema-change cannot do it safely (no primary or unique NOT NULL key, foreign
 *   keys, triggers, a primary key change, a name a DSN cannot hold), the ALTER stays as it is and
 *   the reason is said: it blocks writes while it runs.
 * @module
 */
import type { Column, Constraint, Schema, Table } from "../../model/schema.ts";
import { rowKey } from "../../model/schema.ts";
import { type Algorithm, alterAlgorithm, type AlterOp, fusedAlgorithm } from "./algorithm.ts";
import type { MysqlFlavor } from "./expr.ts";
import { colExt, tableExt } from "./ddl_model.ts";
import { type Guard, preflightStatements } from "./preflight.ts";
import { display, literal, qualified } from "./quoting.ts";
import { MYSQL_DEFAULT_SCHEMA } from "./names.ts";

/** One clause of a fused ALTER TABLE and what the server does for it. */
export interface Clause {
  sql: string;
  /** What the clause changes; `rename_table` for `RENAME TO`. */
  op: AlterOp | { op: "rename_table" } | { op: "primary_key" } | { op: "table_options" };
  /** The clause for pt-online-schema-change when it differs (a rename as CHANGE COLUMN). */
  pt?: string;
  /** A condition (SQL) that holds once the clause is applied, for the check after pt-osc. */
  done?: string;
  /** Adds a unique key: run after pt-osc, in place (its triggers would drop duplicates). */
  unique?: boolean;
  /** Renames a column (pt-osc copies it under the new name; its --check-alter asks to confirm). */
  renames?: boolean;
  /**
   * Adds or drops a VIRTUAL generated column: in place only in an ALTER of its own (MariaDB and
   * MySQL refuse to combine it with other actions).
   */
  virtual?: "add" | "drop";
}

/** A VIRTUAL generated column (not STORED). */
export function isVirtual(c: Column | undefined): boolean {
  return !!c?.generated && colExt(c).storage !== "stored";
}

/** How the server runs a fused ALTER online. */
export type OnlineHow = "instant" | "inplace" | "locking";

/** The cheapest way the server runs a clause without blocking writes; `locking` when it cannot. */
export function clauseHow(c: Clause, flavor: MysqlFlavor, charset: string): OnlineHow {
  if (c.op.op === "rename_table") return "instant";
  if (c.op.op === "primary_key") return "locking";
  // a new engine, default charset (its columns converted) or row format copies the table
  if (c.op.op === "table_options") return "locking";
  const op = c.op;
  // FULLTEXT and SPATIAL indexes are built in place but with writes blocked (LOCK=SHARED)
  if (op.op === "add_index" && (op.method === "fulltext" || op.method === "spatial")) {
    return "locking";
  }
  const a: Algorithm = alterAlgorithm(op, flavor, charset);
  return a === "copy" ? "locking" : a;
}

/** The way of a fused ALTER: the most expensive of its clauses. */
export function fusedHow(clauses: Clause[], flavor: MysqlFlavor, charset: string): OnlineHow {
  const hows = clauses.map((c) => clauseHow(c, flavor, charset));
  if (hows.includes("locking")) return "locking";
  return fusedAlgorithm(hows as Algorithm[]) as OnlineHow;
}

/** Quotes a word for a POSIX shell: `it's` -> `'it'\''s'`. */
export function shellWord(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/**
 * The DSN of a table for Percona Toolkit (`D=<db>,t=<table>` as one shell word). The database of
 * the file (the current one) is the shell variable `DB`; the connection (h, P, u, p, S) comes from
 * the operator's option file or is prepended (`h=...,P=...,u=...,`) with `dsnPrefix`.
 */
export function ptDsn(t: { schema: string; name: string }, dsnPrefix = ""): string {
  const db = t.schema === MYSQL_DEFAULT_SCHEMA
    ? `"\${DB:?set DB to the database}"`
    : shellWord(t.schema);
  return `${dsnPrefix ? shellWord(`${dsnPrefix},`) : ""}D=${db},t=${shellWord(t.name)}`;
}

/** Why pt-online-schema-change cannot run an ALTER of this table (undefined: it can). */
export function ptOscBlocker(
  table: Table,
  clauses: Clause[],
  schemas: Schema[],
): string | undefined {
  if (!rowKey(table)) return "the table has no primary key or unique NOT NULL key to copy by";
  if ([table.schema, table.name].some((n) => /[,'"\\`%]/.test(n))) {
    return "its name holds a character that pt-online-schema-change does not quote (,'\"\\`%)";
  }
  if (clauses.some((c) => c.op.op === "primary_key")) {
    return "it changes the primary key that pt-online-schema-change copies by";
  }
  const low = (s: string) => s.toLowerCase();
  const same = (a: { schema: string; name: string }) =>
    low(a.schema) === low(table.schema) && low(a.name) === low(table.name);
  const fks = (t: Table) => t.constraints.filter((c: Constraint) => c.kind === "foreign");
  for (const s of schemas) {
    for (const t of s.tables.values()) {
      if (same(t) && fks(t).length) {
        return "it has foreign keys, which pt-online-schema-change would rename";
      }
      if (fks(t).some((c) => c.ref && same(c.ref.table))) {
        return `foreign keys of ${display(t)} refer to it`;
      }
    }
    for (const tr of s.triggers.values()) {
      if (same(tr.table)) return "it has triggers (pt-online-schema-change adds its own)";
    }
  }
  return undefined;
}

/** Options of {@link ptOscCommand}. */
export interface PtOscOptions {
  /** Prepended to the DSN (`h=127.0.0.1,P=3306,u=root`); tests use it. */
  dsnPrefix?: string;
  /** Extra options (tests: `--recursion-method=none`). */
  extra?: string[];
}

/**
 * The `pt-online-schema-change` command that runs `clauses` on `table` (one shell line). With
 * `renames` (a clause renames a column, as `CHANGE COLUMN old new ...`, which pt-osc maps when it
 * copies) its `--check-alter` confirmation is turned off: the round trip tests prove the rename.
 */
export function ptOscCommand(
  table: { schema: string; name: string },
  clauses: string[],
  opts: PtOscOptions & { renames?: boolean } = {},
): string {
  const alter = clauses.join(", ").replace(/\s*\n\s*/g, " ");
  return [
    "pt-online-schema-change",
    `--alter ${shellWord(alter)}`,
    // chunks of 0.2 s: a writer waits at most one chunk's share locks (0.5 s chunks kept the
    // bench's writer waiting 1.3 s, 0.2 s ones 0.5 s, at the same rows/s)
    "--chunk-time 0.2",
    ...(opts.renames ? ["--no-check-alter"] : []),
    ...(opts.extra ?? []),
    "--execute",
    ptDsn(table, opts.dsnPrefix),
  ].join(" ");
}

/** The SQL condition that a column of `t` has the shape of `c` (name, type, NULL). */
export function columnShape(t: { schema: string; name: string }, c: Column): string {
  const conds = [`COLUMN_NAME = ${literal(c.name)}`];
  conds.push(`IS_NULLABLE = '${c.notNull ? "NO" : "YES"}'`);
  const name = c.type.name;
  if (
    /^(tiny|small|medium|big)?int$|^(var)?(char|binary)$|^decimal$|^(date|datetime)$/.test(name)
  ) {
    conds.push(`DATA_TYPE = ${literal(name)}`);
  }
  if (/^(var)?(char|binary)$/.test(name) && c.type.mods[0] !== undefined) {
    conds.push(`CHARACTER_MAXIMUM_LENGTH = ${c.type.mods[0]}`);
  }
  if (name === "decimal") {
    conds.push(`NUMERIC_PRECISION = ${c.type.mods[0] ?? 10}`);
    conds.push(`NUMERIC_SCALE = ${c.type.mods[1] ?? 0}`);
  }
  if (colExt(c).unsigned) conds.push(`COLUMN_TYPE LIKE '%unsigned%'`);
  else if (/int$|^decimal$/.test(name)) conds.push(`COLUMN_TYPE NOT LIKE '%unsigned%'`);
  return `EXISTS (SELECT 1 FROM information_schema.COLUMNS WHERE ${schemaOf(t)} AND ${
    conds.join(" AND ")
  })`;
}

/** The condition that a table has no column of this name. */
export function columnGone(t: { schema: string; name: string }, name: string): string {
  return `NOT EXISTS (SELECT 1 FROM information_schema.COLUMNS WHERE ${schemaOf(t)} AND ` +
    `COLUMN_NAME = ${literal(name)})`;
}

/** The condition that an index of this name exists (or not). */
export function indexThere(t: { schema: string; name: string }, name: string, there = true) {
  return `${there ? "" : "NOT "}EXISTS (SELECT 1 FROM information_schema.STATISTICS WHERE ${
    schemaOf(t)
  } AND INDEX_NAME = ${literal(name)})`;
}

function schemaOf(t: { schema: string; name: string }): string {
  const db = t.schema === MYSQL_DEFAULT_SCHEMA ? "DATABASE()" : literal(t.schema);
  return `TABLE_SCHEMA = ${db} AND TABLE_NAME = ${literal(t.name)}`;
}

/** A pt-online-schema-change step of a file: the command and what is run around it. */
export interface PtOscStep {
  /** Its number in the file (1, 2, ...): the resume marker names it. */
  n: number;
  table: string;
  command: string;
  /** The same change as one locking ALTER (for a small table, and for verification). */
  equivalent: string;
}

/** The marker line after a pt-osc block: the file resumes here once the command has run. */
export function resumeMarker(n: number): string {
  return `-- >>> resume here after pt-online-schema-change #${n} <<<`;
}

/** The marker line that starts a pt-osc block. */
export function blockMarker(n: number): string {
  return `-- >>> pt-online-schema-change #${n}: run from a shell, not by this file <<<`;
}

/** Prefix of the comment line holding the equivalent locking ALTER. */
export const EQUIVALENT_PREFIX = "-- equivalent locking ALTER: ";

/**
 * The statements of a pt-osc block: a check (a guard, as the preflight's) that stops the file
 * until the change is in place. The comment lines (markers, command) come with the first one.
 */
export function ptOscBlock(step: PtOscStep, done: string[]): { sql: string; note?: string }[] {
  const guard: Guard = {
    kind: "rows",
    exists: `SELECT 1 FROM DUAL WHERE NOT (${done.join("\n  AND ")})`,
    message: `run pt-online-schema-change #${step.n} first (see the comment)`,
  };
  const stmts = preflightStatements([guard]);
  const note = [
    blockMarker(step.n).replace(/^-- /, ""),
    `The ALTER of ${step.table} copies the table and would block writes while it runs. Run it`,
    `with Percona Toolkit instead (chunked copy, triggers carry writes over, then a swap),`,
    `from a shell, with DB set to this database and the connection in ~/.my.cnf or the DSN:`,
    ``,
    `  ${step.command}`,
    ``,
    `Then run this file again from the line "${resumeMarker(step.n).replace(/^-- /, "")}"`,
    `(keep the SET lines at the top). The check below stops the file until the change is in`,
    `place. For a small table, the same change as one ALTER that blocks writes while it runs:`,
    EQUIVALENT_PREFIX.replace(/^-- /, "") + step.equivalent.replace(/\s*\n\s*/g, " "),
  ].join("\n");
  return [
    { ...stmts[0], note },
    ...stmts.slice(1),
    { sql: "DO 0", note: resumeMarker(step.n).replace(/^-- /, "") },
  ];
}

/** The table's default charset, for VARCHAR byte lengths. */
export function tableCharset(t: Table): string {
  return tableExt(t).charset ?? "utf8mb4";
}

/** A clause's SQL for pt-osc. */
export function ptClause(c: Clause): string {
  return c.pt ?? c.sql;
}

/** `ALTER TABLE t clauses` as the file writes it, with an online suffix. */
export function alterSql(t: Table, clauses: string[], suffix?: string): string {
  return `ALTER TABLE ${qualified(t)}\n  ${
    [...clauses, ...(suffix ? [suffix] : [])].join(",\n  ")
  }`;
}
