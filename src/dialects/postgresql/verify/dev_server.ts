/**
 * Verification on the user's own PostgreSQL server (`--dev-url postgres://user:pass@127.0.0.1/`)
 * instead of the embedded PGlite: the same {@link EmbeddedDb} interface over the `pg` client.
 * Only loopback hosts and local sockets are allowed (see mysql/dev_url.ts, shared by both
 * families). A scratch database `smartspec_verify_<random>` is created there (connected through
 * the database the URL names, `postgres` by default), verification runs in it, and closing the
 * engine drops it. Values come back in PostgreSQL's text form, as from PGlite.
 * @module
 */
import pg from "pg";
import type { EmbeddedDb } from "./engine.ts";
import type { TextRow } from "./sql_client.ts";
import { resetSql } from "./reset.ts";
import { type DevUrl, parseDevUrl } from "../../mysql/dev_url.ts";
import { InputError } from "../../../errors.ts";

// `pg` ships no types: the small part used here (and by the tests' server helper), typed.
export interface PgField {
  name: string;
}
export interface PgResult {
  rows: unknown[][];
  fields: PgField[];
}
export interface PgClient {
  connect(): Promise<void>;
  query(config: { text: string; rowMode?: "array" }): Promise<PgResult | PgResult[]>;
  end(): Promise<void>;
  on(event: "error" | "notice", listener: (e: unknown) => void): void;
}
export interface PgClientConfig {
  host?: string;
  port?: number;
  user: string;
  password?: string;
  database: string;
  connectionTimeoutMillis?: number;
  types?: { getTypeParser: () => (value: string) => string };
}
export const PgClientCtor = (pg as unknown as { Client: new (config: PgClientConfig) => PgClient })
  .Client;

/** Every type comes back as its text output form. */
export const TEXT_TYPES = { getTypeParser: () => (value: string) => value };

/** The same session settings the embedded engine starts with (text forms of dates and floats). */
const SESSION = `SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; ` +
  `SET IntervalStyle = 'postgres'; SET extra_float_digits = 1; ` +
  `SET client_min_messages = 'warning';`;

/** As engine.ts, with a `public` of the connecting user's (pg_database_owner is PostgreSQL 14+). */
const RESET_SQL = resetSql("CREATE SCHEMA public;");

function config(url: DevUrl, database: string): PgClientConfig {
  return {
    // a socket is a directory for libpq and `pg`: `?socket=/var/run/postgresql`
    host: url.socket ?? url.host,
    port: url.port,
    user: url.user === "root" && !url.password ? "postgres" : url.user,
    password: url.password,
    database,
    connectionTimeoutMillis: 10_000,
    types: TEXT_TYPES,
  };
}

async function connect(c: PgClientConfig): Promise<PgClient> {
  const client = new PgClientCtor(c);
  client.on("error", () => {}); // a dropped connection fails the next query instead
  client.on("notice", () => {});
  await client.connect();
  return client;
}

function rowsOf(r: PgResult | PgResult[]): TextRow[] {
  const last = Array.isArray(r) ? r[r.length - 1] : r;
  return (last?.rows ?? []).map((row) =>
    row.map((v) => (v === null || v === undefined ? null : String(v)))
  );
}

/** The database a `postgres://` URL names (its path), `postgres` when none. */
function databaseOf(text: string): string {
  const path = decodeURIComponent(new URL(text).pathname.replace(/^\//, ""));
  return path || "postgres";
}

/**
 * Connects to the server of a `postgres://` dev URL, creates a scratch database and returns an
 * engine on it; `close()` drops the database. Throws an {@link InputError} for a URL that is not
 * PostgreSQL's or not local, and the driver's error when the server cannot be reached.
 */
export async function startDevServer(text: string): Promise<EmbeddedDb> {
  const url = parseDevUrl(text);
  if (url.engine !== "postgresql") {
    throw new InputError(`--dev-url ${url.display} is not a PostgreSQL server (postgres://...)`);
  }
  const t0 = performance.now();
  const admin = await connect(config(url, databaseOf(text)));
  const scratch = `smartspec_verify_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  let db: PgClient | undefined;
  try {
    const [[version]] = rowsOf(
      await admin.query({ text: "SHOW server_version", rowMode: "array" }),
    );
    await admin.query({ text: `CREATE DATABASE ${scratch}` });
    db = await connect(config(url, scratch));
    await db.query({ text: SESSION });
    const client = db;
    let closed = false;
    const exec = async (sql: string) => {
      try {
        await client.query({ text: sql });
      } catch (e) {
        await client.query({ text: "ROLLBACK" }).catch(() => {});
        throw e;
      }
    };
    return {
      name: `postgresql ${String(version).split(" ")[0]} (${url.display})`,
      startedFrom: "server",
      startMs: performance.now() - t0,
      exec,
      async query(sql: string) {
        try {
          return rowsOf(await client.query({ text: sql, rowMode: "array" }));
        } catch (e) {
          await client.query({ text: "ROLLBACK" }).catch(() => {});
          throw e;
        }
      },
      reset: () => exec(RESET_SQL),
      async close() {
        if (closed) return;
        closed = true;
        await client.end().catch(() => {});
        try {
          await admin.query({ text: `DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)` });
        } finally {
          await admin.end().catch(() => {});
        }
      },
    };
  } catch (e) {
    await db?.end().catch(() => {});
    await admin.query({ text: `DROP DATABASE IF EXISTS ${scratch}` }).catch(() => {});
    await admin.end().catch(() => {});
    throw e;
  }
}
