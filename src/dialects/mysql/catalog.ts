/**
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
import { ident, literal } from "./quoting.ts";

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
}
