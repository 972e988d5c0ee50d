/**
<<<<<<< HEAD
 * Reading a live MySQL/MariaDB database into the model, for verification on a server the user
 * names: the server's own `SHOW CREATE` statements for every table, view, trigger and routine of
 * the database, read by the same parser as schema files. What the server shows is what it did
 * (implicit names, defaults as stored, charset and collation, foreign key indexes), so the model
 * of the database after a migration can be compared with the model of the target schema file.
 *
 * No connection is opened here: the caller passes a function that runs one query and returns
 * its rows as text.
 * @module
 */
import type { Schema } from "../../model/schema.ts";
import type { MysqlFlavor } from "./expr.ts";
import { parseMysql } from "./parse.ts";
import { ident, literal } from "./quote.ts";

/** Runs one statement and returns its rows, values as text (null for SQL NULL). */
export type QueryFn = (sql: string) => Promise<(string | null)[][]>;

/** The objects of a database, by kind, in an order that loads (tables before views). */
export interface CatalogObjects {
  tables: string[];
  views: string[];
  triggers: string[];
  procedures: string[];
  functions: string[];
}

/** Lists the tables, views, triggers and routines of a database (archives included). */
export async function listObjects(query: QueryFn, database: string): Promise<CatalogObjects> {
  const db = literal(database);
  const rel = await query(
    `SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${db} ` +
      "ORDER BY TABLE_NAME",
  );
  const trg = await query(
    `SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ${db} ` +
      "ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER",
  );
  const rtn = await query(
    `SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ${db} ` +
      "ORDER BY ROUTINE_NAME",
  );
  return {
    tables: rel.filter((r) => r[1] !== "VIEW").map((r) => r[0]!),
    views: rel.filter((r) => r[1] === "VIEW").map((r) => r[0]!),
    triggers: trg.map((r) => r[0]!),
    procedures: rtn.filter((r) => r[1] === "PROCEDURE").map((r) => r[0]!),
    functions: rtn.filter((r) => r[1] === "FUNCTION").map((r) => r[0]!),
  };
}

/** The `SHOW CREATE` column that holds the statement, by kind. */
const STATEMENT_COLUMN = { TABLE: 1, VIEW: 1, TRIGGER: 2, PROCEDURE: 2, FUNCTION: 2 } as const;

/**
 * The server's DDL of a database, as one script (routines and triggers inside `DELIMITER ;;`).
 * Views come after the tables; a view that reads another view is created after it by the
 * parser's order-independence (views are keyed, not executed).
 */
export async function serverDdl(query: QueryFn, database: string): Promise<string> {
  const objects = await listObjects(query, database);
  const out: string[] = [];
  const show = async (kind: keyof typeof STATEMENT_COLUMN, name: string): Promise<string> => {
    const rows = await query(`SHOW CREATE ${kind} ${ident(database)}.${ident(name)}`);
    const sql = rows[0]?.[STATEMENT_COLUMN[kind]];
    if (!sql) throw new Error(`SHOW CREATE ${kind} ${name} returned nothing (missing privilege?)`);
    return sql;
  };
  for (const t of objects.tables) out.push(`${await show("TABLE", t)};`);
  for (const v of objects.views) out.push(`${await show("VIEW", v)};`);
  for (const kind of ["TRIGGER", "PROCEDURE", "FUNCTION"] as const) {
    const names = kind === "TRIGGER"
      ? objects.triggers
      : kind === "PROCEDURE"
      ? objects.procedures
      : objects.functions;
    for (const n of names) out.push(`DELIMITER ;;\n${await show(kind, n)};;\nDELIMITER ;`);
  }
  return out.join("\n\n") + "\n";
}

/**
 * The model of a live database: its server DDL ({@link serverDdl}) read by the schema parser.
 * `label` names it in errors (e.g. the scratch database's name).
 */
export async function readServerSchema(
  query: QueryFn,
  database: string,
  flavor: MysqlFlavor,
  label = `database ${database}`,
): Promise<Schema> {
  return parseMysql(await serverDdl(query, database), label, flavor);
=======
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
>>>>>>> fe06608 (MySQL/MariaDB back end (from a clean base on main): lowering to one ALTER TABLE per table with data moves and archives, preflight guards before any DDL, numbered parts with recovery advice; rules/mysql with one test file each (rule tests run in the rule's dialect, as in the seam's wiring); corpus round trips and accounts_mysql acceptance on MariaDB; the dialect gives every index the shared indexKey so unchanged indexes compare equal and hinted renames work)
}
