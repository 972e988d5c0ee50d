/**
 * `--apply --migration-tool dbmate` for MySQL/MariaDB, run by the real dbmate against the test
 * MariaDB: `dbmate up` reaches the to-schema with the expected rows, `dbmate rollback` restores
 * the from-schema and every seeded row ('Mary Ann' + 'Smith' as they were).
 * @module
 */
import { onPath, runCommand } from "./helpers/migration_tools.ts";
import { mariadbSkipReason } from "./helpers/mariadb_server.ts";
import { accountsOnMariaDb, expectAccountsRoundTrip } from "./helpers/mysql_apply.ts";
import { readCatalog } from "../src/dialects/mysql/catalog_text.ts";

const ignore = mariadbSkipReason() ??
  (onPath("dbmate") ? undefined : "dbmate is not installed (npm i -g dbmate@2.36.0)");

Deno.test({
  name: `dbmate up and rollback of a MySQL migration on MariaDB${
    ignore ? ` (skipped: ${ignore})` : ""
  }`,
  ignore: !!ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using s = await accountsOnMariaDb("dbmate");
    const dbmate = (cmd: string) =>
      runCommand("dbmate", [
        "--url",
        `mysql://root@127.0.0.1:${s.db.port}/${s.db.name}`,
        "--migrations-dir",
        "db/migrations",
        "--no-dump-schema",
        cmd,
      ], { cwd: s.dir });
    // dbmate's own bookkeeping table is not part of either schema
    const catalog = async () => {
      const c = await readCatalog(s.q, s.db.name);
      c.delete("table:schema_migrations");
      return c;
    };
    await expectAccountsRoundTrip(
      s,
      "dbmate",
      ["up", () => dbmate("up")],
      ["rollback", () => dbmate("rollback")],
      catalog,
    );
  },
});
