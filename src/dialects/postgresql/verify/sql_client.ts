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

const preparedNames = new WeakMap<SqlClient, Map<string, string>>();
let nextPrepared = 0;

/**
 * `db` with its queries run as prepared statements of its session: each is prepared on first
 * use and executed from then on, so that a query asked again is not planned again (the
 * catalog, read three times in a round trip, spends about a third of a read planning). For
 * statements whose meaning does not change with the data (queries on the system catalogs: a
 * plan is still checked against later DDL by PostgreSQL, and made again when the search_path
 * differs). A batch that fails leaves its names unused, so a retry prepares under new ones.
 */
export function preparingClient(db: SqlClient): SqlClient {
  let names = preparedNames.get(db);
  if (!names) preparedNames.set(db, names = new Map());
  const known = names;
  const run = async (sqls: string[]): Promise<TextRow[][]> => {
    const fresh = new Map<string, string>();
    for (const sql of sqls) {
      if (!known.has(sql) && !fresh.has(sql)) fresh.set(sql, `smartspec_q${++nextPrepared}`);
    }
    const prepare = [...fresh].map(([sql, name]) => `PREPARE ${name} AS ${sql}`);
    const execute = sqls.map((sql) => `EXECUTE ${known.get(sql) ?? fresh.get(sql)}`);
    const answers = await queryEach(db, [...prepare, ...execute]);
    for (const [sql, name] of fresh) known.set(sql, name);
    return answers.slice(prepare.length);
  };
  return {
    exec: (sql) => db.exec(sql),
    query: async (sql) => (await run([sql]))[0],
    queryMany: db.queryMany ? (sqls) => run(sqls) : undefined,
  };
}
