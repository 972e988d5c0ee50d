/**
 * Names that a dropped table frees and the target schema uses again (a table renamed in the
 * past keeps its old constraint, index and sequence names; a new table takes them): such a
 * drop must run before the objects that take the names are created or renamed, and a new
 * sequence with a freed name is created after it. Pure: marks the changes (`early`,
 * `afterDrops`) that the plan orders by.
 * @module
 */
import type { Change } from "./changes.ts";
import { qkey, type QName, type Schema, type Table } from "../model/schema.ts";

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
  return relationNamesByTable(s, ns, [t]).get(qkey(t)) ?? [qkey(t)];
}

/**
 * {@link relationNames} of several tables (default: all of the schema's) in one pass over the
 * schema's sequences and indexes, by table key: linear in the schema, where asking table by
 * table scanned every sequence and index for each.
 */
function relationNamesByTable(
  s: Schema,
  ns: NameSpaces,
  tables: Iterable<Table> = s.tables.values(),
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const list: Table[] = [];
  for (const t of tables) {
    if (!out.has(qkey(t))) list.push(t);
    out.set(qkey(t), [qkey(t)]);
  }
  for (const q of s.sequences.values()) {
    if (q.ownedBy) out.get(qkey(q.ownedBy.table))?.push(qkey(q));
  }
  if (!ns.indexNamesPerSchema) return out;
  for (const i of s.indexes.values()) out.get(qkey(i.table))?.push(qkey(i));
  for (const t of list) {
    const names = out.get(qkey(t))!;
    for (const c of t.constraints) {
      if (c.kind === "primary" || c.kind === "unique" || c.kind === "exclude") {
        names.push(qkey({ schema: t.schema, name: c.name }));
      }
    }
  }
  return out;
}

/**
 * The relation names of a schema (tables with theirs, views, standalone sequences) that are
 * among `wanted`. A name's key is made only when its last part can be one of `wanted`'s, so
 * that asking for a few names does not make a key for every table, index and constraint.
 */
function usedRelationNames(s: Schema, ns: NameSpaces, wanted: Set<string>): Set<string> {
  // every part after a dot: `schema.name` keys whose schema holds a dot stay found
  const tails = new Set<string>();
  for (const w of wanted) {
    for (let i = w.indexOf("."); i >= 0; i = w.indexOf(".", i + 1)) tails.add(w.slice(i + 1));
  }
  const out = new Set<string>();
  const add = (schema: string, name: string) => {
    if (!tails.has(name)) return;
    const k = qkey({ schema, name });
    if (wanted.has(k)) out.add(k);
  };
  for (const t of s.tables.values()) {
    add(t.schema, t.name);
    if (!ns.indexNamesPerSchema) continue;
    for (const c of t.constraints) {
      if (c.kind === "primary" || c.kind === "unique" || c.kind === "exclude") {
        add(t.schema, c.name);
      }
    }
  }
  // owned sequences and indexes count with their table (when the schema has that table)
  let tableKeys: Set<string> | undefined;
  const hasTable = (q: QName) =>
    (tableKeys ??= new Set([...s.tables.values()].map((t) => qkey(t)))).has(qkey(q));
  for (const q of s.sequences.values()) {
    if (q.ownedBy && tails.has(q.name) && hasTable(q.ownedBy.table)) add(q.schema, q.name);
  }
  if (ns.indexNamesPerSchema) {
    for (const i of s.indexes.values()) {
      if (tails.has(i.name) && hasTable(i.table)) add(i.schema, i.name);
    }
  }
  for (const k of s.views.keys()) if (wanted.has(k)) out.add(k);
  for (const k of s.sequences.keys()) if (wanted.has(k)) out.add(k);
  if (ns.indexNamesPerSchema) { for (const k of s.indexes.keys()) if (wanted.has(k)) out.add(k); }
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
  const freed = new Set<string>();
  const fromNames = relationNamesByTable(from, ns, drops.map((d) => d.table));
  const used = usedRelationNames(to, ns, new Set([...fromNames.values()].flat()));
  for (const d of drops) {
    const names = fromNames.get(qkey(d.table))!;
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
