/**
 * `deno task bench:online`: online migrations measured under load. A real PostgreSQL 15 table of
 * 2,000,000 rows (and a MariaDB one) gets a transform (a text price becomes integer cents, with a
 * backfill) and an added index, generated with and without `--online` and run the way users run
 * them (psql; the mariadb client and pt-online-schema-change), while a writer updates single rows
 * at a steady rate (200 per second). For each run: the writer's longest wait and 99th percentile
 * (measured from when each update was due, so a queue behind a lock counts in full), its errors,
 * the migration's wall time, and the backfill's rows per second (rows / wall time of the whole
 * migration: a lower bound). Both add a type change that rewrites the table (INT to BIGINT,
 * the column the writer updates): on PostgreSQL expand / backfill / contract with `--online`, on
 * MariaDB pt-online-schema-change; the rewriting ALTER without.
 *
 * Servers are the tests' throw-away ones (tests/helpers: fsync off, small buffers; MariaDB without
 * binary log), so the absolute rates are those of this machine, not of a tuned server. The bench
 * installs nothing: without pt-online-schema-change its blocks run as their equivalent (blocking)
 * ALTER, and the output says so.
 *
 * Flags: --rows N (PostgreSQL, default 2000000), --mysql-rows N (default 1000000), --rate N
 * (writer updates per second, default 200), --engines pg,mariadb, --scenarios transform,index,retype,
 * --mysql-batch N (the MariaDB files' batch size, `@smartspec_batch_rows`; default the file's).
 * @module
 */
import pg from "pg";
import mysql from "mysql2";
import { parseArgs } from "node:util";
import { initDialect } from "../src/pipeline.ts";
import type { SqlDialect } from "../src/dialects/dialect.ts";
import { freshDatabase, stopEngine } from "../tests/helpers/pg_server.ts";
import { freshMariaDb, mariadbSkipReason, stopMariaDb } from "../tests/helpers/mariadb_server.ts";
import { ptOscAvailable, runCase, runOnlineFile, runPtOsc } from "../tests/mysql_roundtrip.ts";

/** One scenario: the two schemas and the intents, per engine. */
interface Scenario {
  name: string;
  from: string;
  to: string;
  intents: string;
  /** Rows the migration rewrites (for rows/s), or 0 when it is not a backfill. */
  backfill: boolean;
}

const PG: Record<string, Scenario> = {
  transform: {
    name: "transform (price text -> price_cents bigint)",
    from: "CREATE TABLE items (id bigint PRIMARY KEY, price text NOT NULL, qty int NOT NULL);",
    to:
      "CREATE TABLE items (id bigint PRIMARY KEY, price_cents bigint NOT NULL, qty int NOT NULL);",
    intents: "  - transform: items.price -> items.price_cents\n" +
      '    up: "round(price::numeric * 100)::bigint"\n' +
      "    down: \"to_char(price_cents / 100.0, 'FM999999990.00')\"\n",
    backfill: true,
  },
  index: {
    name: "add index (qty)",
    from: "CREATE TABLE items (id bigint PRIMARY KEY, price text NOT NULL, qty int NOT NULL);",
    to: "CREATE TABLE items (id bigint PRIMARY KEY, price text NOT NULL, qty int NOT NULL);\n" +
      "CREATE INDEX items_qty ON items (qty);",
    intents: "",
    backfill: false,
  },
  retype: {
    name: "type change that rewrites (qty int -> bigint)",
    from: "CREATE TABLE items (id bigint PRIMARY KEY, price text NOT NULL, qty int NOT NULL);",
    to: "CREATE TABLE items (id bigint PRIMARY KEY, price text NOT NULL, qty bigint NOT NULL);",
    intents: "",
    backfill: true,
  },
};

const MY: Record<string, Scenario> = {
  transform: {
    name: "transform (price varchar -> price_cents bigint)",
    from:
      "CREATE TABLE items (id bigint PRIMARY KEY, price varchar(20) NOT NULL, qty int NOT NULL);",
    to:
      "CREATE TABLE items (id bigint PRIMARY KEY, price_cents bigint NOT NULL, qty int NOT NULL);",
    intents: "  - transform: items.price -> items.price_cents\n" +
      '    up: "ROUND(price * 100)"\n' +
      '    down: "CAST(price_cents / 100 AS DECIMAL(12,2))"\n',
    backfill: true,
  },
  index: {
    name: "add index (qty)",
    from:
      "CREATE TABLE items (id bigint PRIMARY KEY, price varchar(20) NOT NULL, qty int NOT NULL);",
    to:
      "CREATE TABLE items (id bigint PRIMARY KEY, price varchar(20) NOT NULL, qty int NOT NULL, " +
      "KEY items_qty (qty));",
    intents: "",
    backfill: false,
  },
  retype: {
    name: "type change that copies (qty int -> bigint)",
    from:
      "CREATE TABLE items (id bigint PRIMARY KEY, price varchar(20) NOT NULL, qty int NOT NULL);",
    to:
      "CREATE TABLE items (id bigint PRIMARY KEY, price varchar(20) NOT NULL, qty bigint NOT NULL);",
    intents: "",
    backfill: true,
  },
};

/** What one run measured. */
interface Row {
  engine: string;
  scenario: string;
  mode: string;
  seconds: number;
  updates: number;
  /** The writer's longest wait alone, before the migration (this machine's noise). */
  idleMs: number;
  maxMs: number;
  p99Ms: number;
  errors: number;
  rowsPerSec?: number;
  note?: string;
}

function generate(d: SqlDialect, s: Scenario, online: boolean): string {
  const spec = s.intents ? "```yaml migration\nintents:\n" + s.intents + "```\n" : "";
  const r = runCase({ ...s, online }, spec, {
    dialect: d,
    id: "bench",
    tag: "b1",
    tool: "bench",
    version: "bench",
  });
  const blocked = r.classified.filter((c) => c.blocked);
  if (blocked.length) throw new Error(`blocked: ${blocked.map((c) => c.blocked).join("; ")}`);
  return r.files.migration;
}

/**
 * A writer that updates one random row every 1/rate seconds until stopped; each update's wait is
 * measured from when it was due.
 */
function startWriter(update: (id: number) => Promise<void>, rows: number, rate: number) {
  const waits: number[] = [];
  let errors = 0, stop = false, from = 0;
  const interval = 1000 / rate;
  const t0 = performance.now();
  const done = (async () => {
    for (let i = 0; !stop; i++) {
      const due = t0 + i * interval;
      const ahead = due - performance.now();
      if (ahead > 0) await new Promise((r) => setTimeout(r, ahead));
      if (stop) break;
      try {
        await update(1 + Math.floor(Math.random() * rows));
      } catch {
        errors++;
      }
      waits.push(performance.now() - due);
    }
  })();
  return {
    /** The waits so far are the idle baseline (the machine's own noise); the rest is measured. */
    mark() {
      from = waits.length;
    },
    async stop() {
      stop = true;
      await done;
      const idleMs = waits.slice(0, from).reduce((m, w) => Math.max(m, w), 0);
      const sorted = waits.slice(from).sort((a, b) => a - b);
      return {
        idleMs,
        updates: sorted.length,
        maxMs: sorted.at(-1) ?? 0,
        p99Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0,
        errors,
      };
    },
  };
}

interface PgClient {
  connect(): Promise<void>;
  query(text: string, values?: unknown[]): Promise<unknown>;
  end(): Promise<void>;
  on(event: "error", l: (e: unknown) => void): void;
}
const PgClientCtor =
  (pg as unknown as { Client: new (c: { connectionString: string }) => PgClient })
    .Client;

async function benchPg(s: Scenario, online: boolean, rows: number, rate: number): Promise<Row> {
  const { postgresql } = await import("../src/dialects/postgresql/mod.ts");
  await initDialect("postgresql");
  const migration = generate(postgresql, s, online);
  await using db = await freshDatabase();
  if (!db.url) throw new Error("no PostgreSQL server binaries: the bench needs a real server");
  await db.exec(s.from);
  await db.exec(
    `INSERT INTO items SELECT g, ((g % 1000) || '.' || lpad((g % 100)::text, 2, '0')), g % 500 ` +
      `FROM generate_series(1, ${rows}) g`,
  );
  await db.exec("VACUUM ANALYZE items");
  const client = new PgClientCtor({ connectionString: db.url });
  client.on("error", () => {});
  await client.connect();
  const writer = startWriter(
    async (id) => void await client.query("UPDATE items SET qty = qty + 1 WHERE id = $1", [id]),
    rows,
    rate,
  );
  await new Promise((r) => setTimeout(r, 2000)); // the writer runs alone first
  writer.mark();
  const t = performance.now();
  let note: string | undefined;
  try {
    await db.applyScript(migration);
  } catch (e) {
    note = `migration failed: ${String((e as Error).message).split("\n")[0]}`;
  }
  const seconds = (performance.now() - t) / 1000;
  await new Promise((r) => setTimeout(r, 1000));
  const w = await writer.stop();
  await client.end();
  return {
    engine: "postgresql",
    scenario: s.name,
    mode: online ? "--online" : "plain",
    seconds,
    ...w,
    rowsPerSec: s.backfill && !note ? rows / seconds : undefined,
    note,
  };
}

interface MyConn {
  query(sql: string, values: unknown[], cb: (err: unknown) => void): void;
  end(cb: () => void): void;
  on(event: "error", l: (e: unknown) => void): void;
}
const createConnection = (mysql as unknown as {
  createConnection: (c: { host: string; port: number; user: string; database: string }) => MyConn;
}).createConnection;

async function benchMy(
  s: Scenario,
  online: boolean,
  rows: number,
  rate: number,
  pt: boolean,
  batch?: number,
): Promise<Row> {
  const { mariadb } = await import("../src/dialects/mysql/mod.ts");
  let migration = generate(mariadb, s, online);
  // the batch size is a session variable the file reads (emit.ts)
  if (batch) {
    migration = migration.replace("SET NAMES", `SET @smartspec_batch_rows = ${batch};\nSET NAMES`);
  }
  await using db = await freshMariaDb();
  await db.exec(s.from);
  await db.exec(
    `INSERT INTO items SELECT seq, CONCAT(seq % 1000, '.', LPAD(seq % 100, 2, '0')), seq % 500 ` +
      `FROM seq_1_to_${rows}`,
  );
  await db.exec("ANALYZE TABLE items");
  const conn = createConnection({
    host: "127.0.0.1",
    port: db.port,
    user: "root",
    database: db.name,
  });
  conn.on("error", () => {});
  const writer = startWriter(
    (id) =>
      new Promise<void>((res, rej) =>
        conn.query("UPDATE items SET qty = qty + 1 WHERE id = ?", [id], (e) => e ? rej(e) : res())
      ),
    rows,
    rate,
  );
  await new Promise((r) => setTimeout(r, 2000)); // the writer runs alone first
  writer.mark();
  const t = performance.now();
  let note: string | undefined;
  let blocks = 0;
  try {
    blocks = await runOnlineFile(
      db,
      migration,
      (b) => pt ? runPtOsc(db, b.command) : db.exec(b.equivalent),
    );
  } catch (e) {
    note = `migration failed: ${String((e as Error).message).split("\n")[0]}`;
  }
  const seconds = (performance.now() - t) / 1000;
  await new Promise((r) => setTimeout(r, 1000));
  const w = await writer.stop();
  await new Promise<void>((r) => conn.end(() => r()));
  if (blocks && !note) {
    note = pt
      ? `${blocks} pt-online-schema-change run(s)`
      : `pt-online-schema-change not installed: ${blocks} block(s) ran as their blocking ALTER`;
  }
  return {
    engine: "mariadb",
    scenario: s.name,
    mode: online ? "--online" : "plain",
    seconds,
    ...w,
    rowsPerSec: s.backfill && !note?.startsWith("migration failed") ? rows / seconds : undefined,
    note,
  };
}

function table(rows: Row[]): string {
  const head = [
    "engine",
    "scenario",
    "mode",
    "migration s",
    "updates",
    "idle longest ms",
    "longest wait ms",
    "p99 ms",
    "errors",
    "rows/s",
    "note",
  ];
  const body = rows.map((r) => [
    r.engine,
    r.scenario,
    r.mode,
    r.seconds.toFixed(1),
    String(r.updates),
    r.idleMs.toFixed(0),
    r.maxMs.toFixed(0),
    r.p99Ms.toFixed(0),
    String(r.errors),
    r.rowsPerSec ? Math.round(r.rowsPerSec).toLocaleString("en-US") : "-",
    r.note ?? "",
  ]);
  return [head, head.map(() => "---"), ...body].map((l) => `| ${l.join(" | ")} |`).join("\n");
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      rows: { type: "string", default: "2000000" },
      "mysql-rows": { type: "string", default: "1000000" },
      rate: { type: "string", default: "200" },
      engines: { type: "string", default: "pg,mariadb" },
      scenarios: { type: "string", default: "transform,index,retype" },
      "mysql-batch": { type: "string" },
    },
  });
  const rows = Number(values.rows), myRows = Number(values["mysql-rows"]);
  const rate = Number(values.rate);
  const engines = values.engines.split(","), scenarios = values.scenarios.split(",");
  const out: Row[] = [];
  const say = (r: Row) => {
    out.push(r);
    console.error(
      `[bench:online] ${r.engine} ${r.scenario} ${r.mode}: ${r.seconds.toFixed(1)} s, ` +
        `longest wait ${r.maxMs.toFixed(0)} ms${r.note ? ` (${r.note})` : ""}`,
    );
  };
  if (engines.includes("pg")) {
    for (const k of scenarios.filter((k) => PG[k])) {
      for (const online of [false, true]) say(await benchPg(PG[k], online, rows, rate));
    }
    await stopEngine();
  }
  const pt = ptOscAvailable();
  if (engines.includes("mariadb")) {
    const skip = mariadbSkipReason();
    if (skip) console.error(`[bench:online] MariaDB skipped: ${skip}`);
    else {
      if (!pt) {
        console.error(
          "[bench:online] pt-online-schema-change is not installed (apt-get install " +
            "percona-toolkit): its blocks run as their blocking ALTER",
        );
      }
      for (const k of scenarios.filter((k) => MY[k])) {
        for (const online of [false, true]) {
          say(
            await benchMy(MY[k], online, myRows, rate, pt, Number(values["mysql-batch"] ?? 0)),
          );
        }
      }
      await stopMariaDb();
    }
  }
  console.log(
    `\nOnline migrations under a writer of ${rate} single-row updates/s ` +
      `(PostgreSQL ${rows.toLocaleString("en-US")} rows, MariaDB ${
        myRows.toLocaleString("en-US")
      } rows; waits from when each update was due)\n`,
  );
  console.log(table(out));
  const online = out.filter((r) => r.mode === "--online" && r.rowsPerSec);
  if (online.length) {
    console.log(
      "\nBackfill rate with --online (rows / whole migration, a lower bound) vs pgroll's " +
        "published 10,000-50,000 rows/s with 10,000-row batches:",
    );
    for (const r of online) {
      console.log(
        `- ${r.engine} ${r.scenario}: ${Math.round(r.rowsPerSec!).toLocaleString("en-US")} rows/s`,
      );
    }
  }
  const worst = out.filter((r) => r.mode === "--online").reduce((m, r) => Math.max(m, r.maxMs), 0);
  console.log(
    `\nGoal: longest wait under 1 s with --online: ${worst < 1000 ? "met" : "NOT met"} ` +
      `(worst ${worst.toFixed(0)} ms)`,
  );
  if (engines.includes("mariadb") && !pt) {
    console.log("pt-online-schema-change is not installed: MariaDB copies ran blocking ALTERs.");
  }
}
