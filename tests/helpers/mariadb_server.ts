/**
 * A throw-away MariaDB (or MySQL) server for the tests.
 *
 * When server binaries are found (`mariadbd` or `mysqld`, on PATH or in `/usr/sbin`, plus
 * `mariadb-install-db` / `mysql_install_db` for MariaDB), one server per test process (per test
 * module, as Deno runs each module in its own isolate) is created lazily: a fresh data directory
 * is initialised under a temporary directory, and the server is started detached on 127.0.0.1 only,
 * on a free port, with its own socket, pid file and log, without binary log and with small buffers.
 * As root it runs with `--user=root`. It is killed and its directory deleted when the process
 * unloads; servers left behind by killed test processes are reaped on the next start.
 *
 * Without server binaries the MariaDB tests are skipped: {@link mariadbSkipReason} says why (and
 * is what `Deno.test({ ignore })` uses). `SMARTSPEC_TEST_MYSQL=off` skips them on purpose.
 *
 * Tests talk to the server through {@link MariaDb} (the `mysql2` client), obtained from
 * {@link freshMariaDb}: every value comes back as text (or null).
 * @module
 */
import mysql from "mysql2";
import { join } from "node:path";
import type { MyConnection, MyError, MyField } from "../../src/dialects/mysql/server.ts";
import {
  freePort,
  onPath as onPathIn,
  processAlive,
  run,
  runSync,
  type ScratchDir,
  scratchServerDir,
  shellQuote,
} from "./scratch_server.ts";

/** One row of a query result: every value as the server's text form, or null. */
export type TextRow = (string | null)[];

/** Which server family runs the tests. */
export type MysqlFlavor = "mysql" | "mariadb";

/** An empty database on the test server. */
export interface MariaDb {
  /** The database name. */
  readonly name: string;
  /** A URL other clients can connect with: `mysql://root@127.0.0.1:<port>/<name>`. */
  readonly url: string;
  /** The server's TCP port on 127.0.0.1. */
  readonly port: number;
  /** The server's Unix socket. */
  readonly socket: string;
  /**
   * Runs a script of one or more statements (no `DELIMITER`: that is a client command) in this
   * database; stops at the first error, which carries the server's message and SQLSTATE.
   */
  exec(sql: string): Promise<void>;
  /** Runs one statement and returns its rows, every value as text (null for SQL NULL). */
  query(sql: string): Promise<TextRow[]>;
  /**
   * Runs a script the way a user would with the command-line client (`mariadb`/`mysql --batch`,
   * which understands `DELIMITER` and stops at the first error); throws with its error output.
   */
  applyScript(sql: string): Promise<void>;
  /** `mariadb-dump` / `mysqldump` of this database with extra arguments (e.g. `--no-data`). */
  dump(args?: string[]): Promise<string>;
  /** Closes the connection and drops the database. Safe to call twice. */
  close(): Promise<void>;
  /** Same as {@link MariaDb.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// mysql2 ships its own types, but its callback API is enough here: the small part used, typed
// (the connection's typing is src's).

interface MyConfig {
  host?: string;
  port?: number;
  socketPath?: string;
  user: string;
  password?: string;
  database?: string;
  multipleStatements?: boolean;
  connectTimeout?: number;
  typeCast?: (field: MyField, next: () => unknown) => unknown;
}
const createConnection = (mysql as unknown as {
  createConnection(config: MyConfig): MyConnection;
}).createConnection;

/** Every value as the server sent it (text protocol), NULL as null. */
const TEXT_CAST = (field: MyField) => field.string();

function describeError(e: unknown, sql: string): Error {
  const f = (e ?? {}) as MyError;
  let msg = String(f.message ?? e);
  if (f.sqlState) msg += ` (SQLSTATE ${f.sqlState}, errno ${f.errno})`;
  const short = sql.length > 400 ? sql.slice(0, 400) + " ..." : sql;
  return new Error(`${msg}\nin: ${short}`, { cause: e });
}

function rawQuery(conn: MyConnection, sql: string, rowsAsArray: boolean): Promise<unknown> {
  return new Promise((resolve, reject) => {
    conn.query({ sql, rowsAsArray }, (err, rows) => err ? reject(err) : resolve(rows));
  });
}

function endConnection(conn: MyConnection): Promise<void> {
  return new Promise((resolve) => {
    conn.end((err) => {
      if (err) conn.destroy();
      resolve();
    });
  });
}

async function connect(server: Server, database?: string): Promise<MyConnection> {
  const conn = createConnection({
    host: "127.0.0.1",
    port: server.port,
    user: "root",
    database,
    multipleStatements: true,
    connectTimeout: 30_000,
    typeCast: TEXT_CAST,
  });
  // A server-side disconnect must not become an uncaught error event.
  conn.on("error", () => {});
  await rawQuery(conn, "SELECT 1", true);
  return conn;
}

// ---------------------------------------------------------------------------------------------
// Finding and running the binaries

const SBIN_DIRS = ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"];

function onPath(commands: string[]): string | undefined {
  return onPathIn(commands, SBIN_DIRS);
}

/** The binaries of the installed server, or why there are none. */
export interface MysqlBinaries {
  /** `mariadbd` or `mysqld`. */
  server: string;
  flavor: MysqlFlavor;
  /** `mariadb-install-db` / `mysql_install_db` (MariaDB); MySQL initialises with the server. */
  installDb?: string;
  /** The command-line client (`mariadb` / `mysql`), when installed. */
  client?: string;
  /** `mariadb-dump` / `mysqldump`, when installed. */
  dump?: string;
  /** `mariadbd --version` output. */
  version: string;
}

let binariesCache: MysqlBinaries | string | undefined;

/** Finds the server binaries; a string is the reason there are none. */
export function findMysqlBinaries(): MysqlBinaries | string {
  if (binariesCache !== undefined) return binariesCache;
  const server = onPath(["mariadbd", "mysqld"]);
  if (!server) {
    binariesCache = "no MariaDB/MySQL server binary (mariadbd or mysqld) is installed " +
      "(Debian: apt-get install mariadb-server)";
    return binariesCache;
  }
  const v = runSync([server, "--version"]);
  const version = (v.stdout + v.stderr).trim();
  const flavor: MysqlFlavor = /mariadb/i.test(version) ? "mariadb" : "mysql";
  const installDb = flavor === "mariadb"
    ? onPath(["mariadb-install-db", "mysql_install_db"])
    : undefined;
  if (flavor === "mariadb" && !installDb) {
    binariesCache = `found ${server} but not mariadb-install-db to initialise a data directory`;
    return binariesCache;
  }
  binariesCache = {
    server,
    flavor,
    installDb,
    client: onPath(flavor === "mariadb" ? ["mariadb", "mysql"] : ["mysql"]),
    dump: onPath(flavor === "mariadb" ? ["mariadb-dump", "mysqldump"] : ["mysqldump"]),
    version,
  };
  return binariesCache;
}

/**
 * Why the MariaDB tests are skipped, or undefined when a server can be started. Synchronous, for
 * `Deno.test({ ignore: mariadbSkipReason() !== undefined })`.
 */
export function mariadbSkipReason(): string | undefined {
  const wanted = (Deno.env.get("SMARTSPEC_TEST_MYSQL") ?? "").trim().toLowerCase();
  if (wanted === "off") return "SMARTSPEC_TEST_MYSQL=off";
  const b = findMysqlBinaries();
  return typeof b === "string" ? b : undefined;
}

/**
 * A test that needs the test MariaDB: skipped without it, or for `alsoSkip` (another reason, such
 * as a missing tool), with the reason in its name. Servers outlive a test, so no sanitizers.
 */
export function mariadbTest(name: string, fn: () => Promise<void>, alsoSkip?: string): void {
  const skip = mariadbSkipReason() ?? (alsoSkip || undefined);
  Deno.test({
    name: `${name}${skip ? ` (skipped: ${skip})` : ""}`,
    ignore: !!skip,
    sanitizeResources: false,
    sanitizeOps: false,
    fn,
  });
}

let skipNoticeShown = false;

/**
 * True when the MariaDB tests can run; otherwise prints the reason once (so a skipped test says
 * why) and returns false.
 */
export function mariadbAvailable(): boolean {
  const why = mariadbSkipReason();
  if (why && !skipNoticeShown) {
    skipNoticeShown = true;
    console.error(`[mariadb_server] MariaDB tests skipped: ${why}`);
  }
  return why === undefined;
}

// ---------------------------------------------------------------------------------------------
// The server

const DIR_PREFIX = "smartspec-mariadb-";

interface Server {
  bins: MysqlBinaries;
  dir: string;
  dataDir: string;
  socket: string;
  pidFile: string;
  port: number;
  version: string;
  /** Its scratch directory: stopping kills the server and deletes it. */
  scratch: ScratchDir;
}

function killFromPidFile(pidFile: string): void {
  try {
    const pid = Number(Deno.readTextFileSync(pidFile).trim());
    if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) Deno.kill(pid, "SIGKILL");
  } catch { /* not running */ }
}

async function initDataDir(server: Server): Promise<void> {
  const { bins } = server;
  const asRoot = Deno.uid() === 0 ? ["--user=root"] : [];
  const argv = bins.flavor === "mariadb"
    ? [
      bins.installDb!,
      "--no-defaults",
      `--datadir=${server.dataDir}`,
      ...asRoot,
      "--auth-root-authentication-method=normal",
      "--skip-test-db",
      "--skip-name-resolve",
      // Its own temporary directory: bootstraps running at once in /tmp collide.
      `--tmpdir=${join(server.dir, "tmp")}`,
    ]
    : [
      bins.server,
      "--no-defaults",
      "--initialize-insecure",
      `--datadir=${server.dataDir}`,
      ...asRoot,
    ];
  await Deno.mkdir(join(server.dir, "tmp"), { recursive: true });
  let r = await run(argv, { cwd: server.dir });
  if (r.code !== 0) {
    // One retry from scratch: a bootstrap can trip over another one's files.
    await Deno.remove(server.dataDir, { recursive: true }).catch(() => {});
    r = await run(argv, { cwd: server.dir });
  }
  if (r.code !== 0) {
    throw new Error(`initialising the data directory failed (exit ${r.code}):\n${r.stderr}`);
  }
}

async function waitForServer(server: Server, logFile: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  let last: unknown;
  while (Date.now() < deadline) {
    let pidKnown = false;
    try {
      Deno.statSync(server.pidFile);
      pidKnown = true;
    } catch { /* not yet */ }
    if (pidKnown) {
      try {
        const conn = await connect(server);
        try {
          const rows = await rawQuery(conn, "SELECT version()", true) as string[][];
          return String(rows[0][0]);
        } finally {
          await endConnection(conn);
        }
      } catch (e) {
        last = e;
      }
    }
    let log = "";
    try {
      log = Deno.readTextFileSync(logFile);
    } catch { /* no log yet */ }
    if (/\[ERROR\] (Aborting|Can't start server|Do you already have another)/i.test(log)) {
      throw new Error(`the server did not start:\n${log.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`the server did not answer within 60 s: ${String(last)}`);
}

async function startServer(bins: MysqlBinaries): Promise<Server> {
  // A throw-away server: no clean shutdown needed, its data directory is deleted next.
  const scratch = await scratchServerDir(
    DIR_PREFIX,
    (dir) => killFromPidFile(join(dir, "mysqld.pid")),
  );
  const dir = scratch.dir;
  const server: Server = {
    bins,
    dir,
    dataDir: join(dir, "data"),
    socket: join(dir, "mysqld.sock"),
    pidFile: join(dir, "mysqld.pid"),
    port: 0,
    version: "",
    scratch,
  };
  try {
    await initDataDir(server);
    const logFile = join(dir, "server.log");
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      server.port = await freePort();
      const argv = [
        bins.server,
        "--no-defaults",
        `--datadir=${server.dataDir}`,
        ...(Deno.uid() === 0 ? ["--user=root"] : []),
        "--bind-address=127.0.0.1",
        `--port=${server.port}`,
        `--socket=${server.socket}`,
        `--pid-file=${server.pidFile}`,
        `--log-error=${logFile}`,
        `--tmpdir=${join(dir, "tmp")}`,
        "--skip-log-bin",
        "--innodb-buffer-pool-size=64M",
        "--innodb-log-file-size=16M",
        "--innodb-flush-log-at-trx-commit=0",
        "--innodb-doublewrite=0",
        "--max-connections=60",
        "--character-set-server=utf8mb4",
        "--collation-server=utf8mb4_general_ci",
      ];
      // Detached through a shell that exits at once, so no child handle outlives a test.
      const sh = await run([
        "/bin/sh",
        "-c",
        `${argv.map(shellQuote).join(" ")} >${shellQuote(join(dir, "stdout.log"))} 2>&1 &`,
      ], { cwd: dir });
      if (sh.code !== 0) throw new Error(`could not start ${bins.server}: ${sh.stderr}`);
      try {
        server.version = await waitForServer(server, logFile);
        lastError = undefined;
        break;
      } catch (e) {
        lastError = e;
        killFromPidFile(server.pidFile);
        let log = "";
        try {
          log = Deno.readTextFileSync(logFile);
        } catch { /* none */ }
        if (!/address already in use|bind on TCP\/IP port/i.test(log)) break;
      }
    }
    if (lastError) throw lastError;
    return server;
  } catch (e) {
    scratch.release();
    scratch.forget();
    throw e;
  }
}

function quoteIdent(name: string): string {
  return "`" + name.replaceAll("`", "``") + "`";
}

let dbCounter = 0;

async function serverDatabase(server: Server): Promise<MariaDb> {
  const name = `smartspec_test_${Deno.pid}_${++dbCounter}`;
  const admin = await connect(server);
  try {
    await rawQuery(
      admin,
      `CREATE DATABASE ${quoteIdent(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`,
      true,
    );
  } finally {
    await endConnection(admin);
  }
  const conn = await connect(server, name);
  let closed = false;
  const bins = server.bins;
  const clientArgs = [
    "--no-defaults",
    "-uroot",
    "-h127.0.0.1",
    `-P${server.port}`,
    "--protocol=TCP",
    "--default-character-set=utf8mb4",
  ];

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await endConnection(conn);
    if (server.scratch.released) return;
    const admin2 = await connect(server);
    try {
      await rawQuery(admin2, `DROP DATABASE IF EXISTS ${quoteIdent(name)}`, true);
    } finally {
      await endConnection(admin2);
    }
  };

  return {
    name,
    url: `mysql://root@127.0.0.1:${server.port}/${name}`,
    port: server.port,
    socket: server.socket,
    async exec(sql: string): Promise<void> {
      try {
        await rawQuery(conn, sql, true);
      } catch (e) {
        throw describeError(e, sql);
      }
    },
    async query(sql: string): Promise<TextRow[]> {
      let rows: unknown;
      try {
        rows = await rawQuery(conn, sql, true);
      } catch (e) {
        throw describeError(e, sql);
      }
      if (!Array.isArray(rows)) return [];
      return (rows as unknown[][]).map((row) =>
        row.map((v) => (v === null || v === undefined ? null : String(v)))
      );
    },
    async applyScript(sql: string): Promise<void> {
      if (!bins.client) {
        try {
          await rawQuery(conn, sql, true);
          return;
        } catch (e) {
          throw describeError(e, sql);
        }
      }
      const r = await run([bins.client, ...clientArgs, "--batch", name], { stdin: sql });
      if (r.code !== 0) {
        throw new Error(
          `${bins.client} failed (exit ${r.code}):\n${r.stderr.trim()}\n${r.stdout.trim()}`,
        );
      }
    },
    async dump(args: string[] = []): Promise<string> {
      if (!bins.dump) throw new Error("no mariadb-dump/mysqldump is installed");
      const r = await run([bins.dump, ...clientArgs, ...args, name]);
      if (r.code !== 0) throw new Error(`${bins.dump} failed (exit ${r.code}):\n${r.stderr}`);
      return r.stdout;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

let serverPromise: Promise<Server> | undefined;

function server(): Promise<Server> {
  if (!serverPromise) {
    const bins = findMysqlBinaries();
    if (typeof bins === "string") {
      serverPromise = Promise.reject(new Error(bins));
    } else {
      serverPromise = startServer(bins).then((s) => {
        console.error(
          `[mariadb_server] using ${s.version} from ${bins.server} on 127.0.0.1:${s.port} ` +
            `(data in ${s.dir})`,
        );
        return s;
      });
    }
  }
  return serverPromise;
}

/**
 * A new, empty database on the test server (started on first use). Close it (or `await using`)
 * when done. Rejects when no server binary exists: guard tests with {@link mariadbSkipReason}.
 */
export async function freshMariaDb(): Promise<MariaDb> {
  return await serverDatabase(await server());
}

/** The running server's version string (`10.11.6-MariaDB-...`) and flavor. */
export async function mariadbServerInfo(): Promise<{ version: string; flavor: MysqlFlavor }> {
  const s = await server();
  return { version: s.version, flavor: s.bins.flavor };
}

/** Kills the server (when one was started) and deletes its directory; runs at unload anyway. */
export async function stopMariaDb(): Promise<void> {
  if (!serverPromise) return;
  const s = await serverPromise.catch(() => undefined);
  if (s) s.scratch.release();
}
