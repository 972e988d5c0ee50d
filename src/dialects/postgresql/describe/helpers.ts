/**
 * Helpers of the PostgreSQL describe step: archive names, key joins, guards (DO blocks), the
 * checks of narrowings and casts, enum swaps, sequence options.
 * @module
 */
import {
  type Column,
  columnsOfType,
  type Expr,
  type Index,
  qkey,
  type QName,
  type Schema,
  type Sequence,
  type Table,
} from "../../../model/schema.ts";
import { classifyTypeChange, type TypeFacts, typeRange } from "../../../model/types.ts";
import { clipBytes } from "../parse/pg_names.ts";
import { constraintDef, createIndex, display } from "../render/ddl.ts";
import { dollarTag, ident, literal, qident, renderType } from "../render/quote.ts";
import type { ColumnType, EnumType } from "../../../model/schema.ts";
import type { GuardSample } from "../../dialect.ts";

/** The schema that keeps what a migration removes, for its rollback. */
export const ARCHIVE_SCHEMA = "smartspec_archive";

/**
 * Names the archive table of a column or table, unique per run, within 63 bytes. When the
 * joined parts do not fit (or a part holds `__`, so that the join could be ambiguous), a short
 * hash of the full, untruncated parts makes the name unique by construction.
 */
export function archiveName(parts: string[], tag: string): string {
  const base = parts.join("__");
  const room = 63 - tag.length - 2;
  if (clipBytes(base, room) === base && !parts.some((p) => p.includes("__"))) {
    return `${base}__${tag}`;
  }
  const hash = fnv1a(parts.join("\0"));
  return `${clipBytes(base, room - hash.length - 1)}_${hash}__${tag}`;
}

/** FNV-1a of a string's UTF-16 units, 8 hex digits. */
/** FNV-1a of a string, 8 hex digits. */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

export const q = (t: QName): QName => ({ schema: t.schema, name: t.name });
export const colRef = (t: QName, c: string) => `${display(t)}.${c}`;

export function keyJoin(key: string[], left = "t", right = "a"): string {
  return key.map((k) => `${left}.${ident(k)} = ${right}.${ident(k)}`).join(" AND ");
}

export function notNullWithGuard(t: QName, c: Column, note = ""): string {
  if (!c.notNull) return "";
  return guardBlock(
    `SELECT 1 FROM ${qident(t)} WHERE ${ident(c.name)} IS NULL`,
    `${colRef(t, c.name)} has NULL values${note}`,
  ) + `\nALTER TABLE ${qident(t)} ALTER COLUMN ${ident(c.name)} SET NOT NULL;`;
}

/**
 * A DO block that raises `message` when `query` returns a row; with `sample`, the message also
 * gives the number of violating rows and up to 3 of them by primary key with the guarded values
 * (`2 row(s), e.g. id=3: 'abcdefghijklmnopqrst...', id=7: NULL`).
 */
export function guardBlock(query: string, message: string, sample?: GuardSample): string {
  const msg = literal("smartspec guard: " + message);
  const body = sample
    ? `\n#variable_conflict use_column\nDECLARE\n  smartspec_n bigint;\n` +
      `  smartspec_rows text;\nBEGIN\n` +
      `  SELECT count(*) INTO smartspec_n FROM ${sample.table} WHERE ${sample.where};\n` +
      `  IF smartspec_n > 0 THEN\n` +
      `    SELECT string_agg(smartspec_r, ', ') INTO smartspec_rows FROM (\n` +
      `      SELECT ${sampleRow(sample)} AS smartspec_r\n` +
      `      FROM ${sample.table} WHERE ${sample.where} LIMIT 3) smartspec_s;\n` +
      `    RAISE EXCEPTION USING MESSAGE = format('%s: %s row(s), e.g. %s', ${msg}, ` +
      `smartspec_n, smartspec_rows);\n` +
      `  END IF;\nEND\n`
    : `\nBEGIN\n  IF EXISTS (${query}) THEN\n` +
      `    RAISE EXCEPTION USING MESSAGE = ${msg};\n` +
      `  END IF;\nEND\n`;
  const tag = dollarTag(body);
  return `DO ${tag}${body}${tag};`;
}

/** One violating row as text: its primary key `k=v` (from the catalog) and the guarded values. */
function sampleRow(s: GuardSample): string {
  const key = `(SELECT string_agg(format('%s=%s', k.key, coalesce(k.value, 'NULL')), ', ' ` +
    `ORDER BY k.key) FROM jsonb_each_text(to_jsonb(${s.rel}.*)) k WHERE k.key IN (` +
    `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid ` +
    `AND a.attnum = ANY (i.indkey) WHERE i.indrelid = ${literal(s.table)}::regclass ` +
    `AND i.indisprimary))`;
  const values = s.columns.map((c) =>
    `quote_nullable(CASE WHEN length(${s.rel}.${c}::text) > 20 ` +
    `THEN left(${s.rel}.${c}::text, 20) || '...' ELSE ${s.rel}.${c}::text END)`
  );
  return values.length
    ? `concat_ws(': ', ${key}, concat_ws(', ', ${values.join(", ")}))`
    : `coalesce(${key}, left(to_jsonb(${s.rel}.*)::text, 60))`;
}

/** The archived value, cast back for user-defined types (archived as text). */
export function archivedValue(c: Column, facts: TypeFacts, alias = "a"): string {
  const v = `${alias}.${ident(c.name)}`;
  return c.type.schema !== undefined ? `${v}::${renderType(c.type, facts)}` : v;
}

export function archiveSelectCol(c: Column): string {
  return c.type.schema !== undefined ? `${ident(c.name)}::text AS ${ident(c.name)}` : ident(c.name);
}

/** ` COLLATE "x"` for a column with an explicit collation. */
export function collate(c: Column): string {
  return c.collation ? ` COLLATE ${c.collation.split(".").map(ident).join(".")}` : "";
}

/** The type facts say the conversion cannot fail (`guard: none`, e.g. anything to text). */
export function noGuard(cls: { guard?: string }): boolean {
  return (cls.guard as string | undefined) === "none";
}

/** Bounded string types: an explicit cast to them truncates silently. */
const BOUNDED = new Set(["varchar", "bpchar", "varbit", "bit"]);

/**
 * A conversion to a bounded string type (`varchar(5)`, `char(1)`) also fails the rows whose text
 * is longer: the cast would cut them silently.
 */
export function withLength(
  cls: { class: string },
  col: string,
  to: ColumnType,
  cond: string,
): string {
  if (cls.class !== "convert" || !BOUNDED.has(to.name) || !to.mods.length) return cond;
  // trailing spaces are cut without an error (and kept by the archive of a guarded conversion)
  const text = to.name === "varchar" || to.name === "bpchar"
    ? `rtrim(${ident(col)}::text, ' ')`
    : `${ident(col)}::text`;
  const long = `length(${text}) > ${to.mods[0]}`;
  return cond === "false" ? long : `${long} OR ${cond}`;
}

/** Violating-row condition for narrowing `col` from one type to another. */
export function narrowViolation(
  col: string,
  from: ColumnType,
  to: ColumnType,
  facts: TypeFacts,
): string {
  const c = ident(col);
  if (from.arrayDims && to.arrayDims) {
    // an array: the elements are checked (unnest flattens every dimension)
    const el = narrowViolation(
      "smartspec_v",
      { ...from, arrayDims: 0 },
      { ...to, arrayDims: 0 },
      facts,
    );
    return `EXISTS (SELECT 1 FROM unnest(${c}) AS smartspec_e("smartspec_v") WHERE ${el})`;
  }
  const cls = classifyTypeChange(from, to, facts);
  switch (cls.guard as string | undefined) {
    case "exact":
      // the value must convert and convert back unchanged (CASE keeps the order of the tests)
      return `CASE WHEN ${c} IS NULL THEN false WHEN NOT ${CASTABLE_FN}(${c}::text, ${
        literal(renderType(to, facts))
      }) THEN true ELSE ${c}::${renderType(to, facts)}::${
        renderType(from, facts)
      } IS DISTINCT FROM ${c} END`;
    case "length":
      return to.mods.length ? `length(${c}::text) > ${to.mods[0]}` : "false";
    case "range": {
      const r = typeRange(to.name, facts);
      return r ? `${c} < ${r[0]} OR ${c} > ${r[1]}` : "false";
    }
    case "precision": {
      const [p, s = 0] = to.mods;
      if (p === undefined) return "false";
      return `abs(${c}) >= 1e${p - s} OR ${c} <> round(${c}, ${s})`;
    }
    default:
      return castCheck(col, to, facts);
  }
}

/**
 * The function a column default calls (`now`, `current_date`, `gen_random_uuid` ...), lower
 * case, or null for a default without a call (a constant, an expression of constants).
 */
export function defaultFunction(c: Column): string | null {
  const key = c.default?.key;
  if (!key) return null;
  const call =
    /"FuncCall":\{"funcname":\[(?:\{"String":\{"sval":"[^"]*"\}\},)*\{"String":\{"sval":"([^"]*)"/
      .exec(key);
  if (call) return call[1].toLowerCase();
  const svf = /"SQLValueFunction":\{"op":"SVFOP_([A-Z_]+)"/.exec(key);
  if (svf) return svf[1].toLowerCase().replace(/_n$/, "");
  return null;
}

/**
 * The options of `ALTER SEQUENCE` that turn sequence `a` into `b`: every option that differs,
 * set to b's value or reset to its default (NO MAXVALUE, NO CYCLE ...). The position is kept.
 */
export function alterSequenceOptions(a: Sequence, b: Sequence, f: TypeFacts): string {
  const parts: string[] = [];
  const type = (s: Sequence) => s.dataType ?? "int8";
  if (type(a) !== type(b)) parts.push(`AS ${f.display[type(b)] ?? type(b)}`);
  if (a.increment !== b.increment) parts.push(`INCREMENT BY ${b.increment ?? 1}`);
  if (a.minValue !== b.minValue) {
    parts.push(b.minValue !== undefined ? `MINVALUE ${b.minValue}` : "NO MINVALUE");
  }
  if (a.maxValue !== b.maxValue) {
    parts.push(b.maxValue !== undefined ? `MAXVALUE ${b.maxValue}` : "NO MAXVALUE");
  }
  if (a.start !== b.start) {
    const desc = Number(b.increment ?? 1) < 0;
    parts.push(`START WITH ${b.start ?? (desc ? b.maxValue ?? -1 : b.minValue ?? 1)}`);
  }
  if (a.cache !== b.cache) parts.push(`CACHE ${b.cache ?? 1}`);
  if (!!a.cycle !== !!b.cycle) parts.push(b.cycle ? "CYCLE" : "NO CYCLE");
  return parts.length ? " " + parts.join(" ") : "";
}

/** A condition finding rows whose key (SQL expressions) occurs more than once. */
export function duplicatesWhere(t: QName, keys: string[], where?: string, nulls = false): string {
  if (!keys.length) return "false";
  const list = keys.join(", ");
  const filter = where ? ` WHERE ${where}` : "";
  // grouped by output columns of a derived table: valid for any expression (GROUP BY (true)
  // is not: a constant there is an error, an integer a column position)
  const ks = keys.map((_, i) => `d."k${i + 1}"`).join(", ");
  const named = keys.map((k, i) => `${k} AS "k${i + 1}"`).join(", ");
  const dup = `(${list}) IN (SELECT ${ks} FROM (SELECT ${named} FROM ${
    qident(t)
  }${filter}) AS d GROUP BY ${ks} HAVING count(*) > 1)`;
  return nulls ? `${dup} OR ${keys.map((c) => `${c} IS NULL`).join(" OR ")}` : dup;
}

/** Name of the per-transaction helper that tells whether a text value casts to a type. */
export const CASTABLE_FN = "pg_temp.smartspec_castable";

/** Definition of the cast-check helper (a temporary function, gone at session end). */
export const CASTABLE_FN_DEF = `CREATE FUNCTION ${CASTABLE_FN}(v text, t text) RETURNS boolean
LANGUAGE plpgsql AS $smartspec$
BEGIN
  EXECUTE format('SELECT %L::%s', v, t);
  RETURN true;
EXCEPTION WHEN others THEN
  RETURN false;
END
$smartspec$;`;

/**
 * Name of the per-transaction helper that tells whether a value of type `cur` (given as its
 * text) converts to type `t` (and, when `exact`, back unchanged): the cast of the value itself,
 * not of its text (`1.00` of a numeric converts to integer, the text `'1.00'` does not).
 */
export const ROUNDTRIP_FN = "pg_temp.smartspec_converts";

/** Definition of the conversion helper (a temporary function, gone at session end). */
export const ROUNDTRIP_FN_DEF =
  `CREATE FUNCTION ${ROUNDTRIP_FN}(v text, cur text, t text, exact boolean) RETURNS boolean
LANGUAGE plpgsql AS $smartspec$
DECLARE
  same boolean;
BEGIN
  IF NOT exact THEN
    EXECUTE format('SELECT %L::%s::%s', v, cur, t);
    RETURN true;
  END IF;
  EXECUTE format('SELECT (%L::%s::%s::%s)::text = (%L::%s)::text', v, cur, t, cur, v, cur)
    INTO same;
  RETURN coalesce(same, false);
EXCEPTION WHEN others THEN
  RETURN false;
END
$smartspec$;`;

/**
 * A condition true for rows whose value (of type `cur`) does not convert to `t` (when `exact`:
 * and back unchanged, what a rollback that restores type `t` could not restore exactly).
 */
export function roundTripCheck(
  col: string,
  cur: ColumnType,
  t: ColumnType,
  f: TypeFacts,
  exact = true,
): string {
  return `${ident(col)} IS NOT NULL AND NOT ${ROUNDTRIP_FN}(${ident(col)}::text, ${
    literal(renderType(cur, f))
  }, ${literal(renderType(t, f))}, ${exact})`;
}

/** Types between which PostgreSQL casts values directly (numbers: rounding, range errors). */
export const NUMBER_TYPES: ReadonlySet<string> = new Set([
  "int2",
  "int4",
  "int8",
  "numeric",
  "float4",
  "float8",
]);

/** A condition true for rows whose value does not cast to `t`. */
export function castCheck(col: string, t: ColumnType, f: TypeFacts): string {
  return `${ident(col)} IS NOT NULL AND NOT ${CASTABLE_FN}(${ident(col)}::text, ${
    literal(renderType(t, f))
  })`;
}

export function enumUsage(
  e: EnumType,
  schema: Schema,
  values: string[],
): { from: string; where: string } {
  const uses = columnsOfType(schema, e).map(({ table: t, column: c }) =>
    `SELECT ${ident(c.name)}::text AS v FROM ${qident(t)}`
  );
  if (!uses.length || !values.length) return { from: "", where: "" };
  return {
    from: `(${uses.join(" UNION ALL ")}) AS u`,
    where: `u.v IN (${values.map(literal).join(", ")})`,
  };
}

/**
 * Replaces an enum type by one with `values`, converting every column through text. `state` is
 * the schema the database has when the swap runs (its tables and column names).
 */
export function enumSwap(
  e: EnumType,
  values: string[],
  state: Schema,
  tag: string,
  /** The type as `state` names it, when that differs from `e` (a renamed type). */
  stateType: QName = e,
): string {
  const old: QName = { schema: e.schema, name: clipBytes(`${e.name}__old_${tag}`, 63) };
  const uses = columnsOfType(state, stateType);
  const around = expressionsOver(state, uses);
  const lines = [
    ...around.drop,
    `ALTER TYPE ${qident(e)} RENAME TO ${ident(old.name)};`,
    `CREATE TYPE ${qident(e)} AS ENUM (${values.map(literal).join(", ")});`,
  ];
  for (const { table: t, column: c } of uses) {
    const tq = qident(t), cq = ident(c.name);
    const dims = "[]".repeat(c.type.arrayDims);
    if (c.default) lines.push(`ALTER TABLE ${tq} ALTER COLUMN ${cq} DROP DEFAULT;`);
    lines.push(
      `ALTER TABLE ${tq} ALTER COLUMN ${cq} TYPE ${qident(e)}${dims}` +
        ` USING ${cq}::text${dims}::${qident(e)}${dims};`,
    );
    if (c.default) {
      lines.push(`ALTER TABLE ${tq} ALTER COLUMN ${cq} SET DEFAULT ${c.default.sql};`);
    }
  }
  lines.push(`DROP TYPE ${qident(old)};`, ...around.create);
  return lines.join("\n");
}

const indexesOfTables = new WeakMap<
  Schema["indexes"],
  { size: number; byTable: Map<string, { index: Index; at: number }[]> }
>();

/** A schema's indexes by table key, with their position in the schema (indexed once). */
function indexesByTable(state: Schema): Map<string, { index: Index; at: number }[]> {
  const hit = indexesOfTables.get(state.indexes);
  if (hit && hit.size === state.indexes.size) return hit.byTable;
  const byTable = new Map<string, { index: Index; at: number }[]>();
  let at = 0;
  for (const index of state.indexes.values()) {
    const k = qkey(index.table);
    const list = byTable.get(k);
    if (list) list.push({ index, at: at++ });
    else byTable.set(k, [{ index, at: at++ }]);
  }
  indexesOfTables.set(state.indexes, { size: state.indexes.size, byTable });
  return byTable;
}

/**
 * Indexes whose expressions or predicate, and CHECK constraints whose expression, read one of
 * the columns: their constants have the old type, which the column no longer has after the
 * swap ("operator does not exist"). They are dropped before and created again after.
 */
function expressionsOver(
  state: Schema,
  uses: { table: Table; column: { name: string } }[],
): { drop: string[]; create: string[] } {
  const drop: string[] = [], create: string[] = [];
  const cols = new Map<string, Set<string>>();
  for (const { table, column } of uses) {
    const k = qkey(table);
    if (!cols.has(k)) cols.set(k, new Set());
    cols.get(k)!.add(column.name);
  }
  const reads = (k: string, e?: Expr) => !!e && e.columns.some((c) => cols.get(k)?.has(c));
  // the indexes of those tables, in the schema's order
  const byTable = indexesByTable(state);
  const candidates = [...cols.keys()].flatMap((k) => byTable.get(k) ?? [])
    .sort((a, b) => a.at - b.at);
  for (const { index: i } of candidates) {
    const k = qkey(i.table);
    if (!reads(k, i.where) && !i.keys.some((x) => reads(k, x.expr))) continue;
    drop.push(`DROP INDEX ${qident(i)};`);
    create.push(createIndex(i));
  }
  for (const k of cols.keys()) {
    const table = state.tables.get(k);
    for (const c of table?.constraints ?? []) {
      if (c.kind !== "check" || !reads(k, c.expr)) continue;
      drop.push(`ALTER TABLE ${qident(table!)} DROP CONSTRAINT ${ident(c.name)};`);
      create.push(
        `ALTER TABLE ${qident(table!)} ADD CONSTRAINT ${ident(c.name)} ${constraintDef(c)};`,
      );
    }
  }
  return { drop, create };
}
