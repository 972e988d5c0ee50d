/**
 * Rows for verifying a SQLite migration: every table of the from-schema filled with generated
 * rows that hold edge values (NULL and '' in nullable text, quotes, unicode, big integers,
 * floats, blobs), respecting NOT NULL, UNIQUE and primary keys, foreign keys (parents first,
 * references to existing parent rows) and the STRICT types; a row SQLite refuses (a CHECK) is
 * tried again with plain values, then skipped. In `fit` mode (after a guard fired) the values
 * are plain: never NULL, short ASCII text, small positive numbers.
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import type { Column, Schema, Table } from "../../model/schema.ts";
import { rowidAlias, tableExt } from "./ddl.ts";
import { ident } from "./quote.ts";

/** How values are chosen. */
export type FillMode = "edge" | "fit" | "nulls";

/** What was generated. */
export interface FillResult {
  rows: number;
  tables: { table: string; rows: number; skipped: number }[];
}

type Value = string | number | bigint | Uint8Array | null;

/** SQLite's type affinity of a declared type (datatype3.html, 3.1). */
export function affinity(c: Column): "integer" | "text" | "blob" | "real" | "numeric" {
  const t = c.type.name.toUpperCase();
  if (t.includes("INT")) return "integer";
  if (t.includes("CHAR") || t.includes("CLOB") || t.includes("TEXT")) return "text";
  if (t === "" || t.includes("BLOB")) return "blob";
  if (t.includes("REAL") || t.includes("FLOA") || t.includes("DOUB")) return "real";
  return "numeric";
}

const TEXTS = ["plain", "", "it's", 'a "quoted" word', "ünïcødé 😀", "line\nbreak", " ", "x'y;--"];
const INTS: (number | bigint)[] = [0, 1, -1, 2147483648, 9007199254740993n, -42, 123456789];
const REALS = [0.5, -1.25, 3.14159, 1e300, 0, 2.5e-7];

/** A small deterministic random source (runs are reproducible). */
class Rand {
  constructor(private s: number) {}
  next(): number {
    this.s = (this.s * 1103515245 + 12345) % 2147483648;
    return this.s / 2147483648;
  }
  pick<T>(xs: T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
}

function maxLength(c: Column): number | undefined {
  return affinity(c) === "text" && c.type.mods.length ? c.type.mods[0] : undefined;
}

function clip(s: string, n: number | undefined): string {
  return n === undefined ? s : [...s].slice(0, n).join("");
}

/** A value for a column in row `i` (`unique`: distinct per row). */
function value(
  c: Column,
  i: number,
  unique: boolean,
  mode: FillMode,
  r: Rand,
  strict: boolean,
): Value {
  const aff = affinity(c);
  const nullable = !c.notNull;
  if (mode === "edge" && nullable && !unique && i % 5 === 1) return null;
  const type = c.type.name.toUpperCase();
  if (mode === "nulls" && nullable && !unique) return null;
  if (mode !== "edge" || unique) {
    const n = unique ? i + 1 : (i % 3) + 1;
    switch (aff) {
      case "integer":
        return n;
      case "real":
        return n + 0.5;
      case "numeric":
        return n;
      case "blob":
        return strict && type === "BLOB" ? new Uint8Array([n % 256, 7]) : `v${n}`;
      default:
        return clip(`v${n}`, maxLength(c));
    }
  }
  switch (aff) {
    case "integer":
      return INTS[(i * 3) % INTS.length];
    case "real":
      return REALS[(i * 3) % REALS.length];
    case "numeric":
      return r.pick([12.5, 0, 100, -3, 7]);
    case "blob":
      if (strict && type === "BLOB") return new Uint8Array([0, 255, i % 256]);
      if (strict && type === "ANY") return r.pick<Value>(["any text", 5, 1.5]);
      return r.pick<Value>([new Uint8Array([0, 255]), "blob text", 17]);
    default: {
      const s = TEXTS[(i * 3) % TEXTS.length];
      return clip(c.notNull && s === "" && i % 2 ? "x" : s, maxLength(c));
    }
  }
}

/** Tables in an order where parents come before the tables that reference them. */
export function parentsFirst(schema: Schema): Table[] {
  const tables = [...schema.tables.values()];
  const byName = new Map(tables.map((t) => [t.name.toLowerCase(), t]));
  const out: Table[] = [], done = new Set<Table>(), busy = new Set<Table>();
  const visit = (t: Table) => {
    if (done.has(t) || busy.has(t)) return;
    busy.add(t);
    for (const c of t.constraints) {
      const p = c.kind === "foreign" && c.ref
        ? byName.get(c.ref.table.name.toLowerCase())
        : undefined;
      if (p && p !== t) visit(p);
    }
    done.add(t);
    out.push(t);
  };
  tables.forEach(visit);
  return out;
}

function uniqueColumns(t: Table, schema: Schema): Set<string> {
  const out = new Set<string>();
  for (const c of t.constraints) {
    if (c.kind === "primary" || c.kind === "unique") c.columns.forEach((n) => out.add(n));
  }
  for (const i of schema.indexes.values()) {
    if (i.unique && i.table.name.toLowerCase() === t.name.toLowerCase()) {
      for (const k of i.keys) if (k.column) out.add(k.column);
    }
  }
  return out;
}

/**
 * Fills every table of the schema with up to `rows` rows each. `fitTo` (the to-schema, after a
 * guard fired) adds its UNIQUE columns to the ones kept distinct.
 */
export function fillTables(
  db: DatabaseSync,
  schema: Schema,
  rows: number,
  mode: FillMode,
  fitTo?: Schema,
): FillResult {
  const r = new Rand(20261207);
  const result: FillResult = { rows: 0, tables: [] };
  for (const t of parentsFirst(schema)) {
    const strict = !!tableExt(t).strict;
    const alias = rowidAlias(t);
    const unique = uniqueColumns(t, schema);
    const later = fitTo &&
      [...fitTo.tables.values()].find((x) => x.name.toLowerCase() === t.name.toLowerCase());
    if (later && fitTo) uniqueColumns(later, fitTo).forEach((n) => unique.add(n));
    const cols = t.columns.filter((c) => !c.generated && c.name !== alias);
    const fks = t.constraints.filter((c) => c.kind === "foreign" && c.ref);
    const insert = (vals: Map<string, Value>) => {
      const names = [...vals.keys()];
      const sql = names.length
        ? `INSERT INTO ${ident(t.name)} (${names.map(ident).join(", ")}) VALUES (${
          names.map(() => "?").join(", ")
        })`
        : `INSERT INTO ${ident(t.name)} DEFAULT VALUES`;
      db.prepare(sql).run(
        ...[...vals.values()] as (string | number | bigint | Uint8Array | null)[],
      );
    };
    let done = 0, skipped = 0;
    for (let i = 0; i < rows; i++) {
      let ok = false;
      for (let attempt = 0; attempt < 3 && !ok; attempt++) {
        const m: FillMode = attempt === 0 ? mode : attempt === 1 ? "fit" : "nulls";
        const vals = new Map<string, Value>();
        for (const c of cols) {
          if (m === "edge" && c.default && !unique.has(c.name) && i % 7 === 3) continue;
          vals.set(c.name, value(c, i, unique.has(c.name), m, r, strict));
        }
        for (const fk of fks) {
          const parent = fk.ref!;
          if (!parent.columns.length) continue;
          const pcols = parent.columns.map(ident).join(", ");
          const parentRows = db.prepare(
            `SELECT ${pcols} FROM ${ident(parent.table.name)} WHERE ${
              parent.columns.map((c) => `${ident(c)} IS NOT NULL`).join(" AND ")
            } ORDER BY random() LIMIT 1`,
          ).all() as Record<string, Value>[];
          const nullable = fk.columns.every((n) => !t.columns.find((c) => c.name === n)?.notNull);
          const row = parentRows[0];
          fk.columns.forEach((n, k) => {
            if (!row || (nullable && m === "edge" && i % 4 === 2)) vals.set(n, null);
            else vals.set(n, row[parent.columns[k]] ?? Object.values(row)[k]);
          });
        }
        try {
          insert(vals);
          ok = true;
        } catch {
          // a CHECK, a collation-unique value or a missing parent: try plain values
        }
      }
      if (ok) done++;
      else skipped++;
    }
    result.rows += done;
    result.tables.push({ table: t.name, rows: done, skipped });
  }
  return result;
}
