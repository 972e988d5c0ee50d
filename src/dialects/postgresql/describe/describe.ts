/**
 * What the rules see of a change: its target (as the report writes it), its facts (what
 * `match.when` tests) and its template variables (what `{{mode:name}}` placeholders insert).
 * One function per change kind; pure.
 * @module
 */
import type { Change, ChangeKind, CoreChangeKind } from "../../../diff/changes.ts";
import { describeObject, OBJECT_KIND_VARS } from "./objects.ts";
import { COLUMN_EXTRA_VARS, describeColumnExtra } from "./describe_columns.ts";
import {
  type Column,
  qkey,
  type QName,
  rowKey,
  type Schema,
  type Sequence,
} from "../../../model/schema.ts";
import { classifyTypeChange, sameType, type TypeFacts, typeRange } from "../../../model/types.ts";
import { clipBytes } from "../parse/pg_names.ts";
import {
  columnDef,
  constraintDef,
  createIndex,
  createTable,
  display,
  sequenceOptions,
} from "../render/ddl.ts";
import { dollarTag, ident, literal, qident, renderType } from "../render/quote.ts";
import type { ColumnType, EnumType } from "../../../model/schema.ts";

export type { DescribeContext, Described, Facts, VarValue } from "../../../classify/described.ts";
import type { DescribeContext, Described } from "../../../classify/described.ts";

/** The schema that keeps what a migration removes, for its rollback. */
export const ARCHIVE_SCHEMA = "smartspec_archive";

/** Variables every change has. */
const COMMON = ["target", "via", "table_name"];

/** Template variables available per change kind (checked when rules load). */
export const KIND_VARS: Record<CoreChangeKind, string[]> = {
  create_schema: ["schema"],
  drop_schema: ["schema"],
  create_extension: ["extension"],
  drop_extension: ["extension"],
  create_table: ["table", "create_table"],
  drop_table: [
    "table",
    "archive",
    "archive_name",
    "archive_schema",
    "renamed",
    "table_schema",
    "bare_name",
    "drop_foreign_keys",
    "restore_foreign_keys",
    "detach_types",
    "attach_types",
  ],
  rename_table: [
    "from",
    "to",
    "from_name",
    "to_name",
    "from_schema",
    "to_schema",
    "rename_moved",
    "rename_back",
  ],
  add_column: ["table", "column", "column_def", "type", "default", "note"],
  drop_column: [
    "table",
    "column",
    "column_def",
    "archive",
    "archive_select",
    "column_def_nullable",
    "archived_value",
    "key_join",
    "restore_not_null",
  ],
  rename_column: ["table", "from", "to", "from_name", "evidence", "intent_line", "drop_target"],
  alter_column_type: [
    "table",
    "column",
    "column_ref",
    "from_type",
    "to_type",
    "violation",
    "down_violation",
    "down_using",
  ],
  set_not_null: [
    "table",
    "column",
    "column_ref",
    "check_name",
    "default",
    "archive",
    "key_columns",
    "key_join",
  ],
  drop_not_null: ["table", "column", "column_ref", "check_name"],
  ...COLUMN_EXTRA_VARS,
  set_default: ["table", "column", "default", "old_default"],
  drop_default: ["table", "column", "old_default"],
  split_column: [
    "table",
    "source",
    "archive",
    "separator_text",
    "add_targets",
    "split_assignments",
    "archive_select",
    "targets_not_null",
    "drop_source",
    "add_source",
    "join_expr",
    "archived_source",
    "key_join",
    "unchanged",
    "source_not_null",
    "drop_targets",
  ],
  merge_columns: [
    "table",
    "target_column",
    "archive",
    "separator_text",
    "add_target",
    "merge_expr",
    "archive_select",
    "target_not_null",
    "drop_sources",
    "add_sources",
    "split_assignments",
    "restore_assignments",
    "key_join",
    "unchanged",
    "sources_not_null",
    "drop_target",
  ],
  transform_column: [
    "table",
    "source",
    "target_column",
    "archive",
    "up",
    "down",
    "from_type",
    "to_type",
    "target_def_nullable",
    "archive_select",
    "target_not_null",
    "drop_source",
    "add_source",
    "archived_source",
    "key_join",
    "source_not_null",
  ],
  add_index: [
    "index",
    "table",
    "create_index",
    "create_index_concurrently",
    "duplicates",
    "columns_ref",
  ],
  drop_index: ["index", "table", "create_index", "create_index_concurrently"],
  rename_index: ["from", "to", "from_name", "to_name"],
  add_constraint: [
    "table",
    "constraint",
    "definition",
    "orphans",
    "duplicates",
    "expr",
    "index",
    "unique_index_concurrently",
    "using_index",
    "duplicates_what",
    "columns_ref",
    "ref_ref",
    "constraint_kind",
  ],
  drop_constraint: ["table", "constraint", "definition"],
  rename_constraint: ["table", "from", "to"],
  create_type: ["type", "values"],
  rename_type: ["from", "to", "from_name", "to_name"],
  drop_type: ["type", "values"],
  add_enum_value: [
    "type",
    "type_name",
    "value",
    "value_text",
    "position",
    "swap_back",
    "usage_from",
    "usage_where",
  ],
  drop_enum_value: [
    "type",
    "type_name",
    "values_text",
    "swap",
    "swap_back",
    "usage_from",
    "usage_where",
  ],
  rename_enum_value: ["type", "from", "to"],
  create_sequence: ["sequence", "options"],
  drop_sequence: [
    "sequence",
    "archive",
    "archive_name",
    "archive_schema",
    "renamed",
    "sequence_schema",
    "sequence_name",
  ],
  rename_sequence: ["from", "to", "from_name", "to_name"],
  alter_sequence: ["sequence", "options", "old_options"],
};

/** All variable names of a kind, common ones included. */
export function varsOf(kind: ChangeKind): string[] {
  return [...COMMON, ...(ALL_KIND_VARS[kind] ?? [])];
}

/** Template variables of every change kind, objects included. */
export const ALL_KIND_VARS: Record<ChangeKind, string[]> = { ...KIND_VARS, ...OBJECT_KIND_VARS };

/** Names the archive table of a column or table, unique per run, within 63 bytes. */
export function archiveName(parts: string[], tag: string): string {
  const base = parts.join("__");
  return `${clipBytes(base, 63 - tag.length - 2)}__${tag}`;
}

const q = (t: QName): QName => ({ schema: t.schema, name: t.name });
const colRef = (t: QName, c: string) => `${display(t)}.${c}`;

function keyJoin(key: string[], left = "t", right = "a"): string {
  return key.map((k) => `${left}.${ident(k)} = ${right}.${ident(k)}`).join(" AND ");
}

function notNullWithGuard(t: QName, c: Column, note = ""): string {
  if (!c.notNull) return "";
  return guardBlock(
    `SELECT 1 FROM ${qident(t)} WHERE ${ident(c.name)} IS NULL`,
    `${colRef(t, c.name)} has NULL values${note}`,
  ) + `\nALTER TABLE ${qident(t)} ALTER COLUMN ${ident(c.name)} SET NOT NULL;`;
}

/** A DO block that raises `message` when `query` returns a row. */
export function guardBlock(query: string, message: string): string {
  const body = `\nBEGIN\n  IF EXISTS (${query}) THEN\n` +
    `    RAISE EXCEPTION USING MESSAGE = ${literal("smartspec guard: " + message)};\n` +
    `  END IF;\nEND\n`;
  const tag = dollarTag(body);
  return `DO ${tag}${body}${tag};`;
}

/** The archived value, cast back for user-defined types (archived as text). */
function archivedValue(c: Column, facts: TypeFacts, alias = "a"): string {
  const v = `${alias}.${ident(c.name)}`;
  return c.type.schema !== undefined ? `${v}::${renderType(c.type, facts)}` : v;
}

function archiveSelectCol(c: Column): string {
  return c.type.schema !== undefined ? `${ident(c.name)}::text AS ${ident(c.name)}` : ident(c.name);
}

/** ` COLLATE "x"` for a column with an explicit collation. */
function collate(c: Column): string {
  return c.collation ? ` COLLATE ${c.collation.split(".").map(ident).join(".")}` : "";
}

/** The type facts say the conversion cannot fail (`guard: none`, e.g. anything to text). */
function noGuard(cls: { guard?: string }): boolean {
  return (cls.guard as string | undefined) === "none";
}

/** Violating-row condition for narrowing `col` from one type to another. */
export function narrowViolation(
  col: string,
  from: ColumnType,
  to: ColumnType,
  facts: TypeFacts,
): string {
  const c = ident(col);
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

/** Describes one change for the rules. */
export function describe(ch: Change, ctx: DescribeContext): Described {
  const f = ctx.facts;
  switch (ch.kind) {
    case "create_schema":
    case "drop_schema":
      return { target: ch.name, facts: {}, vars: { schema: ch.name } };
    case "create_extension":
    case "drop_extension":
      return { target: ch.name, facts: {}, vars: { extension: ch.name } };
    case "create_table":
      return {
        target: display(ch.table),
        facts: { columns: ch.table.columns.length },
        vars: { table: q(ch.table), create_table: createTable(ch.table, f) },
      };
    case "drop_table": {
      const t = ch.table;
      const archive = archiveName([t.name], ctx.archiveTag);
      const fks = t.constraints.filter((c) => c.kind === "foreign");
      const A: QName = { schema: ARCHIVE_SCHEMA, name: archive };
      // columns whose enum type this migration drops: archived as text, converted back
      const detached = t.columns.filter((c) =>
        c.type.schema !== undefined &&
        ctx.from.enums.has(qkey({ schema: c.type.schema, name: c.type.name })) &&
        !ctx.to.enums.has(qkey({ schema: c.type.schema, name: c.type.name }))
      );
      const arr = (c: Column) => "[]".repeat(c.type.arrayDims);
      return {
        target: display(t),
        facts: {
          acknowledged: ch.acknowledged,
          rows_kept: true,
          dropped_types: detached.length > 0,
        },
        vars: {
          table: q(t),
          archive_name: archive,
          archive_schema: ARCHIVE_SCHEMA,
          renamed: { schema: t.schema, name: archive },
          archive: { schema: ARCHIVE_SCHEMA, name: archive },
          table_schema: t.schema,
          bare_name: t.name,
          drop_foreign_keys: fks.map((c) =>
            `ALTER TABLE ${qident(t)} DROP CONSTRAINT ${ident(c.name)};`
          ).join("\n"),
          restore_foreign_keys: fks.map((c) =>
            `ALTER TABLE ${qident(t)} ADD CONSTRAINT ${ident(c.name)} ${constraintDef(c)};`
          ).join("\n"),
          detach_types: detached.flatMap((c) => [
            ...(c.default
              ? [`ALTER TABLE ${qident(A)} ALTER COLUMN ${ident(c.name)} DROP DEFAULT;`]
              : []),
            `ALTER TABLE ${qident(A)} ALTER COLUMN ${ident(c.name)} TYPE text${arr(c)} ` +
            `USING ${ident(c.name)}::text${arr(c)};`,
          ]).join("\n"),
          attach_types: detached.flatMap((c) => [
            `ALTER TABLE ${qident(A)} ALTER COLUMN ${ident(c.name)} TYPE ${
              renderType(c.type, f)
            } USING ${ident(c.name)}::${renderType(c.type, f)};`,
            ...(c.default
              ? [
                `ALTER TABLE ${qident(A)} ALTER COLUMN ${
                  ident(c.name)
                } SET DEFAULT ${c.default.sql};`,
              ]
              : []),
          ]).join("\n"),
        },
      };
    }
    case "rename_table": {
      const moved: QName = { schema: ch.to.schema, name: ch.from.name };
      const back: QName = { schema: ch.from.schema, name: ch.to.name };
      const renames = ch.from.name !== ch.to.name;
      return {
        target: `${display(ch.from)} -> ${display(ch.to)}`,
        facts: { via: ch.via, same_schema: ch.from.schema === ch.to.schema },
        vars: {
          from: q(ch.from),
          to: q(ch.to),
          from_name: ch.from.name,
          to_name: ch.to.name,
          from_schema: ch.from.schema,
          to_schema: ch.to.schema,
          rename_moved: renames
            ? `ALTER TABLE ${qident(moved)} RENAME TO ${ident(ch.to.name)};`
            : "",
          rename_back: renames
            ? `ALTER TABLE ${qident(back)} RENAME TO ${ident(ch.from.name)};`
            : "",
        },
      };
    }
    case "add_column": {
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
    case "drop_column": {
      const c = ch.column;
      const key = ch.rowKey && !ch.rowKey.includes(c.name) ? ch.rowKey : undefined;
      const archive = archiveName([ch.table.name, c.name], ctx.archiveTag);
      const A: QName = { schema: ARCHIVE_SCHEMA, name: archive };
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
        },
      };
    }
    case "rename_column": {
      const ev = ch.evidence;
      return {
        target: `${colRef(ch.table, ch.from.name)} -> ${colRef(ch.table, ch.to.name)}`,
        facts: { via: ch.via, confirmed: ch.via !== "probable", score: ev?.score ?? 1 },
        vars: {
          table: q(ch.table),
          from: ch.from.name,
          to: ch.to.name,
          from_name: ch.from.name,
          evidence: ev
            ? `name similarity ${ev.nameSimilarity}, ${
              ev.sameType ? "same type" : `type ${ev.typeClass}`
            }${ev.samePosition ? ", same position" : ""}, score ${ev.score}`
            : "",
          intent_line: ev?.intentLine ?? "",
          drop_target: colRef(ch.table, ch.from.name),
        },
      };
    }
    case "alter_column_type": {
      const cls = ch.typeClass;
      const back = classifyTypeChange(ch.to.type, ch.from.type, f);
      const cast = (col: string, t: ColumnType) => castCheck(col, t, f);
      return {
        target: colRef(ch.table, ch.to.name),
        facts: {
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
          violation: noGuard(cls)
            ? "false"
            : cls.guard === "cast" || cls.guard === undefined
            ? cast(ch.to.name, ch.to.type)
            : narrowViolation(ch.to.name, ch.from.type, ch.to.type, f),
          down_violation: noGuard(back)
            ? "false"
            : back.class === "narrow" && back.guard && back.guard !== "cast"
            ? narrowViolation(ch.to.name, ch.to.type, ch.from.type, f)
            : back.class === "widen"
            ? "false"
            : cast(ch.to.name, ch.from.type),
          down_using: back.class === "convert" && back.cast
            ? ` USING ${ident(ch.to.name)}::${renderType(ch.from.type, f)}`
            : "",
        },
      };
    }
    case "set_not_null":
    case "drop_not_null": {
      const table = ctx.to.tables.get(qkey(ch.table));
      const key = table && rowKey(table);
      const archive = archiveName([ch.table.name, ch.to.name, "nulls"], ctx.archiveTag);
      return {
        target: colRef(ch.table, ch.to.name),
        facts: ch.kind === "set_not_null"
          ? { has_default: !!ch.to.default, has_row_key: !!key }
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
        },
      };
    }
    case "set_default":
    case "drop_default":
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
    case "add_identity":
    case "drop_identity":
    case "alter_identity":
    case "add_serial":
    case "drop_serial":
    case "alter_generated":
      return describeColumnExtra(ch, {
        ...ctx,
        archiveSchema: ARCHIVE_SCHEMA,
        archiveName,
      });
    case "split_column":
      return describeSplit(ch, ctx);
    case "merge_columns":
      return describeMerge(ch, ctx);
    case "transform_column":
      return describeTransform(ch, ctx);
    case "add_index":
    case "drop_index": {
      const i = ch.index;
      return {
        target: i.name,
        facts: { unique: i.unique, method: i.method, partial: !!i.where },
        vars: {
          index: { schema: i.schema, name: i.name },
          table: q(i.table),
          create_index: createIndex(i),
          create_index_concurrently: createIndex(i, { concurrently: true }),
          duplicates: duplicatesWhere(
            i.table,
            i.keys.map((k) => (k.column !== undefined ? ident(k.column) : `(${k.expr!.sql})`)),
            i.where?.sql,
          ),
          columns_ref: i.keys.map((k) => colRef(i.table, k.column ?? `(${k.expr!.sql})`))
            .join(", "),
        },
      };
    }
    case "rename_index": {
      // an index lives in its table's schema: it moves with ALTER TABLE ... SET SCHEMA first
      const moved = ch.from.schema !== ch.to.schema;
      return {
        target: `${ch.from.name} -> ${ch.to.name}`,
        facts: { via: ch.via, moves_with_table: moved, same_name: ch.from.name === ch.to.name },
        vars: {
          from: { schema: moved ? ch.to.schema : ch.from.schema, name: ch.from.name },
          to: { schema: ch.to.schema, name: ch.to.name },
          from_name: ch.from.name,
          to_name: ch.to.name,
        },
      };
    }
    case "add_constraint":
    case "drop_constraint": {
      const c = ch.constraint;
      const t = ch.table;
      const target = c.kind === "foreign"
        ? `${c.columns.map((n) => colRef(t, n)).join(", ")} -> ${
          c.ref!.columns.map((n) => colRef(c.ref!.table, n)).join(", ")
        }`
        : `${display(t)}.${c.name}`;
      return {
        target,
        facts: {
          constraint_kind: c.kind,
          table_is_new: ch.kind === "add_constraint" ? ch.tableIsNew : false,
        },
        vars: {
          table: q(t),
          constraint: c.name,
          constraint_kind: c.kind === "primary" ? "primary key" : c.kind,
          definition: constraintDef(c),
          orphans: c.kind === "foreign"
            ? c.columns.map((n) => `c.${ident(n)} IS NOT NULL`).join(" AND ") +
              ` AND NOT EXISTS (SELECT 1 FROM ${qident(c.ref!.table)} AS p WHERE ` +
              c.columns.map((n, i) => `p.${ident(c.ref!.columns[i])} = c.${ident(n)}`).join(
                " AND ",
              ) + ")"
            : "",
          duplicates: c.kind === "unique" || c.kind === "primary"
            ? duplicatesWhere(t, c.columns.map(ident), undefined, c.kind === "primary")
            : "",
          expr: c.expr?.sql ?? "",
          index: { schema: t.schema, name: c.name },
          unique_index_concurrently: c.kind === "unique" || c.kind === "primary"
            ? `CREATE UNIQUE INDEX CONCURRENTLY ${ident(c.name)} ON ${qident(t)} (${
              c.columns.map(ident).join(", ")
            });`
            : "",
          duplicates_what: c.kind === "primary" ? "duplicate or NULL values" : "duplicate values",
          using_index: `${c.kind === "primary" ? "PRIMARY KEY" : "UNIQUE"} USING INDEX ${
            ident(c.name)
          }${c.deferrable ? " DEFERRABLE" : ""}${c.initiallyDeferred ? " INITIALLY DEFERRED" : ""}`,
          columns_ref: c.columns.map((n) => colRef(t, n)).join(", "),
          ref_ref: c.ref ? display(c.ref.table) : "",
        },
      };
    }
    case "rename_constraint":
      return {
        target: `${display(ch.table)}.${ch.from.name} -> ${display(ch.table)}.${ch.to.name}`,
        facts: { via: ch.via, constraint_kind: ch.to.kind },
        vars: { table: q(ch.table), from: ch.from.name, to: ch.to.name },
      };
    case "create_type":
    case "drop_type":
      return {
        target: display(ch.type),
        facts: {},
        vars: { type: q(ch.type), values: ch.type.values.map(literal).join(", ") },
      };
    case "add_enum_value": {
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
    case "drop_enum_value": {
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
    case "rename_type":
      return {
        target: `${display(ch.from)} -> ${display(ch.to)}`,
        facts: { via: ch.via, same_schema: ch.from.schema === ch.to.schema },
        vars: { from: q(ch.from), to: q(ch.to), from_name: ch.from.name, to_name: ch.to.name },
      };
    case "rename_enum_value":
      return {
        target: `${display(ch.type)}.${ch.from} -> ${display(ch.type)}.${ch.to}`,
        facts: { via: ch.via },
        vars: { type: q(ch.type), from: ch.from, to: ch.to },
      };
    case "create_sequence":
      return {
        target: display(ch.sequence),
        facts: {},
        vars: { sequence: q(ch.sequence), options: sequenceOptions(ch.sequence, f) },
      };
    case "drop_sequence": {
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
    case "rename_sequence": {
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
    case "alter_sequence":
      return {
        target: display(ch.to),
        facts: {},
        vars: {
          sequence: q(ch.to),
          options: alterSequenceOptions(ch.from, ch.to, f),
          old_options: alterSequenceOptions(ch.to, ch.from, f),
        },
      };
    default:
      return describeObject(ch, ctx);
  }
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
function duplicatesWhere(t: QName, keys: string[], where?: string, nulls = false): string {
  if (!keys.length) return "false";
  const list = keys.join(", ");
  const filter = where ? ` WHERE ${where}` : "";
  const dup = `(${list}) IN (SELECT ${list} FROM ${
    qident(t)
  }${filter} GROUP BY ${list} HAVING count(*) > 1)`;
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

/** A condition true for rows whose value does not cast to `t`. */
function castCheck(col: string, t: ColumnType, f: TypeFacts): string {
  return `${ident(col)} IS NOT NULL AND NOT ${CASTABLE_FN}(${ident(col)}::text, ${
    literal(renderType(t, f))
  })`;
}

function enumUsage(
  e: EnumType,
  schema: Schema,
  values: string[],
): { from: string; where: string } {
  const uses: string[] = [];
  for (const t of schema.tables.values()) {
    for (const c of t.columns) {
      if (c.type.schema === e.schema && c.type.name === e.name) {
        uses.push(`SELECT ${ident(c.name)}::text AS v FROM ${qident(t)}`);
      }
    }
  }
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
function enumSwap(
  e: EnumType,
  values: string[],
  state: Schema,
  tag: string,
  /** The type as `state` names it, when that differs from `e` (a renamed type). */
  stateType: QName = e,
): string {
  const old: QName = { schema: e.schema, name: clipBytes(`${e.name}__old_${tag}`, 63) };
  const lines = [
    `ALTER TYPE ${qident(e)} RENAME TO ${ident(old.name)};`,
    `CREATE TYPE ${qident(e)} AS ENUM (${values.map(literal).join(", ")});`,
  ];
  for (const t of state.tables.values()) {
    for (const c of t.columns) {
      if (c.type.schema !== stateType.schema || c.type.name !== stateType.name) continue;
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
  }
  lines.push(`DROP TYPE ${qident(old)};`);
  return lines.join("\n");
}

function describeSplit(
  ch: Extract<Change, { kind: "split_column" }>,
  ctx: DescribeContext,
): Described {
  const f = ctx.facts;
  const t = ch.table;
  const src = ident(ch.from.name);
  const sep = literal(ch.separator);
  const n = ch.to.length;
  const key = ch.rowKey;
  const parts = ch.to.map((c, i) => {
    const expr = i < n - 1
      ? `split_part(${src}, ${sep}, ${i + 1})`
      : `array_to_string((string_to_array(${src}, ${sep}))[${n}:], ${sep})`;
    return `${ident(c.name)} = ${expr}`;
  });
  const join = (cols: string[]): string => {
    if (cols.length === 1) return cols[0];
    const last = cols[cols.length - 1];
    const head = join(cols.slice(0, -1));
    return `CASE WHEN ${last} = '' THEN ${head} ELSE ${head} || ${sep} || ${last} END`;
  };
  const archive: QName = {
    schema: ARCHIVE_SCHEMA,
    name: archiveName([t.name, ch.from.name], ctx.archiveTag),
  };
  const tq = qident(t);
  return {
    target: `${colRef(t, ch.from.name)} -> ${ch.to.map((c) => colRef(t, c.name)).join(", ")}`,
    facts: { has_row_key: !!key, parts: n, keep_source: ch.keepSource, in_place: false },
    vars: {
      table: q(t),
      source: ch.from.name,
      archive,
      separator_text: JSON.stringify(ch.separator),
      add_targets: ch.to.map((c) =>
        `ALTER TABLE ${tq} ADD COLUMN ${ident(c.name)} ${columnDef(c, f, { nullable: true })};`
      ).join("\n"),
      split_assignments: parts.join(", "),
      archive_select: [
        ...(key ?? []).map(ident),
        archiveSelectCol(ch.from),
        ...ch.to.map((c) => ident(c.name)),
      ]
        .join(", "),
      targets_not_null: ch.to.map((c) => notNullWithGuard(t, c, ` after splitting ${ch.from.name}`))
        .filter(Boolean).join("\n"),
      drop_source: ch.keepSource ? "" : `ALTER TABLE ${tq} DROP COLUMN ${src};`,
      add_source: ch.keepSource
        ? ""
        : `ALTER TABLE ${tq} ADD COLUMN ${src} ${columnDef(ch.from, f, { nullable: true })};`,
      join_expr: join(ch.to.map((c) => ident(c.name))),
      archived_source: archivedValue(ch.from, f),
      key_join: key ? keyJoin(key) : "",
      unchanged: ch.to.map((c) => `t.${ident(c.name)} IS NOT DISTINCT FROM a.${ident(c.name)}`)
        .join(" AND "),
      source_not_null: ch.keepSource
        ? ""
        : notNullWithGuard(t, ch.from, " after joining the split columns"),
      drop_targets: ch.to.map((c) => `ALTER TABLE ${tq} DROP COLUMN ${ident(c.name)};`).join("\n"),
    },
  };
}

function describeMerge(
  ch: Extract<Change, { kind: "merge_columns" }>,
  ctx: DescribeContext,
): Described {
  const f = ctx.facts;
  const t = ch.table;
  const tq = qident(t);
  const sep = literal(ch.separator);
  const key = ch.rowKey;
  const srcs = ch.from.map((c) => ident(c.name));
  const target = ident(ch.to.name);
  const n = ch.from.length;
  const archive: QName = {
    schema: ARCHIVE_SCHEMA,
    name: archiveName([t.name, ch.to.name], ctx.archiveTag),
  };
  const splitAssign = (alias: string) =>
    ch.from.map((c, i) => {
      const v = alias ? `${alias}.${target}` : target;
      const expr = i < n - 1
        ? `NULLIF(split_part(${v}, ${sep}, ${i + 1}), '')`
        : `NULLIF(array_to_string((string_to_array(${v}, ${sep}))[${n}:], ${sep}), '')`;
      return `${ident(c.name)} = ${expr}`;
    }).join(", ");
  return {
    target: `${ch.from.map((c) => colRef(t, c.name)).join(", ")} -> ${colRef(t, ch.to.name)}`,
    facts: { has_row_key: !!key, parts: n, keep_source: ch.keepSources, in_place: false },
    vars: {
      table: q(t),
      target_column: ch.to.name,
      archive,
      separator_text: JSON.stringify(ch.separator),
      add_target: `ALTER TABLE ${tq} ADD COLUMN ${target} ${
        columnDef(ch.to, f, { nullable: true })
      };`,
      merge_expr: `CASE WHEN ${srcs.map((s) => `${s} IS NULL`).join(" AND ")} THEN NULL ` +
        `ELSE concat_ws(${sep}, ${srcs.join(", ")}) END`,
      archive_select: [...(key ?? []).map(ident), ...ch.from.map(archiveSelectCol), target].join(
        ", ",
      ),
      target_not_null: notNullWithGuard(t, ch.to, " after merging"),
      drop_sources: ch.keepSources
        ? ""
        : srcs.map((s) => `ALTER TABLE ${tq} DROP COLUMN ${s};`).join("\n"),
      add_sources: ch.keepSources
        ? ""
        : ch.from.map((c) =>
          `ALTER TABLE ${tq} ADD COLUMN ${ident(c.name)} ${columnDef(c, f, { nullable: true })};`
        ).join("\n"),
      split_assignments: splitAssign(""),
      restore_assignments: ch.from.map((c) => `${ident(c.name)} = ${archivedValue(c, f)}`).join(
        ", ",
      ),
      key_join: key ? keyJoin(key) : "",
      unchanged: `t.${target} IS NOT DISTINCT FROM a.${target}`,
      sources_not_null: ch.keepSources
        ? ""
        : ch.from.map((c) => notNullWithGuard(t, c, " after splitting the merged column"))
          .filter(Boolean).join("\n"),
      drop_target: `ALTER TABLE ${tq} DROP COLUMN ${target};`,
    },
  };
}

function describeTransform(
  ch: Extract<Change, { kind: "transform_column" }>,
  ctx: DescribeContext,
): Described {
  const f = ctx.facts;
  const t = ch.table;
  const tq = qident(t);
  const key = ch.rowKey;
  const inPlace = ch.from.name === ch.to.name;
  const archive: QName = {
    schema: ARCHIVE_SCHEMA,
    name: archiveName([t.name, ch.from.name], ctx.archiveTag),
  };
  return {
    target: `${colRef(t, ch.from.name)} -> ${colRef(t, ch.to.name)}`,
    facts: {
      has_row_key: !!key,
      in_place: inPlace,
      keep_source: ch.keepSource,
      has_samples: !!ch.samples?.length,
    },
    vars: {
      table: q(t),
      source: ch.from.name,
      target_column: ch.to.name,
      archive,
      up: ch.up,
      down: ch.down,
      from_type: renderType(ch.from.type, f),
      to_type: renderType(ch.to.type, f),
      target_def_nullable: columnDef(ch.to, f, { nullable: true }),
      archive_select: [...(key ?? []).map(ident), archiveSelectCol(ch.from), ident(ch.to.name)]
        .join(
          ", ",
        ),
      target_not_null: notNullWithGuard(t, ch.to, ` after the transform (up: ${ch.up})`),
      drop_source: ch.keepSource ? "" : `ALTER TABLE ${tq} DROP COLUMN ${ident(ch.from.name)};`,
      add_source: ch.keepSource
        ? ""
        : `ALTER TABLE ${tq} ADD COLUMN ${ident(ch.from.name)} ${
          columnDef(ch.from, f, { nullable: true })
        };`,
      archived_source: archivedValue(ch.from, f),
      key_join: key ? keyJoin(key) : "",
      source_not_null: ch.keepSource
        ? ""
        : notNullWithGuard(t, ch.from, ` after the rollback (down: ${ch.down})`),
    },
  };
}
