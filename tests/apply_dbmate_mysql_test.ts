/**
 * `--apply --migration-tool dbmate` for MySQL/MariaDB, run by the real dbmate against the test
 * MariaDB: `dbmate up` reaches the to-schema with the expected rows, `dbmate rollback` restores
 * the from-schema and every seeded row ('Mary Ann' + 'Smith' as they were).
 * @module
 */
import { join } from "node:path";
import { ACCEPTANCE_DIR, copyProject, describeRun, runTool } from "./helpers/cli.ts";
import { runCommand } from "./helpers/migration_tools.ts";
import { freshMariaDb, mariadbSkipReason } from "./helpers/mariadb_server.ts";
import { diffCatalog, readCatalog, tableRows } from "../src/dialects/mysql/catalog_text.ts";

function onPath(tool: string): boolean {
  return (Deno.env.get("PATH") ?? "").split(":").some((d) => {
    try {
      return Deno.statSync(join(d, tool)).isFile;
    } catch {
      return false;
    }
  });
}

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
    await using p = await copyProject(join(ACCEPTANCE_DIR, "accounts_mysql"));
    const run = await runTool(p.dir, [
      "specs/data/accounts/spec.md",
      "--from-schema",
      "db/schema_v1.sql",
      "--to-schema",
      "db/schema_v2.sql",
      "--apply",
      "--migration-tool",
      "dbmate",
      "--json",
    ]);
    if (run.code !== 0) throw new Error(describeRun(run));
    await using db = await freshMariaDb();
    await using v1 = await freshMariaDb();
    await using v2 = await freshMariaDb();
    const from = await Deno.readTextFile(join(p.dir, "db/schema_v1.sql"));
    await v1.applyScript(from);
    await v2.applyScript(await Deno.readTextFile(join(p.dir, "db/schema_v2.sql")));
    await db.applyScript(from);
    await db.applyScript(await Deno.readTextFile(join(p.dir, "seed.sql")));
    const q = (s: string) => db.query(s);
    const seeded = await tableRows(q, db.name, "accounts");
    const dbmate = (cmd: string) =>
      runCommand("dbmate", [
        "--url",
        `mysql://root@127.0.0.1:${db.port}/${db.name}`,
        "--migrations-dir",
        "db/migrations",
        "--no-dump-schema",
        cmd,
      ], { cwd: p.dir });
    // dbmate's own bookkeeping table is not part of either schema
    const catalog = async () => {
      const c = await readCatalog(q, db.name);
      c.delete("table:schema_migrations");
      return c;
    };
    await dbmate("up");
    const up = diffCatalog(await catalog(), await readCatalog((s) => v2.query(s), v2.name));
    if (up.length) throw new Error(`after dbmate up:\n${up.join("\n")}`);
    const rows = await db.query("SELECT id, display_name FROM accounts ORDER BY id");
    if (
      JSON.stringify(rows) !==
        JSON.stringify([["1", "Ada Lovelace"], ["2", "Mary Ann Smith"], ["3", "Cher"]])
    ) {
      throw new Error(`after up: ${JSON.stringify(rows)}`);
    }
    await dbmate("rollback");
    const down = diffCatalog(await catalog(), await readCatalog((s) => v1.query(s), v1.name));
    if (down.length) throw new Error(`after dbmate rollback:\n${down.join("\n")}`);
    const back = await tableRows(q, db.name, "accounts");
    if (JSON.stringify(back) !== JSON.stringify(seeded)) {
      throw new Error(`rows after rollback:\n${back.join("\n")}\nseed:\n${seeded.join("\n")}`);
    }
  },
});
