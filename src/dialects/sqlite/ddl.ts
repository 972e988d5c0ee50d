/**
 * SQLite DDL from the common model: CREATE TABLE and CREATE INDEX with every identifier quoted
 * and every user expression (defaults, CHECK, generated columns, partial index WHERE, index
 * expressions) copied verbatim from `Expr.sql`; views and triggers are created from their `sql`
 * as the user wrote it.
 * @module
 */
import type { Column, Constraint, Index, Table, Trigger, View } from "../../model/schema.ts";
import type { SqliteColumnExt, SqliteTableExt } from "./model.ts";
import { ident } from "./quote.ts";

/** The SQLite attributes of a table (empty when the parser set none). */
export function tableExt(t: Table): Partial<SqliteTableExt> {
  return t.sqlite ?? {};
}

/** The SQLite attributes of a column. */
export function columnExt(c: Column): SqliteColumnExt {
  return c.sqlite ?? {};
}

/** True when the table has a rowid (it is not WITHOUT ROWID). */
export function hasRowid(t: Table): boolean {
  return !tableExt(t).withoutRowid;
}

/** The rowid alias column of a table, if it has one. */
export function rowidAlias(t: Table): string | undefined {
  const ext = tableExt(t);
  if (ext.withoutRowid) return undefined;
  if (ext.rowidAlias) return ext.rowidAlias;
  const pk = t.constraints.find((c) => c.kind === "primary");
  if (pk?.columns.length !== 1) return undefined;
  const col = t.columns.find((c) => c.name === pk.columns[0]);
  return col && col.type.name.toLowerCase() === "integer" && col.type.mods.length === 0
    ? col.name
    : undefined;
}

/**
 * The column's declared type as SQL: as the user wrote it when known (SQLite's catalog shows
 * the declared spelling), else the canonical one (`varchar(50)`); empty when none was given.
 */
export function typeSql(c: Column): string {
  const declared = columnExt(c).declaredType;
  if (declared !== undefined) return declared;
  const name = c.type.name;
  if (!name) return "";
  return c.type.mods.length ? `${name}(${c.type.mods.join(",")})` : name;
}

const PLAIN_DEFAULT = new RegExp(
  [
    String.raw`[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?`,
    String.raw`[+-]?0[xX][0-9a-fA-F]+`,
    String.raw`'([^']|'')*'`,
    String.raw`"([^"]|"")*"`,
    String.raw`[xX]'[0-9a-fA-F]*'`,
  ].map((p) => `^(?:${p})$`).join("|"),
);

/**
 * True when a default is a literal that SQLite takes without parentheses; a bare word
 * (`DEFAULT active`) is one too: SQLite stores it as the string, and refuses it in parentheses.
 */
export function isPlainDefault(sql: string): boolean {
  return PLAIN_DEFAULT.test(sql.trim()) || /^[A-Za-z_][A-Za-z0-9_$]*$/.test(sql.trim());
}

/** True when the text is one parenthesised expression: `(a + b)`, not `(a) + (b)`. */
function wrapped(sql: string): boolean {
  const s = sql.trim();
  if (!s.startsWith("(") || !s.endsWith(")")) return false;
  let depth = 0, quote = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = "";
      continue;
    }
    if (ch === "'" || ch === '"' || ch === "`") quote = ch;
    else if (ch === "[") quote = "]";
    else if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0 && i < s.length - 1) return false;
  }
  return true;
}

/** A default expression as a DEFAULT clause operand: literals as they are, others in parens. */
export function defaultSql(sql: string): string {
  return isPlainDefault(sql) || wrapped(sql) ? sql.trim() : `(${sql})`;
}

/** A user expression as an operand anywhere in SQL (in parentheses unless it is a literal). */
export function exprOperand(sql: string): string {
  return defaultSql(sql);
}

/** What a column definition may include. */
export interface ColumnDefOptions {
  /** Write the rowid alias as `INTEGER PRIMARY KEY [AUTOINCREMENT]` on the column itself. */
  inlinePk?: { autoincrement: boolean; name?: string; onConflict?: string };
}

/** One column definition: `"title" text NOT NULL DEFAULT '' COLLATE "nocase"`. */
export function columnDef(c: Column, opts: ColumnDefOptions = {}): string {
  const parts = [ident(c.name)];
  const type = opts.inlinePk ? "INTEGER" : typeSql(c);
  if (type) parts.push(type);
  if (opts.inlinePk) {
    if (opts.inlinePk.name) parts.push(`CONSTRAINT ${ident(opts.inlinePk.name)}`);
    parts.push("PRIMARY KEY");
    if (opts.inlinePk.onConflict) parts.push(`ON CONFLICT ${opts.inlinePk.onConflict}`);
    if (opts.inlinePk.autoincrement) parts.push("AUTOINCREMENT");
  }
  if (c.notNull && !columnExt(c).impliedNotNull) {
    const oc = columnExt(c).notNullOnConflict;
    parts.push(oc ? `NOT NULL ON CONFLICT ${oc.toUpperCase()}` : "NOT NULL");
  }
  if (c.default && !c.generated) parts.push(`DEFAULT ${defaultSql(c.default.sql)}`);
  if (c.collation) parts.push(`COLLATE ${ident(c.collation)}`);
  if (c.generated) {
    const stored = columnExt(c).generatedStored ? "STORED" : "VIRTUAL";
    parts.push(`GENERATED ALWAYS AS (${c.generated.sql}) ${stored}`);
  }
  return parts.join(" ");
}

function fkAction(a: string | undefined): string | undefined {
  if (!a) return undefined;
  const up = a.toUpperCase().replace(/_/g, " ").trim();
  return up === "NO ACTION" ? undefined : up;
}

/** The REFERENCES clause of a foreign key (without the FOREIGN KEY part). */
export function referencesSql(c: Constraint, refName?: string): string {
  if (!c.ref) return "";
  let s = `REFERENCES ${ident(refName ?? c.ref.table.name)}`;
  if (c.ref.columns.length) s += ` (${c.ref.columns.map(ident).join(", ")})`;
  const del = fkAction(c.onDelete), upd = fkAction(c.onUpdate);
  if (del) s += ` ON DELETE ${del}`;
  if (upd) s += ` ON UPDATE ${upd}`;
  if (c.match && !/^(simple|none)$/i.test(c.match)) s += ` MATCH ${ident(c.match)}`;
  if (c.deferrable) s += " DEFERRABLE";
  if (c.initiallyDeferred) s += " INITIALLY DEFERRED";
  return s;
}

/**
 * A table constraint: `CONSTRAINT "x" UNIQUE ("a" COLLATE NOCASE, "b")`; `keyOptions` are the
 * COLLATE/DESC written on the key's columns, one entry per column.
 */
export function constraintDef(
  c: Constraint,
  refName?: string,
  onConflict?: string,
  keyOptions?: string[],
): string {
  const oc = onConflict ? ` ON CONFLICT ${onConflict.toUpperCase()}` : "";
  const name = c.implicitName || !c.name ? "" : `CONSTRAINT ${ident(c.name)} `;
  const cols = `(${
    c.columns.map((n, i) => keyOptions?.[i] ? `${ident(n)} ${keyOptions[i]}` : ident(n)).join(", ")
  })`;
  switch (c.kind) {
    case "primary":
      return `${name}PRIMARY KEY ${cols}${oc}`;
    case "unique":
      return `${name}UNIQUE ${cols}${oc}`;
    case "check":
      return `${name}CHECK (${c.expr?.sql ?? c.rawDef ?? "1"})`;
    case "foreign":
      return `${name}FOREIGN KEY ${cols} ${referencesSql(c, refName)}`;
    default:
      return `${name}${c.rawDef ?? ""}`;
  }
}

/** Options of {@link createTableSql}. */
export interface CreateTableOptions {
  /** The name to create the table under (default: its own). */
  name?: string;
  /** Table renames to apply to foreign key targets (`old -> new`), e.g. for self references. */
  refNames?: Map<string, string>;
}

/** `CREATE TABLE` for a table of the model, with its SQLite options. */
export function createTableSql(t: Table, opts: CreateTableOptions = {}): string {
  const ext = tableExt(t);
  const alias = rowidAlias(t);
  const pk = t.constraints.find((c) => c.kind === "primary");
  // AUTOINCREMENT is only allowed on a column constraint, so that PK is written inline.
  const inline = alias && ext.autoincrement ? alias : undefined;
  const pkName = pk && !pk.implicitName && pk.name ? pk.name : undefined;
  const conflict = (c: { name: string }) => ext.onConflict?.[c.name];
  const lines = t.columns.map((c) =>
    columnDef(
      c,
      c.name === inline
        ? { inlinePk: { autoincrement: true, name: pkName, onConflict: pk && conflict(pk) } }
        : {},
    )
  );
  for (const c of t.constraints) {
    if (inline && c.kind === "primary") continue;
    const ref = c.ref ? opts.refNames?.get(c.ref.table.name) : undefined;
    const keyOpts = c.kind === "primary" || c.kind === "unique"
      ? ext.keyOptions?.[c.name]
      : undefined;
    lines.push(constraintDef(c, ref, conflict(c), keyOpts));
  }
  const options: string[] = [];
  if (ext.withoutRowid) options.push("WITHOUT ROWID");
  if (ext.strict) options.push("STRICT");
  const name = opts.name ?? t.name;
  return `CREATE TABLE ${ident(name)} (\n  ${lines.join(",\n  ")}\n)${
    options.length ? " " + options.join(", ") : ""
  }`;
}

/** `CREATE INDEX` for an index of the model (on `table` when given, else its own table). */
export function createIndexSql(i: Index, table?: string): string {
  const keys = i.keys.map((k) => {
    const base = k.column !== undefined ? ident(k.column) : k.expr ? k.expr.sql : "";
    return k.options ? `${base} ${k.options}` : base;
  });
  const where = i.where ? ` WHERE ${i.where.sql}` : "";
  return `CREATE ${i.unique ? "UNIQUE " : ""}INDEX ${ident(i.name)} ON ${
    ident(table ?? i.table.name)
  } (${keys.join(", ")})${where}`;
}

/** The user's statement for a view or trigger, without a trailing semicolon. */
export function objectSql(o: View | Trigger): string {
  return o.sql.trim().replace(/;\s*$/, "");
}
