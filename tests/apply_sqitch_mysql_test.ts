/**
 * `--apply --migration-tool sqitch` for MySQL/MariaDB, run by the real Sqitch (its mysql engine:
 * the `mysql` client and Perl's DBD::mysql) against the test MariaDB: `sqitch deploy` reaches the
 * to-schema with the merged rows, `sqitch revert` restores the from-schema and every seeded row.
 * The deploy and revert scripts are migration.sql and rollback.sql as the client runs them.
 * @module
 */
import { join } from "node:path";
import { onPath, runCommand } from "./helpers/migration_tools.ts";
import { freshMariaDb, mariadbSkipReason } from "./helpers/mariadb_server.ts";
import { accountsOnMariaDb, expectAccountsRoundTrip } from "./helpers/mysql_apply.ts";

function perlModule(name: string): boolean {
  try {
    return new Deno.Command("perl", { args: [`-M${name}`, "-e", "1"], stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

const ignore = mariadbSkipReason() ??
  (!onPath("sqitch")
    ? "sqitch is not installed (apt-get install sqitch libdbd-mysql-perl)"
    : !onPath("mysql")
    ? "the mysql client is not installed (sqitch's mysql engine runs it)"
    : !perlModule("DBD::mysql") && !perlModule("DBD::MariaDB")
    ? "Perl's DBD::mysql is not installed (apt-get install libdbd-mysql-perl)"
    : undefined);

Deno.test({
  name: `sqitch deploy and revert of a MySQL migration on MariaDB${
    ignore ? ` (skipped: ${ignore})` : ""
  }`,
  ignore: !!ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using s = await accountsOnMariaDb("sqitch");
    const written: string[] = JSON.parse(s.run.stdout).writes.migrations;
    const plan = written.find((w) => w.endsWith("sqitch.plan"))!;
    const top = join(s.dir, plan.includes("/") ? plan.slice(0, plan.lastIndexOf("/")) : ".");
    // sqitch keeps its registry in a database of its own: made here, dropped at the end
    await using registry = await freshMariaDb();
    const target = `db:mysql://root@127.0.0.1:${s.db.port}/${s.db.name}`;
    const sqitch = (...args: string[]) =>
      runCommand("sqitch", [args[0], "--registry", registry.name, target, ...args.slice(1)], {
        cwd: top,
        env: { SQITCH_FULLNAME: "Test", SQITCH_EMAIL: "test@example.invalid" },
      });
    await expectAccountsRoundTrip(
      s,
      "sqitch",
      ["deploy", () => sqitch("deploy", "--verify")],
      ["revert", () => sqitch("revert", "-y")],
    );
  },
});
