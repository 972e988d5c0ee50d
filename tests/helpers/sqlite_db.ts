/**
 * SQLite databases for tests: a database file in a temporary folder, scripts applied the way
 * users apply them (the `sqlite3` shell reading the file on standard input, or node:sqlite's
 * `exec`), and a catalog and data snapshot read from SQLite's own pragmas, independent of the
 * generator's parser, so that the tests judge the generated SQL by what SQLite stored.
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import type { TextRow } from "./pg_server.ts";

/** How a script is applied. */
export type SqliteRunner = "sqlite3" | "node:sqlite";

/** Whether the `sqlite3` shell is installed (Debian package `sqlite3`). */
export async function haveSqliteShell(): Promise<boolean> {
  try {
    const out = await new Deno.Command("sqlite3", { args: ["-version"], stdout: "null" }).output();
    return out.success;
  } catch {
    return false;
  }
}

/** Tables of the generator's archive and SQLite's own, left out of comparisons. */
function isInternal(name: string): boolean {
  return name.startsWith("_smartspec_archive") || name.startsWith("sqlite_");
}

const norm = (sql: string | null) => (sql ?? "").replace(/\s+/g, " ").trim().toLowerCase();

/** CHECK clauses of a CREATE TABLE text, normalised (balanced parentheses). */
function checksOf(sql: string): string[] {
  const out: string[] = [];
  const re = /\bcheck\s*\(/gi;
  for (let m = re.exec(sql); m; m = re.exec(sql)) {
    let depth = 0, i = m.index + m[0].length - 1, inStr: string | null = null;
    const start = i;
    for (; i < sql.length; i++) {
      const c = sql[i];
      if (inStr) {
        if (c === inStr) inStr = null;
        continue;
      }
      if (c === "'" || c === '"') inStr = c;
      else if (c === "(") depth++;
      else if (c === ")" && --depth === 0) break;
    }
    out.push(norm(sql.slice(start + 1, i)).replace(/["`]/g, ""));
  }
  return out.sort();
}

/** A SQLite database file for one test. */
export class SqliteTestDb {
  readonly path: string;
  private constructor(readonly dir: string) {
    this.path = join(dir, "test.db");
  }

  /** A new, empty database. */
  static async create(): Promise<SqliteTestDb> {
    return new SqliteTestDb(await Deno.makeTempDir({ prefix: "smartspec-sqlite-" }));
  }

  private open<T>(f: (db: DatabaseSync) => T): T {
    const db = new DatabaseSync(this.path);
    try {
      return f(db);
    } finally {
      db.close();
    }
  }

  /** Runs SQL through node:sqlite (schema files, seeds). */
  exec(sql: string): void {
    this.open((db) => db.exec(sql));
  }

  /**
   * Applies a script as users do; throws with the error output when it fails. With the shell,
   * a script that prints an error counts as failed even when the shell goes on (it does).
   */
  async applyScript(sql: string, runner: SqliteRunner): Promise<void> {
    if (runner === "node:sqlite") {
      this.open((db) => {
        try {
          db.exec(sql);
        } catch (e) {
          if (db.isTransaction) db.exec("ROLLBACK");
          throw e;
        }
      });
      return;
    }
    const file = join(this.dir, "script.sql");
    await Deno.writeTextFile(file, sql);
    const input = await Deno.open(file);
    const out = await new Deno.Command("sqlite3", {
      args: [this.path],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    await input.readable.pipeTo(out.stdin);
    const res = await out.output();
    const err = new TextDecoder().decode(res.stderr).trim();
    if (!res.success || err) throw new Error(err || `sqlite3 exited with ${res.code}`);
  }

  /** Rows of a query, every value as text (NULL as null). */
  query(sql: string): TextRow[] {
    return this.open((db) =>
      (db.prepare(sql).all() as Record<string, unknown>[]).map((r) =>
        Object.values(r).map((v) => (v === null || v === undefined ? null : String(v)))
      )
    );
  }

  /** The catalog as SQLite stores it (column order not compared, archive tables left out). */
  catalog(): Record<string, unknown> {
    return this.open((db) => {
      const objects = db.prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name",
      ).all() as { type: string; name: string; tbl_name: string; sql: string | null }[];
      const out: Record<string, unknown> = {};
      for (const o of objects) {
        if (isInternal(o.name) || isInternal(o.tbl_name)) continue;
        if (o.type === "table") out[`table ${o.name}`] = this.tableFacts(db, o.name, o.sql ?? "");
        else if (o.type === "index" && o.sql) {
          out[`index ${o.name}`] = { table: o.tbl_name, ...this.indexFacts(db, o.name, o.sql) };
        } else if (o.type === "view" || o.type === "trigger") {
          out[`${o.type} ${o.name}`] = { table: o.tbl_name, sql: norm(o.sql) };
        }
      }
      return out;
    });
  }

  private tableFacts(db: DatabaseSync, name: string, sql: string): unknown {
    const columns = (db.prepare("SELECT * FROM pragma_table_xinfo(?)").all(name) as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
      hidden: number;
    }[]).map((c) => ({
      name: c.name,
      type: c.type.toLowerCase(),
      notnull: c.notnull,
      default: c.dflt_value === null ? null : norm(c.dflt_value).replace(/^\((.*)\)$/, "$1"),
      pk: c.pk,
      hidden: c.hidden,
    })).sort((a, b) => a.name.localeCompare(b.name));
    const fks = db.prepare(
      'SELECT "table", "from", "to", on_update, on_delete, match FROM pragma_foreign_key_list(?)',
    ).all(name).map((r) => JSON.stringify(r)).sort();
    const uniques = (db.prepare("SELECT name, origin FROM pragma_index_list(?)").all(name) as {
      name: string;
      origin: string;
    }[]).filter((i) => i.origin !== "c").map((i) =>
      `${i.origin} ${
        (db.prepare("SELECT name FROM pragma_index_info(?) ORDER BY seqno").all(i.name) as {
          name: string;
        }[]).map((c) => c.name).join(",")
      }`
    ).sort();
    const list = db.prepare("SELECT wr, strict FROM pragma_table_list WHERE name = ?").get(
      name,
    ) as { wr: number; strict: number } | undefined;
    return {
      columns,
      foreign_keys: fks,
      unique_and_pk: uniques,
      checks: checksOf(sql),
      without_rowid: list?.wr ?? 0,
      strict: list?.strict ?? 0,
      autoincrement: /\bautoincrement\b/i.test(sql),
    };
  }

  private indexFacts(db: DatabaseSync, name: string, sql: string): Record<string, unknown> {
    const cols = db.prepare("SELECT seqno, name, desc, coll, key FROM pragma_index_xinfo(?)")
      .all(name) as { name: string | null; desc: number; coll: string; key: number }[];
    const where = /\bwhere\b([\s\S]*)$/i.exec(sql)?.[1];
    return {
      unique: /^\s*create\s+unique\b/i.test(sql),
      keys: cols.filter((c) => c.key).map((c) => `${c.name ?? "<expr>"} ${c.desc} ${c.coll}`),
      where: where ? norm(where).replace(/["`]/g, "") : null,
    };
  }

  /** Every row of every table (archive tables left out), ordered, as text. */
  rows(): Record<string, TextRow[]> {
    return this.open((db) => {
      const tables = (db.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
      ).all() as { name: string }[]).map((t) => t.name).filter((n) => !isInternal(n));
      const out: Record<string, TextRow[]> = {};
      for (const t of tables) {
        const q = `"${t.replaceAll('"', '""')}"`;
        out[t] = (db.prepare(`SELECT * FROM ${q}`).all() as Record<string, unknown>[])
          .map((r) =>
            Object.keys(r).sort().map((k) => {
              const v = r[k];
              if (v === null || v === undefined) return null;
              return v instanceof Uint8Array
                ? `x'${[...v].map((b) => b.toString(16))}'`
                : `${typeof v}:${String(v)}`;
            })
          )
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      }
      return out;
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await Deno.remove(this.dir, { recursive: true });
  }
}

/** Differences between two JSON-able snapshots, one line each (expected != actual). */
export function diffSnapshots(
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
): string[] {
  const out: string[] = [];
  for (const k of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const e = JSON.stringify(expected[k]);
    const a = JSON.stringify(actual[k]);
    if (e !== a) out.push(`${k}: ${e ?? "(missing)"} != ${a ?? "(missing)"}`);
  }
  return out;
}
