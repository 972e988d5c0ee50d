/**
 * Column changes besides type, default and NULL-ability: identity (added, dropped, ALWAYS <->
 * BY DEFAULT), serial (a column gains or loses its owned sequence and nextval() default) and
 * stored generated expressions. Pure; called by the differ for every column on both sides.
 * @module
 */
import {
  type Column,
  type ColumnType,
  type EnumType,
  qkey,
  type QName,
  type Schema,
  type Sequence,
} from "../model/schema.ts";
import type { Change } from "./changes.ts";
import type { ExprHelpers } from "../dialects/dialect.ts";

function ownedSequence(schema: Schema, table: QName, c: Column): Sequence | undefined {
  return c.sequence
    ? schema.sequences.get(qkey({ schema: table.schema, name: c.sequence }))
    : undefined;
}

/**
 * A serial column, or one written out as a serial is (`DEFAULT nextval(s)` of a sequence it
 * owns): a table renamed in the past keeps `users_id_seq`, which pg_dump then writes out.
 */
function serialLike(
  side: { schema: Schema; table: QName; column: Column },
  seqOf?: ExprHelpers["sequenceOf"],
): boolean {
  const c = side.column;
  if (c.serial) return true;
  if (c.identity || !c.default || !seqOf) return false;
  const s = ownedSequence(side.schema, side.table, c);
  const target = seqOf(c.default);
  return !!s?.ownedBy && s.ownedBy.column === c.name &&
    qkey(s.ownedBy.table) === qkey(side.table) && !!target && qkey(target) === qkey(s);
}

/**
 * The standalone sequence that the from-column's `nextval()` default reads, when the target
 * has it no more (or only as the name of the new identity's own sequence).
 */
function replacedSequence(
  from: { schema: Schema; table: QName; column: Column },
  to: { schema: Schema; table: QName; column: Column },
  seqOf?: ExprHelpers["sequenceOf"],
): Sequence | undefined {
  const d = from.column.default;
  const target = d && seqOf?.(d);
  if (!target) return undefined;
  const s = from.schema.sequences.get(qkey(target));
  if (!s || s.implicit) return undefined;
  const there = to.schema.sequences.get(qkey(s));
  const own = there?.implicit && there.ownedBy?.column === to.column.name &&
    qkey(there.ownedBy.table) === qkey(to.table);
  return !there || own ? s : undefined;
}

/** The identity, serial and generated-expression changes of one column. */
export function columnExtraChanges(
  from: { schema: Schema; table: QName; column: Column },
  to: { schema: Schema; table: QName; column: Column },
  seqOf?: ExprHelpers["sequenceOf"],
): Change[] {
  const f = from.column, t = to.column;
  // most columns are none of these: nothing to look up
  if (!f.serial && !t.serial && !f.identity && !t.identity && !f.generated && !t.generated) {
    return [];
  }
  const table = to.table;
  const out: Change[] = [];
  const fromSeq = ownedSequence(from.schema, from.table, f);
  const toSeq = ownedSequence(to.schema, to.table, t);
  // what goes first: a serial's sequence and an identity's share the implicit name
  if (f.serial && !t.serial && !serialLike(to, seqOf)) {
    out.push({ kind: "drop_serial", table, from: f, to: t, sequence: fromSeq });
  }
  if (f.identity && !t.identity) {
    out.push({ kind: "drop_identity", table, from: f, to: t, sequence: fromSeq });
  }
  if (f.identity && t.identity && f.identity !== t.identity) {
    out.push({ kind: "alter_identity", table, from: f, to: t });
  }
  if (!f.serial && t.serial && !serialLike(from, seqOf)) {
    out.push({ kind: "add_serial", table, from: f, to: t, sequence: toSeq });
  }
  if (!f.identity && t.identity) {
    const replaces = replacedSequence(from, to, seqOf);
    out.push({
      kind: "add_identity",
      table,
      from: f,
      to: t,
      sequence: toSeq,
      ...(replaces ? { replaces } : {}),
    });
  }
  if ((f.generated?.key ?? "") !== (t.generated?.key ?? "")) {
    out.push({ kind: "alter_generated", table, from: f, to: t });
  }
  return out;
}

/** A column type with an enum type that a hint renames replaced by its new name. */
export function typeAfterRenames(t: ColumnType, renames: Map<string, EnumType>): ColumnType {
  if (t.schema === undefined) return t;
  const to = renames.get(qkey({ schema: t.schema, name: t.name }));
  return to ? { ...t, schema: to.schema, name: to.name } : t;
}
