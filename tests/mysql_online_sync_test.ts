/**
 * `--online` on a real MariaDB: writes made after a row's batch, and rows inserted during the
 * backfill, are followed by the moved columns (the sync triggers of src/dialects/mysql/sync.ts),
 * in the migration and in the rollback, and the round trip still gives every row back.
 * @module
 */
import assert from "node:assert/strict";
import { freshMariaDb, mariadbTest } from "./helpers/mariadb_server.ts";
import { generate } from "./mysql_roundtrip.ts";

const CALL = "CALL `_smartspec_batch__t1`();\nDROP PROCEDURE IF EXISTS `_smartspec_batch__t1`;\n";

/** The file cut right after its batches: [up to the batches, the SET lines + the rest]. */
function cut(text: string): [string, string] {
  const at = text.indexOf(CALL);
  assert.ok(at > 0, `no batch procedure in:\n${text}`);
  assert.equal(text.indexOf(CALL, at + 1), -1, "one batch procedure expected");
  const head = text.slice(0, text.indexOf("-- ==== part"));
  return [text.slice(0, at + CALL.length), head + text.slice(at + CALL.length)];
}

mariadbTest(
  "mysql online: writes during and after the batches reach the moved columns",
  async () => {
    const from =
      "CREATE TABLE p (id INT PRIMARY KEY, first_name VARCHAR(50), last_name VARCHAR(50));";
    const seed =
      "INSERT INTO p VALUES (1, 'Mary Ann', 'Smith'), (2, 'Cher', NULL), (3, 'Ada', 'X');";
    const files = generate({
      from,
      to: "CREATE TABLE p (id INT PRIMARY KEY, display_name VARCHAR(101) NOT NULL);",
      intents: [{ merge: "p.first_name, p.last_name -> p.display_name", separator: " " }],
      online: true,
    });
    assert.deepEqual(files.blocked, []);
    await using db = await freshMariaDb();
    await db.applyScript(from);
    await db.applyScript(seed);
    const triggers = () =>
      db.query(
        "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()",
      );

    // up: batches run; then a writer changes a source of a filled row and inserts a row
    const [upFirst, upRest] = cut(files.migration);
    await db.applyScript(`SET @smartspec_batch_rows = 1;\n${upFirst}`);
    assert.deepEqual(await triggers(), [["2"]]);
    await db.exec("UPDATE p SET last_name = 'Jones' WHERE id = 1");
    await db.exec("UPDATE p SET first_name = 'Ada' WHERE id = 3"); // same value: nothing moves
    await db.exec("INSERT INTO p (id, first_name, last_name) VALUES (4, 'New', 'Row')");
    await db.applyScript(upRest);
    assert.deepEqual(await db.query("SELECT id, display_name FROM p ORDER BY id"), [
      ["1", "Mary Ann Jones"],
      ["2", "Cher"],
      ["3", "Ada X"],
      ["4", "New Row"],
    ]);
    assert.deepEqual(await triggers(), [["0"]]);

    // rollback: batches run; a writer changes a merged value, rewrites one unchanged (its
    // archived exact sources stay), and inserts a row
    const [downFirst, downRest] = cut(files.rollback);
    await db.applyScript(downFirst);
    assert.deepEqual(await triggers(), [["2"]]);
    await db.exec("UPDATE p SET display_name = 'Cher Sarkisian' WHERE id = 2");
    await db.exec("UPDATE p SET display_name = display_name WHERE id = 1");
    await db.exec("INSERT INTO p (id, display_name) VALUES (5, 'Grace Hopper')");
    await db.applyScript(downRest);
    assert.deepEqual(await db.query("SELECT id, first_name, last_name FROM p ORDER BY id"), [
      ["1", "Mary Ann", "Jones"],
      ["2", "Cher", "Sarkisian"],
      ["3", "Ada", "X"],
      ["4", "New", "Row"],
      ["5", "Grace", "Hopper"],
    ]);
    assert.deepEqual(await triggers(), [["0"]]);
  },
);

mariadbTest(
  "mysql online: an in-place transform follows writes made after its batches",
  async () => {
    const from = "CREATE TABLE o (id INT PRIMARY KEY, amount DECIMAL(10,2));";
    const files = generate({
      from,
      to: "CREATE TABLE o (id INT PRIMARY KEY, amount BIGINT);",
      intents: [{
        transform: "o.amount -> o.amount",
        up: "ROUND(amount * 100)",
        down: "amount / 100",
      }],
      online: true,
    });
    assert.deepEqual(files.blocked, []);
    await using db = await freshMariaDb();
    await db.applyScript(from);
    await db.applyScript("INSERT INTO o VALUES (1, 1.50), (2, NULL);");
    const [first, rest] = cut(files.migration);
    await db.applyScript(first);
    await db.exec("UPDATE o SET amount = 2.25 WHERE id = 1");
    await db.exec("INSERT INTO o (id, amount) VALUES (3, 0.07)");
    await db.applyScript(rest);
    assert.deepEqual(await db.query("SELECT id, amount FROM o ORDER BY id"), [
      ["1", "225"],
      ["2", null],
      ["3", "7"],
    ]);
  },
);
