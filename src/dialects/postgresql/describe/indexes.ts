/**
 * Index and constraint changes: what the rules see of them.
 * @module
 */
import type { Change } from "../../../diff/changes.ts";
import { type Index, qkey, type QName } from "../../../model/schema.ts";
import {
  clusterSql,
  constraintDef,
  createIndex,
  display,
  replicaIdentitySql,
} from "../render/ddl.ts";
import { ident, literal, qident } from "../render/quote.ts";
import { doBlock } from "./backfill.ts";
import type { DescribeContext, Described } from "../../../classify/described.ts";
import { colRef, duplicatesWhere, q } from "./helpers.ts";

/** The name a replacing index is built under before the swap (63 bytes at most). */
export function swapName(name: string): string {
  return suffixed(name, "_smartspec_new");
}

/** `name` with `suffix`, cut to 63 bytes. */
function suffixed(name: string, suffix: string): string {
  let base = name;
  while (new TextEncoder().encode(base).length > 63 - suffix.length) base = base.slice(0, -1);
  return base + suffix;
}

/**
 * An index build CONCURRENTLY that can run again (online mode: a re-run after a failure, or a
 * rollback that runs whether or not the up got this far): an INVALID leftover of an
 * interrupted build is renamed aside (a DO block) and dropped CONCURRENTLY, then the index is
 * built only when it is missing (`create`: `CREATE [UNIQUE] INDEX CONCURRENTLY IF NOT EXISTS`).
 * An index that is there and valid costs nothing.
 */
export function buildConcurrently(index: QName, create: string): string {
  const aside = { schema: index.schema, name: suffixed(index.name, "_smartspec_invalid") };
  const invalid = (i: QName) =>
    `EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(${literal(qident(i))}) ` +
    `AND NOT indisvalid)`;
  const body = `\nBEGIN\n` +
    `  IF ${invalid(index)} THEN\n` +
    `    IF to_regclass(${literal(qident(aside))}) IS NOT NULL THEN\n` +
    `      DROP INDEX ${qident(aside)};\n    END IF;\n` +
    `    ALTER INDEX ${qident(index)} RENAME TO ${ident(aside.name)};\n` +
    `  END IF;\nEND\n`;
  return `${doBlock(body)}\n` +
    `DROP INDEX CONCURRENTLY IF EXISTS ${qident(aside)};\n` + create;
}

/** The index of the same name that the other half of a drop + add pair concerns. */
function counterpart(
  ch: Extract<Change, { kind: "add_index" | "drop_index" }>,
  ctx: DescribeContext,
): Index | undefined {
  const other = ch.kind === "add_index" ? "drop_index" : "add_index";
  const i = ch.index;
  const found = (ctx.changes ?? []).find((c) =>
    c.kind === other && c.index.schema === i.schema && c.index.name === i.name
  ) as Extract<Change, { kind: "add_index" | "drop_index" }> | undefined;
  if (!found) return undefined;
  // both definitions must hold whatever runs between the two builds: no column of either may
  // change (type, name, drop, data move), else the old definition may not build on the new
  // columns; such a pair stays a drop and a later add
  const old = ch.kind === "drop_index" ? i : found.index;
  const text = [i, found.index].map((x) => createIndex(x)).join(" ");
  const touched = (ctx.changes ?? []).flatMap((c) => columnsTouched(c, old.table));
  return touched.some((n) => text.includes(n)) ? undefined : found.index;
}

/** Names of the columns of `table` whose definition or data another change alters. */
function columnsTouched(c: Change, table: QName): string[] {
  if (!("table" in c) || !c.table || typeof c.table !== "object" || !("name" in c.table)) {
    return [];
  }
  const t = c.table as QName;
  if (t.schema !== table.schema || t.name !== table.name) return [];
  switch (c.kind) {
    case "drop_column":
    case "add_column":
      return [c.column.name];
    case "merge_columns":
      return [...c.from.map((x) => x.name), c.to.name];
    case "split_column":
      return [c.from.name, ...c.to.map((x) => x.name)];
    case "rename_column":
    case "alter_column_type":
    case "transform_column":
    case "alter_generated":
      return [c.from.name, c.to.name];
    default:
      return [];
  }
}

/** Describes add_index, drop_index. */
export function describeAddIndex(
  ch: Extract<Change, { kind: "add_index" | "drop_index" }>,
  ctx: DescribeContext,
): Described {
  const i = ch.index;
  const tableIsNew = ch.kind === "add_index" &&
    (ctx.changes ?? []).some((c) =>
      c.kind === "create_table" && c.table.schema === i.table.schema &&
      c.table.name === i.table.name
    );
  const other = counterpart(ch, ctx);
  // the index under its temporary name: the new definition (add), or the old one (rollback)
  const tmp = swapName(i.name);
  const replaced = other ? { ...other, name: tmp } : undefined;
  // a dropped index that the table was clustered on, or its replica identity: the rollback
  // marks it again when it builds it
  const owner = ch.kind === "drop_index" ? ctx.from.tables.get(qkey(i.table)) : undefined;
  const marks = [
    owner?.clusterOn === i.name ? clusterSql(i.table, i.name) : "",
    owner?.replicaIdentity?.index === i.name
      ? replicaIdentitySql(i.table, owner.replicaIdentity)
      : "",
  ].filter(Boolean);
  return {
    target: i.name,
    facts: {
      unique: i.unique,
      method: i.method,
      partial: !!i.where,
      table_is_new: tableIsNew,
      replaced: !!other,
    },
    vars: {
      index: { schema: i.schema, name: i.name },
      index_name: i.name,
      table: q(i.table),
      create_index: [createIndex(i), ...marks].join("\n"),
      create_index_concurrently: [createIndex(i, { concurrently: true }), ...marks].join("\n"),
      build_index_concurrently: [
        buildConcurrently(
          { schema: i.schema, name: i.name },
          createIndex(i, { concurrently: true, ifNotExists: true }),
        ),
        ...marks,
      ].join("\n"),
      swap_index: { schema: i.schema, name: tmp },
      create_swap_concurrently: createIndex({ ...i, name: tmp }, { concurrently: true }),
      create_replaced_swap_concurrently: replaced
        ? createIndex(replaced, { concurrently: true })
        : "",
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

/** Describes rename_index. */
export function describeRenameIndex(
  ch: Extract<Change, { kind: "rename_index" }>,
  _ctx: DescribeContext,
): Described {
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

/** ADD CONSTRAINT ... USING INDEX when the table has no constraint of that name yet (a DO block). */
function addUsingIndex(t: QName, name: string, def: string): string {
  const body = `\nBEGIN\n` +
    `  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = ${
      literal(qident(t))
    }::regclass ` +
    `AND conname = ${literal(name)}) THEN\n` +
    `    ALTER TABLE ${qident(t)} ADD CONSTRAINT ${ident(name)} ${def};\n  END IF;\nEND\n`;
  return doBlock(body);
}

/** Describes add_constraint, drop_constraint. */
export function describeAddConstraint(
  ch: Extract<Change, { kind: "add_constraint" | "drop_constraint" }>,
  ctx: DescribeContext,
): Described {
  const c = ch.constraint;
  const t = ch.table;
  const ref = c.ref && ctx.to.tables.get(qkey(c.ref.table));
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
      not_valid: !!c.notValid,
      ref_partitioned: !!ref?.partitionBy,
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
        ? buildConcurrently(
          { schema: t.schema, name: c.name },
          `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${ident(c.name)} ON ${qident(t)} (${
            c.columns.map(ident).join(", ")
          });`,
        )
        : "",
      add_using_index: addUsingIndex(
        t,
        c.name,
        `${c.kind === "primary" ? "PRIMARY KEY" : "UNIQUE"} USING INDEX ${ident(c.name)}${
          c.deferrable ? " DEFERRABLE" : ""
        }${c.initiallyDeferred ? " INITIALLY DEFERRED" : ""}`,
      ),
      duplicates_what: c.kind === "primary" ? "duplicate or NULL values" : "duplicate values",
      using_index: `${c.kind === "primary" ? "PRIMARY KEY" : "UNIQUE"} USING INDEX ${
        ident(c.name)
      }${c.deferrable ? " DEFERRABLE" : ""}${c.initiallyDeferred ? " INITIALLY DEFERRED" : ""}`,
      columns_ref: c.columns.map((n) => colRef(t, n)).join(", "),
      ref_ref: c.ref ? display(c.ref.table) : "",
    },
  };
}

/** Describes rename_constraint. */
export function describeRenameConstraint(
  ch: Extract<Change, { kind: "rename_constraint" }>,
  _ctx: DescribeContext,
): Described {
  return {
    target: `${display(ch.table)}.${ch.from.name} -> ${display(ch.table)}.${ch.to.name}`,
    facts: { via: ch.via, constraint_kind: ch.to.kind },
    vars: { table: q(ch.table), from: ch.from.name, to: ch.to.name },
  };
}
