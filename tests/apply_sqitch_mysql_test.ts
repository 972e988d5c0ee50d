/**
 * `--apply --migration-tool sqitch` for MySQL/MariaDB, run by the real Sqitch (its mysql engine:
 * the `mysql` client and Perl's DBD::mysql) against the test MariaDB: `sqitch deploy` reaches the
 * to-schema with the merged rows, `sqitch revert` restores the from-schema and every seeded row.
 * The deploy and revert scripts are migration.sql and rollback.sql as the client runs them.
 * @module
 */
import { join } from "node:path";
import { ACCEPTANCE_DIR, copyProject, describeRun, runTool } from "./helpers/cli.ts";
import { onPath, runCommand } from "./helpers/migration_tools.ts";
import { freshMariaDb, mariadbSkipReason } from "./helpers/mariadb_server.ts";
import { diffCatalog, readCatalog, tableRows } from "../src/dialects/mysql/catalog_text.ts";

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
    await using p = await copyProject(join(ACCEPTANCE_DIR, "accounts_mysql"));
    const run = await runTool(p.dir, [
      "specs/data/accounts/spec.md",
      "--from-schema",
      "db/schema_v1.sql",
      "--to-schema",
      "db/schema_v2.sql",
      "--apply",
      "--migration-tool",
      "sqitch",
      "--json",
    ]);
    if (run.code !== 0) throw new Error(describeRun(run));
    const written: string[] = JSON.parse(run.stdout).writes.migrations;
    const plan = written.find((w) => w.endsWith("sqitch.plan"))!;
    const top = join(p.dir, plan.includes("/") ? plan.slice(0, plan.lastIndexOf("/")) : ".");
    await using db = await freshMariaDb();
    await using v1 = await freshMariaDb();
    await using v2 = await freshMariaDb();
    // sqitch keeps its registry in a database of its own: made here, dropped at the end
    await using registry = await freshMariaDb();
    const from = await Deno.readTextFile(join(p.dir, "db/schema_v1.sql"));
    await v1.applyScript(from);
    await v2.applyScript(await Deno.readTextFile(join(p.dir, "db/schema_v2.sql")));
    await db.applyScript(from);
    await db.applyScript(await Deno.readTextFile(join(p.dir, "seed.sql")));
    const q = (s: string) => db.query(s);
    const seeded = await tableRows(q, db.name, "accounts");
    const target = `db:mysql://root@127.0.0.1:${db.port}/${db.name}`;
    const sqitch = (...args: string[]) =>
      runCommand("sqitch", [args[0], "--registry", registry.name, target, ...args.slice(1)], {
        cwd: top,
        env: { SQITCH_FULLNAME: "Test", SQITCH_EMAIL: "test@example.invalid" },
      });
    await sqitch("deploy", "--verify");
    const up = diffCatalog(
      await readCatalog(q, db.name),
      await readCatalog((s) => v2.query(s), v2.name),
    );
    if (up.length) throw new Error(`after sqitch deploy:\n${up.join("\n")}`);
    const rows = await db.query("SELECT id, display_name FROM accounts ORDER BY id");
    if (
      JSON.stringify(rows) !==
        JSON.stringify([["1", "Ada Lovelace"], ["2", "Mary Ann Smith"], ["3", "Cher"]])
    ) {
      throw new Error(`after deploy: ${JSON.stringify(rows)}`);
    }
    await sqitch("revert", "-y");
    const down = diffCatalog(
      await readCatalog(q, db.name),
      await readCatalog((s) => v1.query(s), v1.name),
    );
    if (down.length) throw new Error(`after sqitch revert:\n${down.join("\n")}`);
    const back = await tableRows(q, db.name, "accounts");
    if (JSON.stringify(back) !== JSON.stringify(seeded)) {
      throw new Error(`rows after revert:\n${back.join("\n")}\nseed:\n${seeded.join("\n")}`);
    }
  },
});
