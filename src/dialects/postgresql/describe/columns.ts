/**
 * Column changes (add, drop, rename, type, NOT NULL, default): what the rules see of them.
 * @module
 */
import type { Change } from "../../../diff/changes.ts";
import { renameEvidenceText } from "../../../classify/rename_evidence.ts";
import { type Column, findColumn, qkey, type QName, rowKey } from "../../../model/schema.ts";
import { classifyTypeChange, sameType } from "../../../model/types.ts";
import { clipBytes } from "../parse/pg_names.ts";
import { columnDef } from "../render/ddl.ts";
import { ident, literal, qident, renderType } from "../render/quote.ts";
import type { ColumnType } from "../../../model/schema.ts";
import {
  DEFAULT_BACKFILL,
  type DescribeContext,
  type Described,
  type VarValue,
} from "../../../classify/described.ts";
import {
  fillContract,
  fillNulls,
  type OnlineFill,
  unfillCleanup,
  unfillNulls,
} from "./not_null_fill.ts";
import {
  ARCHIVE_SCHEMA,
  archivedValue,
  archiveName,
  archiveSelectCol,
  castCheck,
  collate,
  colRef,
  defaultFunction,
  fnv1a,
  keyJoin,
  narrowViolation,
  noGuard,
  notNullWithGuard,
  q,
  roundTripCheck,
  withLength,
} from "./helpers.ts";
import { guardedConversionVars, usableKey, wholeRowArchive } from "./guarded.ts";
import { onlineTypeChange } from "./type_change_online.ts";

/** Describes add_column. */
export function describeAddColumn(
  ch: Extract<Change, { kind: "add_column" }>,
  ctx: DescribeContext,
): Described {
  const f = ctx.facts;
  const c = ch.column;
  const volatile = !!c.default && c.default.columns.length === 0 &&
    f.volatile_functions.some((fn) => new RegExp(`\\b${fn}\\s*\\(`, "i").test(c.default!.sql));
  const fills = !c.notNull || !!c.default || !!c.serial || !!c.identity || !!c.generated;
  const fn = defaultFunction(c);
  return {
    target: colRef(ch.table, c.name),
    facts: {
      not_null: c.notNull,
      has_default: !!c.default,
      default_function: fn,
      fills_existing_rows: fills,
      volatile_default: volatile || !!c.serial || !!c.identity || !!c.generated,
      identity: !!c.identity,
      serial: !!c.serial,
    },
    vars: {
      table: q(ch.table),
      column: c.name,
      column_def: columnDef(c, f),
      type: renderType(c.type, f),
      default: c.default?.sql ?? "",
      note: c.notNull ? (c.default ? ` NOT NULL DEFAULT ${c.default.sql}` : " NOT NULL") : "",
    },
  };
}

/**
 * The columns of a table that stay the same (name and type) in both schemas, other than
 * `except`: what identifies a row of a table without a key.
 */
function unchangedColumns(ctx: DescribeContext, table: QName, except: string): string[] {
  const tt = ctx.to.tables.get(qkey(table));
  if (!tt) return [];
  const ft = ctx.from.tables.get(qkey(table)) ??
    [...ctx.from.tables.values()].find((t) => t.name === table.name);
  return tt.columns.filter((c) => {
    if (c.name === except || c.generated) return false;
    const o = ft && findColumn(ft, c.name);
    return !!o && sameType(o.type, c.type);
  }).map((c) => c.name);
}

/** Describes drop_column. */
export function describeDropColumn(
  ch: Extract<Change, { kind: "drop_column" }>,
  ctx: DescribeContext,
): Described {
  const f = ctx.facts;
  const c = ch.column;
  const key = ch.rowKey && !ch.rowKey.includes(c.name) ? ch.rowKey : undefined;
  const archive = archiveName([ch.table.name, c.name], ctx.archiveTag);
  const A: QName = { schema: ARCHIVE_SCHEMA, name: archive };
  const whole = key ? undefined : wholeRowArchive(
    qident(ch.table),
    c.name,
    unchangedColumns(ctx, ch.table, c.name),
    qident(A),
    archivedValue(c, f),
  );
  return {
    target: colRef(ch.table, c.name),
    facts: {
      acknowledged: ch.acknowledged,
      has_row_key: !!key,
      not_null: c.notNull,
      generated: !!c.generated,
    },
    vars: {
      table: q(ch.table),
      column: c.name,
      column_def: columnDef(c, f),
      archive: A,
      archive_select: key ? [...key.map(ident), archiveSelectCol(c)].join(", ") : "",
      column_def_nullable: columnDef(c, f, { nullable: true }),
      archived_value: archivedValue(c, f),
      key_join: key ? keyJoin(key) : "",
      restore_not_null: notNullWithGuard(ch.table, c, " written after the migration"),
      archive_rows: whole?.archive_rows ?? "",
      restore_rows: whole?.restore_rows ?? "",
      ...ownedSequenceKept(ch.table, c, ctx),
    },
  };
}

/**
 * A dropped serial column's sequence (which DROP COLUMN would drop with it) is moved to the
 * archive first and comes back with its position when the rollback has restored the column:
 * owned by it again and its default again. An identity column's position is kept, and the
 * rollback makes the restored column an identity again from there.
 */
function ownedSequenceKept(
  t: QName,
  c: Column,
  ctx: DescribeContext,
): { sequence_keep: string; sequence_back: string } {
  if ((!c.serial && !c.identity) || !c.sequence) return { sequence_keep: "", sequence_back: "" };
  const seq: QName = { schema: t.schema, name: c.sequence };
  if (!ctx.from.sequences.has(qkey(seq))) return { sequence_keep: "", sequence_back: "" };
  const kept = archiveName([c.sequence], ctx.archiveTag);
  const inArchive = (name: string) => `${ident(ARCHIVE_SCHEMA)}.${ident(name)}`;
  if (c.identity) {
    // an identity's sequence cannot move: its position is kept, the identity made again
    const options = c.identityOptions ? ` ${c.identityOptions}` : "";
    return {
      sequence_keep: `CREATE TABLE ${inArchive(kept)} AS SELECT last_value, is_called FROM ${
        qident(seq)
      };`,
      sequence_back: [
        `ALTER TABLE ${qident(t)} ALTER COLUMN ${ident(c.name)} SET NOT NULL;`,
        `ALTER TABLE ${qident(t)} ALTER COLUMN ${ident(c.name)} ADD GENERATED ` +
        `${c.identity.toUpperCase()} AS IDENTITY (SEQUENCE NAME ${qident(seq)}${options});`,
        `SELECT setval(${literal(qident(seq))}, a.last_value, a.is_called) FROM ${
          inArchive(kept)
        } AS a;`,
        `DROP TABLE ${inArchive(kept)};`,
      ].join("\n"),
    };
  }
  return {
    sequence_keep: [
      `ALTER SEQUENCE ${qident(seq)} OWNED BY NONE;`,
      `ALTER SEQUENCE ${qident(seq)} SET SCHEMA ${ident(ARCHIVE_SCHEMA)};`,
      `ALTER SEQUENCE ${inArchive(seq.name)} RENAME TO ${ident(kept)};`,
    ].join("\n"),
    sequence_back: [
      `ALTER SEQUENCE ${inArchive(kept)} RENAME TO ${ident(seq.name)};`,
      `ALTER SEQUENCE ${inArchive(seq.name)} SET SCHEMA ${ident(seq.schema)};`,
      `ALTER SEQUENCE ${qident(seq)} OWNED BY ${qident(t)}.${ident(c.name)};`,
      `ALTER TABLE ${qident(t)} ALTER COLUMN ${ident(c.name)} SET DEFAULT ` +
      `nextval(${literal(qident(seq))}::regclass);`,
    ].join("\n"),
  };
}

/** Describes rename_column. */
export function describeRenameColumn(
  ch: Extract<Change, { kind: "rename_column" }>,
  _ctx: DescribeContext,
): Described {
  const ev = ch.evidence;
  return {
    target: `${colRef(ch.table, ch.from.name)} -> ${colRef(ch.table, ch.to.name)}`,
    facts: { via: ch.via, confirmed: ch.via !== "probable", score: ev?.score ?? 1 },
    vars: {
      table: q(ch.table),
      from: ch.from.name,
      to: ch.to.name,
      from_name: ch.from.name,
      evidence: ev ? renameEvidenceText(ev) : "",
      intent_line: ev?.intentLine ?? "",
      drop_target: colRef(ch.table, ch.from.name),
    },
  };
}

/**
 * A conversion cannot always cast the column's DEFAULT (`'new'::status_v1` to another enum):
 * the default is dropped around the type change and set again as the schema writes it.
 */
function defaultFollows(t: QName, from: Column, to: Column): Record<string, string> {
  const alter = `ALTER TABLE ${qident(t)} ALTER COLUMN ${ident(to.name)}`;
  const set = (c: Column) => c.default ? `${alter} SET DEFAULT ${c.default.sql};` : "";
  return {
    default_off: from.default || to.default ? `${alter} DROP DEFAULT;` : "",
    default_on: set(to),
    default_back_on: set(from),
  };
}

/** Types whose text is their value: a cast of the text is the cast of the value. */
const TEXT_TYPES = new Set(["text", "varchar", "bpchar", "name", "citext"]);

/** Describes alter_column_type. */
export function describeAlterColumnType(
  ch: Extract<Change, { kind: "alter_column_type" }>,
  ctx: DescribeContext,
): Described {
  const f = ctx.facts;
  const cls = ch.typeClass;
  const back = classifyTypeChange(ch.to.type, ch.from.type, f);
  const cast = (col: string, t: ColumnType) => castCheck(col, t, f);
  const toTable = ctx.to.tables.get(qkey(ch.table));
  const tableKey = toTable && rowKey(toTable);
  const key = usableKey(tableKey, ch.to) ? tableKey : undefined;
  const guarded = guardedConversionVars(
    ch.to.name,
    ch.from.type,
    ch.to.type,
    key,
    f,
    cast,
    (cond) => withLength({ class: "convert" }, ch.to.name, ch.to.type, cond),
  );
  const plain: Record<string, VarValue> = {
    violation: withLength(
      cls,
      ch.to.name,
      ch.to.type,
      noGuard(cls)
        ? "false"
        : cls.guard === "cast" || cls.guard === undefined
        ? cast(ch.to.name, ch.to.type)
        : narrowViolation(ch.to.name, ch.from.type, ch.to.type, f),
    ),
    down_violation: noGuard(back)
      ? "false"
      : back.class === "narrow" && back.guard && back.guard !== "cast"
      ? narrowViolation(ch.to.name, ch.to.type, ch.from.type, f)
      : back.class === "widen"
      ? "false"
      // a value (not its text) converts back: numeric 1.00 to integer, not 1.50
      : TEXT_TYPES.has(ch.to.type.name) || ch.to.type.arrayDims
      ? cast(ch.to.name, ch.from.type)
      : roundTripCheck(ch.to.name, ch.to.type, ch.from.type, f, true),
    ...guarded,
    archive: {
      schema: ARCHIVE_SCHEMA,
      name: archiveName([ch.table.name, ch.to.name, "before"], ctx.archiveTag),
    },
  };
  const online = onlineTypeChange(ch, ctx, cls, plain);
  return {
    target: colRef(ch.table, ch.to.name),
    facts: {
      ...online.facts,
      has_row_key: !!key,
      class: cls.class,
      rewrite: cls.rewrite,
      cast: cls.cast,
      guard: cls.guard ?? null,
      from_type: renderType(ch.from.type, f),
      to_type: renderType(ch.to.type, f),
      same_type: sameType(ch.from.type, ch.to.type),
      collation_change: (ch.from.collation ?? "") !== (ch.to.collation ?? ""),
    },
    vars: {
      table: q(ch.table),
      column: ch.to.name,
      column_ref: colRef(ch.table, ch.to.name),
      // ALTER ... TYPE resets the collation unless it is given again
      from_type: renderType(ch.from.type, f) + collate(ch.from),
      to_type: renderType(ch.to.type, f) + collate(ch.to),
      violation: plain.violation,
      down_violation: plain.down_violation,
      down_using: back.class === "convert" && back.cast
        ? ` USING ${ident(ch.to.name)}::${renderType(ch.from.type, f)}`
        : "",
      ...guarded,
      ...defaultFollows(ch.table, ch.from, ch.to),
      archive: plain.archive,
      ...online.vars,
      key_join: key ? keyJoin(key) : "",
    },
  };
}

/** Describes set_not_null, drop_not_null. */
export function describeSetNotNull(
  ch: Extract<Change, { kind: "set_not_null" | "drop_not_null" }>,
  ctx: DescribeContext,
): Described {
  const table = ctx.to.tables.get(qkey(ch.table));
  const key = table && rowKey(table);
  const archive = archiveName([ch.table.name, ch.to.name, "nulls"], ctx.archiveTag);
  const keyCol = key?.length === 1 ? table!.columns.find((c) => c.name === key[0]) : undefined;
  const fill: OnlineFill | undefined = keyCol && ch.to.default
    ? {
      table: ch.table,
      key: keyCol.name,
      keyType: renderType(keyCol.type, ctx.facts),
      column: ch.to.name,
      fill: ch.to.default.sql,
      archive: { schema: ARCHIVE_SCHEMA, name: archive },
      tag: fnv1a(`${qkey(ch.table)}\0${ch.to.name}\0fill\0${ctx.archiveTag}`),
      settings: ctx.backfill ?? DEFAULT_BACKFILL,
    }
    : undefined;
  return {
    target: colRef(ch.table, ch.to.name),
    facts: ch.kind === "set_not_null"
      ? { has_default: !!ch.to.default, has_row_key: !!key, single_key: !!keyCol }
      : {},
    vars: {
      table: q(ch.table),
      column: ch.to.name,
      column_ref: colRef(ch.table, ch.to.name),
      check_name: clipBytes(`${ch.table.name}_${ch.to.name}_not_null`, 63),
      default: ch.to.default?.sql ?? "",
      archive: { schema: ARCHIVE_SCHEMA, name: archive },
      key_columns: key ? key.map(ident).join(", ") : "",
      key_join: key ? keyJoin(key) : "",
      online_fill: fill ? fillNulls(fill) : "",
      online_fill_contract: fill ? fillContract(fill) : "",
      online_unfill: fill ? unfillNulls(fill) : "",
      online_unfill_cleanup: fill ? unfillCleanup(fill) : "",
    },
  };
}

/** Describes set_default, drop_default. */
export function describeSetDefault(
  ch: Extract<Change, { kind: "set_default" | "drop_default" }>,
  _ctx: DescribeContext,
): Described {
  return {
    target: colRef(ch.table, ch.to.name),
    facts: { had_default: !!ch.from.default },
    vars: {
      table: q(ch.table),
      column: ch.to.name,
      default: ch.to.default?.sql ?? "",
      old_default: ch.from.default?.sql ?? "",
    },
  };
}
