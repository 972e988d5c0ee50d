import assert from "node:assert/strict";
import { diffSchemas } from "../src/diff/diff.ts";
import { typeFacts } from "../src/model/types.ts";
import { initPostgresParser, parsePostgres } from "../src/dialects/postgresql/parse/postgres.ts";
import { DatabaseSync } from "node:sqlite";
import { archiveTagOf, initDialect, loadRules, runPipeline } from "../src/pipeline.ts";
import { parseSqlite } from "../src/dialects/sqlite/parse.ts";
import { parseMysql } from "../src/dialects/mysql/parse.ts";
import {
  freshMariaDb,
  type MariaDb,
  mariadbAvailable,
  mariadbServerInfo,
} from "../tests/helpers/mariadb_server.ts";
import { differences, readMysqlCatalog, summarizeModel } from "../tests/helpers/mysql_catalog.ts";
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

// ------------------------------------------------------------------ SQLite and MySQL pairs

/** Loads a file into a fresh in-memory SQLite database; returns its objects by type. */
function sqliteObjects(db: DatabaseSync): Record<string, string[]> {
  const rows = db.prepare(
    "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' " +
      // the migration keeps what it drops in archive tables, for the rollback
      "AND name NOT LIKE '\\_smartspec\\_archive\\_%' ESCAPE '\\' ORDER BY name",
  ).all() as { type: string; name: string }[];
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.type] ??= []).push(r.name);
  return out;
}

function sqliteColumns(db: DatabaseSync, tables: string[]): string[] {
  return tables.flatMap((t) =>
    (db.prepare(`SELECT name, type, "notnull" AS nn FROM pragma_table_info('${t}')`).all() as {
      name: string;
      type: string;
      nn: number;
    }[]).map((c) => `${t}.${c.name} ${c.type}${c.nn ? " NOT NULL" : ""}`).sort()
  );
}

for (const dialect of ["sqlite", "mysql"] as const) {
  Deno.test(`gen_bench_schema: ${dialect} pair is valid for the engine, ~10% changed`, async () => {
    const pair = generateSchemaPair({ tables: TABLES, seed: 5, dialect });
    assert.match(pair.spec, new RegExp(`^dialect: ${dialect}$`, "m"));
    const changed = pair.stats.changedTables;
    assert(changed >= TABLES * 0.09 && changed <= TABLES * 0.11, `${changed} tables changed`);
    for (const [name, text] of [["from", pair.from], ["to", pair.to]] as const) {
      if (dialect === "sqlite") {
        const db = new DatabaseSync(":memory:");
        db.exec(text);
        const objects = sqliteObjects(db);
        db.close();
        assert.deepEqual(objects.table.length, pair.stats.tables[name]);
        // one view and one trigger per 50 tables
        assert.deepEqual([objects.view.length, objects.trigger.length], [TABLES / 50, TABLES / 50]);
      } else {
        // the benchmark's floor parses both files with node-sql-parser's MySQL grammar
        const { default: sqlParser } = await import("node-sql-parser");
        const ast = new sqlParser.Parser().astify(text, { database: "MySQL" });
        assert.deepEqual(Array.isArray(ast) ? ast.length : 1, pair.stats.statements[name]);
      }
    }
  });

  Deno.test(`gen_bench_schema: ${dialect} pair diffs to the intended changes, none blocked`, async () => {
    const d = await initDialect(dialect);
    const pair = generateSchemaPair({ tables: TABLES, seed: 3, dialect });
    const spec = parseSpec(pair.spec, "specs/bench/spec.md", "bench");
    assert.deepEqual(spec.dialect, dialect);
    const from = dialect === "sqlite"
      ? parseSqlite(pair.from, "from.sql")
      : parseMysql(pair.from, "from.sql", "mysql");
    assert.deepEqual(from.tables.size, pair.stats.tables.from);
    assert(from.views.size > 0 && from.triggers.size > 0, "views and triggers");
    assert.deepEqual(from.unmanaged, []);

    const result = runPipeline({
      dialect: d,
      spec,
      from: { path: "from.sql", text: pair.from },
      to: { path: "to.sql", text: pair.to },
      rules: loadRules(),
      runId: "test",
      archiveTag: archiveTagOf("test"),
      tool: "test",
      version: "0",
    });
    assert.deepEqual(result.to.tables.size, pair.stats.tables.to);
    const byKind: Record<string, number> = {};
    for (const c of result.classified) byKind[c.change.kind] = (byKind[c.change.kind] ?? 0) + 1;
    assert.deepEqual(byKind, pair.stats.expected);
    assert.deepEqual(
      result.classified.filter((c) => c.change.kind === "rename_column" && c.change.via !== "hint")
        .length,
      0,
      "renames come from hints only",
    );
    assert.deepEqual(result.classified.filter((c) => c.blocked).map((c) => c.blocked), []);
    assert(result.files.migration.length > 0 && result.files.rollback.length > 0);

    if (dialect === "sqlite") {
      // the migration turns from.sql into to.sql on the engine, the rollback turns it back
      const expect = (text: string) => {
        const db = new DatabaseSync(":memory:");
        db.exec(text);
        const o = sqliteObjects(db);
        const cols = sqliteColumns(db, o.table);
        db.close();
        return { o, cols };
      };
      const db = new DatabaseSync(":memory:");
      db.exec(pair.from);
      db.exec(result.files.migration);
      const after = { o: sqliteObjects(db), cols: sqliteColumns(db, sqliteObjects(db).table) };
      assert.deepEqual(after, expect(pair.to));
      db.exec(result.files.rollback);
      const back = { o: sqliteObjects(db), cols: sqliteColumns(db, sqliteObjects(db).table) };
      db.close();
      assert.deepEqual(back, expect(pair.from));
    }
  });
}

Deno.test({
  name: "gen_bench_schema: on MariaDB the mysql pair loads as parsed, migrates and rolls back",
  ignore: !mariadbAvailable(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { flavor } = await mariadbServerInfo();
    const pair = generateSchemaPair({ tables: 150, seed: 11, dialect: "mysql" });
    const result = runPipeline({
      dialect: await initDialect(flavor),
      spec: parseSpec(pair.spec, "specs/bench/spec.md", "bench"),
      from: { path: "from.sql", text: pair.from },
      to: { path: "to.sql", text: pair.to },
      rules: loadRules(),
      runId: "test",
      archiveTag: archiveTagOf("test"),
      tool: "test",
      version: "0",
    });
    // what the server holds, against what the parser read (archive tables aside)
    const disagree = async (db: MariaDb, text: string, what: string) => {
      const parsed = parseMysql(text, what, flavor);
      const server = await readMysqlCatalog(db, flavor, parsed);
      return differences(summarizeModel(parsed, flavor), server)
        .filter((d) => !d.includes("_smartspec_archive_"));
    };
    await using db = await freshMariaDb();
    await db.applyScript(pair.from);
    assert.deepEqual(await disagree(db, pair.from, "from.sql"), []);
    await db.applyScript(result.files.migration);
    assert.deepEqual(await disagree(db, pair.to, "to.sql"), []);
    await db.applyScript(result.files.rollback);
    assert.deepEqual(await disagree(db, pair.from, "from.sql"), []);
  },
});
