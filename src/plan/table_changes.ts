/**
 * Which changes belong to a table, and which table: what a dialect that lowers a table's
 * changes together (a SQLite rebuild, a MySQL fused ALTER) groups by.
 * @module
 */
import type { Change, ChangeKind } from "../diff/changes.ts";
import type { Table } from "../model/schema.ts";

/** A change with its plan step. */
export interface Item {
  change: Change;
  step: number;
}

/**
 * The changes of one table (present in the from-schema, the to-schema or both); a dialect
 * extends it with what its own lowering needs.
 */
export interface TableGroup {
  from?: Table;
  to?: Table;
  items: Item[];
  created: boolean;
  dropped: boolean;
}

/** The change kinds that act on one table (its columns, constraints and indexes included). */
export const TABLE_CHANGE_KINDS: ReadonlySet<ChangeKind> = new Set<ChangeKind>([
  "create_table",
  "drop_table",
  "rename_table",
  "add_column",
  "drop_column",
  "rename_column",
  "alter_column_type",
  "set_not_null",
  "drop_not_null",
  "set_default",
  "drop_default",
  "alter_generated",
  "alter_column_options",
  "alter_table_options",
  "split_column",
  "merge_columns",
  "transform_column",
  "add_constraint",
  "drop_constraint",
  "rename_constraint",
  "add_index",
  "drop_index",
  "rename_index",
]);

/** The name of the table a change is about, at the moment it executes. */
export function changeTable(c: Change): string | undefined {
  switch (c.kind) {
    case "create_table":
    case "drop_table":
      return c.table.name;
    case "rename_table":
      return c.from.name;
    case "add_index":
    case "drop_index":
      return c.index.table.name;
    case "rename_index":
      return c.from.table.name;
    default: {
      const t = (c as { table?: { name?: string } }).table;
      return typeof t === "object" && t !== null ? t.name : undefined;
    }
  }
}
