/**
 * The embedded PostgreSQL verification runs on: one in-process PGlite, started from the
 * prepared data-directory snapshot (`assets/pglite_datadir.b64`, built by
 * `scripts/build_pglite_snapshot.ts`) instead of running initdb, with small buffers so that
 * memory stays bounded. Between phases the user schemas are dropped rather than starting a new
 * instance. No network, no processes, no files written.
 * @module
 */
import { PGlite } from "@electric-sql/pglite";
import snapshotText from "./assets/pglite_datadir.b64" with { type: "text" };
import { decodeSnapshot } from "./snapshot.ts";
import type { SqlClient, TextRow } from "./sql_client.ts";
import type { Catalog, DataSnapshot } from "./catalog.ts";
import { RECREATE_PUBLIC_SQL } from "./roles.ts";
import { resetSql } from "./reset.ts";

/** Settings added to PGlite's start parameters: small buffers, no durability work. */
const START_SETTINGS: Record<string, string> = {
  shared_buffers: "16MB",
  wal_buffers: "1MB",
  temp_buffers: "4MB",
  full_page_writes: "off",
  synchronous_commit: "off",
  autovacuum: "off",
  TimeZone: "UTC",
  DateStyle: "ISO, MDY",
  IntervalStyle: "postgres",
  extra_float_digits: "1",
  client_min_messages: "warning",
};

/** A running embedded PostgreSQL. */
export interface EmbeddedDb extends SqlClient {
  /** `pglite 0.5.16 (postgresql 18.6)`. */
  readonly name: string;
  /**
   * How it started: from the snapshot, or with initdb when the snapshot did not load; `server`:
   * a scratch database on the user's server (`--dev-url`, see dev_server.ts).
   */
  readonly startedFrom: "snapshot" | "initdb" | "server";
  /** Milliseconds the start took. */
  readonly startMs: number;
  /**
   * Reads the catalog (`catalogSnapshot`) where the engine runs: one message for an engine
   * in a worker. Optional: without it, the reader queries the engine.
   */
  catalog?(): Promise<Catalog>;
  /** Reads every row (`tableRows`) where the engine runs; optional like `catalog`. */
  rows?(): Promise<DataSnapshot>;
  /** Drops every user schema (and session temp objects) and recreates an empty `public`. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The snapshot's tarball as PGlite's `loadDataDir`: decompressed while PGlite reads and compiles
 * its WebAssembly (it reads the data directory only once the module is up), instead of after.
 */
class PendingTar extends Blob {
  readonly #bytes: Promise<ArrayBuffer>;
  constructor(gzip: Uint8Array) {
    super([], { type: "application/x-tar" });
    this.#bytes = new Response(
      new Blob([gzip as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
        new DecompressionStream("gzip"),
      ),
    ).arrayBuffer();
    this.#bytes.catch(() => {}); // PGlite awaits it (and then fails to start)
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#bytes;
  }
}

function startParams(): string[] {
  const base = (PGlite as unknown as { defaultStartParams?: string[] }).defaultStartParams ?? [];
  return [...base, ...Object.entries(START_SETTINGS).flatMap(([k, v]) => ["-c", `${k}=${v}`])];
}

const identity = (value: string) => value;
const parserCache = new WeakMap<
  PGlite,
  { size: number; parsers: Record<string, typeof identity> }
>();

/** Every value as PostgreSQL's text output (PGlite would otherwise parse numbers, dates ...). */
function textParsers(db: PGlite): Record<string, (value: string) => string> {
  const oids = Object.keys(db.parsers);
  const hit = parserCache.get(db);
  if (hit && hit.size === oids.length) return hit.parsers;
  const parsers = Object.fromEntries(oids.map((oid) => [oid, identity]));
  parserCache.set(db, { size: oids.length, parsers });
  return parsers;
}

const RESET_SQL = resetSql(RECREATE_PUBLIC_SQL);

/**
 * Starts the embedded engine: from the snapshot when it decodes and loads, otherwise with
 * PGlite's own initdb (slower; the result says which).
 */
export async function startEmbedded(): Promise<EmbeddedDb> {
  const t0 = performance.now();
  const snap = decodeSnapshot(snapshotText);
  let db: PGlite | undefined;
  let startedFrom: EmbeddedDb["startedFrom"] = "snapshot";
  if (snap) {
    try {
      db = await PGlite.create({
        loadDataDir: new PendingTar(snap.tarball),
        startParams: startParams(),
      });
    } catch {
      db = undefined;
    }
  }
  if (!db) {
    startedFrom = "initdb";
    db = await PGlite.create({ startParams: startParams() });
  }
  const lite = db;
  const [[version]] = await query(lite, "SELECT version()");
  const v = String(version);
  const name = `pglite ${/PGlite ([\d.]+)/.exec(v)?.[1] ?? "?"} (postgresql ${
    /PostgreSQL ([\d.]+)/.exec(v)?.[1] ?? "?"
  })`;
  const startMs = performance.now() - t0;
  let closed = false;
  const exec = async (sql: string) => {
    try {
      await lite.exec(sql);
    } catch (e) {
      await lite.exec("ROLLBACK").catch(() => {});
      throw e;
    }
  };
  return {
    name,
    startedFrom,
    startMs,
    exec,
    async query(sql: string) {
      try {
        return await query(lite, sql);
      } catch (e) {
        await lite.exec("ROLLBACK").catch(() => {});
        throw e;
      }
    },
    async queryMany(sqls: string[]) {
      try {
        return await queryMany(lite, sqls);
      } catch (e) {
        await lite.exec("ROLLBACK").catch(() => {});
        throw e;
      }
    },
    reset: () => exec(RESET_SQL),
    async close() {
      if (closed) return;
      closed = true;
      await lite.close();
    },
  };
}

/**
 * Several statements in one simple-query message, the rows of each; one by one when the
 * message did not answer once per statement.
 */
async function queryMany(db: PGlite, sqls: string[]): Promise<TextRow[][]> {
  const results = await db.exec(sqls.join(";\n"), { rowMode: "array", parsers: textParsers(db) });
  if (results.length !== sqls.length) {
    const out: TextRow[][] = [];
    for (const sql of sqls) out.push(await query(db, sql));
    return out;
  }
  return results.map((r) => textRows(r.rows as unknown[][]));
}

function textRows(rows: unknown[][]): TextRow[] {
  return rows.map((row) => row.map((v) => (v === null || v === undefined ? null : String(v))));
}

/**
 * One statement through the simple query protocol (cheaper than PGlite's `query`, which
 * parses, describes and binds), rows as arrays of text.
 */
async function query(db: PGlite, sql: string): Promise<TextRow[]> {
  const results = await db.exec(sql, { rowMode: "array", parsers: textParsers(db) });
  return textRows((results[results.length - 1]?.rows ?? []) as unknown[][]);
}
