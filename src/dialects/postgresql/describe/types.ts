/**
 * Enum types and sequences: what the rules see of their changes.
 * @module
 */
import type { Change } from "../../../diff/changes.ts";
import { qkey, type QName } from "../../../model/schema.ts";
import { display, sequenceOptions } from "../render/ddl.ts";
import { literal } from "../render/quote.ts";
import type { DescribeContext, Described } from "../../../classify/described.ts";
import {
  alterSequenceOptions,
  ARCHIVE_SCHEMA,
  archiveName,
  enumSwap,
  enumUsage,
  q,
} from "./helpers.ts";

/** Describes create_type, drop_type. */
export function describeCreateType(
  ch: Extract<Change, { kind: "create_type" | "drop_type" }>,
  _ctx: DescribeContext,
): Described {
  return {
    target: display(ch.type),
    facts: {},
    vars: { type: q(ch.type), values: ch.type.values.map(literal).join(", ") },
  };
}

/** Describes add_enum_value. */
export function describeAddEnumValue(
  ch: Extract<Change, { kind: "add_enum_value" }>,
  ctx: DescribeContext,
): Described {
  // its down runs last in the rollback, on the from-schema's tables
  // (under the type's from-schema name when the migration also renames it)
  const fromType = ctx.from.enums.get(qkey(ch.type)) ??
    (ch.type.renamedFrom
      ? ctx.from.enums.get(qkey({ schema: ch.type.schema, name: ch.type.renamedFrom }))
      : undefined);
  const usage = enumUsage(fromType ?? ch.type, ctx.from, [ch.value]);
  return {
    target: `${display(ch.type)}.${ch.value}`,
    facts: {},
    vars: {
      type: q(ch.type),
      type_name: display(ch.type),
      value: ch.value,
      value_text: `'${ch.value}'`,
      position: ch.after !== undefined
        ? ` AFTER ${literal(ch.after)}`
        : ch.before !== undefined
        ? ` BEFORE ${literal(ch.before)}`
        : "",
      swap_back: enumSwap(
        ch.type,
        fromType?.values ?? ch.type.values.filter((v) => v !== ch.value),
        ctx.from,
        ctx.archiveTag,
        fromType,
      ),
      usage_from: usage.from,
      usage_where: usage.where,
    },
  };
}

/** Describes drop_enum_value. */
export function describeDropEnumValue(
  ch: Extract<Change, { kind: "drop_enum_value" }>,
  ctx: DescribeContext,
): Described {
  // runs after tables are created, renamed and dropped: on the to-schema's tables
  const usage = enumUsage(ch.to, ctx.to, ch.values);
  return {
    target: ch.values.map((v) => `${display(ch.to)}.${v}`).join(", ") || display(ch.to),
    facts: { reorder_only: ch.values.length === 0 },
    vars: {
      type: q(ch.to),
      type_name: display(ch.to),
      values_text: ch.values.map((v) => `'${v}'`).join(", ") || "(order only)",
      swap: enumSwap(ch.to, ch.to.values, ctx.to, ctx.archiveTag),
      swap_back: enumSwap(ch.to, ch.from.values, ctx.to, ctx.archiveTag),
      usage_from: usage.from,
      usage_where: usage.where,
    },
  };
}

/** Describes rename_type. */
export function describeRenameType(
  ch: Extract<Change, { kind: "rename_type" }>,
  _ctx: DescribeContext,
): Described {
  return {
    target: `${display(ch.from)} -> ${display(ch.to)}`,
    facts: { via: ch.via, same_schema: ch.from.schema === ch.to.schema },
    vars: { from: q(ch.from), to: q(ch.to), from_name: ch.from.name, to_name: ch.to.name },
  };
}

/** Describes rename_enum_value. */
export function describeRenameEnumValue(
  ch: Extract<Change, { kind: "rename_enum_value" }>,
  _ctx: DescribeContext,
): Described {
  return {
    target: `${display(ch.type)}.${ch.from} -> ${display(ch.type)}.${ch.to}`,
    facts: { via: ch.via },
    vars: { type: q(ch.type), from: ch.from, to: ch.to },
  };
}

/** Describes create_sequence. */
export function describeCreateSequence(
  ch: Extract<Change, { kind: "create_sequence" }>,
  ctx: DescribeContext,
): Described {
  const f = ctx.facts;
  return {
    target: display(ch.sequence),
    facts: {},
    vars: { sequence: q(ch.sequence), options: sequenceOptions(ch.sequence, f) },
  };
}

/** Describes drop_sequence. */
export function describeDropSequence(
  ch: Extract<Change, { kind: "drop_sequence" }>,
  ctx: DescribeContext,
): Described {
  const s = ch.sequence;
  const archive = archiveName([s.name], ctx.archiveTag);
  return {
    target: display(s),
    facts: {},
    vars: {
      sequence: q(s),
      archive: { schema: ARCHIVE_SCHEMA, name: archive },
      archive_name: archive,
      archive_schema: ARCHIVE_SCHEMA,
      renamed: { schema: s.schema, name: archive },
      sequence_schema: s.schema,
      sequence_name: s.name,
    },
  };
}

/** Describes rename_sequence. */
export function describeRenameSequence(
  ch: Extract<Change, { kind: "rename_sequence" }>,
  _ctx: DescribeContext,
): Described {
  // an owned sequence moves with its table (ALTER TABLE ... SET SCHEMA) before this step
  const moved = !!ch.from.ownedBy && ch.from.schema !== ch.to.schema;
  const at: QName = moved ? { schema: ch.to.schema, name: ch.from.name } : q(ch.from);
  return {
    target: `${display(ch.from)} -> ${display(ch.to)}`,
    facts: { via: ch.via, moves_with_table: moved, same_name: ch.from.name === ch.to.name },
    vars: {
      from: at,
      to: q(ch.to),
      from_name: ch.from.name,
      to_name: ch.to.name,
    },
  };
}

/** Describes alter_sequence. */
export function describeAlterSequence(
  ch: Extract<Change, { kind: "alter_sequence" }>,
  ctx: DescribeContext,
): Described {
  const f = ctx.facts;
  return {
    target: display(ch.to),
    facts: {},
    vars: {
      sequence: q(ch.to),
      options: alterSequenceOptions(ch.from, ch.to, f),
      old_options: alterSequenceOptions(ch.to, ch.from, f),
    },
  };
}
