/**
 * Where a from-schema table or column lives after the migration: table and column renames of
 * the plan, in both directions. The plan's changes name tables and columns as they are when
 * the change runs (renames run first), so later changes use the new names.
 * @module
 */
import type { Change } from "../../../diff/changes.ts";
import { qkey, type QName } from "../../../model/schema.ts";

/** Renames of tables and columns between the from- and the to-schema. */
export class NameMap {
  private tableTo = new Map<string, QName>();
  private tableFrom = new Map<string, QName>();
  /** to-table key -> from column -> to column */
  private colTo = new Map<string, Map<string, string>>();
  /** to-table key -> to column -> from column */
  private colFrom = new Map<string, Map<string, string>>();

  constructor(changes: Change[]) {
    for (const c of changes) {
      if (c.kind === "rename_table") {
        this.tableTo.set(qkey(c.from), c.to);
        this.tableFrom.set(qkey(c.to), c.from);
      }
    }
    for (const c of changes) {
      if (c.kind === "rename_column") {
        const k = qkey(c.table);
        if (!this.colTo.has(k)) this.colTo.set(k, new Map());
        if (!this.colFrom.has(k)) this.colFrom.set(k, new Map());
        this.colTo.get(k)!.set(c.from.name, c.to.name);
        this.colFrom.get(k)!.set(c.to.name, c.from.name);
      }
    }
  }

  /** The name a from-schema table has after the migration. */
  toTable(from: QName): QName {
    return this.tableTo.get(qkey(from)) ?? from;
  }

  /** The from-schema name of a table named `to` after the migration. */
  fromTable(to: QName): QName {
    return this.tableFrom.get(qkey(to)) ?? to;
  }

  /** The name column `col` of from-table `from` has after the migration. */
  toColumn(from: QName, col: string): string {
    return this.colTo.get(qkey(this.toTable(from)))?.get(col) ?? col;
  }

  /** The from-schema name of column `col` of the table named `to` after the migration. */
  fromColumn(to: QName, col: string): string {
    return this.colFrom.get(qkey(to))?.get(col) ?? col;
  }
}
