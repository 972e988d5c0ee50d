/**
 * Guards before a domain gets a constraint (a CHECK, or NOT NULL): PostgreSQL checks every
 * stored value itself, but only says that some column holds a violating value. The guards
 * name the column, count its violating rows and show up to 3 of them by key with their values.
 * @module
 */
import { columnsOfType, type Domain, type Schema } from "../../../model/schema.ts";
import { renameColumnsInExpr } from "../parse/pg_expr.ts";
import { display } from "../render/ddl.ts";
import { ident, qident } from "../render/quote.ts";
import { guardBlock } from "./helpers.ts";

/**
 * Guards for the constraints `b` has and `a` has not, over the columns of the domain in
 * `schema` (the names the tables have when the step runs).
 */
export function domainGuards(a: Domain, b: Domain, schema: Schema): string[] {
  const added = b.checks.filter((c) =>
    !a.checks.some((x) => x.name === c.name && x.expr.key === c.expr.key)
  );
  const notNull = b.notNull && !a.notNull;
  if (!added.length && !notNull) return [];
  const out: string[] = [];
  for (const { table, column } of columnsOfType(schema, b)) {
    if (column.type.arrayDims) continue; // checked by PostgreSQL itself, element by element
    const col = ident(column.name);
    const sample = (where: string) => ({
      table: qident(table),
      rel: ident(table.name),
      where,
      columns: [col],
    });
    const at = `${display(table)}.${column.name}`;
    if (notNull) {
      const where = `${col} IS NULL`;
      out.push(guardBlock(
        `SELECT 1 FROM ${qident(table)} WHERE ${where}`,
        `${at} has NULL values, which domain ${display(b)} no longer allows`,
        sample(where),
      ));
    }
    for (const c of added) {
      const expr = renameColumnsInExpr(c.expr, new Map([["value", column.name]]));
      const where = `(${expr.sql}) IS FALSE`;
      out.push(guardBlock(
        `SELECT 1 FROM ${qident(table)} WHERE ${where}`,
        `${at} has values that violate the new constraint ${c.name} of domain ${display(b)}`,
        sample(where),
      ));
    }
  }
  return out;
}
