/**
 * A small promise wrapper over the `mysql2` client for verification on a user's server: one
 * connection, statements one at a time, every value as the server's text (or null).
 * @module
 */
import mysql from "mysql2";
import type { DevUrl } from "./dev_url.ts";

// mysql2's callback API is enough here: the small part used, typed (tests' helpers use it too).
export interface MyField {
  string(): string | null;
}
export interface MyError {
  message?: string;
  code?: string;
  errno?: number;
  sqlState?: string;
}
export type MyCallback = (err: MyError | null, rows?: unknown, fields?: unknown) => void;
export interface MyConnection {
  query(options: { sql: string; rowsAsArray?: boolean }, cb: MyCallback): void;
  end(cb: (err?: MyError | null) => void): void;
  destroy(): void;
  on(event: "error", listener: (e: unknown) => void): void;
}
const createConnection = (mysql as unknown as {
  createConnection(config: Record<string, unknown>): MyConnection;
}).createConnection;

/** An open connection. */
export interface Server {
  /** Runs one statement; rows as text (empty for statements without rows). */
  query(sql: string): Promise<(string | null)[][]>;
  close(): Promise<void>;
}

/** Connects to the server of a `--dev-url` (no database selected). */
export async function connectServer(url: DevUrl): Promise<Server> {
  const conn = createConnection({
    host: url.host,
    port: url.port ?? 3306,
    socketPath: url.socket,
    user: url.user,
    password: url.password,
    multipleStatements: false,
    connectTimeout: 15_000,
    charset: "utf8mb4",
    typeCast: (field: MyField) => field.string(),
  });
  conn.on("error", () => {});
  const query = (sql: string) =>
    new Promise<(string | null)[][]>((resolve, reject) => {
      conn.query({ sql, rowsAsArray: true }, (err, rows) => {
        if (err) {
          const e = new Error(
            `${err.message ?? err}${err.sqlState ? ` (SQLSTATE ${err.sqlState})` : ""}`,
          );
          reject(e);
        } else resolve(Array.isArray(rows) ? rows as (string | null)[][] : []);
      });
    });
  await query("SELECT 1");
  return {
    query,
    close: () =>
      new Promise((resolve) =>
        conn.end((err) => {
          if (err) conn.destroy();
          resolve();
        })
      ),
  };
}
