/**
 * The batched backfill of `--online` on a real MariaDB (src/dialects/mysql/backfill.ts): an
 * interrupted backfill resumes after its last finished batch when the whole file is run again
 * (no finished batch is redone, every row ends right, in the migration and in the rollback);
 * `--batch-size` sets the batches' size; a batch whose row lock is held by another session past
 * its lock wait timeout is retried and the migration finishes once the lock is released; a table
 * keyed by two columns is backfilled online and the rollback gives every row back; the CLI's
 * `--batch-size` and the config's `online_batch_pause_ms` reach the procedure.
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { freshMariaDb, type MariaDb, mariadbTest } from "./helpers/mariadb_server.ts";
import { generate, roundTrip, runCase, specOf } from "./mysql_roundtrip.ts";
import { mysql } from "../src/dialects/mysql/mod.ts";
import { keyBeyond } from "../src/dialects/mysql/backfill.ts";
import { ACCEPTANCE_DIR, copyProject, describeRun, readRunFile, runTool } from "./helpers/cli.ts";

const FROM =
  "CREATE TABLE o (id INT PRIMARY KEY, amount DECIMAL(10,2) NOT NULL, note VARCHAR(20));";
const TO = "CREATE TABLE o (id INT PRIMARY KEY, amount BIGINT NOT NULL, note VARCHAR(20));";
const INTENTS = [{
  transform: "o.amount -> o.amount",
  up: "ROUND(amount * 100)",
  down: "amount / 100",
}];
const ROWS = 50;
const SEED = `INSERT INTO o VALUES ${
  Array.from({ length: ROWS }, (_, i) => `(${i + 1}, ${((i + 1) * 1.25).toFixed(2)}, 'n${i + 1}')`)
    .join(", ")
};`;

/** A fresh database with the from-schema and the seed; `before`: its rows as seeded. */
async function seededOrders(): Promise<MariaDb & { before: (string | null)[][] }> {
  const db = await freshMariaDb();
  try {
    await db.applyScript(FROM);
    await db.applyScript(SEED);
    return Object.assign(db, {
      before: await db.query("SELECT id, amount, note FROM o ORDER BY id"),
    });
  } catch (e) {
    await db.close();
    throw e;
  }
}

/** A job's progress: last key, rows done, batches, finished, switched, lock retries. */
const progress = (db: MariaDb, job: string) =>
  db.query(
    "SELECT last_key, rows_done, batches, finished, switched, lock_retries " +
      `FROM _smartspec_backfill WHERE job = '${job}'`,
  );

/** Every row converted: amount is bigint cents. */
async function assertConverted(db: MariaDb) {
  assert.deepEqual(await db.query("SELECT COUNT(*) FROM o WHERE amount = id * 125"), [[
    String(ROWS),
  ]]);
  assert.deepEqual(
    await db.query(
      "SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() " +
        "AND TABLE_NAME = 'o' AND COLUMN_NAME = 'amount'",
    ),
    [["bigint"]],
  );
}

const ownTables = (db: MariaDb) =>
  db.query(
    "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() " +
      "AND TABLE_NAME LIKE '\\_smartspec%' ORDER BY TABLE_NAME",
  );

mariadbTest(
  "mysql online backfill: an interrupted backfill resumes after its last batch on a re-run " +
    "of the whole file, batches of --batch-size rows, in both directions",
  async () => {
    const files = generate({
      from: FROM,
      to: TO,
      intents: INTENTS,
      online: true,
      batches: { batchSize: 7, pauseMs: 0, retries: 8 },
    });
    assert.deepEqual(files.blocked, []);
    assert.match(files.migration, /COALESCE\(@smartspec_batch_rows, 7\)/);
    await using db = await seededOrders();
    // a test trigger records every row a committed batch updates, and fails on an armed row
    await db.exec("CREATE TABLE touched (id INT NOT NULL)");
    await db.exec("CREATE TABLE fail_at (id INT NOT NULL)");
    await db.exec(
      "CREATE TRIGGER watch BEFORE UPDATE ON o FOR EACH ROW BEGIN\n" +
        "  IF EXISTS (SELECT 1 FROM fail_at WHERE id = NEW.id) THEN\n" +
        "    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'test: interrupted';\n" +
        "  END IF;\n" +
        "  INSERT INTO touched VALUES (NEW.id);\n" +
        "END",
    );
    const touched = () =>
      db.query("SELECT COUNT(*), COUNT(DISTINCT id), MIN(id), MAX(id) FROM touched");

    // up: the 5th batch (rows 29-35) fails; 4 batches of 7 are recorded
    await db.exec("INSERT INTO fail_at VALUES (30)");
    await assert.rejects(() => db.applyScript(files.migration), /test: interrupted/);
    assert.deepEqual(await progress(db, "t1:up:o:1"), [['["28"]', "28", "4", "0", "0", "0"]]);
    assert.deepEqual(await touched(), [["28", "28", "1", "28"]]);
    // the whole file again: it continues after row 28 and redoes no finished batch
    await db.exec("DELETE FROM fail_at");
    await db.applyScript(files.migration);
    assert.deepEqual(await touched(), [[String(ROWS), String(ROWS), "1", String(ROWS)]]);
    assert.deepEqual(await progress(db, "t1:up:o:1"), [['["50"]', "50", "8", "1", "1", "0"]]);
    await assertConverted(db);
    // once more: the part is done (switched), so its statements are skipped; nothing changes
    await db.applyScript(files.migration);
    assert.deepEqual(await touched(), [[String(ROWS), String(ROWS), "1", String(ROWS)]]);
    await assertConverted(db);

    // rollback: interrupted in its backfill, then run again as a whole
    await db.exec("DELETE FROM touched");
    await db.exec("INSERT INTO fail_at VALUES (16)");
    await assert.rejects(() => db.applyScript(files.rollback), /test: interrupted/);
    assert.deepEqual(await progress(db, "t1:down:o:1"), [['["14"]', "14", "2", "0", "0", "0"]]);
    assert.deepEqual(await progress(db, "t1:up:o:1"), [], "the migration's jobs are forgotten");
    await db.exec("DELETE FROM fail_at");
    await db.applyScript(files.rollback);
    assert.deepEqual(await touched(), [[String(ROWS), String(ROWS), "1", String(ROWS)]]);
    assert.deepEqual(await db.query("SELECT id, amount, note FROM o ORDER BY id"), db.before);
    assert.deepEqual(await ownTables(db), [], "no archive or progress table is left");
  },
);

mariadbTest(
  "mysql online backfill: a file of two parts interrupted in the second one's backfill runs " +
    "again as a whole (the done part is skipped) and rolls back",
  async () => {
    const people = "CREATE TABLE a_people (id INT PRIMARY KEY, first_name VARCHAR(20), " +
      "last_name VARCHAR(20));";
    const files = generate({
      from: people + FROM,
      to: "CREATE TABLE a_people (id INT PRIMARY KEY, display_name VARCHAR(41) NOT NULL);" + TO,
      intents: [
        {
          merge: "a_people.first_name, a_people.last_name -> a_people.display_name",
          separator: " ",
        },
        ...INTENTS,
      ],
      online: true,
      batches: { batchSize: 4, pauseMs: 0, retries: 8 },
    });
    assert.deepEqual(files.blocked, []);
    const text = files.migration;
    assert.ok(text.indexOf("table a_people ====") < text.indexOf("table o ===="), text);
    await using db = await seededOrders();
    await db.applyScript(people);
    await db.exec(
      `INSERT INTO a_people VALUES ${
        Array.from({ length: 10 }, (_, i) => `(${i + 1}, 'F${i + 1}', 'L${i + 1}')`).join(", ")
      }`,
    );
    const peopleBefore = await db.query("SELECT * FROM a_people ORDER BY id");
    await db.exec("CREATE TABLE fail_at (id INT NOT NULL)");
    await db.exec("INSERT INTO fail_at VALUES (10)");
    await db.exec(
      "CREATE TRIGGER watch BEFORE UPDATE ON o FOR EACH ROW BEGIN\n" +
        "  IF EXISTS (SELECT 1 FROM fail_at WHERE id = NEW.id) THEN\n" +
        "    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'test: interrupted';\n" +
        "  END IF;\n" +
        "END",
    );
    await assert.rejects(() => db.applyScript(text), /test: interrupted/);
    // the first part is done (its sources are gone), the second stopped after two batches
    assert.deepEqual(
      (await progress(db, "t1:up:a_people:1")).map((r) => r.slice(3, 5)),
      [["1", "1"]],
    );
    assert.deepEqual(await progress(db, "t1:up:o:1"), [['["8"]', "8", "2", "0", "0", "0"]]);
    await db.exec("DELETE FROM fail_at");
    await db.applyScript(text);
    await assertConverted(db);
    assert.deepEqual(
      await db.query(
        "SELECT COUNT(*) FROM a_people WHERE display_name = CONCAT('F', id, ' L', id)",
      ),
      [["10"]],
    );
    assert.deepEqual(await progress(db, "t1:up:o:1"), [['["50"]', "50", "13", "1", "1", "0"]]);
    await db.applyScript(files.rollback);
    assert.deepEqual(await db.query("SELECT id, amount, note FROM o ORDER BY id"), db.before);
    assert.deepEqual(await db.query("SELECT * FROM a_people ORDER BY id"), peopleBefore);
    assert.deepEqual(await ownTables(db), []);
  },
);

mariadbTest(
  "mysql online backfill: a batch whose rows another session holds locked is retried and " +
    "finishes once the lock is released",
  async () => {
    const files = generate({
      from: FROM,
      to: TO,
      intents: INTENTS,
      online: true,
      batches: { batchSize: 10, pauseMs: 0, retries: 8 },
    });
    await using db = await seededOrders();
    const text = files.migration;
    const call = text.indexOf("CALL `_smartspec_batch__t1`();\n");
    assert.ok(call > 0, text);
    // up to the batches (the table changes need no row lock), then a writer holds row 25
    await db.applyScript(text.slice(0, call));
    await db.exec("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
    await db.exec("START TRANSACTION");
    await db.query("SELECT id FROM o WHERE id = 25 FOR UPDATE");
    const head = text.slice(0, text.indexOf("-- ==== part"));
    const run = db.applyScript(head + text.slice(call)).then(() => undefined, (e: Error) => e);
    let seen: (string | null)[][] = [];
    for (let i = 0; i < 1200; i++) {
      seen = await progress(db, "t1:up:o:1");
      if (Number(seen[0]?.[5] ?? 0) > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // two batches done, the third (rows 21-30) waits for row 25 and is retried
    assert.deepEqual(seen.map((r) => r.slice(0, 4)), [['["20"]', "20", "2", "0"]]);
    assert.ok(Number(seen[0][5]) >= 1, `lock retries: ${seen[0][5]}`);
    await db.exec("COMMIT");
    assert.equal(await run, undefined);
    const [done] = await progress(db, "t1:up:o:1");
    assert.deepEqual(done.slice(0, 4), ['["50"]', "50", "5", "1"]);
    assert.ok(Number(done[5]) >= 1);
    await assertConverted(db);
  },
);

mariadbTest(
  "mysql online backfill: a table keyed by two columns is backfilled in batches by its key " +
    "and the rollback restores every row",
  async () => {
    const from = "CREATE TABLE li (order_id INT NOT NULL, sku VARCHAR(20) NOT NULL, " +
      "price DECIMAL(10,2), PRIMARY KEY (order_id, sku));";
    const to = "CREATE TABLE li (order_id INT NOT NULL, sku VARCHAR(20) NOT NULL, " +
      "price BIGINT, PRIMARY KEY (order_id, sku));";
    const rows: string[] = [];
    for (let o = 1; o <= 4; o++) {
      for (let k = 0; k < 2 + o; k++) rows.push(`(${o}, 'sku-${k}', ${o * 10 + k}.${k}5)`);
    }
    rows.push("(5, 'x', NULL)");
    const c = {
      from,
      to,
      seed: `INSERT INTO li VALUES ${rows.join(", ")};`,
      intents: [{
        transform: "li.price -> li.price",
        up: "ROUND(price * 100)",
        down: "price / 100",
      }],
      online: true,
      batches: { batchSize: 3, pauseMs: 0, retries: 8 },
      after_up: [
        {
          sql: "SELECT COUNT(*) FROM li WHERE price = ROUND((order_id * 10 + " +
            "CAST(SUBSTRING(sku, 5) AS UNSIGNED) + CAST(SUBSTRING(sku, 5) AS UNSIGNED) / 10 + " +
            "0.05) * 100) OR (order_id = 5 AND price IS NULL)",
          rows: [[String(rows.length)]],
        },
        {
          // 19 rows in batches of 3: 7 batches, the last key (5, 'x')
          sql: "SELECT last_key, rows_done, batches, finished FROM _smartspec_backfill " +
            "WHERE job = 't1:up:li:1'",
          rows: [['["5", "x"]', String(rows.length), String(Math.ceil(rows.length / 3)), "1"]],
        },
      ],
    };
    const files = generate(c);
    assert.match(files.migration, /CALL `_smartspec_batch__t1`\(\)/);
    // the keyset comparison is written out (an index range), not as a row constructor
    assert.match(
      files.migration,
      /`order_id` >= smartspec_last1 AND \(`order_id` > smartspec_last1 OR \(`order_id` = smartspec_last1 AND `sku` > smartspec_last2\)\)/,
    );
    const problems = await roundTrip(c);
    assert.deepEqual(problems, []);
  },
);

mariadbTest(
  "mysql online backfill: the written-out keyset comparison reads a range of the index",
  async () => {
    await using db = await freshMariaDb();
    await db.exec(
      "CREATE TABLE k (a INT NOT NULL, b VARCHAR(10) NOT NULL, v INT, PRIMARY KEY (a, b))",
    );
    await db.exec(
      `INSERT INTO k VALUES ${
        Array.from({ length: 300 }, (_, i) => `(${i % 30}, 'b${i}', ${i})`).join(", ")
      }`,
    );
    await db.exec("ANALYZE TABLE k");
    const where = keyBeyond(["`a`", "`b`"], ["12", "'b100'"], ">");
    const [plan] = await db.query(
      `EXPLAIN SELECT a, b FROM k WHERE ${where} ORDER BY a, b LIMIT 5`,
    );
    assert.deepEqual([plan[3], plan[5]], ["range", "PRIMARY"], JSON.stringify(plan));
    const [upd] = await db.query(
      `EXPLAIN UPDATE k SET v = 0 WHERE ${where} AND ${
        keyBeyond(["`a`", "`b`"], ["20", "'b200'"], "<", true)
      }`,
    );
    assert.deepEqual([upd[3], upd[5]], ["range", "PRIMARY"], JSON.stringify(upd));
  },
);

Deno.test({
  name: "mysql online backfill: --batch-size and online_batch_pause_ms reach the procedure",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using p = await copyProject(join(ACCEPTANCE_DIR, "accounts_mysql"));
    await Deno.mkdir(join(p.dir, ".spec"), { recursive: true });
    await Deno.writeTextFile(
      join(p.dir, ".spec/smartspec.config.yaml"),
      "data_migration_generator:\n  online_batch_pause_ms: 250\n",
    );
    const run = await runTool(p.dir, [
      "specs/data/accounts/spec.md",
      "--from-schema",
      "db/schema_v1.sql",
      "--to-schema",
      "db/schema_v2.sql",
      "--online",
      "--batch-size",
      "7",
      "--run-id",
      "bf",
    ]);
    assert.equal(run.code, 0, describeRun(run));
    for (const file of ["migration.sql", "rollback.sql"]) {
      const text = await readRunFile(p.dir, "bf", file);
      assert.match(
        text,
        /DECLARE smartspec_rows BIGINT DEFAULT GREATEST\(COALESCE\(@smartspec_batch_rows, 7\), 1\);/,
      );
      assert.match(
        text,
        /DECLARE smartspec_pause DOUBLE DEFAULT COALESCE\(@smartspec_batch_pause, 0\.25\);/,
      );
    }
  },
});

Deno.test("mysql online backfill: MySQL 8 files use no MariaDB-only form; a done part stops a re-run", () => {
  const r = runCase({ from: FROM, to: TO, online: true }, specOf(INTENTS), { dialect: mysql });
  const up = r.files.migration;
  assert.match(up, /CALL `_smartspec_batch__t1`\(\)/);
  assert.doesNotMatch(
    up,
    /BEGIN NOT ATOMIC|(ADD|DROP|CHANGE|MODIFY) (COLUMN|INDEX|KEY) IF|RENAME TABLE IF|PREPARE/,
  );
  assert.match(up, /o is done: run the file from the next part/);
  assert.match(up, /DECLARE EXIT HANDLER FOR 1205, 1213/);
});
