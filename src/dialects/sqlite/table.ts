/**
 * The changes of one table, grouped: which of them SQLite can make with ALTER TABLE alone,
 * which archives keep the values the rollback needs, and the rebuild specs of both directions
 * (column expressions of the copies, archive joins, guards).
 * @module
 */
import type { Change } from "../../diff/changes.ts";
import type { Column, Index, Schema, Table } from "../../model/schema.ts";
import { columnExt, defaultSql, hasRowid, isPlainDefault, rowidAlias, tableExt } from "./ddl.ts";
import type { Item, TableGroup } from "../../plan/table_changes.ts";
import type { Guard } from "./guards.ts";
import { ident, literal } from "./quote.ts";
import {
  type ArchiveSpec,
  type CopyColumn,
  mergeExpr,
  type RebuildSpec,
  same,
  splitParts,
  unmergeParts,
  unsplitExpr,
} from "./rebuild.ts";

export type { Item };

/** The changes of one table (present in the from-schema, the to-schema or both). */
export interface Group extends TableGroup {
  /** Position of its first change in the plan. */
  order: number;
}

type K<T extends Change["kind"]> = Extract<Change, { kind: T }>;

/** Finds a table by name (exact, else ignoring ASCII case as SQLite does). */
export function findTable(s: Schema, name: string): Table | undefined {
  const ix = lookup(tablesBy, s.tables, () => {
    const exact = new Map<string, Table>(), lower = new Map<string, Table>();
    for (const t of s.tables.values()) {
      if (!exact.has(t.name)) exact.set(t.name, t);
      const low = t.name.toLowerCase();
      if (!lower.has(low)) lower.set(low, t);
    }
    return { exact, lower };
  });
  return ix.exact.get(name) ?? ix.lower.get(name.toLowerCase());
}

/** The indexes of a table in a schema. */
export function tableIndexes(s: Schema, table: string): Index[] {
  const byTable = lookup(indexesBy, s.indexes, () => {
    const m = new Map<string, Index[]>();
    for (const i of s.indexes.values()) {
      if (i.name.startsWith("sqlite_autoindex")) continue;
      const k = i.table.name.toLowerCase();
      const list = m.get(k);
      if (list) list.push(i);
      else m.set(k, [i]);
    }
    return m;
  });
  return [...byTable.get(table.toLowerCase()) ?? []];
}

/**
 * Lookups built once per map of a schema (lowering asks for every changed table; a scan each
 * time grows with the schema), rebuilt when the map's size changed.
 */
function lookup<M extends Map<string, unknown>, T>(
  memo: WeakMap<M, { size: number; value: T }>,
  map: M,
  build: () => T,
): T {
  let e = memo.get(map);
  if (!e || e.size !== map.size) memo.set(map, e = { size: map.size, value: build() });
  return e.value;
}

const tablesBy = new WeakMap<
  Map<string, Table>,
  { size: number; value: { exact: Map<string, Table>; lower: Map<string, Table> } }
>();
const indexesBy = new WeakMap<Map<string, Index>, { size: number; value: Map<string, Index[]> }>();

/** Archive name allocation: `_smartspec_archive_<parts>__<tag>`, unique in the database. */
export class ArchiveNames {
  private used = new Set<string>();
  constructor(private tag: string, schemas: Schema[]) {
    for (const s of schemas) {
      for (const t of s.tables.values()) this.used.add(t.name.toLowerCase());
      for (const i of s.indexes.values()) this.used.add(i.name.toLowerCase());
      for (const v of s.views.values()) this.used.add(v.name.toLowerCase());
      for (const t of s.triggers.values()) this.used.add(t.name.toLowerCase());
    }
  }
  /** A new unique name for these parts. */
  take(parts: string[]): string {
    const base = `_smartspec_archive_${parts.join("__")}__${this.tag}`;
    let name = base;
    for (let i = 2; this.used.has(name.toLowerCase()); i++) name = `${base}_${i}`;
    this.used.add(name.toLowerCase());
    return name;
  }
}

/** An archive of a rebuilt (or altered) table's values. */
export interface ColumnArchive {
  name: string;
  /** Alias in the rollback's copy. */
  alias: string;
  kind: "drop" | "split" | "merge" | "transform" | "values" | "rowid";
  /** Source columns (up names): their old values are `v_<name>`. */
  sources: string[];
  /** Target columns (to names): their new values are `n_<name>`. */
  targets: string[];
  /** Only rows whose value changed are kept (`values`). */
  changedOnly?: string;
}

/** How rows are matched between the old table, the new one and the archives. */
export interface RowKey {
  /** Archive key columns with their expression over the up copy's source `s`. */
  up: CopyColumn[];
  /** The same keys over the rollback's source `s` (to-table, columns renamed back). */
  down: string[];
  /** Old row `s` to new row `n` in the up copy. */
  match: string;
  /** Key of a row for guard messages, over `s`. */
  label: (alias: string) => string;
}

/** Everything decided for one table pair. */
export class TablePlan {
  /** from name -> to name of renamed columns. */
  renames = new Map<string, string>();
  /** to name -> from name. */
  back = new Map<string, string>();
  archives: ColumnArchive[] = [];
  key?: RowKey;
  notes: string[] = [];
  readonly F: Table;
  readonly T: Table;

  constructor(readonly g: Group, names: ArchiveNames, readonly from: Schema, readonly to: Schema) {
    this.F = g.from!;
    this.T = g.to!;
    for (const { change: c } of g.items) {
      if (c.kind === "rename_column") {
        this.renames.set(c.from.name, c.to.name);
        this.back.set(c.to.name, c.from.name);
      }
    }
    this.key = this.rowKey();
    this.planArchives(names);
  }

  private of<T extends Change["kind"]>(kind: T): K<T>[] {
    return this.g.items.map((i) => i.change).filter((c): c is K<T> => c.kind === kind);
  }

  /** Column names of the up copy's source (from names, renamed). */
  upName(fromName: string): string {
    return this.renames.get(fromName) ?? fromName;
  }

  /** The from-table's columns under their up names. */
  upColumns(): Map<string, Column> {
    return new Map(this.F.columns.map((c) => [this.upName(c.name), c]));
  }

  /** The to-table's columns under their rollback names (renamed back). */
  downColumns(): Map<string, Column> {
    return new Map(this.T.columns.map((c) => [this.back.get(c.name) ?? c.name, c]));
  }

  private rowKey(): RowKey | undefined {
    if (hasRowid(this.F) && hasRowid(this.T)) {
      return {
        up: [{ name: "k_rowid", expr: "s.rowid" }],
        down: ["s.rowid"],
        match: "n.rowid = s.rowid",
        label: (a) => `${a}.rowid`,
      };
    }
    const pk = this.F.constraints.find((c) => c.kind === "primary");
    const tNames = new Set(this.T.columns.map((c) => c.name));
    if (!pk || !pk.columns.every((p) => tNames.has(this.upName(p)))) return undefined;
    return {
      up: pk.columns.map((p) => ({ name: `k_${p}`, expr: `+s.${ident(this.upName(p))}` })),
      down: pk.columns.map((p) => `s.${ident(p)}`),
      match: pk.columns.map((p) => `n.${ident(this.upName(p))} = s.${ident(this.upName(p))}`)
        .join(" AND "),
      label: (a) =>
        pk.columns.map((p) => `quote(${a}.${ident(this.upName(p))})`).join(" || ', ' || "),
    };
  }

  private planArchives(names: ArchiveNames): void {
    const add = (a: Omit<ColumnArchive, "alias" | "name">, part: string) => {
      this.archives.push({
        ...a,
        name: names.take([this.F.name, part]),
        alias: `a${this.archives.length + 1}`,
      });
    };
    for (const c of this.of("drop_column")) {
      add({ kind: "drop", sources: [c.column.name], targets: [] }, c.column.name);
    }
    for (const c of this.of("split_column")) {
      if (!c.keepSource) {
        add(
          { kind: "split", sources: [c.from.name], targets: c.to.map((x) => x.name) },
          c.from.name,
        );
      }
    }
    for (const c of this.of("merge_columns")) {
      if (!c.keepSources) {
        add({ kind: "merge", sources: c.from.map((x) => x.name), targets: [c.to.name] }, c.to.name);
      }
    }
    for (const c of this.of("transform_column")) {
      if (!c.keepSource) {
        add({ kind: "transform", sources: [c.from.name], targets: [c.to.name] }, c.from.name);
      }
    }
    // Values a plain copy may change: NOT NULL fills, type (affinity) changes.
    const up = this.upColumns();
    const moved = new Set(this.archives.flatMap((a) => [...a.sources, ...a.targets]));
    for (const t of this.T.columns) {
      const f = up.get(t.name);
      if (!f || t.generated || moved.has(t.name)) continue;
      const fill = this.fillDefault(f, t) !== undefined;
      const typeChanged = f.type.name !== t.type.name ||
        f.type.mods.join() !== t.type.mods.join() ||
        !!tableExt(this.F).strict !== !!tableExt(this.T).strict;
      if (fill || typeChanged || (f.generated && !t.generated)) {
        add({ kind: "values", sources: [t.name], targets: [t.name] }, t.name);
      }
    }
    // A table that loses its rowid (WITHOUT ROWID): the rollback gives each row its rowid back.
    if (hasRowid(this.F) && !hasRowid(this.T) && !rowidAlias(this.F)) {
      add({ kind: "rowid", sources: [], targets: [] }, "rowid");
    }
    if (this.archives.length && !this.key) {
      this.notes.push(
        `${this.T.name}: no row key (rowid or primary key) common to both versions: the ` +
          `rollback cannot put archived values back row by row; it recomputes them`,
      );
      this.archives = [];
    }
  }

  /** The default that fills NULLs when the column becomes NOT NULL (`set_not_null`). */
  fillDefault(f: Column, t: Column): string | undefined {
    if (!t.notNull || f.notNull || !t.default || t.generated) return undefined;
    return defaultSql(t.default.sql);
  }

  // ---- up ----

  /** The expression of each to-column in the up copy (over `s`, the from-table renamed). */
  upCopy(): CopyColumn[] {
    const up = this.upColumns();
    const out: CopyColumn[] = [];
    const splits = new Map<string, string>();
    for (const c of this.of("split_column")) {
      const parts = splitParts(`s.${ident(c.from.name)}`, c.separator, c.to.length);
      c.to.forEach((t, i) => splits.set(t.name, parts[i]));
    }
    const merges = new Map<string, string>();
    for (const c of this.of("merge_columns")) {
      merges.set(c.to.name, mergeExpr(c.from.map((f) => `s.${ident(f.name)}`), c.separator));
    }
    const transforms = new Map<string, string>();
    for (const c of this.of("transform_column")) transforms.set(c.to.name, `(${c.up})`);
    const alias = rowidAlias(this.T);
    for (const t of this.T.columns) {
      if (t.generated) continue;
      const f = up.get(t.name);
      let expr = transforms.get(t.name) ?? splits.get(t.name) ?? merges.get(t.name);
      if (expr === undefined && f && !f.generated) {
        const fill = this.fillDefault(f, t);
        expr = fill ? `COALESCE(s.${ident(t.name)}, ${fill})` : `s.${ident(t.name)}`;
      } else if (expr === undefined && f) expr = `s.${ident(t.name)}`;
      if (expr === undefined && t.name === alias && hasRowid(this.F)) expr = "s.rowid";
      if (expr !== undefined) out.push({ name: t.name, expr });
    }
    return out;
  }

  /** The archives written by the up copy. */
  upArchives(): ArchiveSpec[] {
    if (!this.key) return [];
    return this.archives.map((a) => {
      const cols: CopyColumn[] = [...this.key!.up];
      for (const s of a.sources) cols.push({ name: `v_${s}`, expr: `+s.${ident(s)}` });
      if (a.kind === "rowid") cols.push({ name: "v_rowid", expr: "s.rowid" });
      if (a.kind !== "drop") {
        for (const t of a.targets) cols.push({ name: `n_${t}`, expr: `+n.${ident(t)}` });
      }
      const where = a.kind === "values"
        ? `NOT ${same(`s.${ident(a.sources[0])}`, `n.${ident(a.targets[0])}`)}`
        : undefined;
      return { name: a.name, columns: cols, where };
    });
  }

  /** The up rebuild. */
  upSpec(table: string, guards: (spec: RebuildSpec, dir: "up") => Guard[]): RebuildSpec {
    const spec: RebuildSpec = {
      table,
      target: this.T,
      sourceColumns: this.F.columns.map((c) => this.upName(c.name)),
      sourceRowid: hasRowid(this.F),
      indexes: tableIndexes(this.to, this.T.name),
      columns: this.upCopy(),
      rowid: hasRowid(this.F) && hasRowid(this.T) && !rowidAlias(this.T) ? "s.rowid" : undefined,
      joins: [],
      archives: this.upArchives(),
      match: this.key?.match,
      guards: [],
      sequence: {
        save: !!tableExt(this.F).autoincrement,
        restore: !!tableExt(this.F).autoincrement && !!tableExt(this.T).autoincrement,
      },
    };
    spec.guards = guards(spec, "up");
    return spec;
  }

  // ---- down ----

  private joinOn(a: ColumnArchive): string {
    const k = this.key!;
    return k.up.map((u, i) => `${a.alias}.${ident(u.name)} = ${k.down[i]}`).join(" AND ");
  }

  /** The rollback's copy: each from-column's value over `s` (the to-table renamed back). */
  downCopy(): { columns: CopyColumn[]; joins: string[]; rowid?: string; order?: string } {
    const down = this.downColumns();
    const used = new Set<ColumnArchive>();
    const out: CopyColumn[] = [];
    const S = (n: string) => `s.${ident(n)}`;
    const hit = (a: ColumnArchive) => {
      used.add(a);
      return `${a.alias}.${ident(this.key!.up[0].name)} IS NOT NULL`;
    };
    const av = (a: ColumnArchive, col: string) => `${a.alias}.${ident(col)}`;
    const byKind = (kind: ColumnArchive["kind"], src: string) =>
      this.key ? this.archives.find((a) => a.kind === kind && a.sources.includes(src)) : undefined;
    const alias = rowidAlias(this.F);
    for (const f of this.F.columns) {
      if (f.generated) continue;
      const u = this.upName(f.name);
      let expr: string | undefined;
      const split = this.of("split_column").find((c) => c.from.name === u && !c.keepSource);
      const merge = this.of("merge_columns").find((c) =>
        !c.keepSources && c.from.some((x) => x.name === u)
      );
      const tr = this.of("transform_column").find((c) => c.from.name === u && !c.keepSource);
      const dropped = this.of("drop_column").some((c) => c.column.name === u);
      if (tr) {
        const a = byKind("transform", u);
        const inverse = `(${tr.down})`;
        expr = a
          ? `CASE WHEN ${hit(a)} AND ${same(S(tr.to.name), av(a, `n_${tr.to.name}`))} THEN ${
            av(a, `v_${u}`)
          } ELSE ${inverse} END`
          : inverse;
      } else if (split) {
        const a = byKind("split", u);
        const inverse = unsplitExpr(split.to.map((t) => S(t.name)), split.separator);
        const unchanged = split.to.map((t) => same(S(t.name), av(a!, `n_${t.name}`)))
          .join(" AND ");
        expr = a
          ? `CASE WHEN ${hit(a)} AND ${unchanged} THEN ${av(a, `v_${u}`)} ELSE ${inverse} END`
          : inverse;
      } else if (merge) {
        const a = byKind("merge", u);
        const i = merge.from.findIndex((x) => x.name === u);
        const inverse = unmergeParts(S(merge.to.name), merge.separator, merge.from.length)[i];
        expr = a
          ? `CASE WHEN ${hit(a)} AND ${same(S(merge.to.name), av(a, `n_${merge.to.name}`))} THEN ${
            av(a, `v_${u}`)
          } ELSE ${inverse} END`
          : inverse;
      } else if (dropped) {
        const a = byKind("drop", u);
        const fallback = f.default ? defaultSql(f.default.sql) : "NULL";
        expr = a ? `CASE WHEN ${hit(a)} THEN ${av(a, `v_${u}`)} ELSE ${fallback} END` : fallback;
      } else if (down.has(f.name)) {
        const a = byKind("values", u);
        expr = a
          ? `CASE WHEN ${hit(a)} AND ${same(S(f.name), av(a, `n_${u}`))} THEN ${
            av(a, `v_${u}`)
          } ELSE ${S(f.name)} END`
          : S(f.name);
      } else if (f.name === alias && hasRowid(this.T)) {
        expr = "s.rowid";
      }
      if (expr !== undefined) out.push({ name: f.name, expr });
    }
    let rowid: string | undefined, order: string | undefined;
    const kept = this.key ? this.archives.find((a) => a.kind === "rowid") : undefined;
    if (kept) {
      rowid = `${kept.alias}."v_rowid"`;
      order = `${hit(kept)} DESC, ${rowid}`;
    } else if (hasRowid(this.F) && hasRowid(this.T) && !rowidAlias(this.F)) rowid = "s.rowid";
    const joins = [...used].map((a) =>
      `LEFT JOIN ${ident(a.name)} AS ${a.alias} ON ${this.joinOn(a)}`
    );
    return { columns: out, joins, rowid, order };
  }

  /** The rollback rebuild (the table is named `table`, its columns renamed back). */
  downSpec(table: string, guards: (spec: RebuildSpec, dir: "down") => Guard[]): RebuildSpec {
    const { columns, joins, rowid, order } = this.downCopy();
    const spec: RebuildSpec = {
      table,
      target: this.F,
      sourceColumns: this.T.columns.map((c) => this.back.get(c.name) ?? c.name),
      sourceRowid: hasRowid(this.T),
      indexes: tableIndexes(this.from, this.F.name),
      columns,
      rowid,
      order,
      joins,
      archives: [],
      guards: [],
      sequence: {
        save: !!tableExt(this.T).autoincrement,
        restore: !!tableExt(this.F).autoincrement && !!tableExt(this.T).autoincrement,
      },
    };
    spec.guards = guards(spec, "down");
    return spec;
  }

  // ---- what ALTER TABLE can do ----

  /** True when SQLite's own ALTER TABLE can make every change of the table (up). */
  upAlter(): boolean {
    if (sqliteShapeDiffers(this.F, this.T)) return false;
    return this.g.items.every(({ change: c }) => {
      switch (c.kind) {
        case "rename_table":
        case "rename_column":
        case "add_index":
        case "drop_index":
        case "rename_index":
          return true;
        case "add_column":
          return canAddColumn(findCol(this.T, c.column.name) ?? c.column, this.T);
        // drop_column: a rebuild. SQLite's DROP COLUMN rewrites the table too, and then checks
        // and reloads the whole schema (about 0.2 s per column with 1,000 tables).
        default:
          return false;
      }
    });
  }

  /**
   * True when the rollback can use ALTER TABLE alone: renames and indexes. Columns added by the
   * migration go with a rebuild (not DROP COLUMN: see {@link upAlter}).
   */
  downAlter(): boolean {
    if (!this.upAlter()) return false;
    return this.g.items.every(({ change: c }) =>
      ["rename_table", "rename_column", "add_index", "drop_index", "rename_index"].includes(c.kind)
    );
  }
}

function findCol(t: Table, name: string): Column | undefined {
  return t.columns.find((c) => c.name === name);
}

/** Table options or column attributes that only a rebuild can change. */
export function sqliteShapeDiffers(f: Table, t: Table): boolean {
  const a = tableExt(f), b = tableExt(t);
  if (!!a.strict !== !!b.strict || !!a.withoutRowid !== !!b.withoutRowid) return true;
  if (!!a.autoincrement !== !!b.autoincrement) return true;
  return false;
}

/** SQLite's rules for `ALTER TABLE ADD COLUMN` (lang_altertable.html). */
export function canAddColumn(c: Column, t: Table): boolean {
  for (const k of t.constraints) {
    if (!k.columns.includes(c.name) && !(k.expr?.columns.includes(c.name))) continue;
    return false; // PRIMARY KEY, UNIQUE, CHECK or FOREIGN KEY naming it: table constraints
  }
  if (c.generated) return !columnExt(c).generatedStored;
  if (c.default) {
    const d = c.default.sql.trim();
    if (!isPlainDefault(d) || /^current_/i.test(d)) return false;
    if (c.notNull && /^null$/i.test(d)) return false;
  } else if (c.notNull) return false;
  return true;
}

/** SQLite's rules for `ALTER TABLE DROP COLUMN`, checked on the model beforehand. */
export function canDropColumn(
  name: string,
  t: Table,
  indexes: Index[],
  rename: (n: string) => string,
): boolean {
  const col = t.columns.find((c) => rename(c.name) === name);
  if (!col) return false;
  const n = col.name;
  if (rowidAlias(t) === n) return false;
  for (const k of t.constraints) {
    if (k.columns.includes(n) || k.expr?.columns.includes(n)) return false;
  }
  for (const c of t.columns) if (c.generated?.columns.includes(n)) return false;
  for (const i of indexes) {
    if (i.keys.some((k) => k.column === n || k.expr?.columns.includes(n))) return false;
    if (i.where?.columns.includes(n)) return false;
  }
  return true;
}

/** A key of a row for messages: the rowid or the primary key values. */
export function rowLabel(t: Table, alias: string, name: (c: string) => string = (c) => c): string {
  if (hasRowid(t)) return `${alias}.rowid`;
  const pk = t.constraints.find((c) => c.kind === "primary");
  return pk
    ? pk.columns.map((p) => `quote(${alias}.${ident(name(p))})`).join(" || ', ' || ")
    : literal("?");
}
