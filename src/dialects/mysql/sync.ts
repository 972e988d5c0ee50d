/**
 * Under `--online`, the batched UPDATE that computes a table's new columns from the same row's
 * columns (split, merge, transform, and their inverses in the rollback) does not see writes made
 * while, and after, its batches run: a source a writer changes after its row's batch would keep
 * an old target, a row inserted meanwhile would get none. BEFORE INSERT and BEFORE UPDATE
 * triggers keep the targets in step from before the batches until the sources are dropped:
 * - INSERT: every target computed from the new row;
 * - UPDATE: a target computed again when one of its sources changes (else kept: the batches,
 *   or the rollback's archived exact value, set it).
 * The expressions read the row as `NEW` (rewritten through node-sql-parser's AST, see expr.ts).
 * @module
 */
import type { EmitContext, Emitted } from "./emit.ts";
import { rowExpr } from "./expr.ts";
import { fitName, ident } from "./quoting.ts";

/** A target column the triggers keep in step, and the row's columns it is computed from. */
export interface SyncTarget {
  column: string;
  /** The SET expression (column references of the row, optionally qualified). */
  expr: string;
  sources: string[];
}

/** The statements that create the triggers (before the batches) and drop them (after). */
export interface Sync {
  create: Emitted[];
  drop: Emitted[];
  /** Why there are no triggers (for the UPDATE's note). */
  note?: string;
}

/**
 * The triggers of `table` (qualified; `name` its bare name) that keep `targets` in step, or,
 * when an expression cannot be read from the row, none: what is not followed is noted and
 * listed in `ctx.locking` (the report's list of what online mode could not make safe).
 */
export function syncTriggers(
  ctx: EmitContext,
  table: string,
  name: string,
  targets: SyncTarget[],
  ownTriggers: number,
): Sync {
  if (!ctx.online || !targets.length) return { create: [], drop: [] };
  const rows: { column: string; expr: string; sources: string[] }[] = [];
  for (const t of targets) {
    const expr = rowExpr(t.expr, ctx.flavor, "NEW");
    if (expr === undefined) {
      const why = `UPDATE ${name}: writes made while its batches run are not followed ` +
        `(the value of ${t.column} cannot be computed in a trigger: ${t.expr})`;
      ctx.locking.push(why);
      return { create: [], drop: [], note: `online: ${why}` };
    }
    rows.push({ column: t.column, expr, sources: t.sources });
  }
  const trigger = (event: string) =>
    ident(fitName(`_smartspec_sync_${event}__${name}__${ctx.tag}`));
  const ins = trigger("ins"), upd = trigger("upd");
  const insertSet = rows.map((r) => `NEW.${ident(r.column)} = ${r.expr}`).join(", ");
  const updateSet = rows.map((r) => {
    const same = r.sources.map((s) => `NEW.${ident(s)} <=> OLD.${ident(s)}`).join(" AND ");
    return `NEW.${ident(r.column)} = IF(${same}, NEW.${ident(r.column)}, ${r.expr})`;
  }).join(", ");
  const older = ownTriggers
    ? `; ${name} has triggers of its own: servers before MySQL 5.7.2 and MariaDB 10.2.3 ` +
      `allow one per timing and event and refuse these`
    : "";
  return {
    create: [
      { sql: `DROP TRIGGER IF EXISTS ${ins}` },
      { sql: `DROP TRIGGER IF EXISTS ${upd}` },
      {
        sql: `CREATE TRIGGER ${ins} BEFORE INSERT ON ${table} FOR EACH ROW SET ${insertSet}`,
        note: `online: triggers keep ${
          rows.map((r) => r.column).join(", ")
        } in step with writes until the batches are done and the sources go${older}`,
      },
      { sql: `CREATE TRIGGER ${upd} BEFORE UPDATE ON ${table} FOR EACH ROW SET ${updateSet}` },
    ],
    drop: [
      {
        sql: `DROP TRIGGER IF EXISTS ${ins}`,
        note: "online: the batches are done; a source written from here until the next ALTER " +
          "has run (it drops or changes the sources) is not followed by its targets",
      },
      { sql: `DROP TRIGGER IF EXISTS ${upd}` },
    ],
  };
}
