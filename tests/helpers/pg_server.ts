/**
 * A throw-away PostgreSQL for the tests.
 *
 * When PostgreSQL server binaries are found (`initdb` and `pg_ctl` on PATH, or the highest version
 * under `/usr/lib/postgresql/<version>/bin`), one server per test process (per test module, as
 * Deno runs each module in its own isolate) is created lazily: `initdb` into a fresh temporary
 * directory, started with `pg_ctl` on 127.0.0.1 only, on a free port, with trust authentication
 * and `fsync=off`. As root, the server commands run as the `postgres` OS user (initdb refuses
 * root). The server is stopped and its directory deleted when the process unloads, and servers
 * left behind by killed test processes are reaped on the next start.
 *
 * Without server binaries, or with `SMARTSPEC_TEST_PG=embedded`, the embedded PGlite (PostgreSQL
 * compiled to WebAssembly, in-process) is used instead. `SMARTSPEC_TEST_PG=server` insists on a
 * real server and fails when none can be found.
 *
 * Every test talks to either engine through {@link TestDb}, obtained from {@link freshDatabase}.
 * @module
 */
import { PGlite } from "@electric-sql/pglite";
import { join } from "node:path";
import {
  type PgClient,
  PgClientCtor,
  type PgResult,
  TEXT_TYPES,
} from "../../src/dialects/postgresql/verify/dev_server.ts";
import {
  freePort,
  isExecutable,
  onPath,
  run,
  runSync,
  type ScratchDir,
  scratchServerDir,
  shellQuote,
} from "./scratch_server.ts";

/** One row of a query result: every value in PostgreSQL's text output form, or null. */
export type TextRow = (string | null)[];

/** An empty database of the test engine. Values always come back as text (or null). */
export interface TestDb {
  /** The database name (server) or a label (PGlite). */
  readonly name: string;
  /**
   * On the real server, a URL that other clients (psql, migration tools) can connect with:
   * `postgres://postgres@127.0.0.1:<port>/<name>?sslmode=disable`. Undefined with PGlite.
   */
  readonly url?: string;
  /**
   * Runs a script, possibly of many statements, as ONE simple query: without explicit
   * transaction control the whole script is one transaction; a script with `BEGIN ... COMMIT`
   * that fails midway leaves nothing changed. After a failure the session is rolled back so the
   * database stays usable. Errors carry PostgreSQL's message, detail, hint and context.
   */
  exec(sql: string): Promise<void>;
  /** Runs one statement and returns its rows, every value as text (null for SQL NULL). */
  query(sql: string): Promise<TextRow[]>;
  /**
   * Runs a migration script the way a user would run it with the dialect's client: on the real
   * server through `psql -X -v ON_ERROR_STOP=1` (each statement on its own, stopping at the first
   * error), with PGlite (no psql there) through {@link TestDb.exec}. Throws with the client's
   * error output when the script fails.
   */
  applyScript(sql: string): Promise<void>;
  /** Closes the connection and drops the database. Safe to call twice. */
  close(): Promise<void>;
  /** Same as {@link TestDb.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Which engine runs the tests. */
export type EngineKind = "server" | "pglite";

// ---------------------------------------------------------------------------------------------
// Values as text (the `pg` client and its typing are src's: verify/dev_server.ts).

/**
 * PGlite parses values with its instance parsers (built-in types, plus array types it learns
 * about later) merged with the query's: override every one of them with the identity.
 */
function pgliteTextParsers(db: PGlite): Record<string, (value: string) => string> {
  const identity = (value: string) => value;
  return Object.fromEntries(Object.keys(db.parsers).map((oid) => [oid, identity]));
}

// ---------------------------------------------------------------------------------------------
// Errors

interface PgErrorFields {
  message?: string;
  detail?: string;
  hint?: string;
  where?: string;
  position?: string;
  code?: string;
}

/** Turns a driver error into an Error whose message holds everything PostgreSQL said. */
function describeDbError(e: unknown, sql: string): Error {
  const f = (e ?? {}) as PgErrorFields;
  const parts = [String(f.message ?? e)];
  if (f.code) parts[0] += ` (SQLSTATE ${f.code})`;
  if (f.detail) parts.push(`DETAIL: ${f.detail}`);
  if (f.hint) parts.push(`HINT: ${f.hint}`);
  if (f.where) parts.push(`CONTEXT: ${f.where}`);
  if (f.position) {
    const pos = Number(f.position);
    const line = sql.slice(0, pos).split("\n").length;
    parts.push(`at line ${line} of the script`);
  }
  return new Error(parts.join("\n"), { cause: e });
}

// ---------------------------------------------------------------------------------------------
// Finding and running the server binaries

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The directory of the PostgreSQL server binaries (`initdb`, `pg_ctl`), or undefined when none is
 * installed: PATH first, then the highest `/usr/lib/postgresql/<version>/bin`.
 */
export function findServerBinDir(): string | undefined {
  const initdb = onPath(["initdb"]);
  if (initdb && onPath(["pg_ctl"])) {
    // Follow symlinks so that psql of the same installation is found next to them.
    try {
      const real = Deno.realPathSync(initdb);
      const dir = real.slice(0, real.lastIndexOf("/"));
      if (isExecutable(join(dir, "pg_ctl"))) return dir;
    } catch { /* fall through */ }
    return initdb.slice(0, initdb.lastIndexOf("/"));
  }
  const root = "/usr/lib/postgresql";
  let versions: string[] = [];
  try {
    versions = [...Deno.readDirSync(root)]
      .filter((e) => e.isDirectory && /^\d+(\.\d+)*$/.test(e.name))
      .map((e) => e.name)
      .sort(compareVersions)
      .reverse();
  } catch {
    return undefined;
  }
  for (const v of versions) {
    const dir = join(root, v, "bin");
    if (isExecutable(join(dir, "initdb")) && isExecutable(join(dir, "pg_ctl"))) return dir;
  }
  return undefined;
}

interface OsUser {
  uid: number;
  gid: number;
}

function lookupOsUser(name: string): OsUser | undefined {
  try {
    for (const line of Deno.readTextFileSync("/etc/passwd").split("\n")) {
      const f = line.split(":");
      if (f[0] === name && f.length >= 4) return { uid: Number(f[2]), gid: Number(f[3]) };
    }
  } catch { /* no passwd file */ }
  return undefined;
}

/** How to run a server command: directly, or as the `postgres` OS user when we are root. */
interface Runner {
  /** argv prefix wrapping the real command, e.g. `["runuser", "-u", "postgres", "--"]`. */
  wrap(argv: string[]): string[];
  /** Human-readable description for the engine report. */
  describe: string;
}

function makeRunner(): { runner: Runner; owner?: OsUser } {
  if (Deno.uid() !== 0) {
    return {
      runner: { wrap: (argv) => argv, describe: "server commands run as the current user" },
    };
  }
  const owner = lookupOsUser("postgres");
  if (!owner) {
    throw new Error(
      "running as root, and initdb refuses root, but there is no 'postgres' OS user to run the " +
        "server as (install the Debian 'postgresql' package, or set SMARTSPEC_TEST_PG=embedded)",
    );
  }
  const runuser = onPath(["runuser"], ["/usr/sbin", "/sbin"]);
  if (runuser) {
    return {
      runner: {
        wrap: (argv) => [runuser, "-u", "postgres", "--", ...argv],
        describe: "server commands run as OS user postgres via runuser",
      },
      owner,
    };
  }
  const su = onPath(["su"], ["/usr/bin", "/bin"]);
  if (!su) throw new Error("running as root but neither runuser nor su is available");
  return {
    runner: {
      wrap: (argv) => [su, "-s", "/bin/sh", "postgres", "-c", argv.map(shellQuote).join(" ")],
      describe: "server commands run as OS user postgres via su",
    },
    owner,
  };
}

// ---------------------------------------------------------------------------------------------
// The server engine

const DIR_PREFIX = "smartspec-pg-";
interface Server {
  binDir: string;
  dir: string;
  dataDir: string;
  port: number;
  runner: Runner;
  version: string;
  versionNum: number;
  /** Its scratch directory: stopping stops the server and deletes it. */
  scratch: ScratchDir;
}

/** Stops the server of scratch directory `dir` at once, when it runs. */
function stopIn(dir: string, binDir: string, runner: Runner): void {
  const dataDir = join(dir, "data");
  Deno.statSync(join(dataDir, "postmaster.pid")); // throws when not running
  runSync(
    runner.wrap([join(binDir, "pg_ctl"), "-D", dataDir, "-m", "immediate", "-w", "stop"]),
    dir,
  );
}

async function startServer(binDir: string): Promise<Server> {
  const { runner, owner } = makeRunner();
  // The postgres user must be able to reach the directory: scratch_server uses /tmp.
  const scratch = await scratchServerDir(
    DIR_PREFIX,
    (dir) => stopIn(dir, binDir, runner),
    owner,
  );
  const dir = scratch.dir;
  const server: Server = {
    binDir,
    dir,
    dataDir: join(dir, "data"),
    port: 0,
    runner,
    version: "",
    versionNum: 0,
    scratch,
  };
  try {
    const init = await run(
      runner.wrap([
        join(binDir, "initdb"),
        "-D",
        server.dataDir,
        "-U",
        "postgres",
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync",
      ]),
      { cwd: dir },
    );
    if (init.code !== 0) {
      throw new Error(`initdb failed (exit ${init.code}):\n${init.stderr}\n${init.stdout}`);
    }

    const conf = join(server.dataDir, "postgresql.conf");
    const logFile = join(dir, "server.log");
    let lastError = "";
    for (let attempt = 0; attempt < 5; attempt++) {
      server.port = await freePort();
      await Deno.writeTextFile(
        conf,
        [
          "",
          "# smartspec test harness",
          "listen_addresses = '127.0.0.1'",
          `port = ${server.port}`,
          `unix_socket_directories = '${dir}'`,
          "fsync = off",
          "synchronous_commit = off",
          "full_page_writes = off",
          "max_connections = 40",
          "logging_collector = off",
          "",
        ].join("\n"),
        { append: true },
      );
      const start = await run(
        runner.wrap([
          join(binDir, "pg_ctl"),
          "-D",
          server.dataDir,
          "-l",
          logFile,
          "-w",
          "-t",
          "60",
          "start",
        ]),
        { cwd: dir },
      );
      if (start.code === 0) {
        lastError = "";
        break;
      }
      let log = "";
      try {
        log = await Deno.readTextFile(logFile);
      } catch { /* no log */ }
      lastError =
        `pg_ctl start failed (exit ${start.code}):\n${start.stderr}\n${start.stdout}\n${log}`;
      if (!/could not bind|address already in use|could not create any TCP/i.test(log)) break;
    }
    if (lastError) throw new Error(lastError);

    const client = await connect(server, "postgres");
    try {
      const r = await client.query({
        text: "SELECT current_setting('server_version'), current_setting('server_version_num')",
        rowMode: "array",
      }) as PgResult;
      server.version = String(r.rows[0][0]).split(" ")[0];
      server.versionNum = Number(r.rows[0][1]);
    } finally {
      await client.end();
    }
    return server;
  } catch (e) {
    scratch.release();
    scratch.forget();
    throw e;
  }
}

async function connect(server: Server, database: string): Promise<PgClient> {
  const client = new PgClientCtor({
    host: "127.0.0.1",
    port: server.port,
    user: "postgres",
    database,
    connectionTimeoutMillis: 30_000,
    types: TEXT_TYPES,
  });
  // A server-side disconnect must not become an uncaught error event.
  client.on("error", () => {});
  client.on("notice", () => {});
  await client.connect();
  return client;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

let dbCounter = 0;

async function serverDatabase(server: Server): Promise<TestDb> {
  const name = `smartspec_test_${Deno.pid}_${++dbCounter}`;
  const admin = await connect(server, "postgres");
  try {
    await admin.query({ text: `CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0` });
  } finally {
    await admin.end();
  }
  const client = await connect(server, name);
  let closed = false;

  const exec = async (sql: string): Promise<void> => {
    try {
      await client.query({ text: sql });
    } catch (e) {
      await client.query({ text: "ROLLBACK" }).catch(() => {});
      throw describeDbError(e, sql);
    }
  };

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await client.end();
    if (server.scratch.released) return;
    const admin2 = await connect(server, "postgres");
    try {
      const force = server.versionNum >= 130000 ? " WITH (FORCE)" : "";
      await admin2.query({ text: `DROP DATABASE IF EXISTS ${quoteIdent(name)}${force}` });
    } finally {
      await admin2.end();
    }
  };

  return {
    name,
    url: `postgres://postgres@127.0.0.1:${server.port}/${name}?sslmode=disable`,
    exec,
    async query(sql: string): Promise<TextRow[]> {
      let result: PgResult | PgResult[];
      try {
        result = await client.query({ text: sql, rowMode: "array" });
      } catch (e) {
        await client.query({ text: "ROLLBACK" }).catch(() => {});
        throw describeDbError(e, sql);
      }
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      return (last?.rows ?? []).map((row) => row.map((v) => (v === null ? null : String(v))));
    },
    async applyScript(sql: string): Promise<void> {
      const psql = join(server.binDir, "psql");
      if (!isExecutable(psql)) return await exec(sql);
      const r = await run([
        psql,
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        "127.0.0.1",
        "-p",
        String(server.port),
        "-U",
        "postgres",
        "-d",
        name,
        "-f",
        "-",
      ], { stdin: sql });
      if (r.code !== 0) {
        throw new Error(`psql failed (exit ${r.code}):\n${r.stderr.trim()}\n${r.stdout.trim()}`);
      }
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

// ---------------------------------------------------------------------------------------------
// The embedded engine

let pgliteCounter = 0;

async function pgliteDatabase(template: File | Blob): Promise<TestDb> {
  // Loading a pristine data directory is several times faster than PGlite's own initdb.
  const db = await PGlite.create({ loadDataDir: template });
  const name = `pglite_${++pgliteCounter}`;
  let closed = false;
  const exec = async (sql: string): Promise<void> => {
    try {
      await db.exec(sql);
    } catch (e) {
      await db.exec("ROLLBACK").catch(() => {});
      throw describeDbError(e, sql);
    }
  };
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await db.close();
  };
  return {
    name,
    exec,
    async query(sql: string): Promise<TextRow[]> {
      try {
        const r = await db.query<unknown[]>(sql, [], {
          rowMode: "array",
          parsers: pgliteTextParsers(db),
        });
        return r.rows.map((row) => row.map((v) => (v === null ? null : String(v))));
      } catch (e) {
        await db.exec("ROLLBACK").catch(() => {});
        throw describeDbError(e, sql);
      }
    },
    applyScript: exec,
    close,
    [Symbol.asyncDispose]: close,
  };
}

// ---------------------------------------------------------------------------------------------
// The shared engine

interface Engine {
  kind: EngineKind;
  name: string;
  fresh(): Promise<TestDb>;
  server?: Server;
}

let enginePromise: Promise<Engine> | undefined;

async function pickEngine(): Promise<Engine> {
  const wanted = (Deno.env.get("SMARTSPEC_TEST_PG") ?? "").trim().toLowerCase();
  if (wanted !== "" && wanted !== "embedded" && wanted !== "server" && wanted !== "auto") {
    throw new Error(`SMARTSPEC_TEST_PG must be 'embedded', 'server' or unset, not '${wanted}'`);
  }
  const binDir = wanted === "embedded" ? undefined : findServerBinDir();
  if (wanted === "server" && !binDir) {
    throw new Error(
      "SMARTSPEC_TEST_PG=server but no PostgreSQL server binaries (initdb, pg_ctl) were found",
    );
  }
  if (binDir) {
    const server = await startServer(binDir);
    const name = `postgresql ${server.version}`;
    console.error(
      `[pg_server] using ${name} from ${binDir} on 127.0.0.1:${server.port} ` +
        `(${server.runner.describe}, data in ${server.dir})`,
    );
    return { kind: "server", name, fresh: () => serverDatabase(server), server };
  }
  const probe = await PGlite.create();
  let name = "pglite";
  let template: File | Blob;
  try {
    const r = await probe.query<unknown[]>("SELECT version()", [], { rowMode: "array" });
    const v = String(r.rows[0][0]);
    const lite = /PGlite ([\d.]+)/.exec(v)?.[1];
    const pgv = /PostgreSQL ([\d.]+)/.exec(v)?.[1];
    name = `pglite${lite ? " " + lite : ""}${pgv ? ` (postgresql ${pgv})` : ""}`;
    template = await probe.dumpDataDir("none");
  } finally {
    await probe.close();
  }
  const why = wanted === "embedded"
    ? "SMARTSPEC_TEST_PG=embedded"
    : "no PostgreSQL server binaries found";
  console.error(`[pg_server] using embedded ${name} (${why})`);
  return { kind: "pglite", name, fresh: () => pgliteDatabase(template) };
}

function engine(): Promise<Engine> {
  if (!enginePromise) {
    enginePromise = pickEngine();
    // A failed start is reported to every caller, not retried per test.
  }
  return enginePromise;
}

/**
 * A new, empty database: on the server a `CREATE DATABASE` with a unique name, with PGlite a new
 * in-memory instance. The engine starts on first use. Close it (or `await using`) when done.
 */
export async function freshDatabase(): Promise<TestDb> {
  return await (await engine()).fresh();
}

/**
 * The engine's name and version, e.g. `postgresql 15.14` or `pglite 0.5.16 (postgresql 18.6)`.
 * Starts the engine when it is not running yet.
 */
export async function engineName(): Promise<string> {
  return (await engine()).name;
}

/** Which engine the tests use: `server` (a real PostgreSQL) or `pglite` (embedded). */
export async function engineKind(): Promise<EngineKind> {
  return (await engine()).kind;
}

/**
 * Stops the server (when one was started) and deletes its directory. Called automatically on
 * process unload; tests need not call it.
 */
export async function stopEngine(): Promise<void> {
  if (!enginePromise) return;
  const e = await enginePromise.catch(() => undefined);
  e?.server?.scratch.release();
  await Promise.resolve();
}
