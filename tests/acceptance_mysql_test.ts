/**
 * Acceptance for the MySQL/MariaDB projects of `tests/acceptance/` (data-driven from each
 * `expect.yaml`): the CLI runs on a scratch copy, its report must list the expected changes, then
 * on the real MariaDB test server the from-schema and seed are loaded, `migration.sql` is applied
 * with the command-line client, the catalog must equal a fresh database loaded with the
 * to-schema, the `after_up` queries must give their rows, `rollback.sql` is applied, and the
 * catalog and every seeded row must equal the from-schema's. The same files are also applied
 * through the driver, one statement at a time.
 * @module
 */
import { join } from "node:path";
import { copyProject, describeRun, readRunFile, runTool } from "./helpers/cli.ts";
import {
  checkChanges,
  expectedRow,
  fromSchemaPath,
  loadProjects,
  type ReportedChange,
} from "./helpers/expect.ts";
import { ACCEPTANCE_DIR } from "./helpers/cli.ts";
import { freshMariaDb, type MariaDb, mariadbSkipReason } from "./helpers/mariadb_server.ts";
import { diffCatalog, readCatalog, tableRows } from "../src/dialects/mysql/catalog_text.ts";
import { splitMysql } from "../src/dialects/mysql/split.ts";

const skip = mariadbSkipReason();
const projects = (await loadProjects(ACCEPTANCE_DIR)).filter((p) =>
  p.expect.dialect === "mysql" || p.expect.dialect === "mariadb"
);

async function rowsOf(db: MariaDb): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [t] of await db.query("SHOW FULL TABLES WHERE Table_type = 'BASE TABLE'")) {
    out[t!] = await tableRows((s) => db.query(s), db.name, t!);
  }
  return out;
}

type Apply = (db: MariaDb, sql: string) => Promise<void>;
const byClient: Apply = (db, sql) => db.applyScript(sql);
const byDriver: Apply = async (db, sql) => {
  for (const s of splitMysql(sql)) await db.exec(s.sql);
};

for (const p of projects) {
  const e = p.expect;
  Deno.test({
    name: `acceptance mysql: ${p.name}${skip ? ` (database checks skipped: ${skip})` : ""}`,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn(t) {
      await using project = await copyProject(p.dir);
      const dir = project.dir;
      const runId = `acc-${p.name}`;
      const run = await runTool(dir, [...e.args, "--run-id", runId, "--json"]);
      if (run.code !== e.exit) {
        throw new Error(`exit ${run.code}, want ${e.exit}\n${describeRun(run)}`);
      }
      const summary = JSON.parse(run.stdout);
      const problems = checkChanges(e.changes, e.not_reported, summary.changes as ReportedChange[]);
      if (problems.length) throw new Error(problems.join("\n"));
      if (e.exit !== 0) return;
      await t.step(
        "without --dev-url: not verified, said in the terminal, report and summary",
        async () => {
          const v = summary.verification;
          if (v.status !== "skipped" || !/^not verified/.test(v.reason)) {
            throw new Error(`verification: ${JSON.stringify(v)}`);
          }
          if (!/not verified.*--dev-url/.test(run.stderr)) throw new Error(`stderr: ${run.stderr}`);
          const report = await readRunFile(dir, runId, "report.md");
          if (!/not verified/.test(report)) {
            throw new Error(`report.md does not say it:\n${report}`);
          }
          const strict = await runTool(dir, [
            ...e.args,
            "--run-id",
            `${runId}-strict`,
            "--require-verify",
          ]);
          if (strict.code !== 1) {
            throw new Error(`--require-verify: exit ${strict.code}\n${describeRun(strict)}`);
          }
        },
      );
      if (skip) return;
      await t.step(
        "with --dev-url: verified on the server, scratch databases dropped",
        async () => {
          await using db = await freshMariaDb();
          const url = `mysql://root@127.0.0.1:${db.port}/`;
          const v = await runTool(dir, [
            ...e.args,
            "--run-id",
            `${runId}-dev`,
            "--json",
            "--dev-url",
            url,
          ]);
          if (v.code !== 0) throw new Error(describeRun(v));
          const ver = JSON.parse(v.stdout).verification;
          if (ver.status !== "passed" || !ver.rows_generated) throw new Error(JSON.stringify(ver));
          const left = await db.query("SHOW DATABASES LIKE '\\_smartspec\\_verify%'");
          if (left.length) throw new Error(`scratch databases left: ${JSON.stringify(left)}`);
          const remote = await runTool(dir, [
            ...e.args,
            "--run-id",
            `${runId}-remote`,
            "--dev-url",
            "mysql://u@192.0.2.1:3306/",
          ]);
          if (remote.code !== 2 || !/not allowed/.test(remote.stderr)) {
            throw new Error(describeRun(remote));
          }
        },
      );
      const migration = await readRunFile(dir, runId, "migration.sql");
      const rollback = await readRunFile(dir, runId, "rollback.sql");
      const fromSql = await Deno.readTextFile(join(dir, await fromSchemaPath(dir, e)));
      const toSql = await Deno.readTextFile(join(dir, e.schema_after_up_equals!));
      const seed = await Deno.readTextFile(join(dir, "seed.sql")).catch(() => "");
      for (const [how, apply] of [["mysql client", byClient], ["driver", byDriver]] as const) {
        await t.step(`applied with the ${how}`, async () => {
          await using db = await freshMariaDb();
          await using v1 = await freshMariaDb();
          await using v2 = await freshMariaDb();
          await v1.applyScript(fromSql);
          await v2.applyScript(toSql);
          await db.applyScript(fromSql);
          if (seed) await db.applyScript(seed);
          const seeded = await rowsOf(db);
          await apply(db, migration);
          const q = (s: string) => db.query(s);
          const up = diffCatalog(
            await readCatalog(q, db.name),
            await readCatalog((s) => v2.query(s), v2.name),
          );
          if (up.length) throw new Error(`after up:\n${up.join("\n")}`);
          for (const a of e.after_up ?? []) {
            const got = await db.query(a.sql);
            const want = a.rows.map((r) => expectedRow(r));
            if (JSON.stringify(got) !== JSON.stringify(want)) {
              throw new Error(`${a.sql}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
            }
          }
          await apply(db, rollback);
          const down = diffCatalog(
            await readCatalog(q, db.name),
            await readCatalog((s) => v1.query(s), v1.name),
          );
          if (down.length) throw new Error(`after down:\n${down.join("\n")}`);
          if (e.after_down_data_equals_seed) {
            const back = await rowsOf(db);
            if (JSON.stringify(back) !== JSON.stringify(seeded)) {
              throw new Error(
                `rows after down differ:\n${JSON.stringify(back)}\nseed:\n${
                  JSON.stringify(seeded)
                }`,
              );
            }
          }
        });
      }
    },
  });
}
