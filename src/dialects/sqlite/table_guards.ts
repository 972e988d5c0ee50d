/**
 * The guards of a rebuild, evaluated on the rows as the copy will write them (a projection of the
 * old table through the copy's expressions): NOT NULL without a value, new CHECK and UNIQUE
 * constraints, and (up only) narrowed lengths and integer ranges. Each names the table and
 * column, and lists the first row keys that do not fit.
 * @module
 */
import type { Column, Constraint, Table } from "../../model/schema.ts";
import { defaultSql, hasRowid } from "./ddl.ts";
import type { Guard } from "./guards.ts";
import { ident } from "./quote.ts";
import type { RebuildSpec } from "./rebuild.ts";
import type { Item } from "./table.ts";

const K = "_smartspec_k";

/** Integer ranges of type names that promise one (SQLite itself stores any 64-bit integer). */
const RANGES: Record<string, [string, string]> = {
  tinyint: ["-128", "127"],
  int1: ["-128", "127"],
  smallint: ["-32768", "32767"],
  int2: ["-32768", "32767"],
  mediumint: ["-8388608", "8388607"],
  int: ["-2147483648", "2147483647"],
  int4: ["-2147483648", "2147483647"],
};

/** What the guards of one rebuild need. */
export interface GuardContext {
  spec: RebuildSpec;
  /** The table as it is before the rebuild, with columns under the names the copy reads. */
  source: Table;
  sourceName: (fromName: string) => string;
  dir: "up" | "down";
  items: Item[];
  step: number;
  nextId: () => number;
  /** True for a table that this migration does not touch (a foreign key guard can read it). */
  untouched?: (table: string) => boolean;
  /** Canonical keys of the unique indexes the table has before the rebuild. */
  sourceIndexKeys?: Set<string>;
}

function projection(ctx: GuardContext): { sql: string; names: Set<string> } {
  const { spec, source } = ctx;
  const cols = new Map(spec.columns.map((c) => [c.name, c.expr]));
  const parts: string[] = [];
  const names = new Set<string>();
  for (const t of spec.target.columns) {
    if (t.generated) continue;
    const expr = cols.get(t.name) ?? (t.default ? defaultSql(t.default.sql) : "NULL");
    parts.push(`${expr} AS ${ident(t.name)}`);
    names.add(t.name);
  }
  let label: string;
  if (hasRowid(source)) label = "s.rowid";
  else {
    const pk = source.constraints.find((c) => c.kind === "primary");
    label = pk
      ? pk.columns.map((p) => `quote(s.${ident(ctx.sourceName(p))})`).join(" || ', ' || ")
      : "'?'";
  }
  const sql = `SELECT ${label} AS ${K}, ${parts.join(", ")} FROM ${ident(spec.table)} AS s` +
    (spec.joins.length ? ` ${spec.joins.join(" ")}` : "");
  return { sql, names };
}

function sig(c: Constraint, name: (n: string) => string): string {
  return `${c.kind}:${c.columns.map(name).sort().join(",")}`;
}

/** The guards of a rebuild. */
export function rebuildGuards(ctx: GuardContext): Guard[] {
  const { spec, source } = ctx;
  const p = projection(ctx);
  const t = spec.target;
  const table = spec.table;
  const guards: Guard[] = [];
  const add = (col: string, what: string, where: string) => {
    guards.push({
      id: ctx.nextId(),
      step: ctx.step,
      message: `smartspec guard: ${table}.${col}: ${what}`,
      violations: `SELECT ${K} FROM (${p.sql}) AS p WHERE ${where}`,
    });
  };
  const srcCols = new Map(source.columns.map((c) => [ctx.sourceName(c.name), c]));
  const copied = new Map(spec.columns.map((c) => [c.name, c.expr]));
  const rollback = ctx.dir === "down";
  for (const c of t.columns) {
    if (!c.notNull || c.generated) continue;
    const s = srcCols.get(c.name);
    if (s?.notNull && copied.get(c.name) === `s.${ident(c.name)}`) continue;
    if (!copied.has(c.name) && c.default && !/^null$/i.test(c.default.sql.trim())) continue;
    add(
      c.name,
      rollback
        ? "the rollback makes it NOT NULL again but rows hold NULL (written after the migration); fill them first"
        : "NOT NULL but rows would hold NULL; give the column a DEFAULT in the to-schema, or fill the rows first",
      `p.${ident(c.name)} IS NULL`,
    );
  }
  const srcChecks = new Set(
    source.constraints.filter((c) => c.kind === "check").map((c) => c.expr?.key ?? c.rawKey),
  );
  for (const c of t.constraints.filter((c) => c.kind === "check" && c.expr)) {
    if (srcChecks.has(c.expr!.key)) continue;
    if (!c.expr!.columns.every((n) => p.names.has(n))) continue;
    add(
      c.columns[0] ?? c.expr!.columns[0] ?? c.name,
      `rows violate CHECK ${c.implicitName ? "" : c.name + " "}(${c.expr!.sql})`,
      `NOT (${c.expr!.sql})`,
    );
  }
  const srcUnique = new Set(
    source.constraints.filter((c) => c.kind === "unique" || c.kind === "primary").map((c) =>
      sig({ ...c, kind: "unique" }, ctx.sourceName)
    ),
  );
  for (const c of t.constraints.filter((c) => c.kind === "unique" || c.kind === "primary")) {
    if (srcUnique.has(sig({ ...c, kind: "unique" }, (n) => n))) continue;
    if (!c.columns.every((n) => p.names.has(n))) continue;
    const cols = c.columns.map((n) => `p.${ident(n)}`);
    const inner = c.columns.map((n) => `q.${ident(n)}`);
    add(
      c.columns.join(", "),
      `${c.kind === "primary" ? "PRIMARY KEY" : "UNIQUE"} but rows share a value`,
      `(${cols.join(", ")}) IN (SELECT ${inner.join(", ")} FROM (${p.sql}) AS q WHERE ${
        inner.map((x) => `${x} IS NOT NULL`).join(" AND ")
      } GROUP BY ${inner.join(", ")} HAVING count(*) > 1)`,
    );
  }
  const srcFks = new Set(
    source.constraints.filter((c) => c.kind === "foreign").map((c) =>
      `${sig(c, ctx.sourceName)}>${c.ref?.table.name}(${c.ref?.columns.join(",")})`
    ),
  );
  for (const c of t.constraints.filter((c) => c.kind === "foreign" && c.ref)) {
    const key = `${sig(c, (n) => n)}>${c.ref!.table.name}(${c.ref!.columns.join(",")})`;
    if (srcFks.has(key) || !c.ref!.columns.length) continue;
    if (!c.columns.every((n) => p.names.has(n)) || !ctx.untouched?.(c.ref!.table.name)) continue;
    const cols = c.columns.map((n) => `p.${ident(n)}`);
    const match = c.ref!.columns.map((r, i) => `x.${ident(r)} = ${cols[i]}`).join(" AND ");
    add(
      c.columns.join(", "),
      `rows reference ${c.ref!.table.name} (${c.ref!.columns.join(", ")}) values that do not exist`,
      `${cols.map((x) => `${x} IS NOT NULL`).join(" AND ")} AND NOT EXISTS (SELECT 1 FROM ${
        ident(c.ref!.table.name)
      } AS x WHERE ${match})`,
    );
  }
  for (const i of spec.indexes) {
    if (!i.unique || ctx.sourceIndexKeys?.has(i.key)) continue;
    const cols = i.keys.map((k) => k.column);
    if (cols.some((c) => c === undefined || !p.names.has(c))) continue;
    const where = i.where && i.where.columns.every((n) => p.names.has(n)) ? i.where.sql : "1";
    if (i.where && where === "1") continue;
    const outer = cols.map((n) => `p.${ident(n!)}`), inner = cols.map((n) => `q.${ident(n!)}`);
    add(
      cols.join(", "),
      `UNIQUE index ${i.name} but rows share a value`,
      `(${where}) AND (${outer.join(", ")}) IN (SELECT ${
        inner.join(", ")
      } FROM (SELECT * FROM (${p.sql}) WHERE ${where}) AS q WHERE ${
        inner.map((x) => `${x} IS NOT NULL`).join(" AND ")
      } GROUP BY ${inner.join(", ")} HAVING count(*) > 1)`,
    );
  }
  if (!rollback) guards.push(...narrowingGuards(ctx, p.sql));
  return guards;
}

function narrowingGuards(ctx: GuardContext, proj: string): Guard[] {
  const out: Guard[] = [];
  for (const { change: c } of ctx.items) {
    if (c.kind !== "alter_column_type" || c.typeClass.class !== "narrow") continue;
    const col = ident(c.to.name);
    let where: string | undefined, what = "";
    if (c.typeClass.guard === "length" && c.to.type.mods.length) {
      const n = c.to.type.mods[0];
      where = `length(p.${col}) > ${n}`;
      what = `values longer than ${n} characters (${typeText(c.to)})`;
    } else if (c.typeClass.guard === "range" && RANGES[c.to.type.name]) {
      const [lo, hi] = RANGES[c.to.type.name];
      where = `typeof(p.${col}) IN ('integer', 'real') AND (p.${col} < ${lo} OR p.${col} > ${hi})`;
      what = `values outside ${lo}..${hi} (${typeText(c.to)})`;
    }
    if (!where) continue;
    out.push({
      id: ctx.nextId(),
      step: ctx.step,
      message: `smartspec guard: ${ctx.spec.table}.${c.to.name}: ${what}`,
      violations: `SELECT ${K} FROM (${proj}) AS p WHERE ${where}`,
    });
  }
  return out;
}

function typeText(c: Column): string {
  return c.type.mods.length ? `${c.type.name}(${c.type.mods.join(",")})` : c.type.name;
}

/** A guard for a new UNIQUE index on existing rows (ALTER path). */
export function uniqueIndexGuard(
  table: string,
  columns: string[],
  label: string,
  id: number,
  step: number,
): Guard {
  const cols = columns.map((c) => `s.${ident(c)}`), inner = columns.map((c) => `q.${ident(c)}`);
  return {
    id,
    step,
    message: `smartspec guard: ${table}.${
      columns.join(", ")
    }: a UNIQUE index but rows share a value`,
    violations: `SELECT ${label} FROM ${ident(table)} AS s WHERE (${cols.join(", ")}) IN (SELECT ${
      inner.join(", ")
    } FROM ${ident(table)} AS q WHERE ${
      inner.map((x) => `${x} IS NOT NULL`).join(" AND ")
    } GROUP BY ${inner.join(", ")} HAVING count(*) > 1)`,
  };
}
