/**
 * Index and constraint changes: what the rules see of them.
 * @module
 */
import type { Change } from "../../../diff/changes.ts";
import { qkey } from "../../../model/schema.ts";
import { constraintDef, createIndex, display } from "../render/ddl.ts";
import { ident, qident } from "../render/quote.ts";
import type { DescribeContext, Described } from "../../../classify/described.ts";
import { colRef, duplicatesWhere, q } from "./helpers.ts";

/** Describes add_index, drop_index. */
export function describeAddIndex(
  ch: Extract<Change, { kind: "add_index" | "drop_index" }>,
  _ctx: DescribeContext,
): Described {
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
