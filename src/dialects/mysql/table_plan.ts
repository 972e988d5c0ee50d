/**
 * The changes of one MySQL/MariaDB table in one direction, as data: which columns are kept
 * (renamed or redefined), added, dropped, filled or moved (split, merge, transform), which keys
 * and indexes go and come, and which archives keep what the rollback needs. Both directions are
 * built from the same plan changes ({@link upPlan}, {@link downPlan}); lower.ts writes them as
 * statements.
 * @module
 */
import type { Change } from "../../diff/changes.ts";
import type { Column, Constraint, Index, Schema, Table } from "../../model/schema.ts";
import { rowKey } from "../../model/schema.ts";
import type { Item, TableGroup } from "../../plan/table_changes.ts";
import { mergeExpr, splitParts } from "./moves.ts";
import { fitName, ident } from "./quoting.ts";

export type { Item };

/** The changes of one table (present in the from-schema, the to-schema or both). */
export interface Group extends TableGroup {
  /** Archive of a dropped table. */
  archive?: string;
}

/** A data move in one direction: targets computed from sources, archived or restored. */
export interface Move {
  /** Columns of the after-table that the move fills (their definitions). */
  targets: Column[];
  /** Columns of the before-table read by the move. */
  sources: string[];
  /** Sources that the after-table does not have (dropped in the second ALTER). */
  dropSources: string[];
  /** `SET` assignments (target = expression of sources); `tmp` for an in-place target. */
  assign: (target: string) => string;
  /** The in-place target is first added under this name. */
  tmp?: string;
  archive: string;
  /** Up: archive sources and targets after the fill. Down: restore sources where unchanged. */
  mode: "archive" | "restore";
  /** Archive columns: sources as `from__<name>`, targets as `to__<name>` (up names). */
  archiveSources: string[];
  archiveTargets: string[];
}

/** A column added by the direction, restored from an archive (down of a drop) or not. */
export interface Added {
  column: Column;
  restoreFrom?: string;
}

/** One direction of a table's changes. */
export interface DirPlan {
  before: Table;
  after: Table;
  /** before column name (lower case) -> after column name, for kept columns. */
  kept: Map<string, string>;
  added: Added[];
  /** Before columns dropped without a move; `archive` keeps their values (up). */
  dropped: { name: string; archive?: string }[];
  moves: Move[];
  /** Up: NULLs filled with the default (keys archived). Down: NULL put back. */
  fills: { column: string; archive: string; mode: "fill" | "unfill"; value?: string }[];
  /** Key of archives: names in the to-schema (the state the rollback starts from). */
  key: string[];
  /** Before names of the key columns. */
  beforeKey: string[];
  dropConstraints: Constraint[];
  addConstraints: Constraint[];
  renameIndexes: { from: string; to: string }[];
  dropIndexes: Index[];
  addIndexes: Index[];
  /** Archives to drop when the direction is done (the rollback). */
  dropArchives: string[];
  /** Archives this direction creates. */
  createsArchives: string[];
}

type K<T extends Change["kind"]> = Extract<Change, { kind: T }>;
const low = (s: string) => s.toLowerCase();

/** Archive names `_smartspec_archive_<parts>__<tag>`, at most 64 characters, unique per run. */
export class ArchiveNames {
  private used = new Set<string>();
  constructor(private tag: string) {}
  take(parts: string[]): string {
    const base = `_smartspec_archive_${parts.join("__")}`;
    let name = fitName(`${base}__${this.tag}`);
    for (let n = 2; this.used.has(low(name)); n++) name = fitName(`${base}_${n}__${this.tag}`);
    this.used.add(low(name));
    return name;
  }
}

/** The column of a table by name, ignoring case (as MySQL does). */
export function col(t: Table, name: string): Column | undefined {
  return t.columns.find((c) => low(c.name) === low(name));
}

/** What the up direction of a changed table keeps in archives, named once for both directions. */
export interface Archives {
  drops: Map<string, string>;
  fills: Map<string, string>;
  moves: Map<Change, string>;
}

/** Names the archives of a table's changes. */
export function nameArchives(g: Group, names: ArchiveNames): Archives {
  const a: Archives = { drops: new Map(), fills: new Map(), moves: new Map() };
  const F = g.from!, T = g.to!;
  const hasKey = keyOf(T) !== undefined;
  if (!hasKey) return a;
  for (const { change: c } of g.items) {
    if (c.kind === "drop_column" && !c.column.generated) {
      a.drops.set(low(c.column.name), names.take([F.name, c.column.name]));
    } else if (c.kind === "set_not_null" && c.to.default) {
      a.fills.set(low(c.to.name), names.take([T.name, c.to.name, "nulls"]));
    } else if (
      c.kind === "split_column" || c.kind === "merge_columns" || c.kind === "transform_column"
    ) {
      const target = c.kind === "split_column" ? c.from.name : c.to.name;
      a.moves.set(c, names.take([T.name, target]));
    }
  }
  return a;
}

/** The key archives are matched by: to-schema names, and their from-schema names. */
function keyOf(T: Table, kept?: Map<string, string>): string[] | undefined {
  const k = rowKey(T);
  if (!k) return undefined;
  if (!kept) return k;
  const back = new Map([...kept].map(([b, a]) => [low(a), b]));
  if (!k.every((n) => back.has(low(n)))) return undefined;
  return k;
}

/** Kept columns of a changed table: from name -> to name (renames, redefined, same). */
function keptColumns(g: Group): Map<string, string> {
  const F = g.from!, T = g.to!;
  const kept = new Map<string, string>();
  const moved = new Set<string>();
  const targets = new Set<string>();
  for (const { change: c } of g.items) {
    if (c.kind === "rename_column") kept.set(low(c.from.name), c.to.name);
    if (c.kind === "drop_column") moved.add(low(c.column.name));
    if (c.kind === "add_column") targets.add(low(c.column.name));
    if (c.kind === "split_column") {
      if (!c.keepSource) moved.add(low(c.from.name));
      c.to.forEach((t) => targets.add(low(t.name)));
    }
    if (c.kind === "merge_columns") {
      if (!c.keepSources) c.from.forEach((f) => moved.add(low(f.name)));
      targets.add(low(c.to.name));
    }
    if (c.kind === "transform_column") {
      if (!c.keepSource) moved.add(low(c.from.name));
      targets.add(low(c.to.name));
    }
  }
  for (const f of F.columns) {
    const n = low(f.name);
    if (kept.has(n) || moved.has(n)) continue;
    const t = col(T, f.name);
    if (t && !targets.has(low(t.name))) kept.set(n, t.name);
  }
  return kept;
}

function emptyPlan(before: Table, after: Table, kept: Map<string, string>): DirPlan {
  return {
    before,
    after,
    kept,
    added: [],
    dropped: [],
    moves: [],
    fills: [],
    key: [],
    beforeKey: [],
    dropConstraints: [],
    addConstraints: [],
    renameIndexes: [],
    dropIndexes: [],
    addIndexes: [],
    dropArchives: [],
    createsArchives: [],
  };
}

/** The up direction of a changed table. */
export function upPlan(g: Group, a: Archives, to: Schema): DirPlan {
  const F = g.from!, T = g.to!;
  const kept = keptColumns(g);
  const p = emptyPlan(F, T, kept);
  const key = keyOf(T, kept) ?? [];
  const back = new Map([...kept].map(([b, af]) => [low(af), col(F, b)!.name]));
  p.key = key;
  p.beforeKey = key.map((k) => back.get(low(k))!);
  const S = (n: string) => ident(n);
  for (const { change: c } of g.items) {
    switch (c.kind) {
      case "add_column":
        p.added.push({ column: col(T, c.column.name) ?? c.column });
        break;
      case "drop_column": {
        const arch = a.drops.get(low(c.column.name));
        p.dropped.push({ name: c.column.name, archive: arch });
        if (arch) p.createsArchives.push(arch);
        break;
      }
      case "set_not_null": {
        const arch = a.fills.get(low(c.to.name));
        if (arch && c.to.default) {
          p.fills.push({
            column: back.get(low(c.to.name)) ?? c.from.name,
            archive: arch,
            mode: "fill",
            value: fillValue(c.to),
          });
          p.createsArchives.push(arch);
        }
        break;
      }
      case "split_column":
      case "merge_columns":
      case "transform_column": {
        const arch = a.moves.get(c);
        if (!arch) break;
        p.moves.push(moveUp(c, T, arch, S));
        p.createsArchives.push(arch);
        break;
      }
      default:
        constraintUp(c, p, to);
    }
  }
  cancelIndexRebuilds(p);
  return p;
}

/** The value a NULL gets from the column's default (expressions in parentheses). */
function fillValue(c: Column): string {
  const sql = c.default!.sql.trim();
  return /^(CURRENT_TIMESTAMP|NOW)\b/i.test(sql) || /^'/.test(sql) || /^[-+]?\d/.test(sql)
    ? sql
    : `(${sql})`;
}

function moveUp(
  c: K<"split_column"> | K<"merge_columns"> | K<"transform_column">,
  T: Table,
  archive: string,
  S: (n: string) => string,
): Move {
  if (c.kind === "split_column") {
    const parts = splitParts(S(c.from.name), c.separator, c.to.length);
    const names = c.to.map((t) => low(t.name));
    return {
      targets: c.to.map((t) => col(T, t.name) ?? t),
      sources: [c.from.name],
      dropSources: c.keepSource ? [] : [c.from.name],
      assign: (t) => parts[names.indexOf(low(t))],
      archive,
      mode: "archive",
      archiveSources: [c.from.name],
      archiveTargets: c.to.map((t) => t.name),
    };
  }
  if (c.kind === "merge_columns") {
    const expr = mergeExpr(c.from.map((f) => S(f.name)), c.separator);
    return {
      targets: [col(T, c.to.name) ?? c.to],
      sources: c.from.map((f) => f.name),
      dropSources: c.keepSources ? [] : c.from.map((f) => f.name),
      assign: () => expr,
      archive,
      mode: "archive",
      archiveSources: c.from.map((f) => f.name),
      archiveTargets: [c.to.name],
    };
  }
  const inPlace = low(c.from.name) === low(c.to.name);
  return {
    targets: [col(T, c.to.name) ?? c.to],
    sources: [c.from.name],
    dropSources: c.keepSource && !inPlace ? [] : [c.from.name],
    assign: () => `(${c.up})`,
    tmp: inPlace ? fitName(`${c.to.name}__smartspec_new`) : undefined,
    archive,
    mode: "archive",
    archiveSources: [c.from.name],
    archiveTargets: [c.to.name],
  };
}

function constraintUp(c: Change, p: DirPlan, to: Schema): void {
  switch (c.kind) {
    case "add_constraint":
      p.addConstraints.push(c.constraint);
      break;
    case "drop_constraint":
      p.dropConstraints.push(c.constraint);
      break;
    case "rename_constraint":
      if (c.to.kind === "unique") p.renameIndexes.push({ from: c.from.name, to: c.to.name });
      else if (c.to.kind !== "primary") {
        p.dropConstraints.push(c.from);
        p.addConstraints.push(c.to);
      }
      break;
    case "add_index":
      p.addIndexes.push(to.indexes.get(`${c.index.schema}.${c.index.name}`) ?? c.index);
      break;
    case "drop_index":
      p.dropIndexes.push(c.index);
      break;
    case "rename_index":
      p.renameIndexes.push({ from: c.from.name, to: c.to.name });
      break;
  }
}

/** Drops an index and adds the same one back: nothing to do in MySQL (no rebuild needed). */
export function cancelIndexRebuilds(p: DirPlan): void {
  const same = (a: Index, b: Index) => low(a.name) === low(b.name) && a.key === b.key;
  const keep = p.addIndexes.filter((a) => !p.dropIndexes.some((d) => same(a, d)));
  p.dropIndexes = p.dropIndexes.filter((d) => !p.addIndexes.some((a) => same(a, d)));
  p.addIndexes = keep;
}

/** The down direction of a changed table: the inverse of {@link upPlan}, with the archives. */
export function downPlan(g: Group, up: DirPlan, from: Schema): DirPlan {
  const F = g.from!, T = g.to!;
  const kept = new Map([...up.kept].map(([b, a]) => [low(a), col(F, b)!.name]));
  const p = emptyPlan(T, F, kept);
  p.key = up.key;
  p.beforeKey = up.key;
  for (const d of up.dropped) {
    p.added.push({ column: col(F, d.name)!, restoreFrom: d.archive });
    if (d.archive) p.dropArchives.push(d.archive);
  }
  for (const ad of up.added) p.dropped.push({ name: ad.column.name });
  for (const f of up.fills) {
    p.fills.push({
      column: kept.get(low(f.column)) ?? f.column,
      archive: f.archive,
      mode: "unfill",
    });
    p.dropArchives.push(f.archive);
  }
  // the rollback's moves run in an UPDATE that joins the archive: columns are qualified
  const S = (n: string) => `t.${ident(n)}`;
  for (const { change: c } of g.items) {
    if (c.kind !== "split_column" && c.kind !== "merge_columns" && c.kind !== "transform_column") {
      continue;
    }
    const m = up.moves.find((x) => x.archive && upOf(c, x));
    if (!m) continue;
    p.dropArchives.push(m.archive);
    if (m.dropSources.length === 0) {
      // the sources stayed: the rollback only drops the targets
      for (const t of m.targets) p.dropped.push({ name: t.name });
      continue;
    }
    p.moves.push(moveDown(c, F, m, S));
  }
  p.dropConstraints = up.addConstraints;
  p.addConstraints = up.dropConstraints.map((c) =>
    from.tables.get(`${F.schema}.${F.name}`)?.constraints.find((x) => x.name === c.name) ?? c
  );
  p.renameIndexes = up.renameIndexes.map((r) => ({ from: r.to, to: r.from }));
  p.dropIndexes = up.addIndexes;
  p.addIndexes = up.dropIndexes.map((i) => from.indexes.get(`${i.schema}.${i.name}`) ?? i);
  cancelIndexRebuilds(p);
  return p;
}

function upOf(c: Change, m: Move): boolean {
  const targets = c.kind === "split_column"
    ? c.to.map((t) => t.name)
    : c.kind === "merge_columns" || c.kind === "transform_column"
    ? [c.to.name]
    : [];
  return targets.length === m.archiveTargets.length &&
    targets.every((t, i) => low(t) === low(m.archiveTargets[i]));
}

function moveDown(
  c: K<"split_column"> | K<"merge_columns"> | K<"transform_column">,
  F: Table,
  up: Move,
  S: (n: string) => string,
): Move {
  const base = { archive: up.archive, mode: "restore" as const };
  if (c.kind === "split_column") {
    const expr = mergeExpr(c.to.map((t) => S(t.name)), c.separator);
    return {
      ...base,
      targets: [col(F, c.from.name) ?? c.from],
      sources: c.to.map((t) => t.name),
      dropSources: c.to.map((t) => t.name),
      assign: () => expr,
      archiveSources: up.archiveSources,
      archiveTargets: up.archiveTargets,
    };
  }
  if (c.kind === "merge_columns") {
    const parts = splitParts(S(c.to.name), c.separator, c.from.length);
    const names = c.from.map((f) => low(f.name));
    return {
      ...base,
      targets: c.from.map((f) => col(F, f.name) ?? f),
      sources: [c.to.name],
      dropSources: [c.to.name],
      assign: (t) => parts[names.indexOf(low(t))],
      archiveSources: up.archiveSources,
      archiveTargets: up.archiveTargets,
    };
  }
  const inPlace = low(c.from.name) === low(c.to.name);
  return {
    ...base,
    targets: [col(F, c.from.name) ?? c.from],
    sources: [c.to.name],
    dropSources: [c.to.name],
    assign: () => `(${c.down})`,
    tmp: inPlace ? fitName(`${c.from.name}__smartspec_old`) : undefined,
    archiveSources: up.archiveSources,
    archiveTargets: up.archiveTargets,
  };
}
