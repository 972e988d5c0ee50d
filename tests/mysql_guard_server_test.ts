/** MySQL guards on a real server, run the way users run migrations (the command-line client). */
import assert from "node:assert/strict";
import { guardName, guardSql } from "../src/dialects/mysql/guard.ts";
import { freshMariaDb, mariadbAvailable } from "./helpers/mariadb_server.ts";

const opts = { ignore: !mariadbAvailable(), sanitizeResources: false, sanitizeOps: false };

Deno.test({
  name: "mysql guard: a violating row stops the script before anything after it runs",
  ...opts,
  async fn() {
    await using db = await freshMariaDb();
    await db.exec(
      "CREATE TABLE accounts (id int PRIMARY KEY, handle varchar(90)); " +
        "INSERT INTO accounts VALUES (1, 'ada'), (2, REPEAT('x', 70))",
    );
    const guard = guardSql(
      "SELECT 1 FROM `accounts` WHERE CHAR_LENGTH(`handle`) > 60",
      "accounts.handle: values longer than 60 characters",
    );
    assert.ok(!/DELIMITER/i.test(guard));
    await assert.rejects(
      db.applyScript(`${guard}\nALTER TABLE accounts MODIFY handle varchar(60);\n`),
      /accounts\.handle: values longer than 60 characters/,
    );
    // nothing after the guard ran
    assert.deepEqual(
      await db.query(
        `SELECT CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '${db.name}' AND COLUMN_NAME = 'handle'`,
      ),
      [["90"]],
    );
  },
});

Deno.test({
  name: "mysql guard: without a violating row the script goes on and leaves nothing behind",
  ...opts,
  async fn() {
    await using db = await freshMariaDb();
    await db.exec("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 5)");
    const script = [
      guardSql("SELECT 1 FROM `t` WHERE `v` IS NULL", "t.v: NULLs present", 1),
      guardSql("SELECT 1 FROM `t` WHERE `v` > 100", "t.v: values above 100", 2),
      "ALTER TABLE t MODIFY v int NOT NULL;",
    ].join("\n");
    await db.applyScript(script);
    assert.deepEqual(
      await db.query(
        `SELECT IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '${db.name}' AND COLUMN_NAME = 'v'`,
      ),
      [["NO"]],
    );
    assert.deepEqual(
      await db.query(
        `SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${db.name}'`,
      ),
      [["1"]],
    );
    // the same guard runs again in the same session (its scratch table was dropped)
    await db.applyScript(
      `${script.split("\n").slice(0, 3).join("\n")}\n${script.split("\n").slice(0, 3).join("\n")}`,
    );
  },
});

Deno.test("mysql guard: messages become valid constraint names", () => {
  assert.equal(guardName("a.b: bad\nthing"), "a.b: bad thing");
  const long = guardName(
    "orders.customer_email: values that are not valid addresses were found in 12 rows",
  );
  assert.equal([...long].length, 64);
  assert.ok(long.endsWith("..."));
  assert.match(guardSql("SELECT 1", "it's `odd`"), /CONSTRAINT `it's ``odd``` CHECK/);
});
