/**
 * Acceptance on SQLite: runs the generator on every SQLite project of `tests/acceptance/`
 * (data-driven from each `expect.yaml`), then applies the generated files to a real SQLite
 * database the way users do, with the `sqlite3` shell (`sqlite3 app.db < migration.sql`) and
 * with node:sqlite, and checks the catalog after up and after down, the `after_up` queries,
 * that every seeded row is back after the rollback, and that a violating seed makes the
 * migration fail and leaves the database exactly as it was.
 * @module
 */
import { join } from "node:path";
import {
  ACCEPTANCE_DIR,
  copyProject,
  describeRun,
  readRunFile,
  runTool,
  snapshotTree,
  writesOutsideReports,
} from "./helpers/cli.ts";
import {
  checkChanges,
  CheckFailed,
  diffQueryRows,
  expectedRow,
  fromSchemaPath,
  loadProjects,
} from "./helpers/expect.ts";
import type { AcceptanceProject, ReportedChange } from "./helpers/expect.ts";
import {
  diffSnapshots,
  haveSqliteShell,
  type SqliteRunner,
  SqliteTestDb,
} from "./helpers/sqlite_db.ts";

const SHELL = await haveSqliteShell();

function fail(message: string): never {
  throw new CheckFailed(message);
}

const indent = (lines: string[]) => lines.map((l) => `  ${l}`).join("\n");

async function freshCatalog(dir: string, file: string): Promise<Record<string, unknown>> {
  await using db = await SqliteTestDb.create();
  db.exec(await Deno.readTextFile(join(dir, file)));
  return db.catalog();
}

async function roundTrip(
  t: Deno.TestContext,
  p: AcceptanceProject,
  dir: string,
  runId: string,
  runner: SqliteRunner,
): Promise<void> {
  const e = p.expect;
  const migration = await readRunFile(dir, runId, "migration.sql");
  const rollback = await readRunFile(dir, runId, "rollback.sql");
  const fromFile = await fromSchemaPath(dir, e);
  const fromSchema = await Deno.readTextFile(join(dir, fromFile));
  let seed: string | undefined;
  try {
    seed = await Deno.readTextFile(join(dir, "seed.sql"));
  } catch {
    seed = undefined;
  }

  await using db = await SqliteTestDb.create();
  db.exec(fromSchema);
  if (seed !== undefined) db.exec(seed);
  const seeded = db.rows();

  const up = await t.step(
    `${runner}: migration.sql applies`,
    () => db.applyScript(migration, runner),
  );
  if (!up) return;
  if (e.schema_after_up_equals) {
    const file = e.schema_after_up_equals;
    await t.step(`${runner}: catalog after up equals ${file}`, async () => {
      const diff = diffSnapshots(await freshCatalog(dir, file), db.catalog());
      if (diff.length) fail(`catalog after up differs (expected != actual):\n${indent(diff)}`);
    });
  }
  for (const [i, q] of (e.after_up ?? []).entries()) {
    await t.step(`${runner}: after_up[${i}] ${q.sql}`, () => {
      const why = diffQueryRows(q.rows.map(expectedRow), db.query(q.sql));
      if (why) fail(`${q.sql}\n  ${why}`);
    });
  }
  if (!e.schema_after_down_equals && !e.after_down_data_equals_seed) return;
  const down = await t.step(
    `${runner}: rollback.sql applies`,
    () => db.applyScript(rollback, runner),
  );
  if (!down) return;
  if (e.schema_after_down_equals) {
    const file = e.schema_after_down_equals;
    await t.step(`${runner}: catalog after down equals ${file}`, async () => {
      const diff = diffSnapshots(await freshCatalog(dir, file), db.catalog());
      if (diff.length) fail(`catalog after down differs (expected != actual):\n${indent(diff)}`);
    });
  }
  if (e.after_down_data_equals_seed) {
    await t.step(`${runner}: every seeded row is back, value for value`, () => {
      const diff = diffSnapshots(seeded, db.rows());
      if (diff.length) fail(`rows after rollback differ (seeded != actual):\n${indent(diff)}`);
    });
  }
  if (e.violating_seed) {
    const seedFile = e.violating_seed;
    await t.step(`${runner}: ${seedFile} stops the migration, nothing changes`, async () => {
      await using v = await SqliteTestDb.create();
      v.exec(fromSchema);
      v.exec(await Deno.readTextFile(join(dir, seedFile)));
      const before = { catalog: v.catalog(), rows: v.rows() };
      let error: Error | undefined;
      try {
        await v.applyScript(migration, runner);
      } catch (err) {
        error = err as Error;
      }
      if (!error) fail(`migration.sql succeeded on ${seedFile}; it must stop`);
      const columns = e.violating_columns ?? [];
      const msg = error.message.toLowerCase();
      if (columns.length && !columns.some((c) => msg.includes(c.toLowerCase()))) {
        fail(`the error does not name ${columns.join(" or ")}:\n${error.message}`);
      }
      const diff = [
        ...diffSnapshots(before.catalog, v.catalog()),
        ...diffSnapshots(before.rows, v.rows()),
      ];
      if (diff.length) fail(`the failed migration changed the database:\n${indent(diff)}`);
    });
  }
}

function defineProjectTest(p: AcceptanceProject): void {
  const e = p.expect;
  Deno.test(`acceptance (sqlite): ${p.name}`, async (t) => {
    const runId = `acc-${p.name}`;
    await using project = await copyProject(p.dir);
    const dir = project.dir;
    const generated = await t.step(`generate: exit ${e.exit}, verified`, async () => {
      const before = await snapshotTree(dir);
      const run = await runTool(dir, [...e.args, "--run-id", runId]);
      if (run.code !== e.exit) {
        fail(`expected exit ${e.exit}, got ${run.code}\n${describeRun(run)}`);
      }
      const outside = writesOutsideReports(before, await snapshotTree(dir));
      if (e.exit === 0) {
        const v = JSON.parse(await readRunFile(dir, runId, "summary.json")).verification;
        if (v?.status !== "passed") {
          fail(`verification did not pass: ${JSON.stringify(v, null, 1)}\n${describeRun(run)}`);
        }
      }
      if (outside.length) {
        fail(`a run without --apply wrote outside .spec/reports/:\n${indent(outside)}`);
      }
    });
    if (!generated || e.exit !== 0) return;
    await t.step("summary.json: changes[] as expected", async () => {
      const summary = JSON.parse(await readRunFile(dir, runId, "summary.json"));
      const problems = checkChanges(e.changes, e.not_reported, summary.changes as ReportedChange[]);
      if (problems.length) fail(`changes[] does not match expect.yaml:\n${indent(problems)}`);
    });
    await roundTrip(t, p, dir, runId, "node:sqlite");
    if (SHELL) await roundTrip(t, p, dir, runId, "sqlite3");
  });
  if (!SHELL) {
    Deno.test({
      name: `acceptance (sqlite): ${p.name} with the sqlite3 shell [ignored: sqlite3 is not ` +
        "installed (Debian package sqlite3)]",
      ignore: true,
      fn() {},
    });
  }
}

for (const project of await loadProjects(ACCEPTANCE_DIR)) {
  if (project.expect.dialect === "sqlite") defineProjectTest(project);
}
