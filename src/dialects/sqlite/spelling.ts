/**
 * How names are spelled in the model. SQLite keeps names as declared and compares them
 * case-insensitively (ASCII). The model keeps the declared spelling (what the catalog shows,
 * and what a rebuild must write), but two versions of a schema may spell one object differently
 * (`users` and `Users`): parsed with the other version as reference, a name that matches a
 * reference name but for case takes the reference's spelling, so that the two models name one
 * object alike and a case-only difference is no change (SQLite sees none either).
 * @module
 */
import type { Schema } from "../../model/schema.ts";
import { fold } from "./expr.ts";

/** Names of one table in the reference schema. */
interface TableNames {
  name: string;
  columns: Map<string, string>;
  constraints: Map<string, string>;
  triggers: Map<string, string>;
}

/** Spellings taken from a reference schema (none without one: names stay as declared). */
export class Spelling {
  private tables = new Map<string, TableNames>();
  private indexes = new Map<string, string>();
  private views = new Map<string, string>();

  constructor(reference?: Schema) {
    if (!reference) return;
    for (const t of reference.tables.values()) {
      this.tables.set(fold(t.name), {
        name: t.name,
        columns: new Map(t.columns.map((c) => [fold(c.name), c.name])),
        constraints: new Map(
          t.constraints.filter((c) => !c.implicitName).map((c) => [fold(c.name), c.name]),
        ),
        triggers: new Map(),
      });
    }
    for (const i of reference.indexes.values()) this.indexes.set(fold(i.name), i.name);
    for (const v of reference.views.values()) this.views.set(fold(v.name), v.name);
    for (const tr of reference.triggers.values()) {
      this.tables.get(fold(tr.table.name))?.triggers.set(fold(tr.name), tr.name);
    }
  }

  /** True without a reference: every name stays as declared. */
  get empty(): boolean {
    return this.tables.size === 0 && this.indexes.size === 0 && this.views.size === 0;
  }

  /** A table's name. */
  table(name: string): string {
    return this.tables.get(fold(name))?.name ?? name;
  }

  /** A column's name in a table. */
  column(table: string, name: string): string {
    return this.tables.get(fold(table))?.columns.get(fold(name)) ?? name;
  }

  /**
   * The column spelling of one table, or undefined when the reference has no such table (names
   * then stay as declared): {@link column} without looking the table up per column.
   */
  columnSpelling(table: string): ((name: string) => string) | undefined {
    const columns = this.tables.get(fold(table))?.columns;
    return columns && ((name) => columns.get(fold(name)) ?? name);
  }

  /** A written constraint name in a table. */
  constraint(table: string, name: string): string {
    return this.tables.get(fold(table))?.constraints.get(fold(name)) ?? name;
  }

  /** A trigger's name on a table (or view). */
  trigger(table: string, name: string): string {
    return this.tables.get(fold(table))?.triggers.get(fold(name)) ?? name;
  }

  /** An index's name. */
  index(name: string): string {
    return this.indexes.get(fold(name)) ?? name;
  }

  /** A view's name. */
  view(name: string): string {
    return this.views.get(fold(name)) ?? name;
  }
}
