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
  /**
   * Runs independent read-only statements in one round trip and returns the rows of each, in
   * order; optional (see {@link queryEach}).
   */
  queryMany?(sqls: string[]): Promise<TextRow[][]>;
}

/** The rows of each statement: in one round trip when the client can, else one by one. */
export async function queryEach(db: SqlClient, sqls: string[]): Promise<TextRow[][]> {
  if (db.queryMany && sqls.length > 1) return await db.queryMany(sqls);
  const out: TextRow[][] = [];
  for (const sql of sqls) out.push(await db.query(sql));
  return out;
}

/**
 * Runs `body`, whose statements do not depend on the answers to earlier ones, with its queries
 * answered from one round trip: a first pass against a recorder (every query answers no rows)
 * learns the statements, they run together, and a second pass gets their answers. A statement
 * the second pass asks that the first did not runs on its own, so the result is the same as
 * running `body` on `db`.
 */
export async function withPrefetch<T>(
  db: SqlClient,
  body: (db: SqlClient) => Promise<T>,
): Promise<T> {
  if (!db.queryMany) return await body(db);
  const asked: string[] = [];
  try {
    await body({
      exec: () => Promise.resolve(),
      query: (sql) => {
        asked.push(sql);
        return Promise.resolve([]);
      },
    });
  } catch {
    // an answer without rows can upset the body; the statements asked so far still count
  }
  const answers = await queryEach(db, asked);
  let next = 0;
  return await body({
    exec: (sql) => db.exec(sql),
    query: (sql) => {
      if (next < asked.length && asked[next] === sql) return Promise.resolve(answers[next++]);
      return db.query(sql);
    },
  });
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
