/**
 * Schemas, extensions and tables: what the rules see of their changes.
 * @module
 */
import type { Change } from "../../../diff/changes.ts";
import { type Column, qkey, type QName } from "../../../model/schema.ts";
import { constraintDef, createTable, display } from "../render/ddl.ts";
import { ident, qident, renderType } from "../render/quote.ts";
import type { DescribeContext, Described } from "../../../classify/described.ts";
import { ARCHIVE_SCHEMA, archiveName, q } from "./helpers.ts";

/** Describes create_schema, drop_schema. */
export function describeCreateSchema(
  ch: Extract<Change, { kind: "create_schema" | "drop_schema" }>,
  _ctx: DescribeContext,
): Described {
  return { target: ch.name, facts: {}, vars: { schema: ch.name } };
}

/** Describes create_extension, drop_extension. */
export function describeCreateExtension(
  ch: Extract<Change, { kind: "create_extension" | "drop_extension" }>,
  _ctx: DescribeContext,
): Described {
  return { target: ch.name, facts: {}, vars: { extension: ch.name } };
}

/** Describes create_table. */
export function describeCreateTable(
  ch: Extract<Change, { kind: "create_table" }>,
  ctx: DescribeContext,
): Described {
  const f = ctx.facts;
  return {
    target: display(ch.table),
    facts: { columns: ch.table.columns.length },
    vars: { table: q(ch.table), create_table: createTable(ch.table, f) },
  };
}

/** Describes drop_table. */
export function describeDropTable(
  ch: Extract<Change, { kind: "drop_table" }>,
  ctx: DescribeContext,
): Described {
  const f = ctx.facts;
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
            `ALTER TABLE ${qident(A)} ALTER COLUMN ${ident(c.name)} SET DEFAULT ${c.default.sql};`,
          ]
          : []),
      ]).join("\n"),
    },
  };
}

/** Describes rename_table. */
export function describeRenameTable(
  ch: Extract<Change, { kind: "rename_table" }>,
  _ctx: DescribeContext,
): Described {
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
      rename_moved: renames ? `ALTER TABLE ${qident(moved)} RENAME TO ${ident(ch.to.name)};` : "",
      rename_back: renames ? `ALTER TABLE ${qident(back)} RENAME TO ${ident(ch.from.name)};` : "",
      intent_line: `- rename_table: ${display(ch.from)} -> ${display(ch.to)}`,
      drop_target: display(ch.from),
    },
  };
}
