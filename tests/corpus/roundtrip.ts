/**
 * The corpus round trip: generate the migration for a schema pair (in-process, through
 * `runPipeline`), then check it on a real PostgreSQL: loading the from-schema and applying
 * `migration.sql` gives the catalog of the to-schema, and applying `rollback.sql` after it gives
 * back the catalog of the from-schema (and, when the case has `seed:` rows, every row).
 * @module
 */
import { acquireDatabase, closeIdleDatabases, releaseDatabase } from "../helpers/db_pool.ts";
import { parse as parseYaml } from "yaml";
import { join } from "node:path";
import { initDialect, loadRules, runPipeline } from "../../src/pipeline.ts";
import type { PipelineResult } from "../../src/pipeline.ts";
import { parseSpec } from "../../src/spec/spec.ts";
import type { RuleSet } from "../../src/classify/rules.ts";
import { catalogSnapshot, diffCatalogs, diffData, tableRows } from "../helpers/catalog.ts";
import type { Catalog } from "../helpers/catalog.ts";
import type { TestDb } from "../helpers/pg_server.ts";
import { postgresql } from "../../src/dialects/postgresql/mod.ts";
import { typeFacts } from "../../src/model/types.ts";
import { fillTables } from "../../src/dialects/postgresql/verify/generate.ts";
import { NameMap } from "../../src/dialects/postgresql/verify/names.ts";
import { type ProfileMode, tablePlans } from "../../src/dialects/postgresql/verify/profile.ts";
import { createRolesSql } from "../../src/dialects/postgresql/verify/roles.ts";

/** The folder of the corpus. */
export const CORPUS_DIR: string = new URL(".", import.meta.url).pathname;

/** One schema pair of the corpus (`tests/corpus/<kind>/<case>.yaml`). */
export interface CorpusCase {
  /** Object kind (the folder). */
  kind: string;
  /** Case name (the file name). */
  name: string;
  description?: string;
  from: string;
  to: string;
  /** Lines of the spec's `yaml migration` block (`- rename: a.b -> a.c`). */
  intents?: string[];
  /** Rows to load after the from-schema. */
  seed?: string;
  /**
   * Rows to generate in every table of the from-schema (after `seed`), as the judges of issue
   * 11 do; `CORPUS_ROWS=<n>` generates them for every case. When a guard stops the migration on
   * them, rows fitted to the to-schema are generated instead (as verification does).
   */
  rows?: number;
  /** Change kinds the generator must report (in any order; others may appear too). */
  changes?: string[];
  /** True when the two schemas are the same written differently: no change at all. */
  equivalent?: boolean;
  /** Statement kinds the parser must list as not managed (in either file). */
  unmanaged?: string[];
  /** Statement kinds the parser must list as ignored: they change nothing compared. */
  ignored?: string[];
  /** Statement kinds the parser may list as ignored (not required). */
  mayIgnore?: string[];
  /** Config settings (`privileges: ignore`, `owners: ignore`). */
  settings?: { privileges?: "manage" | "ignore"; owners?: "manage" | "ignore" };
}

/** Reads every case of the corpus, sorted by kind and name. */
export async function loadCorpus(dir = CORPUS_DIR): Promise<CorpusCase[]> {
  const out: CorpusCase[] = [];
  for await (const kindEntry of Deno.readDir(dir)) {
    if (!kindEntry.isDirectory) continue;
    for await (const f of Deno.readDir(join(dir, kindEntry.name))) {
      if (!f.name.endsWith(".yaml")) continue;
      const doc = parseYaml(await Deno.readTextFile(join(dir, kindEntry.name, f.name))) as Omit<
        CorpusCase,
        "kind" | "name"
      >;
      out.push({ kind: kindEntry.name, name: f.name.replace(/\.yaml$/, ""), ...doc });
    }
  }
  return out.sort((a, b) => `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`));
}

let rules: RuleSet | undefined;

/** Runs the generator on a pair, as the CLI would (without files). */
export async function generate(
  from: string,
  to: string,
  intents: string[] = [],
  settings: CorpusCase["settings"] = {},
): Promise<PipelineResult> {
  await initDialect("postgresql");
  rules ??= loadRules();
  const specText = intents.length
    ? "# corpus\n\n```yaml migration\nintents:\n" + intents.map((l) => `  ${l}`).join("\n") +
      "\n```\n"
    : "# corpus\n";
  const spec = parseSpec(specText, "specs/corpus/spec.md", "corpus");
  return runPipeline({
    dialect: postgresql,
    spec,
    from: { path: "from.sql", text: from },
    to: { path: "to.sql", text: to },
    rules,
    runId: "20250101-000000Z-corpus",
    archiveTag: "c0rpu5",
    tool: "smartspec_data_migration_generator",
    version: "test",
    ...settings,
  });
}

const acquire = acquireDatabase;
const release = releaseDatabase;

/** Closes the databases kept for reuse. */
export { closeIdleDatabases };

async function loaded(
  sql: string,
  seed?: string,
  roles: Set<string> = new Set(),
): Promise<{ db: TestDb; catalog: Catalog }> {
  const db = await acquire();
  try {
    // roles belong to the cluster: created once, shared by the cases that name them
    if (roles.size) await db.exec(createRolesSql(roles));
    if (sql.trim()) await db.applyScript(sql);
    if (seed?.trim()) await db.applyScript(seed);
    return { db, catalog: await catalogSnapshot(db) };
  } catch (e) {
    await release(db);
    throw e;
  }
}

/** The outcome of a round trip: problems found (empty when it passed) and the generated run. */
export interface RoundTrip {
  problems: string[];
  result?: PipelineResult;
  /** A guard stopped the migration even on rows fitted to the to-schema (then run without). */
  guarded?: string;
}

/** Generates the migration of a case and checks it up and down on the test database. */
export async function roundTrip(c: CorpusCase): Promise<RoundTrip> {
  const problems: string[] = [];
  let result: PipelineResult;
  try {
    result = await generate(c.from, c.to, c.intents, c.settings);
  } catch (e) {
    return { problems: [`generation failed: ${(e as Error).message}`] };
  }
  const blocked = result.classified.filter((x) => x.blocked);
  if (blocked.length) {
    return { problems: blocked.map((b) => `blocked: ${b.blocked}`), result };
  }
  const kinds = new Set(result.classified.map((x) => x.change.kind));
  if (c.equivalent && kinds.size) {
    problems.push(
      `expected no changes, got: ${
        result.classified.map((x) => `${x.change.kind} ${x.described.target}`).join("; ")
      }`,
    );
  }
  for (const k of c.changes ?? []) {
    if (!kinds.has(k as never)) problems.push(`expected a ${k} change, got: ${[...kinds]}`);
  }
  const listed = [...result.from.unmanaged, ...result.to.unmanaged];
  const byCategory = (cat: string) =>
    new Set(listed.filter((u) => (u.category ?? "unmanaged") === cat).map((u) => u.kind));
  const lists = [
    ["unmanaged", c.unmanaged, []],
    ["ignored", c.ignored, c.mayIgnore],
  ] as const;
  for (const [cat, want, may] of lists) {
    const got = byCategory(cat);
    const expected = new Set(want ?? []);
    const allowed = new Set([...expected, ...(may ?? [])]);
    for (const k of expected) {
      if (!got.has(k)) problems.push(`expected ${k} to be listed as ${cat}`);
    }
    for (const k of got) {
      if (!allowed.has(k)) {
        const u = listed.find((x) => x.kind === k && (x.category ?? "unmanaged") === cat)!;
        problems.push(`unexpectedly ${cat}: ${k} at line ${u.line}: ${u.reason}`);
      }
    }
  }
  const roles = new Set([...result.from.roles, ...result.to.roles]);
  // what a setting leaves out is not changed by the migration, so not compared
  const compare = {
    privileges: c.settings?.privileges !== "ignore",
    owners: c.settings?.owners !== "ignore",
  };
  const target = await loaded(c.to, undefined, roles);
  await release(target.db);
  const rows = c.rows ?? (Number(Deno.env.get("CORPUS_ROWS") ?? 0) || 0);
  let source = await loaded(c.from, c.seed, roles);
  if (rows > 0) await generateRows(source.db, result, rows, "raw");
  // with rows: after up and rollback every row must be back
  let rowsBefore = c.seed?.trim() || rows > 0 ? await tableRows(source.db) : undefined;
  let guarded: string | undefined;
  if (c.equivalent) {
    // the claim itself: both spellings load to the same catalog
    for (const d of diffCatalogs(target.catalog, source.catalog)) {
      problems.push(`not equivalent: ${d}`);
    }
  }
  try {
    try {
      try {
        await source.db.applyScript(result.files.migration);
      } catch (e) {
        // a guard stopped it on the generated rows: rows fitted to the to-schema, as
        // verification does
        if (!rows || !/smartspec guard:/.test((e as Error).message)) throw e;
        await release(source.db);
        source = await loaded(c.from, c.seed, roles);
        await generateRows(source.db, result, rows, "fit");
        rowsBefore = await tableRows(source.db);
        try {
          await source.db.applyScript(result.files.migration);
        } catch (e) {
          // even on fitted rows (a new NOT NULL column without a default, values that have no
          // place in the new type): the guard did its job; the round trip runs without them
          if (!/smartspec guard:/.test((e as Error).message)) throw e;
          guarded = (e as Error).message.replace(/^[^]*smartspec guard: /, "").split("\n")[0];
          await release(source.db);
          source = await loaded(c.from, c.seed, roles);
          rowsBefore = c.seed?.trim() ? await tableRows(source.db) : undefined;
          await source.db.applyScript(result.files.migration);
        }
      }
    } catch (e) {
      problems.push(`migration.sql failed: ${(e as Error).message}`);
      return { problems, result };
    }
    for (const d of diffCatalogs(target.catalog, await catalogSnapshot(source.db), compare)) {
      problems.push(`up: ${d}`);
    }
    try {
      await source.db.applyScript(result.files.rollback);
    } catch (e) {
      problems.push(`rollback.sql failed: ${(e as Error).message}`);
      return { problems, result };
    }
    for (const d of diffCatalogs(source.catalog, await catalogSnapshot(source.db), compare)) {
      problems.push(`down: ${d}`);
    }
    if (rowsBefore) {
      for (const d of diffData(rowsBefore, await tableRows(source.db))) {
        problems.push(`down, rows: ${d}`);
      }
    }
  } finally {
    await release(source.db);
  }
  return { problems, result, guarded };
}

/** Fills every table of the loaded from-schema with generated rows (verification's generator). */
async function generateRows(
  db: TestDb,
  result: PipelineResult,
  rowsPerTable: number,
  mode: ProfileMode,
): Promise<void> {
  const facts = typeFacts("postgresql");
  const changes = result.steps.map((s) => s.item.change);
  const plans = tablePlans(result.from, result.to, changes, new NameMap(changes), facts, mode);
  const filled = await fillTables(db, plans, result.from, facts, rowsPerTable);
  if (Deno.env.get("CORPUS_VERBOSE")) {
    console.log(
      `generated rows (${mode}): ` +
        filled.tables.map((t) => `${t.table} ${t.rows}${t.note ? ` (${t.note})` : ""}`).join(", "),
    );
  }
}
