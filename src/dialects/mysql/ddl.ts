/**
 * MySQL/MariaDB DDL from the common model: `CREATE TABLE` with its keys, indexes, foreign keys,
 * checks and options, and the pieces of a fused `ALTER TABLE t <change>, <change>` (one statement
 * per table, which the server applies atomically). Every identifier is quoted with backticks and
 * every literal with {@link literal}; user expressions (defaults, CHECK, generated columns, index
 * expressions) are written from `Expr.sql`.
 * @module
 */
import type { Column, Constraint, Index, Table } from "../../model/schema.ts";
import { canonicalDefaultSql } from "./defaults.ts";
import type { MysqlFlavor } from "./expr.ts";
import { isWord, significant } from "./lex.ts";
import { MYSQL_DEFAULT_SCHEMA, sameName } from "./names.ts";
import { ident, literal } from "./quote.ts";
import { mysqlTypeSql } from "./types.ts";

/** The column type as SQL: `int unsigned`, `decimal(12,2)`, `enum('a','b')`, `tinyint(1)`. */
export function typeSql(c: Column): string {
  const m = c.mysql ?? {};
  const t = { ...c.type };
  let s = mysqlTypeSql(t, { values: m.values }, literal);
  // Display widths are deprecated; tinyint(1) (a boolean) and ZEROFILL widths still mean something.
  if (
    m.displayWidth !== undefined && (m.zerofill || (t.name === "tinyint" && m.displayWidth === 1))
  ) {
    s += `(${m.displayWidth})`;
  }
  if (m.unsigned) s += " unsigned";
  if (m.zerofill) s += " zerofill";
  return s;
}

const TIME_FUNCTIONS = /^(current_timestamp|now|localtime|localtimestamp)\s*(\(\s*\d*\s*\))?$/i;

/** True when a default is written without parentheses (a literal or CURRENT_TIMESTAMP). */
export function isPlainDefault(sql: string, c: Column): boolean {
  const s = sql.trim();
  if (TIME_FUNCTIONS.test(s)) return true;
  if (canonicalDefaultSql(s, c.type) !== undefined) return true;
  const toks = significant(s);
  if (toks.length === 1 && (toks[0].kind === "string" || toks[0].kind === "number")) return true;
  if (toks.length === 1 && isWord(toks[0], "TRUE", "FALSE", "NULL")) return true;
  if (toks.length === 2 && (toks[0].text === "-" || toks[0].text === "+")) {
    return toks[1].kind === "number";
  }
  // b'0101', x'0A'
  return toks.length === 2 && isWord(toks[0], "B", "X") && toks[1].kind === "string";
}

/** The DEFAULT clause's value: a literal as is, an expression in parentheses. */
export function defaultSql(c: Column): string | undefined {
  if (!c.default) return undefined;
  const sql = c.default.sql.trim();
  return isPlainDefault(sql, c) ? sql : `(${sql})`;
}

/** One column definition (without position). */
export function columnDef(c: Column, flavor: MysqlFlavor): string {
  const m = c.mysql ?? {};
  const parts = [ident(c.name), typeSql(c)];
  if (m.charset && c.type.name !== "json") parts.push(`CHARACTER SET ${m.charset}`);
  if (c.collation && c.type.name !== "json") parts.push(`COLLATE ${c.collation}`);
  if (c.generated) {
    parts.push(
      `GENERATED ALWAYS AS (${c.generated.sql})`,
      m.storage === "stored" ? "STORED" : "VIRTUAL",
    );
  }
  // MariaDB takes no NULL / NOT NULL on a generated column (MySQL takes both).
  if (c.notNull) parts.push("NOT NULL");
  else if (!c.generated) parts.push("NULL");
  const d = defaultSql(c);
  if (d !== undefined && !c.generated) parts.push(`DEFAULT ${d}`);
  if (m.onUpdate) parts.push(`ON UPDATE ${m.onUpdate.sql}`);
  if (m.autoIncrement) parts.push("AUTO_INCREMENT");
  if (m.srid !== undefined && flavor === "mysql") parts.push(`SRID ${m.srid}`);
  if (m.invisible) parts.push("INVISIBLE");
  if (m.comment) parts.push(`COMMENT ${literal(m.comment)}`);
  return parts.join(" ");
}

function cols(names: string[]): string {
  return `(${names.map(ident).join(", ")})`;
}

/** A key, foreign key or check definition, named (as ADD or inside CREATE TABLE). */
export function constraintDef(c: Constraint): string {
  switch (c.kind) {
    case "primary":
      return `PRIMARY KEY ${cols(c.columns)}`;
    case "unique":
      return `UNIQUE KEY ${ident(c.name)} ${cols(c.columns)}`;
    case "foreign": {
      const ref = c.ref!;
      const table = ref.table.schema === MYSQL_DEFAULT_SCHEMA
        ? ident(ref.table.name)
        : `${ident(ref.table.schema)}.${ident(ref.table.name)}`;
      let s = `CONSTRAINT ${ident(c.name)} FOREIGN KEY ${cols(c.columns)} REFERENCES ${table} ${
        cols(ref.columns)
      }`;
      if (c.onDelete && c.onDelete !== "RESTRICT") s += ` ON DELETE ${c.onDelete}`;
      if (c.onUpdate && c.onUpdate !== "RESTRICT") s += ` ON UPDATE ${c.onUpdate}`;
      return s;
    }
    case "check":
      return `CONSTRAINT ${ident(c.name)} CHECK (${c.expr!.sql})`;
    default:
      throw new Error(`MySQL has no ${c.kind} constraints`);
  }
}

/** An index definition inside CREATE TABLE or after ALTER TABLE ... ADD. */
export function indexDef(ix: Index, flavor: MysqlFlavor): string {
  const kind = ix.method === "fulltext"
    ? "FULLTEXT KEY"
    : ix.method === "spatial"
    ? "SPATIAL KEY"
    : ix.unique
    ? "UNIQUE KEY"
    : "KEY";
  const parts = ix.keys.map((k) => {
    const base = k.column !== undefined ? ident(k.column) : `(${k.expr!.sql})`;
    const prefix = /^\(\d+\)/.exec(k.options)?.[0] ?? "";
    const desc = /\bDESC\b/i.test(k.options) ? " DESC" : "";
    return `${base}${prefix}${desc}`;
  });
  let s = `${kind} ${ident(ix.name)} (${parts.join(", ")})`;
  if (ix.method === "hash") s += " USING HASH";
  const o = ix.options ?? {};
  if (o.parser) s += ` WITH PARSER ${o.parser}`;
  if (o.comment) s += ` COMMENT ${literal(o.comment)}`;
  if (o.invisible === "true") s += flavor === "mariadb" ? " IGNORED" : " INVISIBLE";
  return s;
}

/**
 * True when an index is one the server creates by itself for a foreign key (named after the
 * constraint, on its columns). CREATE TABLE writes every index anyway: an index the server would
 * name differently (after the first column, for a foreign key whose name is written) keeps its
 * name that way.
 */
export function isForeignKeyIndex(t: Table, ix: Index): boolean {
  return t.constraints.some((c) =>
    c.kind === "foreign" && ix.keys.every((k) => k.column !== undefined && k.options === "") &&
    ix.keys.length === c.columns.length &&
    ix.keys.every((k, i) => sameName(k.column!, c.columns[i])) && sameName(ix.name, c.name)
  );
}

/** Table options as SQL (`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 ...`), empty when none. */
export function tableOptionsSql(t: Table): string {
  const o = t.mysql;
  if (!o) return "";
  const parts: string[] = [];
  if (o.engine) parts.push(`ENGINE=${o.engine}`);
  if (o.charset) parts.push(`DEFAULT CHARSET=${o.charset}`);
  if (o.collation) parts.push(`COLLATE=${o.collation}`);
  if (o.rowFormat) parts.push(`ROW_FORMAT=${o.rowFormat}`);
  for (const [k, v] of Object.entries(o.options ?? {})) {
    parts.push(`${k.toUpperCase()}=${/^[A-Za-z0-9_]+$/.test(v) ? v : literal(v)}`);
  }
  if (o.comment) parts.push(`COMMENT=${literal(o.comment)}`);
  return parts.join(" ");
}

/** The table's name as SQL (qualified outside the default schema). */
export function tableName(t: { schema: string; name: string }): string {
  return t.schema === MYSQL_DEFAULT_SCHEMA ? ident(t.name) : `${ident(t.schema)}.${ident(t.name)}`;
}

/**
 * `CREATE TABLE` for a table and its indexes (those of the schema's index map on this table).
 * Foreign keys are included unless `withoutForeignKeys` (to add them once every table exists).
 */
export function createTableSql(
  t: Table,
  indexes: Index[],
  flavor: MysqlFlavor,
  opts: { withoutForeignKeys?: boolean } = {},
): string {
  const lines = t.columns.map((c) => columnDef(c, flavor));
  const order = ["primary", "unique", "foreign", "check"] as const;
  for (const kind of order) {
    if (kind === "foreign" && opts.withoutForeignKeys) continue;
    for (const c of t.constraints.filter((x) => x.kind === kind)) lines.push(constraintDef(c));
    if (kind === "unique") {
      for (const ix of indexes) lines.push(indexDef(ix, flavor));
    }
  }
  const options = tableOptionsSql(t);
  const partition = t.partitionBy ? `\nPARTITION BY ${t.partitionBy.sql}` : "";
  return `CREATE TABLE ${tableName(t)} (\n  ${lines.join(",\n  ")}\n)${
    options ? " " + options : ""
  }${partition};`;
}

// ---------------------------------------------------------------------------------------------
// ALTER TABLE pieces, fused by alterTableSql

/** `ADD COLUMN <def> [FIRST | AFTER col]`. */
export function addColumn(c: Column, flavor: MysqlFlavor, after?: string | null): string {
  const pos = after === null ? " FIRST" : after !== undefined ? ` AFTER ${ident(after)}` : "";
  return `ADD COLUMN ${columnDef(c, flavor)}${pos}`;
}

/** `MODIFY COLUMN <def>`: a new type, nullability, default ... for the same name. */
export function modifyColumn(c: Column, flavor: MysqlFlavor): string {
  return `MODIFY COLUMN ${columnDef(c, flavor)}`;
}

/** `CHANGE COLUMN old <def>`: rename and redefine at once (MySQL 5.7 / MariaDB < 10.5 too). */
export function changeColumn(from: string, c: Column, flavor: MysqlFlavor): string {
  return `CHANGE COLUMN ${ident(from)} ${columnDef(c, flavor)}`;
}

/** `RENAME COLUMN a TO b` (MySQL 8.0, MariaDB 10.5+): keeps the definition as it is. */
export function renameColumn(from: string, to: string): string {
  return `RENAME COLUMN ${ident(from)} TO ${ident(to)}`;
}

/** `DROP COLUMN c`. */
export function dropColumn(name: string): string {
  return `DROP COLUMN ${ident(name)}`;
}

/** `ADD <key, foreign key or check>`. */
export function addConstraint(c: Constraint): string {
  return `ADD ${constraintDef(c)}`;
}

/** The DROP for a key, foreign key or check (the syntax differs by kind and flavor). */
export function dropConstraint(c: Constraint, flavor: MysqlFlavor): string {
  switch (c.kind) {
    case "primary":
      return "DROP PRIMARY KEY";
    case "unique":
      return `DROP INDEX ${ident(c.name)}`;
    case "foreign":
      return `DROP FOREIGN KEY ${ident(c.name)}`;
    case "check":
      return flavor === "mysql"
        ? `DROP CHECK ${ident(c.name)}`
        : `DROP CONSTRAINT ${ident(c.name)}`;
    default:
      throw new Error(`MySQL has no ${c.kind} constraints`);
  }
}

/** `ADD <index>`. */
export function addIndex(ix: Index, flavor: MysqlFlavor): string {
  return `ADD ${indexDef(ix, flavor)}`;
}

/** `DROP INDEX name`. */
export function dropIndex(name: string): string {
  return `DROP INDEX ${ident(name)}`;
}

/** `RENAME INDEX a TO b` (MySQL 5.7+, MariaDB 10.5+). */
export function renameIndex(from: string, to: string): string {
  return `RENAME INDEX ${ident(from)} TO ${ident(to)}`;
}

/**
 * One `ALTER TABLE t <change>, <change>, ...;` for all the changes of a table (the server applies
 * them together or not at all). `algorithm` adds `ALGORITHM=...` so that the server refuses
 * instead of silently copying a big table.
 */
export function alterTableSql(
  t: { schema: string; name: string },
  changes: string[],
  algorithm?: "INSTANT" | "INPLACE" | "COPY",
): string {
  const all = algorithm ? [...changes, `ALGORITHM=${algorithm}`] : changes;
  return `ALTER TABLE ${tableName(t)}\n  ${all.join(",\n  ")};`;
}

/** `RENAME TABLE a TO b`. */
export function renameTableSql(
  from: { schema: string; name: string },
  to: { schema: string; name: string },
): string {
  return `RENAME TABLE ${tableName(from)} TO ${tableName(to)};`;
}

// ---------------------------------------------------------------------------------------------
// Views, triggers and routines (kept as the user wrote them)

/**
 * A CREATE statement without its `DEFINER = ...` clause: a migration should create objects as
 * the account that runs it (naming another definer needs SUPER / SET USER privileges).
 */
export function withoutDefiner(sql: string): string {
  const toks = significant(sql);
  const at = toks.findIndex((t, i) => i < 12 && isWord(t, "DEFINER"));
  if (at < 0) return sql;
  let end = at + 1;
  if (toks[end]?.text === "=") end++;
  end++; // the user, or CURRENT_USER
  if (toks[end]?.text === "(" && toks[end + 1]?.text === ")") end += 2;
  if (toks[end]?.text === "@") end += 2;
  const from = toks[at].start, to = toks[end - 1].end;
  return (sql.slice(0, from) + sql.slice(to)).replace(/[ \t]{2,}/g, " ");
}

/** True when a statement needs a DELIMITER change to reach the server whole (a `;` inside). */
export function needsDelimiter(sql: string): boolean {
  return significant(sql).some((t) => t.text === ";");
}

/**
 * A view, trigger or routine's CREATE statement for a migration file: without DEFINER, ended by
 * `;`, or wrapped in `DELIMITER ;;` ... `DELIMITER ;` when its body holds semicolons.
 */
export function objectSql(sql: string): string {
  const body = withoutDefiner(sql).trim().replace(/;\s*$/, "");
  return needsDelimiter(body) ? `DELIMITER ;;\n${body};;\nDELIMITER ;` : `${body};`;
}

/** `DROP VIEW|TRIGGER|PROCEDURE|FUNCTION IF EXISTS name`. */
export function dropObjectSql(
  kind: "view" | "trigger" | "procedure" | "function",
  q: { schema: string; name: string },
): string {
  return `DROP ${kind.toUpperCase()} IF EXISTS ${tableName(q)};`;
}
