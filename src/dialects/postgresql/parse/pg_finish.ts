/**
 * Normalisations after all statements of a file are read, so that pg_dump's spelling of a
 * schema gives the same model as the hand-written one: a `serial` column is a sequence owned by
 * the column plus a `nextval` default; sequence options at their defaults are left out; a
 * partition's columns, primary key, indexes and inherited constraints are its parent's.
 * Also renders partition keys and bounds.
 * @module
 */
import type { Constraint, PartitionOf, Schema, Sequence, Table } from "../../../model/schema.ts";
import { qkey } from "../../../model/schema.ts";
import { ident, qident } from "../render/quote.ts";
import { sequenceOptions } from "../render/ddl.ts";
import { typeFacts } from "../../../model/types.ts";
import { deparseExpr, type Node, sval } from "./pg_expr.ts";
import { canonicalKey } from "./pg_normalize.ts";
import { makeObjectName } from "./pg_names.ts";
import { nextvalTarget } from "./postgres.ts";

const INT_RANGES: Record<string, [bigint, bigint]> = {
  int2: [-32768n, 32767n],
  int4: [-2147483648n, 2147483647n],
  int8: [-9223372036854775808n, 9223372036854775807n],
};

/** Applies the normalisations of the module doc to a parsed schema. */
export function finishSchema(schema: Schema, attachedIndexes: Set<string>): void {
  for (const s of schema.sequences.values()) normaliseSequence(schema, s);
  serialColumns(schema);
  identityOptions(schema);
  for (const t of schema.tables.values()) {
    if (t.partitionOf) normalisePartition(schema, t, attachedIndexes);
  }
}

function bigintOf(v: string | undefined): bigint | undefined {
  try {
    return v === undefined ? undefined : BigInt(v);
  } catch {
    return undefined;
  }
}

/** Leaves out sequence options that have their default values. */
function normaliseSequence(schema: Schema, s: Sequence): void {
  if (s.implicit && s.ownedBy) {
    // an identity sequence named as PostgreSQL would name it is implicit
    const t = schema.tables.get(qkey(s.ownedBy.table));
    const col = t?.columns.find((c) => c.name === s.ownedBy!.column);
    if (col) s.dataType = col.type.name;
  } else if (s.ownedBy) {
    const t = schema.tables.get(qkey(s.ownedBy.table));
    const col = t?.columns.find((c) => c.name === s.ownedBy!.column);
    if (col?.identity && col.sequence === s.name) s.implicit = true;
  }
  const type = s.dataType ?? "int8";
  const range = INT_RANGES[type];
  const inc = bigintOf(s.increment) ?? 1n;
  if (inc === 1n) delete s.increment;
  if (s.cache === "1") delete s.cache;
  if (!s.cycle) delete s.cycle;
  if (range) {
    const defMin = inc > 0n ? 1n : range[0];
    const defMax = inc > 0n ? range[1] : -1n;
    if (bigintOf(s.minValue) === defMin) delete s.minValue;
    if (bigintOf(s.maxValue) === defMax) delete s.maxValue;
    const min = bigintOf(s.minValue) ?? defMin, max = bigintOf(s.maxValue) ?? defMax;
    if (bigintOf(s.start) === (inc > 0n ? min : max)) delete s.start;
  }
  if (!s.implicit && s.dataType === "int8") delete s.dataType;
}

/** Copies the options of identity sequences onto their columns (for CREATE TABLE). */
function identityOptions(schema: Schema): void {
  for (const t of schema.tables.values()) {
    for (const col of t.columns) {
      if (!col.identity || !col.sequence) continue;
      const s = schema.sequences.get(`${t.schema}.${col.sequence}`);
      if (!s) continue;
      const opts = sequenceOptions({ ...s, dataType: undefined }, typeFacts("postgresql")).trim();
      const named = s.name !== makeObjectName(t.name, col.name, "seq")
        ? `SEQUENCE NAME ${qident(s)}`
        : "";
      const all = [named, opts].filter(Boolean).join(" ");
      if (all) col.identityOptions = all;
    }
  }
}

/**
 * pg_dump's serial: `CREATE SEQUENCE t_c_seq AS integer ...`, `OWNED BY t.c` and
 * `DEFAULT nextval('t_c_seq'::regclass)` on a NOT NULL column, with default options.
 */
function serialColumns(schema: Schema): void {
  for (const s of schema.sequences.values()) {
    if (s.implicit || !s.ownedBy || s.schema !== s.ownedBy.table.schema) continue;
    const t = schema.tables.get(qkey(s.ownedBy.table));
    const col = t?.columns.find((c) => c.name === s.ownedBy!.column);
    if (!t || !col || col.identity || col.serial || !col.notNull || col.type.arrayDims) continue;
    if (!INT_RANGES[col.type.name] || (s.dataType ?? "int8") !== col.type.name) continue;
    const target = nextvalTarget(col.default);
    if (!target || target.name !== s.name || target.schema !== s.schema) continue;
    if (s.name !== makeObjectName(t.name, col.name, "seq")) continue;
    if (
      s.start !== undefined || s.increment !== undefined || s.minValue !== undefined ||
      s.maxValue !== undefined || s.cache !== undefined || s.cycle
    ) continue;
    col.serial = true;
    col.sequence = s.name;
    delete col.default;
    s.implicit = true;
    s.dataType = col.type.name;
    s.line = col.line;
  }
}

/** A partition as `CREATE TABLE ... PARTITION OF` makes it: its parent's columns and keys. */
function normalisePartition(schema: Schema, t: Table, attachedIndexes: Set<string>): void {
  const parent = schema.tables.get(qkey(t.partitionOf!.parent));
  t.columns = [];
  const parentSigs = new Set((parent?.constraints ?? []).map((c) => inheritedSig(c)));
  t.constraints = t.constraints.filter((c) => {
    if (attachedIndexes.has(`${t.schema}.${c.name}`)) return false;
    if ((c.kind === "primary" || c.kind === "unique") && parentSigs.has(inheritedSig(c))) {
      return false;
    }
    return !parentSigs.has(inheritedSig(c, true));
  });
  const parentIndexKeys = new Set(
    [...schema.indexes.values()].filter((i) => parent && qkey(i.table) === qkey(parent))
      .map((i) => i.key.replace(JSON.stringify(qkey(parent!)), "")),
  );
  for (const [k, i] of schema.indexes) {
    if (qkey(i.table) !== qkey(t)) continue;
    const sameAsParent = parentIndexKeys.has(i.key.replace(JSON.stringify(qkey(t)), ""));
    if (attachedIndexes.has(k) || sameAsParent) schema.indexes.delete(k);
  }
}

/** A constraint's signature as a partition inherits it (by name for checks and foreign keys). */
function inheritedSig(c: Constraint, byName = false): string {
  return JSON.stringify([
    byName || c.kind === "check" || c.kind === "foreign" ? c.name : "",
    c.kind,
    c.columns,
    c.expr?.key ?? null,
  ]);
}

/** `PARTITION BY` of a CreateStmt, as SQL and key. */
export function partitionSpec(ps: Node): { sql: string; key: string } {
  const strategy = String(ps.strategy).replace("PARTITION_STRATEGY_", "");
  const elems = (ps.partParams ?? []).map((p: Node) => {
    const e = p.PartitionElem;
    let s = e.name !== undefined ? ident(e.name) : `(${deparseExpr(e.expr)})`;
    if (e.collation?.length) {
      s += ` COLLATE ${e.collation.map((n: Node) => ident(sval(n))).join(".")}`;
    }
    if (e.opclass?.length) s += ` ${e.opclass.map((n: Node) => ident(sval(n))).join(".")}`;
    return s;
  });
  return { sql: `${strategy} (${elems.join(", ")})`, key: canonicalKey(ps) };
}

function datum(d: Node): string {
  const f = d?.ColumnRef?.fields as Node[] | undefined;
  if (f?.length === 1) {
    const v = sval(f[0]).toLowerCase();
    if (v === "minvalue" || v === "maxvalue") return v.toUpperCase();
  }
  return deparseExpr(d);
}

function datumKey(d: Node): unknown {
  const inner = d?.TypeCast?.arg?.A_Const ? d.TypeCast.arg : d;
  return JSON.parse(canonicalKey(inner));
}

/** A partition bound (`FOR VALUES ...` or `DEFAULT`), as SQL and key. */
export function partitionBound(b: Node): Omit<PartitionOf, "parent"> {
  if (b.is_default) return { bound: "DEFAULT", key: "default" };
  const list = (ds: Node[] | undefined) => (ds ?? []).map(datum).join(", ");
  const keys = (ds: Node[] | undefined) => (ds ?? []).map(datumKey);
  switch (b.strategy) {
    case "r":
      return {
        bound: `FOR VALUES FROM (${list(b.lowerdatums)}) TO (${list(b.upperdatums)})`,
        key: JSON.stringify(["r", keys(b.lowerdatums), keys(b.upperdatums)]),
      };
    case "l":
      return {
        bound: `FOR VALUES IN (${list(b.listdatums)})`,
        key: JSON.stringify(["l", keys(b.listdatums)]),
      };
    default:
      return {
        bound: `FOR VALUES WITH (MODULUS ${b.modulus ?? 0}, REMAINDER ${b.remainder ?? 0})`,
        key: JSON.stringify(["h", b.modulus ?? 0, b.remainder ?? 0]),
      };
  }
}
