/**
 * The round trip that every migration-tool test runs: the generator's `--apply` output for each
 * PostgreSQL acceptance project (and a migration with CREATE INDEX CONCURRENTLY parts), applied
 * and rolled back by the tool (or by an emulation of how the tool runs its files), checked on
 * the test PostgreSQL.
 * @module
 */
import type { MigrationFiles } from "../../src/render/files.ts";
import { toUnits } from "./units_from_text.ts";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { planApply } from "../../src/apply/apply.ts";
import { diskView } from "../../src/apply/project_view.ts";
import type { MigrationTool } from "../../src/apply/types.ts";
import { writeApply } from "../../src/apply/write.ts";
import { DEFAULT_CONFIG } from "../../src/cli/config.ts";
import { ACCEPTANCE_DIR, copyProject, describeRun, runTool } from "./cli.ts";
import { fromSchemaPath, loadProjects } from "./expect.ts";
import { assertData, assertSchema, userData } from "./migration_tools.ts";
import { freshDatabase } from "./pg_server.ts";
import type { TestDb } from "./pg_server.ts";

/** How a tool applies and rolls back the files that one --apply wrote. */
export interface ToolRunner {
  /** Applies the pending migrations of the project at `dir`. */
  up(dir: string, db: TestDb, written: string[]): Promise<void>;
  /** Rolls back the migrations that `written` holds (all of them, newest first). */
  down(dir: string, db: TestDb, written: string[]): Promise<void>;
}

const FIXTURES = fileURLToPath(new URL("../apply/", import.meta.url));

async function optional(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    return undefined;
  }
}

/** Applies, checks, rolls back, checks: the shared core. */
async function roundTrip(
  runner: ToolRunner,
  dir: string,
  db: TestDb,
  written: string[],
  schemas: { from: string; to: string },
): Promise<void> {
  const seeded = await userData(db);
  await runner.up(dir, db, written);
  await assertSchema(db, schemas.to, "after up");
  await runner.down(dir, db, written);
  await assertSchema(db, schemas.from, "after down");
  await assertData(db, seeded, "after down (must equal the seed)");
}

/**
 * Defines the tests of `tool`: one per PostgreSQL acceptance project whose run succeeds, and one
 * with statements outside a transaction. `ignore` (a reason) skips them all.
 */
export async function defineApplyRoundTrips(
  tool: MigrationTool,
  runner: ToolRunner,
  ignore?: string,
): Promise<void> {
  const projects = (await loadProjects(ACCEPTANCE_DIR)).filter((p) =>
    p.expect.dialect === "postgresql" && p.expect.exit === 0 && p.expect.schema_after_up_equals &&
    !p.expect.migration_has_no_statements
  );
  for (const p of projects) {
    Deno.test({
      name: `--apply --migration-tool ${tool}: ${p.name} up and down` +
        (ignore ? ` [ignored: ${ignore}]` : ""),
      ignore: !!ignore,
      async fn() {
        await using project = await copyProject(p.dir);
        const run = await runTool(project.dir, [
          ...p.expect.args,
          "--apply",
          "--allow-destructive",
          "--migration-tool",
          tool,
          "--no-verify",
          "--json",
          "--run-id",
          `apply-${tool}`,
        ]);
        if (run.code !== 0) throw new Error(`generation failed\n${describeRun(run)}`);
        const written: string[] = JSON.parse(run.stdout).writes.migrations;
        if (!written.length) throw new Error("--apply wrote nothing");
        const from = await Deno.readTextFile(
          join(project.dir, await fromSchemaPath(project.dir, p.expect)),
        );
        const to = await Deno.readTextFile(join(project.dir, p.expect.schema_after_up_equals!));
        await using db = await freshDatabase();
        await db.exec(from);
        const seed = await optional(join(project.dir, "seed.sql"));
        if (seed) await db.exec(seed);
        await roundTrip(runner, project.dir, db, written, { from, to });
      },
    });
  }
  Deno.test({
    name: `--apply --migration-tool ${tool}: CREATE INDEX CONCURRENTLY runs outside a ` +
      `transaction, up and down` + (ignore ? ` [ignored: ${ignore}]` : ""),
    ignore: !!ignore,
    async fn() {
      await using project = await copyProject(join(FIXTURES, "concurrently"));
      const written = await applyFixture(project.dir, tool);
      const read = (f: string) => Deno.readTextFile(join(project.dir, f));
      await using db = await freshDatabase();
      await db.exec(await read("from.sql"));
      await db.exec(await read("seed.sql"));
      await roundTrip(runner, project.dir, db, written, {
        from: await read("from.sql"),
        to: await read("to.sql"),
      });
    },
  });
}

/** A fixture's migration.sql / rollback.sql with their units (read from the parts layout). */
async function fixtureFiles(dir: string): Promise<MigrationFiles> {
  const migration = await Deno.readTextFile(join(dir, "migration.sql"));
  const rollback = await Deno.readTextFile(join(dir, "rollback.sql"));
  return {
    migration,
    rollback,
    steps: 4,
    units: { up: toUnits(migration).units, down: toUnits(rollback).units },
  };
}

/**
 * Writes the fixture's migration.sql / rollback.sql (in the generator's parts layout) into the
 * project at `dir` in the format of `tool`, as --apply would; returns the paths written.
 */
export async function applyFixture(dir: string, tool: MigrationTool): Promise<string[]> {
  const plan = planApply({
    view: diskView(dir),
    config: { ...DEFAULT_CONFIG },
    tool,
    specId: "items",
    runId: "20240131-120000Z-items",
    files: await fixtureFiles(dir),
    generator: "smartspec_data_migration_generator test",
    project: basename(dirname(join(dir, "x"))),
    now: new Date(Date.UTC(2024, 0, 31, 12, 0, 0)),
  });
  writeApply(dir, plan.writes);
  return plan.paths;
}
