/**
 * A comparable summary of a MySQL/MariaDB schema, built two ways: from the parsed model
 * ({@link summarizeModel}) and from a live database's information_schema
 * ({@link readMysqlCatalog}). Equal summaries mean the parser read what the server created:
 * names, canonical types (with UNSIGNED/ZEROFILL and ENUM/SET values), nullability, defaults,
 * AUTO_INCREMENT / ON UPDATE / generated / invisible columns, comments, explicit charsets and
 * collations, keys and indexes (prefix lengths, DESC, FULLTEXT/SPATIAL), foreign keys with their
 * actions, checks, views, triggers and routines.
 * @module
 */
import type { Column, Schema, Table } from "../../src/model/schema.ts";
import { Cursor } from "../../src/dialects/mysql/cursor.ts";
import { canonicalDefaultSql } from "../../src/dialects/mysql/defaults.ts";
import { makeExpr, type MysqlFlavor } from "../../src/dialects/mysql/expr.ts";
import { significant } from "../../src/dialects/mysql/lex.ts";
import { readType } from "../../src/dialects/mysql/table.ts";
import { canonicalMysqlType, mysqlTypeFacts } from "../../src/dialects/mysql/types.ts";
import type { MariaDb } from "./mariadb_server.ts";

/** One table, as comparable lines (sorted within each section). */
export interface TableSummary {
  columns: string[];
  indexes: string[];
  foreignKeys: string[];
  checks: string[];
  options: string[];
}

/** A whole schema, as comparable data. */
export interface SchemaSummary {
  tables: Record<string, TableSummary>;
  views: string[];
  triggers: string[];
  routines: string[];
}

/** What a summary of the model leaves out because the file does not say it. */
interface ColumnFacts {
  name: string;
  type: string;
  notNull: boolean;
  default?: string;
  extra: string[];
  comment?: string;
  charset?: string;
  collation?: string;
  generated?: string;
}

function columnLine(c: ColumnFacts): string {
  const parts = [c.name, c.type, c.notNull ? "not null" : "null"];
  if (c.default !== undefined) parts.push(`default ${c.default}`);
  if (c.generated !== undefined) parts.push(`as (${c.generated})`);
  parts.push(...c.extra);
  if (c.comment) parts.push(`comment ${JSON.stringify(c.comment)}`);
  if (c.charset) parts.push(`charset ${c.charset}`);
  if (c.collation) parts.push(`collate ${c.collation}`);
  return parts.join(" ");
}

function typeText(
  name: string,
  mods: number[],
  ext: { values?: string[]; unsigned?: boolean; zerofill?: boolean } | undefined,
): string {
  let s = name;
  if (ext?.values) s += `(${ext.values.map((v) => JSON.stringify(v)).join(",")})`;
  else if (mods.length) s += `(${mods.join(",")})`;
  if (ext?.unsigned) s += " unsigned";
  if (ext?.zerofill) s += " zerofill";
  return s;
}

function defaultKey(sql: string, type: Column["type"], flavor: MysqlFlavor): string {
  const canon = canonicalDefaultSql(sql, type);
  return makeExpr(canon ?? sql, flavor).key;
}

function modelColumn(t: Table, c: Column, flavor: MysqlFlavor): ColumnFacts {
  const m = c.mysql;
  const extra: string[] = [];
  if (m?.autoIncrement) extra.push("auto_increment");
  if (m?.onUpdate) extra.push(`on update ${m.onUpdate.key}`);
  if (m?.storage) extra.push(m.storage);
  if (m?.invisible) extra.push("invisible");
  void t;
  return {
    name: c.name,
    type: typeText(c.type.name, c.type.mods, m),
    notNull: c.notNull,
    default: c.default ? defaultKey(c.default.sql, c.type, flavor) : undefined,
    extra,
    comment: m?.comment,
    collation: c.collation,
    charset: c.collation ? undefined : m?.charset,
    generated: c.generated?.key,
  };
}

function indexPart(column: string | undefined, options: string, exprKey?: string): string {
  return `${column ?? `(${exprKey})`}${options ? " " + options.replace(/\s+/g, " ") : ""}`
    .replace(" (", "(");
}

/** The summary of a parsed schema (objects of the default schema). */
export function summarizeModel(s: Schema, flavor: MysqlFlavor): SchemaSummary {
  const tables: Record<string, TableSummary> = {};
  for (const t of s.tables.values()) {
    const ts: TableSummary = { columns: [], indexes: [], foreignKeys: [], checks: [], options: [] };
    for (const c of t.columns) ts.columns.push(columnLine(modelColumn(t, c, flavor)));
    for (const k of t.constraints) {
      if (k.kind === "primary" || k.kind === "unique") {
        ts.indexes.push(
          `${k.name} ${k.kind === "primary" || k.kind === "unique" ? "unique" : ""} btree (${
            k.columns.join(", ")
          })`,
        );
      } else if (k.kind === "foreign") {
        ts.foreignKeys.push(
          `${k.name} (${k.columns.join(", ")}) -> ${k.ref!.table.name} (${
            k.ref!.columns.join(", ")
          }) on delete ${k.onDelete} on update ${k.onUpdate}`,
        );
      } else if (k.kind === "check") ts.checks.push(`${k.name} ${k.expr!.key}`);
    }
    for (const ix of s.indexes.values()) {
      if (ix.table.name !== t.name) continue;
      const parts = ix.keys.map((k) => indexPart(k.column, k.options, k.expr?.key));
      const comment = ix.options?.comment ? ` comment ${JSON.stringify(ix.options.comment)}` : "";
      ts.indexes.push(
        `${ix.name} ${ix.unique ? "unique" : ""} ${ix.method} (${parts.join(", ")})${comment}`,
      );
    }
    const o = t.mysql;
    if (o?.engine) ts.options.push(`engine ${o.engine.toLowerCase()}`);
    if (o?.comment) ts.options.push(`comment ${JSON.stringify(o.comment)}`);
    if (o?.collation) ts.options.push(`collate ${o.collation}`);
    if (o?.rowFormat) ts.options.push(`row_format ${o.rowFormat.toLowerCase()}`);
    // Column order is compared; the other sections are sets.
    for (const sec of [ts.indexes, ts.foreignKeys, ts.checks, ts.options]) sec.sort();
    tables[t.name] = ts;
  }
  return {
    tables,
    views: [...s.views.values()].map((v) => v.name).sort(),
    triggers: [...s.triggers.values()].map((tr) =>
      `${tr.table.name}.${tr.name} ${tr.key.split(" ").slice(0, 2).join(" ")}`
    ).sort(),
    routines: [...s.functions.values()].map((f) => `${f.kind} ${f.name}`).sort(),
  };
}

type Row = (string | null)[];

function group(rows: Row[], key: (r: Row) => string): Map<string, Row[]> {
  const m = new Map<string, Row[]>();
  for (const r of rows) {
    const k = key(r);
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(r);
  }
  return m;
}

/** The canonical type of a COLUMN_TYPE text (`int(10) unsigned`), read with the parser's code. */
function serverType(
  columnType: string,
  flavor: MysqlFlavor,
): { text: string; type: Column["type"] } {
  const toks = significant(columnType);
  const cur = new Cursor(
    { file: "information_schema", text: columnType, flavor, lineOf: () => 1 },
    toks,
  );
  const w = readType(cur);
  const canon = canonicalMysqlType(w, mysqlTypeFacts(flavor));
  if (!canon) throw new Error(`unknown server type ${columnType}`);
  return {
    text: typeText(canon.type.name, canon.type.mods, {
      values: w.values,
      unsigned: w.unsigned,
      zerofill: w.zerofill,
    }),
    type: canon.type,
  };
}

/**
 * The summary of what a database holds, from information_schema. `explicit` says which column
 * charsets/collations and table options to report (those the file wrote), by table.
 */
export async function readMysqlCatalog(
  db: MariaDb,
  flavor: MysqlFlavor,
  explicit: Schema,
): Promise<SchemaSummary> {
  const q = (sql: string) => db.query(sql.replaceAll("$DB", `'${db.name}'`));
  const tables: Record<string, TableSummary> = {};
  const baseTables = await q(
    "SELECT TABLE_NAME, ENGINE, TABLE_COMMENT, TABLE_COLLATION, ROW_FORMAT FROM information_schema.TABLES " +
      "WHERE TABLE_SCHEMA = $DB AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
  );
  const cols = group(
    await q(
      "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, COLUMN_COMMENT, " +
        "CHARACTER_SET_NAME, COLLATION_NAME, GENERATION_EXPRESSION FROM information_schema.COLUMNS " +
        "WHERE TABLE_SCHEMA = $DB ORDER BY TABLE_NAME, ORDINAL_POSITION",
    ),
    (r) => r[0]!,
  );
  const stats = group(
    await q(
      "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, INDEX_TYPE, COLLATION, " +
        "INDEX_COMMENT FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = $DB " +
        "ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
    ),
    (r) => r[0]!,
  );
  const fkCols = group(
    await q(
      "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, " +
        "k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE " +
        "FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r " +
        "ON r.CONSTRAINT_SCHEMA = k.TABLE_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME " +
        "AND r.TABLE_NAME = k.TABLE_NAME WHERE k.TABLE_SCHEMA = $DB " +
        "ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION",
    ),
    (r) => r[0]!,
  );
  const checks = group(
    await q(
      "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS " +
        "WHERE CONSTRAINT_SCHEMA = $DB ORDER BY TABLE_NAME, CONSTRAINT_NAME",
    ),
    (r) => r[0]!,
  );
  for (const [name, engine, comment, collation, rowFormat] of baseTables) {
    const t = name!;
    const model = [...explicit.tables.values()].find((x) => x.name === t);
    const ts: TableSummary = { columns: [], indexes: [], foreignKeys: [], checks: [], options: [] };
    for (const r of cols.get(t) ?? []) {
      const [, cname, ctype, nullable, def, extraText, ccomment, ccharset, ccollation, genExpr] = r;
      const mc = model?.columns.find((c) => c.name.toLowerCase() === cname!.toLowerCase());
      const st = serverType(ctype!, flavor);
      const extra: string[] = [];
      const ex = (extraText ?? "").toLowerCase();
      if (ex.includes("auto_increment")) extra.push("auto_increment");
      const onUpd = /on update (\S+(?:\(\d*\))?)/.exec(ex);
      if (onUpd) extra.push(`on update ${makeExpr(onUpd[1], flavor).key}`);
      if (ex.includes("virtual generated")) extra.push("virtual");
      if (ex.includes("stored generated")) extra.push("stored");
      if (ex.includes("invisible")) extra.push("invisible");
      const generated = genExpr ? makeExpr(genExpr, flavor).key : undefined;
      let dflt: string | undefined;
      if (def !== null && def !== "NULL" && !generated) {
        // MySQL 8 writes string defaults unquoted; MariaDB quotes them.
        const text = flavor === "mysql" && !/DEFAULT_GENERATED/i.test(extraText ?? "") &&
            !/^'/.test(def)
          ? `'${def.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`
          : def;
        dflt = defaultKey(text, st.type, flavor);
      }
      ts.columns.push(columnLine({
        name: cname!,
        type: st.text,
        notNull: nullable === "NO",
        default: dflt,
        extra,
        comment: ccomment || undefined,
        collation: mc?.collation ? ccollation ?? undefined : undefined,
        charset: !mc?.collation && mc?.mysql?.charset ? ccharset ?? undefined : undefined,
        generated,
      }));
    }
    for (const [iname, rows] of group(stats.get(t) ?? [], (r) => r[1]!)) {
      const unique = rows[0][2] === "0";
      const method = rows[0][5]!.toLowerCase();
      const parts = rows.map((r) =>
        // MariaDB reports a SUB_PART of 32 on SPATIAL key parts: not a prefix.
        indexPart(
          r[3] ?? undefined,
          [r[4] && method !== "spatial" ? `(${r[4]})` : "", r[6] === "D" ? "DESC" : ""].filter(
            Boolean,
          ).join(" "),
        )
      );
      const c = rows[0][7] ? ` comment ${JSON.stringify(rows[0][7])}` : "";
      ts.indexes.push(`${iname} ${unique ? "unique" : ""} ${method} (${parts.join(", ")})${c}`);
    }
    for (const [fname, rows] of group(fkCols.get(t) ?? [], (r) => r[1]!)) {
      const rule = (x: string | null) => (x === "NO ACTION" ? "RESTRICT" : x);
      ts.foreignKeys.push(
        `${fname} (${rows.map((r) => r[2]).join(", ")}) -> ${rows[0][3]} (${
          rows.map((r) => r[4]).join(", ")
        }) on delete ${rule(rows[0][5])} on update ${rule(rows[0][6])}`,
      );
    }
    for (const r of checks.get(t) ?? []) ts.checks.push(`${r[1]} ${makeExpr(r[2]!, flavor).key}`);
    const o = model?.mysql;
    if (o?.engine) ts.options.push(`engine ${engine!.toLowerCase()}`);
    if (o?.comment) ts.options.push(`comment ${JSON.stringify(comment)}`);
    if (o?.collation) ts.options.push(`collate ${collation}`);
    if (o?.rowFormat) ts.options.push(`row_format ${rowFormat!.toLowerCase()}`);
    // Column order is compared; the other sections are sets.
    for (const sec of [ts.indexes, ts.foreignKeys, ts.checks, ts.options]) sec.sort();
    tables[t] = ts;
  }
  const views = (await q(
    "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = $DB ORDER BY TABLE_NAME",
  )).map((r) => r[0]!);
  const triggers = (await q(
    "SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_TIMING, EVENT_MANIPULATION FROM " +
      "information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = $DB",
  )).map((r) => `${r[0]}.${r[1]} ${r[2]!.toLowerCase()} ${r[3]!.toLowerCase()}`).sort();
  const routines = (await q(
    "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = $DB",
  )).map((r) => `${r[0]!.toLowerCase()} ${r[1]}`).sort();
  return { tables, views, triggers, routines };
}

/**
 * What differs between two summaries, one line per difference (empty when equal): `parsed`
 * is the expected side (a model), `server` what the database holds.
 */
export function differences(model: SchemaSummary, server: SchemaSummary): string[] {
  const out: string[] = [];
  const names = new Set([...Object.keys(model.tables), ...Object.keys(server.tables)]);
  for (const n of names) {
    const m = model.tables[n], s = server.tables[n];
    if (!m || !s) {
      out.push(
        `table ${n}: ${m ? "parsed but not on the server" : "on the server but not parsed"}`,
      );
      continue;
    }
    for (const sec of ["columns", "indexes", "foreignKeys", "checks", "options"] as const) {
      const only = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));
      for (const x of only(m[sec], s[sec])) out.push(`${n}.${sec}: parsed  ${x}`);
      for (const x of only(s[sec], m[sec])) out.push(`${n}.${sec}: server  ${x}`);
    }
  }
  for (const sec of ["views", "triggers", "routines"] as const) {
    if (model[sec].join("|") !== server[sec].join("|")) {
      out.push(`${sec}: parsed ${model[sec].join(", ")} / server ${server[sec].join(", ")}`);
    }
  }
  return out;
}
