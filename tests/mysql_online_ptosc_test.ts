/**
 * `--online` MySQL/MariaDB files whose ALTERs would copy the table: the file stops at each
 * pt-online-schema-change block until the change is in place, and the generated command, run for
 * real with Percona Toolkit on MariaDB (when `pt-online-schema-change` is installed), makes the
 * change: the round trip then gives every row back. The command's rendering (shell quoting, DSN)
 * is unit-tested in src/dialects/mysql/online_test.ts.
 * @module
 */
import assert from "node:assert/strict";
import { findMysqlBinaries, freshMariaDb, mariadbTest } from "./helpers/mariadb_server.ts";
import {
  generate,
  type MysqlCase,
  ptOscAvailable,
  roundTrip,
  runCase,
  runPtOsc,
  specOf,
} from "./mysql_roundtrip.ts";

const noPt = ptOscAvailable() ? "" : "pt-online-schema-change is not installed (percona-toolkit)";

/** A table whose change copies (a narrowed VARCHAR, INT to BIGINT), with a rename and a split. */
const COPYING: MysqlCase = {
  online: true,
  from: "CREATE TABLE `user list` (\n  id int PRIMARY KEY,\n  name varchar(60),\n" +
    "  age int,\n  full_name varchar(100),\n  `old nick` varchar(20)\n);\n",
  to: "CREATE TABLE `user list` (\n  id int PRIMARY KEY,\n  name varchar(30),\n" +
    "  age bigint,\n  first_name varchar(50),\n  last_name varchar(50),\n" +
    "  `new nick` varchar(20)\n);\n",
  seed: "INSERT INTO `user list` VALUES (1, 'Ann', 30, 'Mary Ann Smith', 'a''b'), " +
    "(2, NULL, NULL, NULL, NULL), (3, 'C:\\\\new', -1, 'Bo', 'x');\n",
  intents: [
    { split: "user list.full_name -> user list.first_name, user list.last_name", separator: " " },
    { rename: "user list.old nick -> user list.new nick" },
  ],
};

mariadbTest(
  "mysql online: the file stops at a pt-osc block until its change is in place",
  async () => {
    const files = generate(COPYING);
    assert.deepEqual(files.blocked, []);
    assert.match(files.migration, /pt-online-schema-change --alter /);
    await using db = await freshMariaDb();
    await db.applyScript(COPYING.from);
    await db.applyScript(COPYING.seed!);
    await assert.rejects(
      () => db.applyScript(files.migration),
      /run pt-online-schema-change #1 first/,
    );
    // stopped before the table changed: the columns are the from-schema's (the generator's own
    // tables aside: the progress table of the batches is there)
    const cols = await db.query(
      "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() " +
        "AND TABLE_NAME NOT LIKE '\\_smartspec\\_%' ORDER BY ORDINAL_POSITION",
    );
    assert.deepEqual(cols.map((r) => r[0]), ["id", "name", "age", "full_name", "old nick"]);
  },
);

mariadbTest(
  "mysql online: the round trip with each pt-osc block run by its equivalent ALTER",
  async () => {
    assert.deepEqual(await roundTrip(COPYING), []);
  },
);

mariadbTest(
  "mysql online: the generated pt-online-schema-change commands run for real",
  async () => {
    let ran = 0;
    const problems = await roundTrip({
      ...COPYING,
      runBlock: async (db, b) => {
        ran++;
        await runPtOsc(db, b.command);
      },
    });
    assert.deepEqual(problems, []);
    assert.equal(ran, 2, "one pt-osc block up, one down");
  },
  noPt,
);

mariadbTest(
  "mysql online: the shell commands report.md gives resume the file after the block",
  async () => {
    const r = runCase(COPYING, specOf(COPYING.intents));
    const manual = r.files.online!.manual;
    assert.deepEqual(manual.map((m) => [m.file, m.n]), [["migration", 1], ["rollback", 1]]);
    const bins = findMysqlBinaries();
    if (typeof bins === "string" || !bins.client) return;
    await using db = await freshMariaDb();
    await db.applyScript(COPYING.from);
    await db.applyScript(COPYING.seed!);
    const dir = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(`${dir}/migration.sql`, r.files.migration);
      // the operator's `mysql`: the test server's client
      const mysqlFn = `mysql() { ${bins.client} --no-defaults -uroot -h127.0.0.1 -P${db.port} ` +
        `--protocol=TCP "$@"; }; `;
      const sh = async (cmd: string) =>
        await new Deno.Command("bash", {
          args: ["-c", mysqlFn + cmd],
          cwd: dir,
          env: { DB: db.name },
          stdout: "piped",
          stderr: "piped",
        }).output();
      const first = await sh(`mysql "$DB" < migration.sql`);
      assert.equal(first.success, false);
      assert.match(new TextDecoder().decode(first.stderr), /run pt-online-schema-change #1 first/);
      await db.exec(manual[0].equivalent);
      const rest = await sh(manual[0].resume);
      assert.equal(rest.success, true, new TextDecoder().decode(rest.stderr));
      const got = await db.query("SELECT id, first_name, last_name FROM `user list` ORDER BY id");
      assert.deepEqual(got, [["1", "Mary", "Ann Smith"], ["2", null, null], ["3", "Bo", null]]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);
