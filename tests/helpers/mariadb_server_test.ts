import assert from "node:assert/strict";
import {
  freshMariaDb,
  mariadbAvailable,
  mariadbServerInfo,
  mariadbSkipReason,
} from "./mariadb_server.ts";

const ignore = !mariadbAvailable();

Deno.test({
  name: "mariadb_server: the server reports its version and flavor",
  ignore,
  async fn() {
    const info = await mariadbServerInfo();
    assert.match(info.version, /^\d+\.\d+\.\d+/);
    if (info.flavor === "mariadb") assert.match(info.version, /MariaDB/);
  },
});

Deno.test({
  name: "mariadb_server: values come back as text, NULL as null",
  ignore,
  async fn() {
    await using db = await freshMariaDb();
    const rows = await db.query(
      "SELECT 1, CAST(19.9 AS DECIMAL(10,2)), NULL, 'x', CAST('2020-01-01 10:00' AS DATETIME)",
    );
    assert.deepEqual(rows, [["1", "19.90", null, "x", "2020-01-01 10:00:00"]]);
  },
});

Deno.test({
  name: "mariadb_server: each fresh database is empty and independent",
  ignore,
  async fn() {
    await using a = await freshMariaDb();
    await using b = await freshMariaDb();
    assert.notEqual(a.name, b.name);
    await a.exec("CREATE TABLE t (id int); INSERT INTO t VALUES (1), (2);");
    assert.deepEqual(await a.query("SELECT count(*) FROM t"), [["2"]]);
    const inB = await b.query(
      `SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${b.name}'`,
    );
    assert.deepEqual(inB, [["0"]]);
  },
});

Deno.test({
  name: "mariadb_server: errors carry the server message; the connection stays usable",
  ignore,
  async fn() {
    await using db = await freshMariaDb();
    await db.exec("CREATE TABLE t (id int PRIMARY KEY)");
    await db.exec("INSERT INTO t VALUES (1)");
    await assert.rejects(db.exec("INSERT INTO t VALUES (1)"), /Duplicate entry '1'.*23000/s);
    assert.deepEqual(await db.query("SELECT id FROM t"), [["1"]]);
  },
});

Deno.test({
  name: "mariadb_server: applyScript understands DELIMITER and stops at the first error",
  ignore,
  async fn() {
    await using db = await freshMariaDb();
    await db.applyScript(
      "CREATE TABLE t (id int);\nDELIMITER ;;\n" +
        "CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW BEGIN\n" +
        "  IF NEW.id < 0 THEN SET NEW.id = 0; END IF;\nEND;;\nDELIMITER ;\n" +
        "INSERT INTO t VALUES (-5);\n",
    );
    assert.deepEqual(await db.query("SELECT id FROM t"), [["0"]]);
    await assert.rejects(
      db.applyScript(
        "INSERT INTO t VALUES (2);\n" +
          "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 't.id: guard failed';\n" +
          "INSERT INTO t VALUES (3);\n",
      ),
      /t\.id: guard failed/,
    );
    assert.deepEqual(await db.query("SELECT id FROM t ORDER BY id"), [["0"], ["2"]]);
  },
});

Deno.test({
  name: "mariadb_server: dump writes the database's DDL",
  ignore,
  async fn() {
    await using db = await freshMariaDb();
    await db.exec("CREATE TABLE t (id int PRIMARY KEY, v varchar(20))");
    const text = await db.dump(["--no-data"]);
    assert.match(text, /CREATE TABLE `t` \(\n\s+`id` int\(11\) NOT NULL,/);
  },
});

Deno.test("mariadb_server: a skip always has a reason", () => {
  const why = mariadbSkipReason();
  assert.equal(why === undefined, mariadbAvailable());
  if (why !== undefined) assert.ok(why.length > 10);
});
