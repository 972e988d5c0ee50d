/**
 * The online data move (expand / backfill / contract) on a real PostgreSQL, small tables:
 * an interrupted backfill resumes after the last finished batch and ends with every row right;
 * a batch whose row lock is held by another session past `lock_timeout` is retried with backoff
 * and the migration finishes; the files run with psql and, written by `--apply`, with dbmate's
 * `transaction:false` migrations; the rollback restores every row. Skipped without server
 * binaries (PGlite has no second session and no psql).
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import pg from "pg";
import { describeRun, readRunFile, runTool } from "./helpers/cli.ts";
import { engineKind, freshDatabase, type TestDb } from "./helpers/pg_server.ts";
import { missingForRealTool, runCommand } from "./helpers/migration_tools.ts";

const FROM = "CREATE TABLE orders (id bigint PRIMARY KEY, amount text NOT NULL, note text);\n";
const TO =
  "CREATE TABLE orders (id bigint PRIMARY KEY, amount_cents bigint NOT NULL, note text);\n";
const SPEC = `# Orders

\`\`\`yaml migration
from_schema: db/schema_v1.sql
to_schema: db/schema_v2.sql
intents:
  - transform: orders.amount -> orders.amount_cents
    up: "round(amount::numeric * 100)::bigint"
    down: "to_char(amount_cents / 100.0, 'FM999999990.00')"
    samples: ["12.50", "0.99", "100.00"]
\`\`\`
`;
const ROWS = 100;
const SEED = `INSERT INTO orders SELECT g, to_char(g * 1.25, 'FM999990.00'), 'n' || g ` +
  `FROM generate_series(1, ${ROWS}) g`;
const server = await engineKind() === "server";

async function project(config: string): Promise<AsyncDisposable & { dir: string }> {
  const dir = await Deno.makeTempDir({ prefix: "smartspec-backfill-" });
  const files: Record<string, string> = {
    "specs/data/orders/spec.md": SPEC,
    "db/schema_v1.sql": FROM,
    "db/schema_v2.sql": TO,
    ".spec/smartspec.config.yaml": config,
  };
  for (const [p, text] of Object.entries(files)) {
    await Deno.mkdir(join(dir, p, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, p), text);
  }
  return { dir, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

/** Generates the online migration; returns both files. */
async function generate(dir: string, args: string[]) {
  const run = await runTool(dir, [
    "specs/data/orders/spec.md",
    "--online",
    "--run-id",
    "on",
    ...args,
  ]);
  assert.equal(run.code, 0, describeRun(run));
  return {
    up: await readRunFile(dir, "on", "migration.sql"),
    down: await readRunFile(dir, "on", "rollback.sql"),
  };
}

/** Every row converted: amount_cents = amount * 100, the source column gone. */
async function assertConverted(db: TestDb) {
  assert.deepEqual(
    await db.query(
      `SELECT count(*) FROM orders WHERE amount_cents = round(id * 125)::bigint`,
    ),
    [[String(ROWS)]],
  );
  assert.deepEqual(
    await db.query(
      "SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' " +
        "AND column_name = 'amount'",
    ),
    [["0"]],
  );
}

/** A fresh database with the from-schema and the seed; `before`: its orders as seeded. */
async function seededOrders(): Promise<TestDb & { before: (string | null)[][] }> {
  const db = await freshDatabase();
  try {
    await db.exec(FROM);
    await db.exec(SEED);
    return Object.assign(db, {
      before: await db.query("SELECT id, amount, note FROM orders ORDER BY id"),
    });
  } catch (e) {
    await db[Symbol.asyncDispose]();
    throw e;
  }
}

const progressRow = (db: TestDb) =>
  db.query(
    "SELECT last_key, rows_done, finished, switched, lock_retries " +
      "FROM smartspec_archive.smartspec_backfill",
  );

Deno.test({
  name: "online backfill: an interrupted backfill resumes after its last batch; every row right",
  ignore: !server,
  async fn() {
    await using p = await project("");
    const { up, down } = await generate(p.dir, ["--batch-size", "10"]);
    await using db = await seededOrders();
    const before = db.before;
    // a test trigger records every row the backfill updates, and fails on row 55 while armed
    await db.exec(`
      CREATE TABLE touched (id bigint);
      CREATE TABLE fail_at (id bigint);
      INSERT INTO fail_at VALUES (55);
      CREATE FUNCTION watch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO touched VALUES (NEW.id);
        IF EXISTS (SELECT 1 FROM fail_at WHERE id = NEW.id) THEN
          RAISE EXCEPTION 'test: batch interrupted at %', NEW.id;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER watch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION watch();`);
    await assert.rejects(db.applyScript(up), /batch interrupted at 55/);
    // five batches of ten committed; the sixth rolled back
    assert.deepEqual(await progressRow(db), [["50", "50", "f", "f", "0"]]);
    assert.deepEqual(
      await db.query(
        "SELECT count(amount_cents), min(id) FILTER (WHERE amount_cents IS NULL) FROM orders",
      ),
      [["50", "51"]],
    );
    // the cause fixed, the same file again: it continues after key 50
    await db.exec("DELETE FROM fail_at");
    await db.applyScript(up);
    await assertConverted(db);
    assert.deepEqual(
      await db.query("SELECT count(*), count(DISTINCT id) FROM touched WHERE id <= 50"),
      [["50", "50"]],
      "rows of the finished batches were not updated again",
    );
    assert.deepEqual(
      await db.query(
        "SELECT rows_done, finished, switched FROM smartspec_archive.smartspec_backfill",
      ),
      [[String(ROWS), "t", "t"]],
    );
    // running it once more changes nothing
    await db.applyScript(up);
    await assertConverted(db);
    // the rollback restores every row, and again after an interruption
    await db.exec("INSERT INTO fail_at VALUES (77)");
    await assert.rejects(db.applyScript(down), /batch interrupted at 77/);
    await db.exec("DELETE FROM fail_at");
    await db.applyScript(down);
    await db.exec("DROP TRIGGER watch ON orders");
    assert.deepEqual(await db.query("SELECT id, amount, note FROM orders ORDER BY id"), before);
    assert.deepEqual(
      await db.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'smartspec_archive'"),
      [["0"]],
    );
  },
});

Deno.test({
  name: "online backfill: the rollback after an interrupted migration leaves the source as it was",
  ignore: !server,
  async fn() {
    await using p = await project("");
    const { up, down } = await generate(p.dir, ["--batch-size", "10"]);
    await using db = await seededOrders();
    const before = db.before;
    await db.exec(`
      CREATE FUNCTION stop() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id = 42 THEN RAISE EXCEPTION 'test: stopped at 42'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER stop BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION stop();`);
    await assert.rejects(db.applyScript(up), /stopped at 42/);
    // a writer meanwhile: the trigger keeps the half-filled new column in step
    await db.exec("UPDATE orders SET amount = '9.99' WHERE id = 90");
    assert.deepEqual(await db.query("SELECT amount_cents FROM orders WHERE id = 90"), [["999"]]);
    await db.exec("UPDATE orders SET amount = to_char(90 * 1.25, 'FM999990.00') WHERE id = 90");
    await db.applyScript(down);
    await db.exec("DROP TRIGGER stop ON orders");
    assert.deepEqual(await db.query("SELECT id, amount, note FROM orders ORDER BY id"), before);
    assert.deepEqual(
      await db.query(
        "SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' " +
          "AND column_name = 'amount_cents'",
      ),
      [["0"]],
    );
    assert.deepEqual(
      await db.query(
        "SELECT (SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'smartspec%'), " +
          "(SELECT count(*) FROM pg_namespace WHERE nspname = 'smartspec_archive')",
      ),
      [["0", "0"]],
    );
  },
});

Deno.test({
  name: "online backfill: a row lock held past lock_timeout is retried with backoff",
  ignore: !server,
  async fn() {
    await using p = await project("data_migration_generator:\n  lock_timeout: 200ms\n");
    const { up, down } = await generate(p.dir, ["--batch-size", "10", "--batch-pause", "100"]);
    assert.match(up, /SET lock_timeout = '200ms';/);
    await using db = await seededOrders();
    const before = db.before;
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      // once the new column is there, another session holds row 35 for 1.5 s
      const locker = (async () => {
        for (let i = 0; i < 400; i++) {
          const r = await other.query(
            "SELECT 1 FROM information_schema.columns WHERE table_name = 'orders' " +
              "AND column_name = 'amount_cents'",
          );
          if (r.rowCount) break;
          await new Promise((ok) => setTimeout(ok, 10));
        }
        await other.query("BEGIN");
        await other.query("SELECT * FROM orders WHERE id = 35 FOR UPDATE");
        await new Promise((ok) => setTimeout(ok, 1500));
        await other.query("COMMIT");
      })();
      await db.applyScript(up);
      await locker;
    } finally {
      await other.end();
    }
    await assertConverted(db);
    const [[, , finished, switched, retries]] = await progressRow(db);
    assert.equal(finished, "t");
    assert.equal(switched, "t");
    assert.ok(Number(retries) >= 1, `the locked batch was retried (lock_retries ${retries})`);
    await db.applyScript(down);
    assert.deepEqual(await db.query("SELECT id, amount, note FROM orders ORDER BY id"), before);
  },
});

const noDbmate = missingForRealTool("dbmate", "npm i -g dbmate@2.36.0");

Deno.test({
  name: "online backfill: --apply dbmate writes transaction:false migrations that dbmate runs",
  ignore: !server || !!noDbmate,
  async fn() {
    await using p = await project("");
    const run = await runTool(p.dir, [
      "specs/data/orders/spec.md",
      "--online",
      "--batch-size",
      "7",
      "--apply",
      "--migration-tool",
      "dbmate",
      "--json",
      "--run-id",
      "dbm",
    ]);
    assert.equal(run.code, 0, describeRun(run));
    const written: string[] = JSON.parse(run.stdout).writes.migrations;
    const texts = await Promise.all(written.map((f) => Deno.readTextFile(join(p.dir, f))));
    assert.ok(
      texts.some((t) => /-- migrate:up transaction:false[\s\S]*DO \$smartspec\$/.test(t)),
      texts.join("\n----\n"),
    );
    await using db = await seededOrders();
    const before = db.before;
    const dbmate = (...args: string[]) =>
      runCommand("dbmate", [
        "--url",
        db.url!,
        "--migrations-dir",
        join(p.dir, "db/migrations"),
        "--no-dump-schema",
        ...args,
      ], { cwd: p.dir });
    await dbmate("up");
    await assertConverted(db);
    for (const _ of written) await dbmate("rollback");
    assert.deepEqual(await db.query("SELECT id, amount, note FROM orders ORDER BY id"), before);
  },
});
