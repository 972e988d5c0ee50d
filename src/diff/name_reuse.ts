/**
 * Names that a dropped table frees and the target schema uses again (a table renamed in the
 * past keeps its old constraint, index and sequence names; a new table takes them): such a
 * drop must run before the objects that take the names are created or renamed, and a new
 * sequence with a freed name is created after it. Pure: marks the changes (`early`,
 * `afterDrops`) that the plan orders by.
 * @module
 */
import type { Change } from "./changes.ts";
import { qkey, type Schema, type Table } from "../model/schema.ts";

/** How the dialect's names clash. */
export interface NameSpaces {
  /**
   * Index names (and those of the constraints that make an index: primary keys, unique and
   * exclusion constraints) are unique per schema, with tables and sequences (PostgreSQL),
   * rather than per table.
   */
  indexNamesPerSchema?: boolean;
}

/** The relation names (`schema.name`) a table holds: itself, its indexes and sequences. */
export function relationNames(s: Schema, t: Table, ns: NameSpaces): string[] {
  const out = [qkey(t)];
  for (const q of s.sequences.values()) {
    if (q.ownedBy && qkey(q.ownedBy.table) === qkey(t)) out.push(qkey(q));
  }
  if (!ns.indexNamesPerSchema) return out;
  for (const i of s.indexes.values()) if (qkey(i.table) === qkey(t)) out.push(qkey(i));
  for (const c of t.constraints) {
    if (c.kind === "primary" || c.kind === "unique" || c.kind === "exclude") {
      out.push(qkey({ schema: t.schema, name: c.name }));
    }
  }
  return out;
}

/** Every relation name of a schema: tables (with theirs), views, standalone sequences. */
function allRelationNames(s: Schema, ns: NameSpaces): Set<string> {
  const out = new Set<string>();
  for (const t of s.tables.values()) for (const n of relationNames(s, t, ns)) out.add(n);
  for (const k of s.views.keys()) out.add(k);
  for (const k of s.sequences.keys()) out.add(k);
  if (ns.indexNamesPerSchema) { for (const k of s.indexes.keys()) out.add(k); }
  return out;
}

/**
 * Marks the drops of tables whose names the target uses again as `early`, with the dropped
 * tables tied to them by foreign keys (so that the rollback restores them in order), and the
 * new sequences whose name a dropped table frees as `afterDrops`.
 */
export function markNameReuse(changes: Change[], from: Schema, to: Schema, ns: NameSpaces): void {
  const drops = changes.filter((c): c is Extract<Change, { kind: "drop_table" }> =>
    c.kind === "drop_table"
  );
  if (!drops.length) return;
  const used = allRelationNames(to, ns);
  const freed = new Set<string>();
  for (const d of drops) {
    const names = relationNames(from, d.table, ns);
    names.forEach((n) => freed.add(n));
    if (names.some((n) => used.has(n))) d.early = true;
  }
  // dropped tables that reference each other go together
  for (let grew = true; grew;) {
    grew = false;
    for (const d of drops) {
      if (d.early) continue;
      const tied = drops.some((o) =>
        o.early && (refersTo(d.table, o.table) || refersTo(o.table, d.table))
      );
      if (tied) d.early = grew = true;
    }
  }
  for (const c of changes) {
    if (c.kind === "create_sequence" && freed.has(qkey(c.sequence))) c.afterDrops = true;
  }
}

function refersTo(a: Table, b: Table): boolean {
  return a.constraints.some((c) => c.kind === "foreign" && qkey(c.ref!.table) === qkey(b));
}
