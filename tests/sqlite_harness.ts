/**
 * Test harness for the SQLite back end: generates migration.sql and rollback.sql for a pair of
 * schema files (parser + differ + lowering + frame), applies files with node:sqlite or with the
 * sqlite3 shell, and reads a database back (schema model and every row) for comparisons.
 * Tests only: it spawns the sqlite3 shell.
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { diffSchemas } from "../src/diff/diff.ts";
import { renameColumns } from "../src/dialects/sqlite/expr.ts";
import { renderSqliteFile } from "../src/dialects/sqlite/frame.ts";
import { lowerSqlite } from "../src/dialects/sqlite/lower.ts";
import { parseSqlite } from "../src/dialects/sqlite/parse.ts";
import { sqliteTypeFacts } from "../src/dialects/sqlite/types.ts";
import type { Change } from "../src/diff/changes.ts";
import type { Schema } from "../src/model/schema.ts";
import { parseSpec } from "../src/spec/spec.ts";

/** The generated files of a pair. */
export interface Generated {
  from: Schema;
  to: Schema;
  changes: Change[];
  migration: string;
  rollback: string;
  notes: string[];
}

/** Phases of the PostgreSQL planner, enough to order test changes like the plan does. */
const PHASE: Partial<Record<Change["kind"], number>> = {
  drop_constraint: 2,
  drop_index: 2,
  drop_view: 1,
  drop_trigger: 1,
  rename_table: 3,
  rename_column: 4,
  rename_constraint: 5,
  rename_index: 5,
  create_table: 6,
  add_column: 7,
  split_column: 8,
  merge_columns: 8,
  transform_column: 8,
  alter_generated: 8,
  alter_column_type: 9,
  set_default: 10,
  drop_default: 10,
  drop_not_null: 11,
  set_not_null: 11,
  add_index: 12,
  add_constraint: 13,
  drop_column: 14,
  drop_table: 15,
  create_view: 20,
  create_trigger: 21,
};

/** Diffs two SQLite schema texts (with an optional `yaml migration` block body). */
export function diffSqlite(fromSql: string, toSql: string, specYaml?: string) {
  const from = parseSqlite(fromSql, "from.sql");
  const to = parseSqlite(toSql, "to.sql");
  const spec = parseSpec(
    specYaml ? "# t\n\n```yaml migration\n" + specYaml + "\n```\n" : "# t\n",
    "spec.md",
    "t",
  );
  const { changes } = diffSchemas(from, to, {
    intents: spec.intents,
    specPath: "spec.md",
    facts: sqliteTypeFacts(),
    expr: { renameColumns },
    defaultSchema: "main",
  });
  const ordered = changes.map((c, i) => ({ c, i })).sort((a, b) =>
    (PHASE[a.c.kind] ?? 10) - (PHASE[b.c.kind] ?? 10) || a.i - b.i
  ).map((x) => x.c);
  return { from, to, changes: ordered };
}

/** Generates migration.sql and rollback.sql for a pair. */
export function generateSqlite(fromSql: string, toSql: string, specYaml?: string): Generated {
  const { from, to, changes } = diffSqlite(fromSql, toSql, specYaml);
  const items = changes.map((change, i) => ({ change, step: i + 1 }));
  const out = lowerSqlite({ changes: items, from, to, archiveTag: "t1" });
  const stepComment = (n: number) => n === 0 ? "" : `[${n}] ${items[n - 1].change.kind}`;
  return {
    from,
    to,
    changes,
    migration: renderSqliteFile({ header: ["migration"], statements: out.up, stepComment }),
    rollback: renderSqliteFile({ header: ["rollback"], statements: out.down, stepComment }),
    notes: out.notes,
  };
}

/** A database's schema statements (no internal or archive objects) as one text. */
export function schemaText(db: DatabaseSync, archives = false): string {
  const rows = db.prepare(
    `SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'` +
      (archives ? "" : ` AND tbl_name NOT LIKE '\\_smartspec\\_archive%' ESCAPE '\\'`) +
      ` AND tbl_name NOT IN (SELECT name FROM pragma_table_list WHERE type = 'shadow')` +
      ` ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, rowid`,
  ).all() as { sql: string }[];
  return rows.map((r) => r.sql + ";").join("\n");
}

/** The changes between a database's schema and an expected schema text (none: equal). */
export function schemaDiff(db: DatabaseSync, expectedSql: string): string[] {
  const actual = parseSqlite(schemaText(db), "database");
  const expected = parseSqlite(expectedSql, "expected.sql");
  const { changes } = diffSchemas(actual, expected, {
    intents: [],
    specPath: "spec.md",
    facts: sqliteTypeFacts(),
    expr: { renameColumns },
    defaultSchema: "main",
  });
  const out = changes.map((c) => {
    const t = "table" in c && c.table && typeof c.table === "object" && "name" in c.table
      ? (c.table as { name: string }).name
      : "";
    return `${c.kind} ${t}`;
  });
  for (const t of actual.tables.values()) {
    const e = expected.tables.get(`main.${t.name}`);
    if (e && JSON.stringify(t.sqlite ?? {}) !== JSON.stringify(e.sqlite ?? {})) {
      out.push(
        `sqlite options of ${t.name}: ${JSON.stringify(t.sqlite)} != ${JSON.stringify(e.sqlite)}`,
      );
    }
    // what SQLite shows of each column: the declared type as written, generated storage ...
    for (const c of t.columns) {
      const ec = e?.columns.find((x) => x.name.toLowerCase() === c.name.toLowerCase());
      if (ec && JSON.stringify(c.sqlite ?? {}) !== JSON.stringify(ec.sqlite ?? {})) {
        out.push(
          `sqlite column ${t.name}.${c.name}: ${JSON.stringify(c.sqlite)} != ${
            JSON.stringify(ec.sqlite)
          }`,
        );
      }
    }
  }
  return out;
}

/** Every row of every user table (values quoted with their storage class), by table. */
export function allRows(db: DatabaseSync): Record<string, string[]> {
  const tables = db.prepare(
    `SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'` +
      ` AND name NOT LIKE '\\_smartspec\\_%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL%'` +
      ` AND name NOT IN (SELECT name FROM pragma_table_list WHERE type = 'shadow') ORDER BY name`,
  ).all() as { name: string; sql: string }[];
  const out: Record<string, string[]> = {};
  for (const t of tables) {
    const cols = (db.prepare(`SELECT name FROM pragma_table_xinfo(?)`).all(t.name) as {
      name: string;
    }[]).map((c) => c.name);
    const withoutRowid = /without\s+rowid/i.test(t.sql);
    const q = (n: string) => `"${n.replaceAll('"', '""')}"`;
    const sel = [...(withoutRowid ? [] : ["rowid"]), ...cols.map(q)].map((c) => `quote(${c})`)
      .join(" || '|' || ");
    const rows = db.prepare(`SELECT ${sel} AS r FROM ${q(t.name)}`).all() as { r: string }[];
    out[t.name.toLowerCase()] = rows.map((r) => r.r).sort();
  }
  return out;
}

/** Runs a file with node:sqlite; a failure leaves the transaction rolled back. */
export function execNode(db: DatabaseSync, sql: string): { error?: string } {
  try {
    db.exec(sql);
    return {};
  } catch (e) {
    if (db.isTransaction) db.exec("ROLLBACK");
    try {
      db.exec("PRAGMA foreign_keys = ON");
    } catch { /* ignore */ }
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

let shellChecked: boolean | undefined;

/** True when the sqlite3 shell is installed. */
export async function hasShell(): Promise<boolean> {
  if (shellChecked === undefined) {
    try {
      const o = await new Deno.Command("sqlite3", {
        args: ["-version"],
        stdout: "null",
        stderr: "null",
      })
        .output();
      shellChecked = o.success;
    } catch {
      shellChecked = false;
    }
  }
  return shellChecked;
}

/** Runs a file with the sqlite3 shell as a user would: `sqlite3 db < file`. */
export async function execShell(
  dbPath: string,
  sql: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const p = new Deno.Command("sqlite3", {
    args: [dbPath],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = p.stdin.getWriter();
  await w.write(new TextEncoder().encode(sql));
  await w.close();
  const o = await p.output();
  return {
    code: o.code,
    stdout: new TextDecoder().decode(o.stdout),
    stderr: new TextDecoder().decode(o.stderr),
  };
}
