/**
 * Every part of an online migration can run again, and the rollback works from any point, on a
 * real PostgreSQL: an online migration in several parts (a rename and a new table, a transform
 * by expand / backfill / contract, a type change, a NOT NULL fill, an index swap, a dropped
 * index, a unique constraint on an index built CONCURRENTLY, a new index and foreign key) is stopped by an injected error at every statement boundary of migration.sql
 * (inside a transaction too: then that part rolls back). From each such point rollback.sql
 * restores the from-schema with every row, a run of the whole migration.sql after the failure
 * ends with what a clean run gives (catalog, rows, archive), running it once more changes
 * nothing, and a finished rollback.sql runs again without error. A rollback stopped at any of
 * its statements is finished by running it again. With sqitch (`--apply`): a deploy stopped by a
 * late part's guard is deployed again once the data is fixed, then reverted. Skipped without
 * server binaries (psql) or sqitch.
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describeRun, readRunFile, runTool, writeProject } from "./helpers/cli.ts";
import { engineKind, freshDatabase, type TestDb } from "./helpers/pg_server.ts";
import { catalogSnapshot, diffCatalogs, diffData, tableRows } from "./helpers/catalog.ts";
import pg from "pg";
import { splitSql } from "../src/apply/sql_split.ts";
import {
  assertData,
  assertSchema,
  missingForRealTool,
  runCommand,
  userData,
} from "./helpers/migration_tools.ts";

const FROM = `CREATE TABLE users (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  age text,
  nick text,
  legacy text
);
CREATE INDEX users_email_idx ON users (email);
CREATE TABLE orders (id bigint PRIMARY KEY, amount text NOT NULL, note text);
CREATE INDEX orders_note_idx ON orders (note);
`;
const TO = `CREATE TABLE users (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  age integer,
  nick text NOT NULL DEFAULT 'x',
  city text,
  CONSTRAINT users_email_key UNIQUE (email)
);
CREATE INDEX users_email_idx ON users (lower(email));
CREATE TABLE orders (id bigint PRIMARY KEY, amount_cents bigint NOT NULL, note text);
CREATE TABLE logs (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), msg text);
CREATE INDEX logs_user_idx ON logs (user_id);
`;
const SPEC = `# T

\`\`\`yaml migration
from_schema: db/schema_v1.sql
to_schema: db/schema_v2.sql
intents:
  - rename: users.legacy -> users.city
  - transform: orders.amount -> orders.amount_cents
    up: "round(amount::numeric * 100)::bigint"
    down: "to_char(amount_cents / 100.0, 'FM999999990.00')"
    samples: ["12.50", "0.99", "100.00"]
\`\`\`
`;
const SEED = `
INSERT INTO users SELECT g, 'U' || g || '@x', (g * 3)::text,
  CASE WHEN g % 3 = 0 THEN NULL ELSE 'n' || g END, 'l' || g FROM generate_series(1, 30) g;
INSERT INTO orders SELECT g, to_char(g * 1.25, 'FM999990.00'), 'n' || g
  FROM generate_series(1, 40) g;
`;
const FAIL = "DO $fail$ BEGIN RAISE EXCEPTION 'test: injected failure'; END $fail$;";

const server = await engineKind() === "server";

/** The project: the spec and both schema files. */
const project = () =>
  writeProject({
    "specs/data/t/spec.md": SPEC,
    "db/schema_v1.sql": FROM,
    "db/schema_v2.sql": TO,
  }, "smartspec-rerun-");

/** The file up to its `k`-th statement (exclusive), then a statement that fails. */
function stoppedAt(sql: string, k: number): string {
  const st = splitSql(sql).statements;
  return st.slice(0, k).map((s) => `${s.lead}${s.sql}`).join("") + `\n${FAIL}\n`;
}

/** What the tests compare: the catalog, the rows, what is left in the archive schema. */
async function state(db: TestDb) {
  return {
    catalog: await catalogSnapshot(db),
    rows: await tableRows(db),
    archive: await db.query(
      "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
        "WHERE n.nspname = 'smartspec_archive' AND c.relkind IN ('r', 'v', 'S') ORDER BY 1",
    ),
    ledger: await db.query(
      "SELECT CASE WHEN to_regclass('smartspec_archive.smartspec_steps') IS NULL THEN '' END",
    ).then(async ([[none]]) =>
      none === "" ? [] : await db.query(
        "SELECT run, step FROM smartspec_archive.smartspec_steps ORDER BY 1, 2",
      )
    ),
    invalid: await db.query(
      "SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid ORDER BY 1",
    ),
    leftovers: await db.query(
      "SELECT (SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'smartspec%'), " +
        "(SELECT count(*) FROM pg_class WHERE relname LIKE '%smartspec_new')",
    ),
  };
}
type State = Awaited<ReturnType<typeof state>>;

function assertSame(expected: State, actual: State, where: string) {
  const cat = diffCatalogs(expected.catalog, actual.catalog);
  assert.deepEqual(cat, [], `${where}: catalog`);
  assert.deepEqual(diffData(expected.rows, actual.rows), [], `${where}: rows`);
  assert.deepEqual(actual.archive, expected.archive, `${where}: archive schema`);
  assert.deepEqual(actual.ledger, expected.ledger, `${where}: ledger`);
  assert.deepEqual(actual.invalid, expected.invalid, `${where}: invalid indexes`);
  assert.deepEqual(actual.leftovers, expected.leftovers, `${where}: triggers, swap indexes`);
}

/** Runs the script; true when it failed with the injected error (any other error throws). */
async function applyStopped(db: TestDb, sql: string): Promise<void> {
  await assert.rejects(db.applyScript(sql), /injected failure/);
}

Deno.test({
  name:
    "online re-run: from a failure at every statement, the rollback restores and a re-run ends as a clean run",
  ignore: !server,
  async fn() {
    await using p = await project();
    const run = await runTool(p.dir, ["specs/data/t/spec.md", "--online", "--run-id", "rr"]);
    assert.equal(run.code, 0, describeRun(run));
    const up = await readRunFile(p.dir, "rr", "migration.sql");
    const down = await readRunFile(p.dir, "rr", "rollback.sql");
    assert.ok((up.match(/^-- part \d+ of /gm) ?? []).length >= 4, up);
    assert.match(up, /every part can run again/);
    const summary = JSON.parse(await readRunFile(p.dir, "rr", "summary.json"));
    assert.equal(summary.online.rerunnable, true);
    assert.match(
      await readRunFile(p.dir, "rr", "report.md"),
      /Not atomic:\*\* migration\.sql runs in \d+ part\(s\)[^\n]*Every part can run again/,
    );

    // the reference: the from-state, and a clean run's end state
    let original: State, clean: State;
    {
      await using db = await freshDatabase();
      await db.exec(FROM);
      await db.exec(SEED);
      original = await state(db);
      await db.applyScript(up);
      clean = await state(db);
      assert.ok(clean.ledger.length > 0, "the ledger records the transactional steps");
      // a finished migration.sql runs again: nothing changes
      await db.applyScript(up);
      assertSame(clean, await state(db), "up run twice");
      await db.applyScript(down);
      assertSame(original, await state(db), "down after up");
      assert.deepEqual(
        await db.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'smartspec_archive'"),
        [["0"]],
      );
      // a finished rollback.sql runs again: nothing changes
      await db.applyScript(down);
      assertSame(original, await state(db), "down run twice");
    }

    const n = splitSql(up).statements.length;
    for (let k = 1; k < n; k++) {
      const where = `up stopped before statement ${k + 1} of ${n}`;
      await using db = await freshDatabase();
      await db.exec(FROM);
      await db.exec(SEED);
      await applyStopped(db, stoppedAt(up, k));
      // the rollback from this point: the from-schema and every row
      await db.applyScript(down);
      assertSame(original, await state(db), `${where}, then rollback.sql`);
      // stopped at the same point again, then the whole file: as a clean run
      await applyStopped(db, stoppedAt(up, k));
      await db.applyScript(up);
      assertSame(clean, await state(db), `${where}, then migration.sql again`);
      await db.applyScript(up);
      assertSame(clean, await state(db), `${where}, then migration.sql a third time`);
    }

    const m = splitSql(down).statements.length;
    for (let k = 1; k < m; k++) {
      const where = `rollback stopped before statement ${k + 1} of ${m}`;
      await using db = await freshDatabase();
      await db.exec(FROM);
      await db.exec(SEED);
      await db.applyScript(up);
      await applyStopped(db, stoppedAt(down, k));
      await db.applyScript(down);
      assertSame(original, await state(db), `${where}, then rollback.sql again`);
    }
  },
});

Deno.test({
  name:
    "online re-run: a part run twice at once applies its steps once (the second waits, then skips)",
  ignore: !server,
  async fn() {
    await using p = await project();
    const run = await runTool(p.dir, ["specs/data/t/spec.md", "--online", "--run-id", "cc"]);
    assert.equal(run.code, 0, describeRun(run));
    const up = await readRunFile(p.dir, "cc", "migration.sql");
    // the first transactional part, and the file before it
    const starts = [...up.matchAll(/^-- part (\d+) of \d+: (one transaction|outside)/gm)];
    const k = starts.findIndex((m) => m[2] === "one transaction");
    assert.ok(k >= 0 && k + 1 < starts.length, up);
    const before = up.slice(0, starts[k].index);
    const part = up.slice(starts[k].index, starts[k + 1].index);
    const block = splitSql(part).statements.find((s) => s.sql.startsWith("DO $smartspec_part$"));
    assert.ok(block, part);
    await using db = await freshDatabase();
    await db.exec(FROM);
    await db.exec(SEED);
    if (before.trim()) await db.applyScript(before);
    const first = new pg.Client({ connectionString: db.url });
    await first.connect();
    try {
      // the first run is inside the part, not committed yet
      await first.query("BEGIN");
      await first.query(block.sql);
      // the second run of the same part waits for the first's advisory lock
      const second = db.applyScript(part).then(() => undefined, (e: Error) => e);
      // (watched from a third session: a transaction sees pg_stat_activity as of its start)
      let waiting = false;
      for (let i = 0; i < 400 && !waiting; i++) {
        const [[n]] = await db.query(
          "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'advisory'",
        );
        waiting = n !== "0";
        if (!waiting) await new Promise((ok) => setTimeout(ok, 25));
      }
      await first.query("COMMIT");
      assert.ok(waiting, "the second run waits on the part's advisory lock");
      assert.equal(await second, undefined, "the second run skips what the first did");
    } finally {
      await first.end();
    }
    // the rest of the file, then the result is a clean run's
    await db.applyScript(up);
    await using ref = await freshDatabase();
    await ref.exec(FROM);
    await ref.exec(SEED);
    await ref.applyScript(up);
    assertSame(await state(ref), await state(db), "a part run twice at once");
  },
});

const noSqitch = missingForRealTool("sqitch", "apt-get install sqitch libdbd-pg-perl");

Deno.test({
  name:
    "online re-run: a sqitch deploy that failed in a late part is deployed again, then reverted",
  ignore: !server || !!noSqitch,
  async fn() {
    await using p = await project();
    const run = await runTool(p.dir, [
      "specs/data/t/spec.md",
      "--online",
      "--apply",
      "--migration-tool",
      "sqitch",
      "--no-verify",
      "--json",
      "--run-id",
      "sq",
    ]);
    assert.equal(run.code, 0, describeRun(run));
    const written: string[] = JSON.parse(run.stdout).writes.migrations;
    const plan = written.find((w) => w.endsWith("sqitch.plan"))!;
    const top = plan.includes("/") ? plan.slice(0, plan.lastIndexOf("/")) : ".";
    await using db = await freshDatabase();
    const sqitch = (...args: string[]) =>
      runCommand("sqitch", [
        ...args.slice(0, 1),
        db.url!.replace(/^postgres:/, "db:pg:").replace(/\?.*$/, ""),
        ...args.slice(1),
      ], {
        cwd: join(p.dir, top),
        env: { SQITCH_FULLNAME: "Test", SQITCH_EMAIL: "test@example.invalid" },
      });
    await db.exec(FROM);
    await db.exec(SEED);
    // a duplicate email: the guard of the late UNIQUE constraint stops the deploy there
    await db.exec("UPDATE users SET email = 'U1@x' WHERE id = 2");
    await assert.rejects(sqitch("deploy"), /duplicate/);
    assert.deepEqual(
      await db.query(
        "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' " +
          "AND column_name = 'city'",
      ),
      [["1"]],
      "the parts before the failure stay applied",
    );
    // the cause fixed, the same deploy again: it ends at the to-schema
    await db.exec("UPDATE users SET email = 'U2@x' WHERE id = 2");
    await sqitch("deploy");
    await assertSchema(db, TO, "after the second sqitch deploy");
    await sqitch("revert", "-y");
    await assertSchema(db, FROM, "after sqitch revert");
    await using ref = await freshDatabase();
    await ref.exec(FROM);
    await ref.exec(SEED);
    await assertData(db, await userData(ref), "after sqitch revert");
  },
});
