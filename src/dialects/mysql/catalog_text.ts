/**
 * A comparable picture of a live MySQL/MariaDB database, read from the server itself: the
 * `SHOW CREATE` text of every table, view and trigger (archive and scratch tables left out), with
 * what does not belong to the schema removed (`AUTO_INCREMENT=N`, the database name) and the key
 * lines of each table sorted (the server lists them in creation order). Two databases with equal
 * pictures have the same tables, columns in the same order with the same types, defaults and
 * attributes, the same keys, indexes, foreign keys, checks, options, views and triggers. Used by
 * verification and by the tests.
 * @module
 */

/** Runs one statement and returns its rows as text. */
export type QueryFn = (sql: string) => Promise<(string | null)[][]>;

/** Objects by `table:name`, `view:name`, `trigger:name`, each its normalised definition. */
export type Catalog = Map<string, string>;

const q = (name: string) => "`" + name.replaceAll("`", "``") + "`";
const lit = (s: string) => `'${s.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;

/** Tables whose name starts with this are the generator's own (archives, scratch). */
export const OWN_PREFIX = "_smartspec_";

function normaliseTable(text: string, db: string): string {
  const lines = text.split("\n");
  const head = lines[0];
  const tail = lines[lines.length - 1].replace(/ AUTO_INCREMENT=\d+/, "");
  const body = lines.slice(1, -1).map((l) => l.trim().replace(/,$/, ""));
  const cols = body.filter((l) => l.startsWith("`"));
  const keys = body.filter((l) => !l.startsWith("`")).sort();
  return [head, ...cols, ...keys, tail].join("\n").replaceAll(`${q(db)}.`, "");
}

/** The catalog of database `db` (the connection may be anywhere). */
export async function readCatalog(query: QueryFn, db: string): Promise<Catalog> {
  const out: Catalog = new Map();
  const tables = await query(
    `SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${
      lit(db)
    } ORDER BY TABLE_NAME`,
  );
  for (const [name, type] of tables) {
    if (!name || name.startsWith(OWN_PREFIX)) continue;
    if (type === "VIEW") {
      const r = await query(`SHOW CREATE VIEW ${q(db)}.${q(name)}`);
      const text = String(r[0][1]).replaceAll(`${q(db)}.`, "")
        .replace(/ DEFINER=\S+/, "").replace(/ SQL SECURITY \w+/, "")
        .replace(/ ALGORITHM=\w+/, "");
      out.set(`view:${name}`, text);
    } else {
      const r = await query(`SHOW CREATE TABLE ${q(db)}.${q(name)}`);
      out.set(`table:${name}`, normaliseTable(String(r[0][1]), db));
    }
  }
  const triggers = await query(
    `SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ${
      lit(db)
    } ORDER BY TRIGGER_NAME`,
  );
  for (const [name, table, timing, event, body] of triggers) {
    out.set(`trigger:${name}`, `${timing} ${event} ON ${table}: ${body}`);
  }
  return out;
}

/** Differences between two catalogs, as readable lines (empty when equal). */
export function diffCatalog(actual: Catalog, expected: Catalog): string[] {
  const out: string[] = [];
  for (const [k, v] of expected) {
    const a = actual.get(k);
    if (a === undefined) out.push(`missing ${k}`);
    else if (a !== v) {
      out.push(
        `${k} differs:\n  expected: ${v.replaceAll("\n", "\n            ")}\n  actual:   ${
          a.replaceAll("\n", "\n            ")
        }`,
      );
    }
  }
  for (const k of actual.keys()) if (!expected.has(k)) out.push(`unexpected ${k}`);
  return out;
}

/** Every row of a table as text, in a stable order (all columns, sorted). */
export async function tableRows(query: QueryFn, db: string, table: string): Promise<string[]> {
  const rows = await query(`SELECT * FROM ${q(db)}.${q(table)}`);
  return rows.map((r) => JSON.stringify(r)).sort();
}
