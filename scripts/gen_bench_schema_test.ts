import assert from "node:assert/strict";
import { diffSchemas } from "../src/diff/diff.ts";
import { typeFacts } from "../src/model/types.ts";
import { initPostgresParser, parsePostgres } from "../src/dialects/postgresql/parse/postgres.ts";
import { archiveTagOf, loadRules, runPipeline } from "../src/pipeline.ts";
import { parseSpec } from "../src/spec/spec.ts";
import { generateSchemaPair } from "./gen_bench_schema.ts";
import { postgresql } from "../src/dialects/postgresql/mod.ts";

const TABLES = 300;

Deno.test("gen_bench_schema: the same seed gives the same pair, another seed another", () => {
  const a = generateSchemaPair({ tables: TABLES, seed: 7 });
  const b = generateSchemaPair({ tables: TABLES, seed: 7 });
  assert.deepEqual(a.from, b.from);
  assert.deepEqual(a.to, b.to);
  assert.deepEqual(a.spec, b.spec);
  assert.deepEqual(a.stats, b.stats);
  const c = generateSchemaPair({ tables: TABLES, seed: 8 });
  assert.notEqual(a.from, c.from);
});

Deno.test("gen_bench_schema: about two statements per table and about 10% of tables changed", () => {
  const { stats } = generateSchemaPair({ tables: 1000 });
  assert.deepEqual(stats.tables.from, 1000);
  for (const n of [stats.statements.from, stats.statements.to]) {
    assert(n >= 1800 && n <= 2200, `statements per file: ${n}`);
  }
  assert(stats.changedTables >= 90 && stats.changedTables <= 110, `${stats.changedTables}`);
  // every kind the generator knows is represented at this size
  assert.deepEqual(Object.keys(stats.generated).length, 18, JSON.stringify(stats.generated));
});

Deno.test("gen_bench_schema: both files parse and diff to the intended changes, none blocked", async () => {
  await initPostgresParser();
  const pair = generateSchemaPair({ tables: TABLES, seed: 3 });
  const from = parsePostgres(pair.from, "from.sql");
  const to = parsePostgres(pair.to, "to.sql");
  assert.deepEqual(from.tables.size, pair.stats.tables.from);
  assert.deepEqual(to.tables.size, pair.stats.tables.to);
  assert.deepEqual([...from.unmanaged, ...to.unmanaged], []);

  const spec = parseSpec(pair.spec, "specs/bench/spec.md", "bench");
  const { changes } = diffSchemas(from, to, {
    expr: postgresql.expr,
    intents: spec.intents,
    specPath: spec.path,
    facts: typeFacts("postgresql"),
  });
  const expected = pair.stats.expectedTotal;
  assert(
    Math.abs(changes.length - expected) <= Math.ceil(expected * 0.1),
    `${changes.length} changes, ${expected} intended`,
  );
  const byKind: Record<string, number> = {};
  for (const c of changes) byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
  for (const kind of Object.keys(pair.stats.expected)) assert(byKind[kind], `no ${kind}`);
  assert.deepEqual(
    changes.filter((c) => c.kind === "rename_column" && c.via !== "hint").length,
    0,
    "renames come from hints only",
  );

  const result = runPipeline({
    dialect: postgresql,
    spec,
    from: { path: "from.sql", text: pair.from },
    to: { path: "to.sql", text: pair.to },
    rules: loadRules(),
    runId: "test",
    archiveTag: archiveTagOf("test"),
    tool: "test",
    version: "0",
  });
  const blocked = result.steps.filter((s) => s.item.blocked).map((s) => s.item.blocked);
  assert.deepEqual(blocked, []);
  assert(result.files.migration.length > 0);
});

Deno.test({
  name: "gen_bench_schema: on PostgreSQL the migration reaches to.sql and the rollback from.sql",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { freshDatabase } = await import("../tests/helpers/pg_server.ts");
    const { catalogSnapshot, diffCatalogs } = await import("../tests/helpers/catalog.ts");
    await initPostgresParser();
    const pair = generateSchemaPair({ tables: 150, seed: 11 });
    const result = runPipeline({
      dialect: postgresql,
      spec: parseSpec(pair.spec, "specs/bench/spec.md", "bench"),
      from: { path: "from.sql", text: pair.from },
      to: { path: "to.sql", text: pair.to },
      rules: loadRules(),
      runId: "test",
      archiveTag: archiveTagOf("test"),
      tool: "test",
      version: "0",
    });
    await using expectFrom = await freshDatabase();
    await using expectTo = await freshDatabase();
    await using db = await freshDatabase();
    await expectFrom.applyScript(pair.from);
    await expectTo.applyScript(pair.to);
    await db.applyScript(pair.from);
    await db.applyScript(result.files.migration);
    assert.deepEqual(diffCatalogs(await catalogSnapshot(expectTo), await catalogSnapshot(db)), []);
    await db.applyScript(result.files.rollback);
    assert.deepEqual(
      diffCatalogs(await catalogSnapshot(expectFrom), await catalogSnapshot(db)),
      [],
    );
  },
});
