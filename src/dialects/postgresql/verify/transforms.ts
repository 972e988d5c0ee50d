/**
 * Checks of a transform's user expressions on the migrated database, where they run:
 * - `down(up(x)) = x` for every generated row (x from the rows generated before the migration,
 *   `up(x)` as the migration stored it, `down` evaluated on the migrated row as the rollback
 *   does for rows it has no archived original of);
 * - `up(down(y)) = y` for values y a user may write after the migration (the stored values
 *   moved by one unit towards zero, for numbers and dates);
 * - rows written on the migrated side: half of those rows get such a y, so that the rollback
 *   must bring them back through `down` rather than the archive. The caller expects
 *   `down(y)` in the source column after the rollback. Rows are rewritten rather than inserted:
 *   to the rollback both are rows without an unchanged archived original (the archive is
 *   matched by key and by the unchanged target value), and a rewrite needs no new key values
 *   that every unique constraint and foreign key of the table would accept.
 * @module
 */
import type { Change } from "../../../diff/changes.ts";
import {
  type ColumnType,
  findColumn,
  qkey,
  type QName,
  rowKey,
  type Schema,
} from "../../../model/schema.ts";
import type { TypeFacts } from "../../../model/types.ts";
import { ident, literal, qident, renderType } from "../render/quote.ts";
import type { DataSnapshot } from "./catalog.ts";
import type { NameMap } from "./names.ts";
import { describeDbError, type SqlClient, type TextRow } from "./sql_client.ts";

type Transform = Extract<Change, { kind: "transform_column" }>;

export type { TransformCheck } from "../../../verify/result.ts";
import type { TransformCheck } from "../../../verify/result.ts";

/** A value the rollback must produce in a row that was rewritten on the migrated side. */
export interface ExpectedValue {
  /** The data snapshot's table name. */
  table: string;
  /** Key column -> its value in the row. */
  key: Record<string, string | null>;
  column: string;
  value: string | null;
}

/** What the checks need. */
export interface TransformContext {
  to: Schema;
  names: NameMap;
  /** The rows as generated, before the migration. */
  before: DataSnapshot;
  facts: TypeFacts;
}

const MAX_FAILURES = 5;

/** Table name as in data snapshots: bare in public, else `schema.name`. */
export function snapshotName(t: QName): string {
  return t.schema === "public" ? t.name : `${t.schema}.${t.name}`;
}

function show(v: string | null | undefined): string {
  return v === null || v === undefined ? "NULL" : JSON.stringify(v);
}

/** An expression moving a value of type `t` one unit towards zero (undefined: no such unit). */
export function nudge(t: ColumnType, col: string): string | undefined {
  if (t.arrayDims || t.schema !== undefined) return undefined;
  const toward = (unit: string) =>
    `(CASE WHEN ${col} > 0 THEN ${col} - ${unit} ELSE ${col} + ${unit} END)`;
  switch (t.name) {
    case "int2":
    case "int4":
    case "int8":
    case "float4":
    case "float8":
      return toward("1");
    case "numeric": {
      const s = t.mods[1] ?? 0;
      return toward(s > 0 ? `0.${"0".repeat(s - 1)}1` : "1");
    }
    case "date":
      return `(CASE WHEN ${col} > DATE '2000-01-01' THEN ${col} - 1 ELSE ${col} + 1 END)`;
    case "timestamp":
    case "timestamptz":
      return `(CASE WHEN ${col} > '2000-01-01' THEN ${col} - interval '1 second' ` +
        `ELSE ${col} + interval '1 second' END)`;
    default:
      return undefined;
  }
}

/** Checks one transform step on the migrated database (see the module doc). */
export async function checkTransform(
  db: SqlClient,
  n: number,
  ch: Transform,
  target: string,
  ctx: TransformContext,
): Promise<{ check: TransformCheck; expected: ExpectedValue[] }> {
  const check: TransformCheck = {
    step: n,
    target,
    rows: 0,
    written_values: 0,
    rows_written: 0,
    down_up: "not checked",
    up_down: "not checked",
    failures: [],
    notes: [],
  };
  const expected: ExpectedValue[] = [];
  const fail = (message: string) => {
    if (check.failures.length < MAX_FAILURES && !check.failures.includes(message)) {
      check.failures.push(message);
    }
  };
  const T = ch.table;
  const toTable = ctx.to.tables.get(qkey(T));
  const key = ch.rowKey ?? (toTable ? rowKey(toTable) : undefined);
  if (!toTable || !key?.length || !findColumn(toTable, ch.to.name)) {
    check.notes.push("not checked: the migrated table has no row key to match rows by");
    return { check, expected };
  }
  const F = ctx.names.fromTable(T);
  const fromKey = key.map((k) => ctx.names.fromColumn(T, k));
  const source = ctx.names.fromColumn(T, ch.from.name);
  const data = ctx.before.tables[snapshotName(F)];
  const srcIdx = data?.columns.indexOf(source) ?? -1;
  const keyIdx = fromKey.map((k) => data?.columns.indexOf(k) ?? -1);
  if (!data || srcIdx < 0 || keyIdx.some((i) => i < 0)) {
    check.notes.push("not checked: the generated rows of the source table were not found");
    return { check, expected };
  }
  const before = new Map<string, string | null>();
  for (const r of data.rows) before.set(JSON.stringify(keyIdx.map((i) => r[i])), r[srcIdx]);

  const srcType = renderType(ch.from.type, ctx.facts);
  const tgtType = renderType(ch.to.type, ctx.facts);
  const tq = qident(T);
  const tgt = ident(ch.to.name);
  const keyList = key.map(ident).join(", ");
  const where = (k: TextRow) =>
    key.map((c, i) =>
      k[i] === null ? `${ident(c)} IS NULL` : `${ident(c)}::text = ${literal(k[i]!)}`
    )
      .join(" AND ");

  // down(up(x)) = x
  const rows = await evaluate(
    db,
    `SELECT ${keyList}, ${tgt}, (${ch.down})::${srcType} FROM ${tq}`,
    `SELECT ${keyList}, ${tgt} FROM ${tq}`,
    (k) => `SELECT ${keyList}, ${tgt}, (${ch.down})::${srcType} FROM ${tq} WHERE ${where(k)}`,
    key.length,
  );
  if ("error" in rows) {
    check.down_up = "failed";
    check.failures.push(
      `down fails on ${
        rows.value ? `the migrated value ${show(rows.value)}` : "the migrated rows"
      }` +
        `: ${rows.error}`,
    );
  } else {
    check.down_up = "ok";
    for (const r of rows.rows) {
      const k = r.slice(0, key.length);
      const x = before.get(JSON.stringify(k));
      const [y, d] = r.slice(key.length);
      if (x === undefined || x === null) continue;
      check.rows++;
      if (d !== x) {
        check.down_up = "failed";
        fail(`down(up(x)) != x for x = ${show(x)}: up gives ${show(y)}, down gives ${show(d)}`);
      }
    }
  }

  // up(down(y)) = y on values written after the migration
  const moved = nudge(ch.to.type, tgt);
  if (!moved) {
    check.notes.push(`up(down(y)) = y not checked: no nearby values of ${tgtType} to write`);
    return { check, expected };
  }
  const list = toTable.columns.map((c) =>
    c.name === ch.to.name ? `${moved} AS ${tgt}` : ident(c.name)
  )
    .join(", ");
  const alias = ident(T.name);
  const selectMoved = (extra = "") =>
    `SELECT ${key.map((k) => `${alias}.${ident(k)}`).join(", ")}, ${alias}.${tgt}, ` +
    `smartspec_d.v, smartspec_u.v ` +
    `FROM (SELECT ${list} FROM ${tq}${extra}) AS ${alias} ` +
    `CROSS JOIN LATERAL (SELECT (${ch.down})::${srcType} AS v) AS smartspec_d ` +
    `CROSS JOIN LATERAL (SELECT (${ch.up})::${tgtType} AS v FROM ` +
    `(SELECT smartspec_d.v AS ${ident(ch.from.name)}) AS smartspec_s) AS smartspec_u`;
  const moves = await evaluate(
    db,
    selectMoved(),
    `SELECT ${keyList}, ${moved} FROM ${tq}`,
    (k) => selectMoved(` WHERE ${where(k)}`),
    key.length,
  );
  if ("error" in moves) {
    check.up_down = "failed";
    check.failures.push(
      `up(down(y)) fails on ${
        moves.value ? `y = ${show(moves.value)}` : "values written after the migration"
      }: ${moves.error}`,
    );
    return { check, expected };
  }
  check.up_down = "ok";
  const writable: { k: TextRow; d: string | null }[] = [];
  const original = new Map(
    rows && !("error" in rows)
      ? rows.rows.map((r) => [JSON.stringify(r.slice(0, key.length)), r[key.length]])
      : [],
  );
  for (const r of moves.rows) {
    const k = r.slice(0, key.length);
    const [y, d, u] = r.slice(key.length);
    if (y === null) continue;
    check.written_values++;
    if (u !== y) {
      check.up_down = "failed";
      fail(`up(down(y)) != y for y = ${show(y)}: down gives ${show(d)}, up gives ${show(u)}`);
    } else if (original.get(JSON.stringify(k)) !== y) writable.push({ k, d });
  }
  if (check.up_down === "failed") return { check, expected };

  // rows written on the migrated side: every other row
  const chosen = writable.filter((_, i) => i % 2 === 0);
  if (chosen.length) {
    try {
      await db.exec(
        `UPDATE ${tq} SET ${tgt} = ${moved} WHERE ${
          chosen.map((c) => `(${where(c.k)})`).join(" OR ")
        }`,
      );
      check.rows_written = chosen.length;
      for (const c of chosen) {
        expected.push({
          table: snapshotName(F),
          key: Object.fromEntries(fromKey.map((k, i) => [k, c.k[i]])),
          column: source,
          value: c.d,
        });
      }
    } catch (e) {
      check.notes.push(`rows could not be written on the migrated side: ${describeDbError(e)}`);
    }
  }
  return { check, expected };
}

/**
 * Runs `all`; when it fails, finds the first row it fails on: lists the rows with `keys`
 * (key columns then the value shown in the message) and runs `one` per row.
 */
async function evaluate(
  db: SqlClient,
  all: string,
  keys: string,
  one: (key: TextRow) => string,
  keyLength: number,
): Promise<{ rows: TextRow[] } | { error: string; value?: string | null }> {
  try {
    return { rows: await db.query(all) };
  } catch (e) {
    const error = describeDbError(e);
    let list: TextRow[];
    try {
      list = await db.query(keys);
    } catch {
      return { error };
    }
    for (const r of list) {
      try {
        await db.query(one(r.slice(0, keyLength)));
      } catch (err) {
        return { error: describeDbError(err), value: r[keyLength] };
      }
    }
    return { error };
  }
}

/** Applies the expected values of rewritten rows to the data generated before the migration. */
export function expectAfterRollback(before: DataSnapshot, changes: ExpectedValue[]): DataSnapshot {
  const out: DataSnapshot = {
    tables: Object.fromEntries(
      Object.entries(before.tables).map((
        [k, t],
      ) => [k, { columns: t.columns, rows: t.rows.map((r) => [...r]) }]),
    ),
    sequences: before.sequences,
  };
  for (const c of changes) {
    const t = out.tables[c.table];
    if (!t) continue;
    const col = t.columns.indexOf(c.column);
    const keys = Object.entries(c.key).map(([k, v]) => [t.columns.indexOf(k), v] as const);
    const row = t.rows.find((r) => keys.every(([i, v]) => r[i] === v));
    if (row && col >= 0) row[col] = c.value;
  }
  return out;
}
