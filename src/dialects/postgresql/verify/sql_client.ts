/**
 * The small database interface verification needs: run a script, run a query whose values come
 * back as text. The embedded engine implements it, and so do the tests' databases.
 * @module
 */

/** One row of a query result: every value in PostgreSQL's text output form, or null. */
export type TextRow = (string | null)[];

/** A database session. */
export interface SqlClient {
  /** Runs a script (one or more statements); throws with PostgreSQL's message on error. */
  exec(sql: string): Promise<void>;
  /** Runs one statement and returns its rows, every value as text (null for SQL NULL). */
  query(sql: string): Promise<TextRow[]>;
}

/** What PostgreSQL said about an error, as far as the driver passes it on. */
export interface DbErrorInfo {
  message: string;
  code?: string;
  detail?: string;
  hint?: string;
  where?: string;
}

/** The PostgreSQL fields of a driver error (PGlite and node-postgres use the same names). */
export function dbErrorInfo(e: unknown): DbErrorInfo {
  const f = (e ?? {}) as Partial<Record<keyof DbErrorInfo, unknown>>;
  const s = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  return {
    message: s(f.message) ?? String(e),
    code: s(f.code),
    detail: s(f.detail),
    hint: s(f.hint),
    where: s(f.where),
  };
}

/** One line: message (SQLSTATE), then detail and hint when there are any. */
export function describeDbError(e: unknown): string {
  const i = dbErrorInfo(e);
  let s = i.message + (i.code ? ` (SQLSTATE ${i.code})` : "");
  if (i.detail) s += `; ${i.detail}`;
  if (i.hint) s += `; hint: ${i.hint}`;
  return s;
}
