/**
 * What the SQLite rules see of a change: the common description of lowered dialects
 * (src/classify/describe_lowered.ts) with SQLite's names: schema `main`, the declared type as
 * written, and the rowid (or a WITHOUT ROWID table's key) to match rows by.
 * @module
 */
import type { DescribeContext, Described } from "../../classify/described.ts";
import { describeLowered, loweredVarsOf, type Naming } from "../../classify/describe_lowered.ts";
import type { Change } from "../../diff/changes.ts";
import { type QName, rowKey } from "../../model/schema.ts";
import { SQLITE_SCHEMA } from "./names.ts";

/** `notes`, or `aux.notes` for an attached schema. */
export function display(q: QName): string {
  return q.schema === SQLITE_SCHEMA ? q.name : `${q.schema}.${q.name}`;
}

const NAMING: Naming = {
  defaultSchema: SQLITE_SCHEMA,
  typeText(c) {
    const t = c.type;
    const base = t.name || "(no type)";
    return t.mods.length ? `${base}(${t.mods.join(",")})` : base;
  },
  // a table has a rowid unless it is WITHOUT ROWID, and then its primary key
  hasRowKey: (t) => !t || !t.sqlite?.withoutRowid || !!rowKey(t),
};

/** Describes one change for the SQLite rules. */
export function describeSqlite(ch: Change, ctx: DescribeContext): Described {
  return describeLowered(ch, ctx, NAMING);
}

/** Template variables of a kind for SQLite rules (common ones included). */
export const sqliteVarsOf = loweredVarsOf;
