/**
 * MySQL/MariaDB DDL written from the model: column definitions (type with UNSIGNED/ZEROFILL,
 * charset and collation, generated, NULL/NOT NULL, DEFAULT, ON UPDATE, AUTO_INCREMENT,
 * INVISIBLE, COMMENT), constraint and index clauses (for `CREATE TABLE` and `ALTER TABLE ... ADD`)
 * and whole `CREATE TABLE` statements with their table options. Names and literals go through
 * quoting.ts; expressions and defaults are copied from the user's schema as the parser normalised
 * them.
 * @module
 */
import type { Column, Constraint, Index, Schema, Table } from "../../model/schema.ts";
import type { MysqlColumnExt, MysqlTableExt } from "./model.ts";
import { mysqlTypeSql } from "./types.ts";
import { ident, literal, qualified } from "./quoting.ts";
import { isWord, significant } from "./lex.ts";

/** The MySQL attributes of a column (empty when none). */
export function colExt(c: Column): MysqlColumnExt {
  return (c as { mysql?: MysqlColumnExt }).mysql ?? {};
}

/** The MySQL attributes of a table. */
export function tableExt(t: Table): MysqlTableExt {
  return (t as { mysql?: MysqlTableExt }).mysql ?? { options: {} };
}

/** The column's type as SQL: `bigint unsigned`, `int(11)`, `enum('a','b')`, `decimal(12,2)`. */
export function typeSql(c: Column): string {
  const ext = colExt(c);
  const t = c.type;
  if (ext.displayWidth !== undefined && t.mods.length === 0 && /int$/.test(t.name)) {
    return mysqlTypeSql({ ...t, mods: [ext.displayWidth] }, ext, literal);
  }
  return mysqlTypeSql(t, ext, literal);
}

/** Options of a column definition: what follows the type. */
export interface ColumnDefOptions {
  /** Write NULL instead of NOT NULL (a column filled later, made NOT NULL in a second ALTER). */
  nullable?: boolean;
  /** Leave AUTO_INCREMENT out. */
  noAutoIncrement?: boolean;
  /** A column-level CHECK (MariaDB names it after the column). */
  check?: Constraint;
}

/** A full column definition: `` `name` type ... ``. */
export function columnDef(c: Column, opts: ColumnDefOptions = {}): string {
  const ext = colExt(c);
  const parts = [ident(c.name), typeSql(c)];
  if (ext.charset) parts.push(`CHARACTER SET ${ext.charset}`);
  if (c.collation) parts.push(`COLLATE ${c.collation}`);
  if (c.generated) {
    parts.push(`GENERATED ALWAYS AS (${c.generated.sql})`);
    parts.push(ext.storage === "stored" ? "STORED" : "VIRTUAL");
    if (c.notNull && !opts.nullable) parts.push("NOT NULL");
  } else {
    parts.push(c.notNull && !opts.nullable ? "NOT NULL" : "NULL");
    if (c.default) parts.push(`DEFAULT ${defaultSql(c)}`);
    if (ext.onUpdate) parts.push(`ON UPDATE ${ext.onUpdate.sql}`);
    if (ext.autoIncrement && !opts.noAutoIncrement) parts.push("AUTO_INCREMENT");
  }
  if (ext.invisible) parts.push("INVISIBLE");
  if (ext.comment !== undefined && ext.comment !== "") {
    parts.push(`COMMENT ${literal(ext.comment)}`);
  }
  if (opts.check) parts.push(`CHECK (${opts.check.expr!.sql})`);
  return parts.join(" ");
}

const LITERAL_DEFAULT =
  /^(?:'(?:[^'\\]|\\.|'')*'|[-+]?\d+(?:\.\d*)?(?:e[-+]?\d+)?|NULL|TRUE|FALSE|b'[01]*'|x'[0-9a-f]*')$/i;
const TIME_DEFAULT = /^(CURRENT_TIMESTAMP|NOW|LOCALTIME|LOCALTIMESTAMP)(\s*\(\s*\d*\s*\))?$/i;

/** A default as it goes after DEFAULT: literals and CURRENT_TIMESTAMP as is, expressions in (). */
export function defaultSql(c: Column): string {
  const sql = c.default!.sql.trim();
  if (LITERAL_DEFAULT.test(sql) || TIME_DEFAULT.test(sql) || /^\(.*\)$/s.test(sql)) return sql;
  return `(${sql})`;
}

/** The key parts of an index or key: `` (`a`, `b`(10) DESC, (lower(`c`))) ``. */
function keyParts(i: Pick<Index, "keys">): string {
  return i.keys.map((k) => {
    const base = k.column !== undefined ? ident(k.column) : `(${k.expr!.sql})`;
    const opts = k.options.trim();
    if (!opts) return base;
    // a prefix length `(10)` follows the name without a blank
    return opts.startsWith("(") ? base + opts : `${base} ${opts}`;
  }).join(", ");
}

function indexTail(i: Index): string {
  const out: string[] = [];
  const o = i.options ?? {};
  if (o.comment !== undefined) out.push(`COMMENT ${literal(o.comment)}`);
  if (o.invisible === "true") out.push("INVISIBLE");
  for (const [k, v] of Object.entries(o)) {
    if (k === "comment" || k === "invisible") continue;
    out.push(`${k.toUpperCase()} = ${v}`);
  }
  return out.length ? " " + out.join(" ") : "";
}

/** The index as a clause of CREATE TABLE / ALTER TABLE ADD: `UNIQUE KEY name (...)`. */
export function indexClause(i: Index): string {
  const kind = i.method === "fulltext"
    ? "FULLTEXT KEY"
    : i.method === "spatial"
    ? "SPATIAL KEY"
    : i.unique
    ? "UNIQUE KEY"
    : "KEY";
  const using = i.method === "hash" ? " USING HASH" : "";
  return `${kind} ${ident(i.name)} (${keyParts(i)})${using}${indexTail(i)}`;
}

/** A constraint as a clause of CREATE TABLE / ALTER TABLE ADD. */
export function constraintClause(c: Constraint): string {
  const cols = c.columns.map(ident).join(", ");
  switch (c.kind) {
    case "primary":
      return `PRIMARY KEY (${cols})`;
    case "unique":
      return `CONSTRAINT ${ident(c.name)} UNIQUE KEY (${cols})`;
    case "check":
      return `CONSTRAINT ${ident(c.name)} CHECK (${c.expr!.sql})`;
    case "foreign": {
      let s = `CONSTRAINT ${ident(c.name)} FOREIGN KEY (${cols}) REFERENCES ${
        qualified(c.ref!.table)
      } (${c.ref!.columns.map(ident).join(", ")})`;
      if (c.onDelete && c.onDelete.toUpperCase() !== "RESTRICT") s += ` ON DELETE ${c.onDelete}`;
      if (c.onUpdate && c.onUpdate.toUpperCase() !== "RESTRICT") s += ` ON UPDATE ${c.onUpdate}`;
      return s;
    }
    default:
      throw new Error(`MySQL has no ${c.kind} constraint`);
  }
}

/** The clause that drops a constraint (`flavor` decides how a CHECK is dropped). */
export function dropConstraintClause(c: Constraint, flavor: "mysql" | "mariadb"): string {
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
      throw new Error(`MySQL has no ${c.kind} constraint`);
  }
}

/** `utf8` and `utf8_*` are the server's `utf8mb3` and `utf8mb3_*` (MySQL 8, MariaDB 10.6+). */
export function charsetName(s: string | undefined): string {
  return (s ?? "").toLowerCase().replace(/^utf8(?=$|_)/, "utf8mb3");
}

/**
 * The charset and collation a character column ends up with: its own, else the table's defaults
 * (`charset/collation`, empty parts when not written; empty for other columns).
 */
export function effectiveCharset(c: Column): string {
  const ext = colExt(c);
  const own = ext.charset !== undefined || c.collation !== undefined;
  const cs = own ? ext.charset : ext.inherited?.charset;
  const co = own ? c.collation : ext.inherited?.collation;
  return cs === undefined && co === undefined ? "" : `${charsetName(cs)}/${charsetName(co)}`;
}

/** The charset and collation of a column as SQL: its own, else the table's defaults it takes. */
export function effectiveCharsetSql(c: Column): string {
  const ext = colExt(c);
  const own = ext.charset !== undefined || c.collation !== undefined;
  const cs = own ? ext.charset : ext.inherited?.charset;
  const co = own ? c.collation : ext.inherited?.collation;
  return [cs && `CHARACTER SET ${cs}`, co && `COLLATE ${co}`].filter((x) => x).join(" ");
}

/** The table attributes that differ (`engine`, `charset`, `row_format`, `comment`, `options`). */
export function tableOptionsDiffer(a: Table, b: Table): string[] {
  const x = tableExt(a), y = tableExt(b);
  const out: string[] = [];
  if ((x.engine ?? "innodb").toLowerCase() !== (y.engine ?? "innodb").toLowerCase()) {
    out.push("engine");
  }
  if (
    charsetName(x.charset) !== charsetName(y.charset) ||
    charsetName(x.collation) !== charsetName(y.collation)
  ) out.push("charset");
  if ((x.rowFormat ?? "DEFAULT") !== (y.rowFormat ?? "DEFAULT")) out.push("row_format");
  if ((x.comment ?? "") !== (y.comment ?? "")) out.push("comment");
  if (JSON.stringify(x.options ?? {}) !== JSON.stringify(y.options ?? {})) out.push("options");
  return out;
}

/**
 * The clauses of ALTER TABLE that give a table the after-state's attributes: what is not written
 * in the after-state goes back to the server's default (InnoDB, the database's charset ...).
 */
export function tableOptionClauses(before: Table, after: Table): string[] {
  const changed = new Set(tableOptionsDiffer(before, after));
  const x = tableExt(before), y = tableExt(after);
  const out: string[] = [];
  if (changed.has("engine")) out.push(`ENGINE=${y.engine ?? "InnoDB"}`);
  if (changed.has("charset")) {
    if (y.charset) out.push(`DEFAULT CHARSET=${y.charset}`);
    else if (!y.collation) out.push("CHARACTER SET DEFAULT");
    if (y.collation) out.push(`COLLATE=${y.collation}`);
  }
  if (changed.has("row_format")) out.push(`ROW_FORMAT=${y.rowFormat ?? "DEFAULT"}`);
  if (changed.has("comment")) out.push(`COMMENT=${literal(y.comment ?? "")}`);
  if (changed.has("options")) {
    for (const [k, v] of Object.entries(y.options ?? {})) {
      if (x.options?.[k] !== v) out.push(`${k.toUpperCase()}=${v}`);
    }
    for (const k of Object.keys(x.options ?? {})) {
      if (!(k in (y.options ?? {}))) out.push(`${k.toUpperCase()}=DEFAULT`);
    }
  }
  return out;
}

/** Table options after the closing parenthesis of CREATE TABLE. */
export function tableOptions(t: Table): string {
  const ext = tableExt(t);
  const out: string[] = [];
  if (ext.engine) out.push(`ENGINE=${ext.engine}`);
  if (ext.charset) out.push(`DEFAULT CHARSET=${ext.charset}`);
  if (ext.collation) out.push(`COLLATE=${ext.collation}`);
  if (ext.rowFormat) out.push(`ROW_FORMAT=${ext.rowFormat}`);
  for (const [k, v] of Object.entries(ext.options ?? {})) out.push(`${k.toUpperCase()}=${v}`);
  if (ext.comment !== undefined && ext.comment !== "") out.push(`COMMENT=${literal(ext.comment)}`);
  return out.join(" ");
}

/**
 * MariaDB's column-level CHECKs: an implicit CHECK named after its only column is written in the
 * column's definition, as the server shows it (MySQL turns them into table CHECKs).
 */
export function columnChecks(t: Table, flavor: "mysql" | "mariadb"): Map<string, Constraint> {
  const out = new Map<string, Constraint>();
  if (flavor !== "mariadb") return out;
  for (const c of t.constraints) {
    if (c.kind !== "check" || !c.implicitName || !c.expr) continue;
    const col = t.columns.find((x) => x.name.toLowerCase() === c.name.toLowerCase());
    if (col && c.expr.columns.every((n) => n.toLowerCase() === col.name.toLowerCase())) {
      out.set(col.name.toLowerCase(), c);
    }
  }
  return out;
}

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
  // only the blanks around the clause go: a body keeps its own layout
  return sql.slice(0, from).replace(/[ \t]+$/, "") + " " + sql.slice(to).replace(/^[ \t]+/, "");
}

/** The indexes of a table in a schema (non-constraint ones), in file order. */
export function tableIndexes(s: Schema, t: Table): Index[] {
  return [...s.indexes.values()].filter((i) =>
    i.table.schema === t.schema && i.table.name.toLowerCase() === t.name.toLowerCase()
  );
}

/**
 * `CREATE TABLE` with every column, key, index and constraint; foreign keys only when
 * `withForeignKeys` (tables created together get theirs afterwards, in any order).
 */
export function createTableSql(
  t: Table,
  indexes: Index[],
  flavor: "mysql" | "mariadb" = "mysql",
  withForeignKeys = true,
): string {
  const inline = columnChecks(t, flavor);
  const lines = t.columns.map((c) => columnDef(c, { check: inline.get(c.name.toLowerCase()) }));
  const inlined = new Set(inline.values());
  for (const c of t.constraints) {
    if (c.kind === "foreign" && !withForeignKeys) continue;
    if (inlined.has(c)) continue;
    lines.push(constraintClause(c));
  }
  for (const i of indexes) lines.push(indexClause(i));
  const opts = tableOptions(t);
  return `CREATE TABLE ${qualified(t)} (\n  ${lines.join(",\n  ")}\n)${opts ? " " + opts : ""}`;
}
