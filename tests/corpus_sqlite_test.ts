/**
 * The SQLite corpus: `tests/corpus_sqlite/<feature>/<case>/` holds `from.sql`, `to.sql`, an
 * optional `spec.yaml` (the body of the spec's `yaml migration` block), `seed.sql` (rows loaded
 * after the from-schema) and `expect.yaml`:
 * - `guard: <text>`: the migration must be refused: the error names `<text>` and the database
 *   is unchanged (node:sqlite: every row and the schema; sqlite3 shell: the file, byte for byte);
 * - `refused: <text>`: the same, but the error may be SQLite's own (a value a STRICT column
 *   refuses during the copy): node:sqlite stops there, the shell's final check rolls back;
 * - `after_up: [{sql, rows}]`: queries after the migration and their rows;
 * - `notes: [<substring>]`: notes the lowering must give.
 * Every other case is applied up then down with BOTH node:sqlite and the sqlite3 shell: the
 * schema after up equals to.sql, after down from.sql, and every seeded row is back (values with
 * their storage class, rowids, AUTOINCREMENT counters).
 * @module
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { parse as parseYaml } from "yaml";
import {
  allRows,
  execNode,
  execShell,
  type Generated,
  generateSqlite,
  hasShell,
  schemaDiff,
  schemaText,
} from "./sqlite_harness.ts";
import { parseSqlite } from "../src/dialects/sqlite/parse.ts";
import { verifySqlite } from "../src/dialects/sqlite/verify.ts";

const ROOT = new URL("./corpus_sqlite/", import.meta.url);

interface Expect {
  guard?: string;
  /** Refused by SQLite itself (not by a guard): the error names this; nothing changed. */
  refused?: string;
  after_up?: { sql: string; rows: unknown[][] }[];
  notes?: string[];
  /** Verification status expected on generated rows (default `passed`). */
  verify?: string;
}

interface Case {
  name: string;
  from: string;
  to: string;
  spec?: string;
  seed: string;
  expect: Expect;
}

function read(url: URL): string | undefined {
  try {
    return Deno.readTextFileSync(url);
  } catch {
    return undefined;
  }
}

function dirs(url: URL): string[] {
  return [...Deno.readDirSync(url)].filter((e) => e.isDirectory).map((e) => e.name).sort();
}

function loadCases(): Case[] {
  const out: Case[] = [];
  for (const f of dirs(ROOT)) {
    const fdir = new URL(`${f}/`, ROOT);
    for (const c of dirs(fdir)) {
      const dir = new URL(`${c}/`, fdir);
      out.push({
        name: `${f}/${c}`,
        from: read(new URL("from.sql", dir))!,
        to: read(new URL("to.sql", dir))!,
        spec: read(new URL("spec.yaml", dir)),
        seed: read(new URL("seed.sql", dir)) ?? "",
        expect: (parseYaml(read(new URL("expect.yaml", dir)) ?? "{}") ?? {}) as Expect,
      });
    }
  }
  return out;
}

function sequences(db: DatabaseSync): string {
  const has = db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_sequence'`).get();
  if (!has) return "";
  return JSON.stringify(db.prepare(`SELECT name, seq FROM sqlite_sequence ORDER BY name`).all());
}

function state(db: DatabaseSync) {
  return { rows: allRows(db), seq: sequences(db) };
}

function checkAfterUp(db: DatabaseSync, c: Case, runner: string): void {
  for (const q of c.expect.after_up ?? []) {
    const rows = db.prepare(q.sql).all().map((r) => Object.values(r as Record<string, unknown>));
    assert.equal(
      JSON.stringify(rows),
      JSON.stringify(q.rows),
      `${c.name} (${runner}): after up, ${q.sql}`,
    );
  }
}

function runNode(c: Case, g: Generated): void {
  const db = new DatabaseSync(":memory:");
  try {
    db.exec(c.from);
    db.exec(c.seed);
    const before = state(db), schemaBefore = schemaText(db, true);
    const up = execNode(db, g.migration);
    const refused = c.expect.guard ?? c.expect.refused;
    if (refused) {
      assert.ok(up.error, `${c.name} (node): the migration should have been refused`);
      assert.ok(
        (up.error.includes("smartspec") || !c.expect.guard) && up.error.includes(refused),
        `${c.name} (node): error should name ${refused}: ${up.error}`,
      );
      assert.equal(schemaText(db, true), schemaBefore, `${c.name} (node): schema unchanged`);
      assert.deepEqual(state(db), before, `${c.name} (node): rows unchanged`);
      return;
    }
    assert.equal(up.error, undefined, `${c.name} (node): migration failed\n${g.migration}`);
    assert.deepEqual(schemaDiff(db, c.to), [], `${c.name} (node): schema after up = to.sql`);
    checkAfterUp(db, c, "node");
    const down = execNode(db, g.rollback);
    assert.equal(down.error, undefined, `${c.name} (node): rollback failed\n${g.rollback}`);
    assert.deepEqual(schemaDiff(db, c.from), [], `${c.name} (node): schema after down = from.sql`);
    assert.deepEqual(state(db), before, `${c.name} (node): every row back after down`);
    const left = db.prepare(
      `SELECT name FROM sqlite_schema WHERE name LIKE '\\_smartspec%' ESCAPE '\\'`,
    ).all();
    assert.deepEqual(left, [], `${c.name} (node): no archive left after down`);
  } finally {
    db.close();
  }
}

async function runShell(c: Case, g: Generated): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "smartspec_sqlite_" });
  const path = `${dir}/app.db`;
  try {
    const setup = new DatabaseSync(path);
    setup.exec(c.from);
    setup.exec(c.seed);
    const before = state(setup);
    setup.close();
    const bytes = await Deno.readFile(path);
    const up = await execShell(path, g.migration);
    const refused = c.expect.guard ?? c.expect.refused;
    if (refused) {
      assert.notEqual(up.code, 0, `${c.name} (shell): the migration should have failed`);
      assert.ok(
        up.stderr.includes(refused),
        `${c.name} (shell): errors should name ${refused}: ${up.stderr}`,
      );
      assert.ok(up.stderr.includes("rolled back"), `${c.name} (shell): rolled back: ${up.stderr}`);
      assert.deepEqual(await Deno.readFile(path), bytes, `${c.name} (shell): file unchanged`);
      return;
    }
    assert.equal(up.stderr, "", `${c.name} (shell): migration errors`);
    assert.equal(up.code, 0, `${c.name} (shell): migration exit code`);
    let db = new DatabaseSync(path);
    assert.deepEqual(schemaDiff(db, c.to), [], `${c.name} (shell): schema after up = to.sql`);
    checkAfterUp(db, c, "shell");
    db.close();
    const down = await execShell(path, g.rollback);
    assert.equal(down.stderr, "", `${c.name} (shell): rollback errors`);
    assert.equal(down.code, 0, `${c.name} (shell): rollback exit code`);
    db = new DatabaseSync(path);
    assert.deepEqual(schemaDiff(db, c.from), [], `${c.name} (shell): schema after down = from.sql`);
    assert.deepEqual(state(db), before, `${c.name} (shell): every row back after down`);
    db.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const shell = await hasShell();
const only = Deno.env.get("SQLITE_CORPUS_ONLY");

for (const c of loadCases()) {
  if (only && !c.name.includes(only)) continue;
  Deno.test(`sqlite corpus: ${c.name}`, async (t) => {
    const g = generateSqlite(c.from, c.to, c.spec);
    for (const n of c.expect.notes ?? []) {
      assert.ok(g.notes.some((x) => x.includes(n)), `${c.name}: note "${n}" in ${g.notes}`);
    }
    await t.step("node:sqlite", () => runNode(c, g));
    await t.step("verification on generated rows", async () => {
      const v = await verifySqlite({
        fromSql: c.from,
        toSql: c.to,
        migrationSql: g.migration,
        rollbackSql: g.rollback,
        from: g.from,
        to: g.to,
        parse: parseSqlite,
        changes: g.changes,
      });
      const expected = c.expect.verify ?? "passed";
      assert.equal(
        v.status,
        expected,
        `${c.name}: verification ${v.status}: ${v.reason}\n${(v.differences ?? []).join("\n")}`,
      );
      if (expected === "passed") assert.ok((v.rows_generated ?? 0) > 0, "rows were generated");
    });
    await t.step({
      name: shell ? "sqlite3 shell" : "sqlite3 shell (skipped: sqlite3 is not installed)",
      ignore: !shell,
      fn: () => runShell(c, g),
    });
  });
}
