/**
 * Acceptance: runs the generator on every PostgreSQL project of `tests/acceptance/` (data-driven
 * from each `expect.yaml`) and checks the report, then the generated SQL on a real database:
 * schema after up and after down, the `after_up` queries, the data after rollback, and that a
 * violating seed makes the migration fail without changing anything.
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
import type { ToolRun } from "./helpers/cli.ts";
import {
  checkChanges,
  CheckFailed,
  diffQueryRows,
  expectedRow,
  fromSchemaPath,
  loadProjects,
  sqlWithoutComments,
} from "./helpers/expect.ts";
import type { AcceptanceProject, Expectation, ReportedChange } from "./helpers/expect.ts";
import { catalogSnapshot, diffCatalogs, diffData, tableRows } from "./helpers/catalog.ts";
import type { DataSnapshot } from "./helpers/catalog.ts";
import { freshDatabase } from "./helpers/pg_server.ts";
import type { TestDb } from "./helpers/pg_server.ts";

/** Dialects whose database checks this suite can run. */
const SUPPORTED_DIALECTS = new Set(["postgresql"]);

/**
 * Projects whose `--apply` behaviour is checked too (from the comment in their expect.yaml):
 * the destructive change is not acknowledged by an intent, so `--apply` must be refused unless
 * `--allow-destructive` is given.
 */
const APPLY_REFUSED_WITHOUT_ALLOW_DESTRUCTIVE = new Set(["archive_drop"]);

function fail(message: string): never {
  throw new CheckFailed(message);
}

function indentLines(lines: string[]): string {
  return lines.map((l) => `  ${l}`).join("\n");
}

/** The run's exit code must be `exit`; the message shows the run. */
function assertExit(run: ToolRun, exit: number): void {
  if (run.code !== exit) fail(`expected exit ${exit}, got ${run.code}\n${describeRun(run)}`);
}

/** The columns a violating seed's error must name: given, or the targets of narrowings. */
function violatingColumns(e: Expectation): string[] {
  if (e.violating_columns?.length) return e.violating_columns;
  return (e.changes ?? []).filter((c) => c.class === "narrow").map((c) => c.target);
}

async function readProjectFile(dir: string, rel: string): Promise<string> {
  return await Deno.readTextFile(join(dir, rel));
}

async function optionalFile(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

/** The catalog of `db` must equal that of a fresh database loaded with `schemaFile`. */
async function assertCatalogEquals(
  db: TestDb,
  projectDir: string,
  schemaFile: string,
  when: string,
): Promise<void> {
  await using expected = await freshDatabase();
  await expected.exec(await readProjectFile(projectDir, schemaFile));
  const diff = diffCatalogs(await catalogSnapshot(expected), await catalogSnapshot(db));
  if (diff.length) {
    fail(
      `catalog ${when} differs from a fresh database loaded with ${schemaFile} ` +
        `(${diff.length} difference(s), expected != actual):\n${indentLines(diff)}`,
    );
  }
}

function defineProjectTest(p: AcceptanceProject): void {
  const e = p.expect;
  if (e.dialect === "sqlite") return; // acceptance_sqlite_test.ts
  if (e.dialect === "mysql" || e.dialect === "mariadb") return; // acceptance_mysql_test.ts
  if (!SUPPORTED_DIALECTS.has(e.dialect)) {
    Deno.test({
      name: `acceptance: ${p.name} [ignored: ${e.dialect} checks are not implemented yet; ` +
        `PostgreSQL projects only for now]`,
      ignore: true,
      fn() {},
    });
    return;
  }

  Deno.test(`acceptance: ${p.name}`, async (t) => {
    const runId = `acc-${p.name}`;
    await using project = await copyProject(p.dir);
    const dir = project.dir;

    let run: ToolRun | undefined;
    const generated = await t.step(
      `generate: exit ${e.exit}, writes only the run folder`,
      async () => {
        const before = await snapshotTree(dir);
        run = await runTool(dir, [...e.args, "--run-id", runId, "--no-verify"]);
        assertExit(run, e.exit);
        const outside = writesOutsideReports(before, await snapshotTree(dir));
        if (outside.length) {
          fail(`a run without --apply wrote outside .spec/reports/:\n${indentLines(outside)}`);
        }
      },
    );
    if (!generated || e.exit !== 0) return;

    await t.step("summary.json: changes[] as expected", async () => {
      const text = await readRunFile(dir, runId, "summary.json");
      let summary: { changes?: unknown };
      try {
        summary = JSON.parse(text);
      } catch (err) {
        fail(`summary.json is not JSON: ${(err as Error).message}`);
      }
      if (!Array.isArray(summary.changes)) fail("summary.json has no changes[] list");
      const problems = checkChanges(e.changes, e.not_reported, summary.changes as ReportedChange[]);
      if (problems.length) {
        fail(
          `changes[] does not match expect.yaml:\n${indentLines(problems)}\n  reported:\n` +
            indentLines(
              (summary.changes as ReportedChange[]).map((c) =>
                `  ${c.kind} ${c.target} (safety: ${c.safety}, class: ${c.class ?? "-"})`
              ),
            ),
        );
      }
    });

    if (e.migration_has_no_statements) {
      await t.step("migration.sql and rollback.sql hold comments only", async () => {
        for (const name of ["migration.sql", "rollback.sql"]) {
          const left = sqlWithoutComments(await readRunFile(dir, runId, name));
          if (left !== "") fail(`${name} holds statements:\n${left}`);
        }
      });
    }

    const needsDb = e.schema_after_up_equals !== undefined || e.after_up !== undefined ||
      e.schema_after_down_equals !== undefined || e.after_down_data_equals_seed === true ||
      e.violating_seed !== undefined;
    if (needsDb) await databaseChecks(t, p, dir, runId);

    if (APPLY_REFUSED_WITHOUT_ALLOW_DESTRUCTIVE.has(p.name)) await applyChecks(t, p);
  });
}

async function databaseChecks(
  t: Deno.TestContext,
  p: AcceptanceProject,
  dir: string,
  runId: string,
): Promise<void> {
  const e = p.expect;
  let migration = "";
  let rollback = "";
  let fromSchema = "";
  let fromFile = "";
  const haveFiles = await t.step(
    "read migration.sql, rollback.sql and the from-schema",
    async () => {
      migration = await readRunFile(dir, runId, "migration.sql");
      rollback = await readRunFile(dir, runId, "rollback.sql");
      fromFile = await fromSchemaPath(dir, e);
      fromSchema = await readProjectFile(dir, fromFile);
    },
  );
  if (!haveFiles) return;
  const seed = await optionalFile(join(dir, "seed.sql"));

  if (
    e.schema_after_up_equals !== undefined || e.after_up !== undefined ||
    e.schema_after_down_equals !== undefined || e.after_down_data_equals_seed
  ) {
    await using db = await freshDatabase();
    let seeded: DataSnapshot | undefined;
    const ready = await t.step(
      `load ${fromFile}${seed === undefined ? "" : " and seed.sql"}`,
      async () => {
        await db.exec(fromSchema);
        if (seed !== undefined) await db.exec(seed);
        seeded = await tableRows(db);
      },
    );
    if (!ready) return;

    const up = await t.step("up: migration.sql applies", () => db.applyScript(migration));
    if (!up) return;
    if (e.schema_after_up_equals !== undefined) {
      const file = e.schema_after_up_equals;
      await t.step(
        `up: catalog equals ${file}`,
        () => assertCatalogEquals(db, dir, file, "after up"),
      );
    }
    for (const [i, q] of (e.after_up ?? []).entries()) {
      await t.step(`up: after_up[${i}] ${q.sql}`, async () => {
        const why = diffQueryRows(q.rows.map(expectedRow), await db.query(q.sql));
        if (why) fail(`${q.sql}\n  ${why}`);
      });
    }

    if (e.schema_after_down_equals === undefined && !e.after_down_data_equals_seed) return;
    const down = await t.step("down: rollback.sql applies", () => db.applyScript(rollback));
    if (!down) return;
    if (e.schema_after_down_equals !== undefined) {
      const file = e.schema_after_down_equals;
      await t.step(
        `down: catalog equals ${file}`,
        () => assertCatalogEquals(db, dir, file, "after down"),
      );
    }
    if (e.after_down_data_equals_seed) {
      await t.step(
        "down: every table holds the seeded rows, sequences where they were",
        async () => {
          const diff = diffData(seeded!, await tableRows(db));
          if (diff.length) {
            fail(
              `data after rollback differs from the data after seed.sql (expected != actual):\n` +
                indentLines(diff),
            );
          }
        },
      );
    }
  }

  if (e.violating_seed !== undefined) {
    const seedFile = e.violating_seed;
    const columns = violatingColumns(e);
    await t.step(
      `violating ${seedFile}: migration.sql fails naming ${columns.join(" or ") || "?"} ` +
        "and changes nothing",
      async () => {
        if (!columns.length) fail("expect.yaml gives no column the error must name");
        await using db = await freshDatabase();
        await db.exec(fromSchema);
        await db.exec(await readProjectFile(dir, seedFile));
        const catalogBefore = await catalogSnapshot(db);
        const rowsBefore = await tableRows(db);
        let error: Error | undefined;
        try {
          await db.applyScript(migration);
        } catch (err) {
          error = err as Error;
        }
        if (!error) fail(`migration.sql succeeded on ${seedFile}; it must stop with an error`);
        const msg = error.message.toLowerCase();
        if (!columns.some((c) => msg.includes(c.toLowerCase()))) {
          fail(`the error does not name ${columns.join(" or ")}:\n${error.message}`);
        }
        const problems = [
          ...diffCatalogs(catalogBefore, await catalogSnapshot(db)).map((d) => `catalog: ${d}`),
          ...diffData(rowsBefore, await tableRows(db)).map((d) => `data: ${d}`),
        ];
        if (problems.length) {
          fail(
            `the failed migration left changes behind (before != after):\n` +
              indentLines(problems),
          );
        }
      },
    );
  }
}

async function applyChecks(t: Deno.TestContext, p: AcceptanceProject): Promise<void> {
  const e = p.expect;
  await t.step(
    "--apply without --allow-destructive: exit 1, nothing written outside the reports",
    async () => {
      await using project = await copyProject(p.dir);
      const before = await snapshotTree(project.dir);
      const run = await runTool(project.dir, [
        ...e.args,
        "--apply",
        "--run-id",
        `acc-${p.name}-apply`,
        "--no-verify",
      ]);
      assertExit(run, 1);
      const outside = writesOutsideReports(before, await snapshotTree(project.dir));
      if (outside.length) {
        fail(
          `a refused --apply wrote outside .spec/reports/:\n${indentLines(outside)}\n` +
            describeRun(run),
        );
      }
    },
  );
  await t.step("--apply --allow-destructive: exit 0, the migration is written", async () => {
    await using project = await copyProject(p.dir);
    const before = await snapshotTree(project.dir);
    const run = await runTool(project.dir, [
      ...e.args,
      "--apply",
      "--allow-destructive",
      "--run-id",
      `acc-${p.name}-apply-allowed`,
      "--no-verify",
    ]);
    assertExit(run, 0);
    const written = writesOutsideReports(before, await snapshotTree(project.dir));
    if (!written.some((w) => w.startsWith("+ ") || w.startsWith("~ "))) {
      fail(
        `--apply wrote no migration into the project (nothing outside .spec/reports/)\n` +
          describeRun(run),
      );
    }
  });
}

for (const project of await loadProjects(ACCEPTANCE_DIR)) defineProjectTest(project);
