/**
 * Whether a PostgreSQL type change can be made online (expand / backfill / contract, see
 * type_swap.ts) and, when it can, the statements both ways as template variables. Online: a
 * change that rewrites the table, a conversion, a narrowing (checked under the lock), a
 * collation change of an indexed column. Carried over to the new column: its indexes (plain
 * columns of any method, INCLUDE, storage parameters, partial on other columns), UNIQUE
 * constraints, CHECK and FOREIGN KEY constraints and the foreign keys of other tables that
 * reference it (NOT VALID at the switch, then validated), DEFAULT, NOT NULL, the comments,
 * column privileges and statistics target. Anything else that depends on the column keeps the
 * plain (flagged) ALTER COLUMN TYPE, with the reason in the fact `online_blocked`: a primary key,
 * a foreign key referencing it that the migration changes or adds, an exclusion constraint, an
 * expression index or predicate over it, a view over the table, a trigger (UPDATE OF / WHEN) or
 * policy naming it, a generated column reading it, identity / serial / an owned sequence, a
 * partitioned or inherited table, a renamed column, an index or constraint of the column that
 * the migration changes without dropping it first, no one-column key besides it. At the switch, a
 * check in the database stops it (nothing dropped) when something the schema files do not show
 * depends on the column.
 * @module
 */
import type { Change } from "../../../diff/changes.ts";
import {
  type Column,
  type Constraint,
  type Index,
  qkey,
  type QName,
  rowKey,
  type Table,
} from "../../../model/schema.ts";
import { sameType, type TypeChangeClass } from "../../../model/types.ts";
import { ident, qident, renderType } from "../render/quote.ts";
import { constraintDef } from "../render/ddl.ts";
import {
  DEFAULT_BACKFILL,
  type DescribeContext,
  type VarValue,
} from "../../../classify/described.ts";
import { fnv1a } from "./helpers.ts";
import { clipBytes } from "../parse/pg_names.ts";
import { conversionVia } from "./guarded.ts";
import {
  type ColumnSwap,
  type ForeignRef,
  swapContract,
  swapExpand,
  type SwapIndex,
  swapIndexes,
  swapRestore,
  swapUncontract,
} from "./type_swap.ts";

type TypeChange = Extract<Change, { kind: "alter_column_type" }>;

/** The template variables of the online type change (empty strings when it is not online). */
export const ONLINE_TYPE_VARS = [
  "online_expand",
  "online_indexes",
  "online_contract",
  "online_restore",
  "online_back_indexes",
  "online_uncontract",
  "online_violation",
  "online_down_violation",
];

const refersTo = (cols: string[] | undefined, c: string) => !!cols?.includes(c);

/** The indexes of `t` that `c` takes part in. */
function indexesOn(ctx: DescribeContext, t: QName, c: string): Index[] {
  return [...ctx.from.indexes.values()].filter((i) =>
    qkey(i.table) === qkey(t) &&
    (i.keys.some((k) => k.column === c || refersTo(k.expr?.columns, c)) ||
      i.include.includes(c) || refersTo(i.where?.columns, c))
  );
}

/** The constraints of `t` that `c` takes part in. */
function constraintsOn(t: Table, c: string): Constraint[] {
  return t.constraints.filter((k) => k.columns.includes(c) || refersTo(k.expr?.columns, c));
}

/** Why the column cannot be swapped online, or its indexes and CHECKs when it can. */
function plan(
  ch: TypeChange,
  ctx: DescribeContext,
  cls: TypeChangeClass,
): { reason: string } | {
  key: Column;
  indexes: SwapIndex[];
  checks: Constraint[];
  refs: ForeignRef[];
} {
  const t = ch.table;
  const c = ch.to.name;
  const ft = ctx.from.tables.get(qkey(t));
  const tt = ctx.to.tables.get(qkey(t));
  // a narrowing checks every value under the lock even when it does not rewrite; a collation
  // change rebuilds the column's indexes under it (online when there are some, see below)
  const collation = (ch.from.collation ?? "") !== (ch.to.collation ?? "");
  const heavy = !sameType(ch.from.type, ch.to.type) &&
    (cls.class === "convert" || cls.class === "narrow" || cls.rewrite);
  if (!heavy && !collation) return { reason: "the change does not rewrite the table" };
  if (ch.from.name !== c) return { reason: "the column is renamed too" };
  if (!ft || !tt) return { reason: "the table is new or renamed" };
  const inherited = [...ctx.from.tables.values()].some((x) =>
    (x.partitionOf && qkey(x.partitionOf.parent) === qkey(t)) ||
    x.inherits?.some((p) => qkey(p) === qkey(t))
  );
  if (ft.partitionBy || ft.partitionOf || ft.inherits?.length || inherited) {
    return { reason: "a partitioned or inherited table" };
  }
  const key = rowKey(tt);
  const keyCol = key?.length === 1 && key[0] !== c
    ? tt.columns.find((x) => x.name === key[0])
    : undefined;
  const fromKey = keyCol && ft.columns.find((x) => x.name === keyCol.name);
  if (!keyCol || !fromKey || !sameType(keyCol.type, fromKey.type)) {
    return { reason: "no one-column key besides the column" };
  }
  for (const x of [ch.from, ch.to]) {
    if (x.identity || x.serial || x.generated || x.sequence) {
      return { reason: "an identity, serial or generated column" };
    }
  }
  if (
    [...ctx.from.sequences.values()].some((s) =>
      s.ownedBy && qkey(s.ownedBy.table) === qkey(t) && s.ownedBy.column === c
    )
  ) return { reason: "a sequence owned by the column" };
  if ([...ft.columns, ...tt.columns].some((x) => refersTo(x.generated?.columns, c))) {
    return { reason: "a generated column reads it" };
  }
  // foreign keys referencing the column (through its UNIQUE index): dropped and given again
  // NOT VALID in the switch, when they and their columns stay as they are
  const refs: ForeignRef[] = [];
  for (const x of ctx.from.tables.values()) {
    for (const k of x.constraints) {
      if (k.kind !== "foreign" || qkey(k.ref!.table) !== qkey(t) || !k.ref!.columns.includes(c)) {
        continue;
      }
      const xt = ctx.to.tables.get(qkey(x));
      const same = xt?.constraints.find((y) => y.name === k.name && y.kind === "foreign");
      const kept = k.columns.every((n) => {
        const a = x.columns.find((y) => y.name === n), b = xt?.columns.find((y) => y.name === n);
        return !!a && !!b && sameType(a.type, b.type);
      });
      if (qkey(x) === qkey(t) || !same || constraintDef(same) !== constraintDef(k) || !kept) {
        return { reason: `the foreign key ${k.name} referencing it changes or is on the table` };
      }
      refs.push({ table: { schema: x.schema, name: x.name }, constraint: same });
    }
  }
  const newRefs = [...ctx.to.tables.values()].some((x) =>
    x.constraints.some((k) =>
      k.kind === "foreign" && qkey(k.ref!.table) === qkey(t) && k.ref!.columns.includes(c) &&
      !refs.some((r) => qkey(r.table) === qkey(x) && r.constraint.name === k.name)
    )
  );
  if (newRefs) return { reason: "a foreign key referencing it is added by the migration" };
  const reads = [...ctx.from.views.values(), ...ctx.to.views.values()].some((v) =>
    v.reads.includes(qkey(t))
  );
  if (reads) return { reason: "a view reads the table" };
  const over = (x: { table: QName; columns: string[] }) =>
    qkey(x.table) === qkey(t) && x.columns.includes(c);
  if (
    [...ctx.from.triggers.values(), ...ctx.to.triggers.values()].some(over) ||
    [...ctx.from.policies.values(), ...ctx.to.policies.values()].some(over)
  ) return { reason: "a trigger or policy names the column" };
  const checks: Constraint[] = [];
  const indexes: SwapIndex[] = [];
  // what the same migration drops goes before the type change (the plan's order): not carried
  const changes = ctx.changes ?? [];
  const droppedConstraint = (k: Constraint) =>
    changes.some((x) =>
      x.kind === "drop_constraint" && qkey(x.table) === qkey(t) && x.constraint.name === k.name
    );
  const droppedIndex = (i: Index) =>
    changes.some((x) => x.kind === "drop_index" && qkey(x.index) === qkey(i));
  for (const k of constraintsOn(ft, c).filter((k) => !droppedConstraint(k))) {
    const same = tt.constraints.find((x) => x.name === k.name && x.kind === k.kind);
    if (k.kind !== "check" && k.kind !== "unique" && k.kind !== "foreign") {
      return { reason: `its ${k.kind} constraint ${k.name}` };
    }
    if (
      !same || same.columns.join(",") !== k.columns.join(",") ||
      (k.expr?.key ?? "") !== (same.expr?.key ?? "") ||
      constraintDef(k) !== constraintDef(same) ||
      (k.kind === "unique" && (!!k.deferrable || !!same.deferrable))
    ) return { reason: `its constraint ${k.name} changes in this migration` };
    // CHECK and FOREIGN KEY come back NOT VALID at the switch, validated right after
    if (k.kind !== "unique") checks.push(same);
    else {
      indexes.push({
        name: k.name,
        unique: true,
        index: {
          schema: t.schema,
          name: k.name,
          implicitName: false,
          table: { schema: t.schema, name: t.name },
          unique: true,
          method: "btree",
          keys: k.columns.map((x) => ({ column: x, options: "" })),
          include: [],
          nullsNotDistinct: k.nullsNotDistinct,
          key: "",
          line: k.line,
        },
      });
    }
  }
  for (const i of indexesOn(ctx, t, c).filter((i) => !droppedIndex(i))) {
    const same = ctx.to.indexes.get(qkey(i));
    if (!same || same.key !== i.key || qkey(same.table) !== qkey(t)) {
      return { reason: `its index ${i.name} changes in this migration` };
    }
    if (i.keys.some((k) => refersTo(k.expr?.columns, c)) || refersTo(i.where?.columns, c)) {
      return { reason: `its index ${i.name} has an expression or predicate over it` };
    }
    if (ft.clusterOn === i.name || ft.replicaIdentity?.index === i.name) {
      return { reason: `its index ${i.name} is the table's cluster or replica identity index` };
    }
    indexes.push({ name: i.name, index: i });
  }
  if (!heavy && !indexes.length) {
    return { reason: "a collation change without an index on the column (a catalog change)" };
  }
  return { key: keyCol, indexes, checks, refs };
}

/** `x` on its way from `from` to `to` as the plain ALTER ... USING converts it (the cast follows). */
function conversion(x: string, from: Column, to: Column, guarded: boolean): string {
  return guarded ? `${x}${conversionVia(from.type, to.type)}::` : `${x}::`;
}

/** Types whose explicit cast to a length cuts the value (`'abc'::varchar(2)` is 'ab'). */
const UNBOUNDED: Record<string, string> = {
  varchar: "varchar",
  bpchar: "bpchar",
  bit: "varbit",
  varbit: "varbit",
};

/**
 * The type a conversion casts to. An explicit cast to varchar(n), char(n) or bit(n) cuts what
 * is too long, where the plain ALTER's guard stops it: the trigger and the batches cast to the
 * unbounded type instead, and storing into the column applies the length the assignment way,
 * refusing too long values (a writer meanwhile gets the error it will get after the switch).
 */
function castType(c: Column, facts: DescribeContext["facts"]): string {
  const base = UNBOUNDED[c.type.name];
  if (!base || c.type.schema !== undefined || !c.type.mods.length) return renderType(c.type, facts);
  return base + "[]".repeat(c.type.arrayDims);
}

/**
 * The variables of the online type change: its statements both ways, and the guards the
 * online rule runs first (those of the plain rule it replaces). `plain`: the plain rules'
 * variables (violation, down_violation and the guarded conversion's).
 */
export function onlineTypeChange(
  ch: TypeChange,
  ctx: DescribeContext,
  cls: TypeChangeClass,
  plain: Record<string, VarValue>,
): { facts: { online_swap: boolean; online_blocked: string }; vars: Record<string, string> } {
  const empty = Object.fromEntries(ONLINE_TYPE_VARS.map((v) => [v, ""]));
  const p = ctx.online ? plan(ch, ctx, cls) : { reason: "not online" };
  if ("reason" in p) {
    return { facts: { online_swap: false, online_blocked: p.reason }, vars: empty };
  }
  const f = ctx.facts;
  const t = ch.table;
  const tq = qident(t);
  const c = ch.to.name;
  const col = ident(c);
  const guarded = cls.class === "convert" && !cls.cast;
  const fromT = renderType(ch.from.type, f);
  const up = (x: string) => `${conversion(x, ch.from, ch.to, guarded)}${castType(ch.to, f)}`;
  const down = (x: string) => `${conversion(x, ch.to, ch.from, guarded)}${castType(ch.from, f)}`;
  const tag = fnv1a(`${qkey(t)}\0${c}\0type\0${ctx.archiveTag}`);
  const job = `${t.schema}.${t.name}.${c}:type:${tag}`;
  const archiveQ = guarded ? plain.archive as QName : undefined;
  const base = {
    table: t,
    key: p.key.name,
    keyType: renderType(p.key.type, f),
    indexes: p.indexes,
    checks: p.checks,
    refs: p.refs,
    settings: ctx.backfill ?? DEFAULT_BACKFILL,
    facts: f,
  };
  // the column keeps its NOT NULL here; a NOT NULL change of the same migration is its own step
  const upSwap: ColumnSwap = {
    ...base,
    target: { ...ch.to, notNull: ch.from.notNull },
    shadow: `${clipBytes(c, 30)}_smartspec_${tag}`,
    convert: up(col),
    job,
    tag,
  };
  const k = ident(p.key.name);
  const restored = archiveQ
    ? `CASE WHEN EXISTS (SELECT 1 FROM ${qident(archiveQ)} AS a WHERE a.${k} = ${tq}.${k} ` +
      `AND ${up(`a.${col}::${fromT}`)} IS NOT DISTINCT FROM ${tq}.${col}) ` +
      `THEN (SELECT a.${col}::${fromT} FROM ${qident(archiveQ)} AS a WHERE a.${k} = ${tq}.${k}) ` +
      `ELSE ${down(col)} END`
    : undefined;
  const backTag = fnv1a(`${tag}\0back`);
  const backSwap: ColumnSwap = {
    ...base,
    target: { ...ch.from, notNull: ch.from.notNull },
    shadow: `${clipBytes(c, 30)}_smartspec_${backTag}`,
    convert: down(col),
    fill: restored,
    job: `${job}:rollback`,
    tag: backTag,
  };
  const keep = archiveQ
    ? {
      archive: archiveQ,
      select: `${k}, ${col}::text AS ${col}`,
      where: String(plain.lossy_rows),
    }
    : undefined;
  return {
    facts: { online_swap: true, online_blocked: "" },
    vars: {
      online_expand: swapExpand(upSwap, keep),
      online_indexes: swapIndexes(upSwap),
      online_contract: swapContract(upSwap),
      online_restore: swapRestore(upSwap, backSwap, archiveQ),
      online_back_indexes: swapIndexes(backSwap),
      online_uncontract: swapUncontract(upSwap, backSwap, archiveQ),
      online_violation: String(guarded ? plain.convert_violation : plain.violation),
      online_down_violation: String(
        guarded ? plain.convert_back_violation : plain.down_violation,
      ),
    },
  };
}
