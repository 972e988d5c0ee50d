/**
 * Diffs two schema models into a typed list of changes, applying the spec's intents and the
 * schema files' rename hints. Pure: no I/O.
 * @module
 */
import { InputError } from "../errors.ts";
import { checkIntentsAgainstSchemas } from "../spec/intent_conflicts.ts";
import {
  type Column,
  type ColumnType,
  type Constraint,
  type EnumType,
  findColumn,
  type Index,
  indexKey,
  qdisplay,
  qkey,
  type QName,
  rowKey,
  type Schema,
  type Sequence,
  type Table,
} from "../model/schema.ts";
import {
  classifyTypeChange,
  sameType,
  type TypeChangeClass,
  type TypeFacts,
} from "../model/types.ts";
import type { ExprHelpers } from "../dialects/dialect.ts";
import type { ColRef, Intent } from "../spec/spec.ts";
import type { Change, EnumUse, RenameEvidence, Via } from "./changes.ts";
import { nameSimilarity } from "./similarity.ts";
import { movedColumns } from "./positions.ts";
import { columnExtraChanges, typeAfterRenames } from "./column_changes.ts";
import { dependencyOrder } from "./order.ts";
import { diffObjects } from "./objects.ts";
import { markNameReuse } from "./name_reuse.ts";

/** Inputs of the differ besides the two models. */
export interface DiffOptions {
  intents: Intent[];
  /** Spec path, for error messages about intents. */
  specPath: string;
  facts: TypeFacts;
  /** The dialect's expression helpers (renames inside expressions, sequences of defaults). */
  expr: ExprHelpers;
  /** Schema of unqualified names in intents (the dialect's default; `public` when absent). */
  defaultSchema?: string;
  /** Minimum score for reporting a probable rename. */
  probableRenameThreshold?: number;
  /**
   * The dialect's own type attributes differ (MySQL: ENUM/SET values, UNSIGNED, ZEROFILL,
   * charset), which the common `ColumnType` does not hold.
   */
  typeDiffers?: (from: Column, to: Column) => boolean;
  /** Index and key constraint names are unique per schema (PostgreSQL), not per table. */
  indexNamesPerSchema?: boolean;
  /**
   * The dialect's other column attributes that differ (MySQL: comment, ON UPDATE, INVISIBLE,
   * AUTO_INCREMENT; `position` when `moved` and column order matters), as option names.
   */
  columnOptionsDiffer?: (from: Column, to: Column, moved: boolean) => string[];
  /** The dialect's table attributes that differ (MySQL: engine, charset ...), as option names. */
  tableOptionsDiffer?: (from: Table, to: Table) => string[];
  /** A change of partitioning is a rebuild_table (PostgreSQL), not one alter_partitioning. */
  rebuildsPartitioning?: boolean;
}

/** The differ's result. */
export interface DiffResult {
  changes: Change[];
  /** from-table key -> to-table key, for every table present on both sides. */
  tableMap: Map<string, string>;
}

interface TablePair {
  from: Table;
  to: Table;
  /** from column name -> to column name */
  colMap: Map<string, string>;
}

/** Computes the changes that turn `from` into `to`. */
export function diffSchemas(from: Schema, to: Schema, opts: DiffOptions): DiffResult {
  checkIntentsAgainstSchemas(opts.intents, from, to, opts.specPath);
  return new Differ(from, to, opts).run();
}

class Differ {
  changes: Change[] = [];
  tableMap = new Map<string, string>(); // from key -> to key
  pairs: TablePair[] = [];
  /** The pairs by from-table key (filled with `pairs`). */
  pairsByFrom = new Map<string, TablePair>();
  consumedFromCols = new Map<string, Set<string>>(); // from table key -> cols handled by intents
  consumedToCols = new Map<string, Set<string>>();
  dropAcks = new Set<string>();
  /** Enum types renamed by a hint: from key -> the type in the target schema. */
  typeRenames = new Map<string, EnumType>();
  /** Keys of from-tables (and their partitions) that a rebuild replaces. */
  rebuiltFrom = new Set<string>();
  /** Keys of to-tables (and their partitions) that a rebuild creates. */
  rebuiltTo = new Set<string>();

  constructor(readonly from: Schema, readonly to: Schema, readonly opts: DiffOptions) {}

  private intentError(intent: Intent, message: string): InputError {
    return new InputError(message, { file: this.opts.specPath, line: intent.line });
  }

  private resolveTable(schema: Schema, name: string): Table | undefined {
    const parts = name.split(".");
    const q: QName = parts.length > 1
      ? { schema: parts[0], name: parts[1] }
      : { schema: this.opts.defaultSchema ?? "public", name: parts[0] };
    return schema.tables.get(qkey(q));
  }

  run(): DiffResult {
    this.schemasAndExtensions();
    this.mapTables();
    this.enums();
    for (const pair of this.pairs) this.mapColumns(pair);
    this.checkIntentsUsed();
    this.rebuilds();
    for (const pair of this.pairs) this.diffColumns(pair);
    const mappedTo = new Set(this.tableMap.values());
    for (const [k, t] of parentsFirst(this.to.tables)) {
      if (this.rebuiltTo.has(k)) {
        for (const c of t.constraints.filter((c) => c.kind === "foreign")) {
          this.changes.push({ kind: "add_constraint", table: t, constraint: c, tableIsNew: true });
        }
        continue;
      }
      if (!mappedTo.has(k)) {
        this.changes.push({ kind: "create_table", table: t });
        for (const c of t.constraints.filter((c) => c.kind === "foreign")) {
          this.changes.push({ kind: "add_constraint", table: t, constraint: c, tableIsNew: true });
        }
      }
    }
    for (const [k, t] of this.from.tables) {
      if (!this.tableMap.has(k) && !this.rebuiltFrom.has(k)) {
        this.changes.push({
          kind: "drop_table",
          table: t,
          acknowledged: this.dropAcks.has(qkey(t)) || this.dropAcks.has(t.name),
        });
      }
    }
    for (const pair of this.pairs) this.diffConstraints(pair);
    this.diffIndexes();
    this.diffSequences();
    markNameReuse(this.changes, this.from, this.to, {
      indexNamesPerSchema: this.opts.indexNamesPerSchema,
    });
    const colMaps = new Map(this.pairs.map((p) => [qkey(p.from), p.colMap]));
    this.changes.push(
      ...diffObjects(this.from, this.to, {
        changes: this.changes,
        tableMap: this.tableMap,
        colMaps,
        expr: this.opts.expr,
      }),
    );
    return { changes: this.changes, tableMap: this.tableMap };
  }

  // ------------------------------------------------------------ schemas, extensions

  private schemasAndExtensions(): void {
    for (const s of this.to.schemas) {
      if (!this.from.schemas.includes(s)) this.changes.push({ kind: "create_schema", name: s });
    }
    for (const s of this.from.schemas) {
      if (!this.to.schemas.includes(s)) this.changes.push({ kind: "drop_schema", name: s });
    }
    for (const e of this.to.extensions) {
      if (!this.from.extensions.includes(e)) {
        this.changes.push({ kind: "create_extension", name: e });
      }
    }
    for (const e of this.from.extensions) {
      if (!this.to.extensions.includes(e)) this.changes.push({ kind: "drop_extension", name: e });
    }
  }

  // ------------------------------------------------------------ tables

  private mapTables(): void {
    const renamed = new Map<string, { to: string; via: Via; line?: number }>();
    for (const intent of this.opts.intents) {
      if (intent.kind === "drop") {
        this.dropAcks.add(intent.target);
        const parts = intent.target.split(".");
        const asTable = this.resolveTable(this.from, intent.target);
        const asColumn = parts.length >= 2
          ? this.resolveTable(this.from, parts.slice(0, -1).join("."))
          : undefined;
        if (!asTable && !(asColumn && findColumn(asColumn, parts[parts.length - 1]))) {
          throw this.intentError(
            intent,
            `drop intent names ${intent.target}, which is not a table or column of ` +
              `${this.from.file}`,
          );
        }
        continue;
      }
      if (intent.kind !== "rename_table") continue;
      const f = this.resolveTable(this.from, intent.from);
      if (!f) {
        throw this.intentError(intent, `table ${intent.from} does not exist in ${this.from.file}`);
      }
      const t = this.resolveTable(this.to, intent.to);
      if (!t) {
        throw this.intentError(intent, `table ${intent.to} does not exist in ${this.to.file}`);
      }
      renamed.set(qkey(f), { to: qkey(t), via: "intent", line: intent.line });
    }
    for (const t of this.to.tables.values()) {
      if (!t.renamedFrom) continue;
      const f = this.resolveTable(
        this.from,
        t.renamedFrom.includes(".") ? t.renamedFrom : `${t.schema}.${t.renamedFrom}`,
      );
      if (!f) {
        throw new InputError(
          `@renamed from=${t.renamedFrom}: no table ${t.renamedFrom} in ${this.from.file}`,
          { file: this.to.file, line: t.line },
        );
      }
      if (!renamed.has(qkey(f))) renamed.set(qkey(f), { to: qkey(t), via: "hint" });
    }
    this.probableTableRenames(renamed);
    const targets = new Set([...renamed.values()].map((r) => r.to));
    for (const [fk, ft] of this.from.tables) {
      const r = renamed.get(fk);
      if (r) {
        const tt = this.to.tables.get(r.to)!;
        this.tableMap.set(fk, r.to);
        this.addPair({ from: ft, to: tt, colMap: new Map() });
        this.changes.push({
          kind: "rename_table",
          from: ft,
          to: tt,
          via: r.via,
          intentLine: r.line,
        });
      } else if (this.to.tables.has(fk) && !targets.has(fk)) {
        this.tableMap.set(fk, fk);
        this.addPair({ from: ft, to: this.to.tables.get(fk)!, colMap: new Map() });
      }
    }
  }

  /**
   * A table dropped and one created with the same columns (names and types, in any order, at
   * least two: a lone `id` says little), each the only such match of the other: a probable rename, reported and never applied
   * silently (a drop intent on the old table decides otherwise).
   */
  private probableTableRenames(
    renamed: Map<string, { to: string; via: Via; line?: number }>,
  ): void {
    const targets = new Set([...renamed.values()].map((r) => r.to));
    // (each table's signature made once: it is compared with every table on the other side)
    const sigs = new Map<Table, string>();
    const sig = (t: Table) => {
      let s = sigs.get(t);
      if (s === undefined) {
        s = t.columns.map((c) => `${c.name}:${JSON.stringify(c.type)}`).sort().join(",");
        sigs.set(t, s);
      }
      return s;
    };
    const gone = [...this.from.tables].filter(([k, t]) =>
      !this.to.tables.has(k) && !renamed.has(k) && t.columns.length > 1 &&
      !this.dropAcks.has(qkey(t)) && !this.dropAcks.has(t.name)
    );
    const fresh = [...this.to.tables].filter(([k]) => !this.from.tables.has(k) && !targets.has(k));
    for (const [fk, ft] of gone) {
      const s = sig(ft);
      const matches = fresh.filter(([, t]) => sig(t) === s);
      if (matches.length !== 1) continue;
      if (gone.filter(([, t]) => sig(t) === s).length !== 1) continue;
      renamed.set(fk, { to: matches[0][0], via: "probable" });
    }
  }

  /** The from-side table for an intent's table name (which may use the new name). */
  private fromTableFor(name: string): Table | undefined {
    const direct = this.resolveTable(this.from, name);
    if (direct) return direct;
    const t = this.resolveTable(this.to, name);
    if (!t) return undefined;
    for (const [fk, tk] of this.tableMap) if (tk === qkey(t)) return this.from.tables.get(fk);
    return undefined;
  }

  /** A source column of a data move that stays in the target schema, unchanged in name. */
  private keepColumn(pair: TablePair, name: string): void {
    pair.colMap.set(name, name);
    this.consume(this.consumedToCols, pair.to, name);
  }

  private addPair(p: TablePair): void {
    this.pairs.push(p);
    this.pairsByFrom.set(qkey(p.from), p);
  }

  private pairForFrom(t: Table): TablePair | undefined {
    const p = this.pairsByFrom.get(qkey(t));
    return p?.from === t ? p : undefined;
  }

  // ------------------------------------------------------------ columns

  private consume(m: Map<string, Set<string>>, t: Table, col: string): void {
    const k = qkey(t);
    let s = m.get(k);
    if (!s) m.set(k, s = new Set());
    s.add(col);
  }

  private fromCol(intent: Intent, ref: ColRef): { pair: TablePair; col: Column } {
    const t = this.fromTableFor(ref.table);
    const col = t && findColumn(t, ref.column);
    if (!t || !col) {
      throw this.intentError(
        intent,
        `${ref.table}.${ref.column} is not a column of ${this.from.file}`,
      );
    }
    const pair = this.pairForFrom(t);
    if (!pair) {
      throw this.intentError(intent, `table ${ref.table} is dropped by ${this.to.file}`);
    }
    return { pair, col };
  }

  private toCol(intent: Intent, pair: TablePair, ref: ColRef): Column {
    const t = this.resolveTable(this.to, ref.table);
    const ok = t === pair.to || this.fromTableFor(ref.table) === pair.from;
    const col = findColumn(pair.to, ref.column);
    if (!ok || !col) {
      throw this.intentError(
        intent,
        `${ref.table}.${ref.column} is not a column of ${this.to.file}`,
      );
    }
    return col;
  }

  /** The column intents (rename, split, merge, transform) by the from table they read. */
  private columnIntents?: Map<Table, Intent[]>;

  /**
   * The column intents of a from table, in the spec's order: grouped once (the table map is
   * complete before columns are mapped) rather than every intent looked at for every table.
   */
  private columnIntentsOf(ft: Table): Intent[] {
    if (!this.columnIntents) {
      this.columnIntents = new Map();
      for (const intent of this.opts.intents) {
        const ref = intent.kind === "merge"
          ? intent.from[0].table
          : intent.kind === "rename" || intent.kind === "split" || intent.kind === "transform"
          ? intent.from.table
          : undefined;
        const t = ref === undefined ? undefined : this.fromTableFor(ref);
        if (!t) continue;
        const list = this.columnIntents.get(t);
        if (list) list.push(intent);
        else this.columnIntents.set(t, [intent]);
      }
    }
    return this.columnIntents.get(ft) ?? [];
  }

  private mapColumns(pair: TablePair): void {
    const { from: ft, to: tt } = pair;
    if (ft.partitionOf || tt.partitionOf) {
      // a partition's columns are its parent's, changed through the parent
      const cols = (s: Schema, t: Table) =>
        (t.partitionOf ? s.tables.get(qkey(t.partitionOf.parent))?.columns : t.columns) ?? [];
      const toCols = new Set(cols(this.to, tt).map((c) => c.name));
      for (const c of cols(this.from, ft)) if (toCols.has(c.name)) pair.colMap.set(c.name, c.name);
      return;
    }
    const tq: QName = tt;
    const key = rowKey(ft);
    for (const intent of this.columnIntentsOf(ft)) {
      switch (intent.kind) {
        case "rename": {
          if (this.fromTableFor(intent.from.table) !== ft) break;
          const { col } = this.fromCol(intent, intent.from);
          const to = this.toCol(intent, pair, intent.to);
          pair.colMap.set(col.name, to.name);
          this.consume(this.consumedFromCols, ft, col.name);
          this.consume(this.consumedToCols, tt, to.name);
          if (col.name !== to.name) {
            this.changes.push({
              kind: "rename_column",
              table: tq,
              from: col,
              to,
              via: "intent",
              intentLine: intent.line,
            });
          }
          break;
        }
        case "split": {
          if (this.fromTableFor(intent.from.table) !== ft) break;
          const { col } = this.fromCol(intent, intent.from);
          const targets = intent.to.map((r) => this.toCol(intent, pair, r));
          const keepSource = !!findColumn(tt, col.name) &&
            !targets.some((t) => t.name === col.name);
          this.consume(this.consumedFromCols, ft, col.name);
          targets.forEach((t) => this.consume(this.consumedToCols, tt, t.name));
          if (keepSource) this.keepColumn(pair, col.name);
          this.changes.push({
            kind: "split_column",
            table: tq,
            from: col,
            to: targets,
            separator: intent.separator,
            keepSource,
            rowKey: key,
            intentLine: intent.line,
          });
          break;
        }
        case "merge": {
          if (this.fromTableFor(intent.from[0].table) !== ft) break;
          const sources = intent.from.map((r) => this.fromCol(intent, r).col);
          const target = this.toCol(intent, pair, intent.to);
          const keepSources = sources.every((s) => !!findColumn(tt, s.name));
          sources.forEach((s) => this.consume(this.consumedFromCols, ft, s.name));
          this.consume(this.consumedToCols, tt, target.name);
          if (keepSources) sources.forEach((s) => this.keepColumn(pair, s.name));
          this.changes.push({
            kind: "merge_columns",
            table: tq,
            from: sources,
            to: target,
            separator: intent.separator,
            keepSources,
            rowKey: key,
            intentLine: intent.line,
          });
          break;
        }
        case "transform": {
          if (this.fromTableFor(intent.from.table) !== ft) break;
          const { col } = this.fromCol(intent, intent.from);
          const target = this.toCol(intent, pair, intent.to);
          const keepSource = target.name !== col.name && !!findColumn(tt, col.name);
          this.consume(this.consumedFromCols, ft, col.name);
          this.consume(this.consumedToCols, tt, target.name);
          if (keepSource) this.keepColumn(pair, col.name);
          this.changes.push({
            kind: "transform_column",
            table: tq,
            from: col,
            to: target,
            up: intent.up,
            down: intent.down,
            samples: intent.samples,
            keepSource,
            rowKey: key,
            intentLine: intent.line,
          });
          break;
        }
        default:
          break;
      }
    }
    const usedFrom = this.consumedFromCols.get(qkey(ft)) ?? new Set<string>();
    const usedTo = this.consumedToCols.get(qkey(tt)) ?? new Set<string>();
    // hints
    for (const c of tt.columns) {
      if (!c.renamedFrom || usedTo.has(c.name)) continue;
      const f = findColumn(ft, c.renamedFrom);
      if (!f) {
        throw new InputError(
          `@renamed from=${c.renamedFrom}: no column ${ft.name}.${c.renamedFrom} in ` +
            this.from.file,
          { file: this.to.file, line: c.line },
        );
      }
      if (usedFrom.has(f.name)) continue;
      pair.colMap.set(f.name, c.name);
      usedFrom.add(f.name);
      usedTo.add(c.name);
      this.changes.push({ kind: "rename_column", table: tq, from: f, to: c, via: "hint" });
    }
    // same names
    for (let i = 0; i < ft.columns.length; i++) {
      const c = ft.columns[i];
      if (usedFrom.has(c.name)) continue;
      const t = tt.columns[columnIndexNear(tt, c.name, i)] as Column | undefined;
      if (t && !usedTo.has(t.name)) {
        pair.colMap.set(c.name, t.name);
        usedFrom.add(c.name);
        usedTo.add(t.name);
      }
    }
    // probable renames among what is left
    const dropped = ft.columns.filter((c) => !usedFrom.has(c.name));
    const added = tt.columns.filter((c) => !usedTo.has(c.name));
    if (dropped.length === 0 && added.length === 0) {
      // (most tables): no rename, no column added or dropped
      this.consumedFromCols.set(qkey(ft), usedFrom);
      this.consumedToCols.set(qkey(tt), usedTo);
      return;
    }
    const ackd = (c: Column) =>
      this.dropAcks.has(`${qkey(ft)}.${c.name}`) || this.dropAcks.has(`${ft.name}.${c.name}`);
    const candidates: { f: Column; t: Column; ev: RenameEvidence }[] = [];
    for (const f of dropped) {
      if (ackd(f)) continue;
      for (const t of added) {
        const ev = this.renameEvidence(ft, tt, f, t);
        if (ev) candidates.push({ f, t, ev });
      }
    }
    candidates.sort((a, b) => b.ev.score - a.ev.score);
    const takenF = new Set<string>(), takenT = new Set<string>();
    for (const c of candidates) {
      if (takenF.has(c.f.name) || takenT.has(c.t.name)) continue;
      takenF.add(c.f.name);
      takenT.add(c.t.name);
      this.changes.push({
        kind: "rename_column",
        table: tq,
        from: c.f,
        to: c.t,
        via: "probable",
        evidence: c.ev,
      });
      usedFrom.add(c.f.name);
      usedTo.add(c.t.name);
      pair.colMap.set(c.f.name, c.t.name);
    }
    // a table that loses exactly one column and gains exactly one of a compatible type: a
    // probable rename even between unlike names (username -> handle)
    const lostF = ft.columns.filter((c) => !usedFrom.has(c.name) && !ackd(c));
    const gainedT = tt.columns.filter((c) => !usedTo.has(c.name));
    if (lostF.length === 1 && gainedT.length === 1) {
      const [f, t] = [lostF[0], gainedT[0]];
      const ev = this.unlikeEvidence(ft, tt, f, t);
      if (ev) {
        this.changes.push({
          kind: "rename_column",
          table: tq,
          from: f,
          to: t,
          via: "probable",
          evidence: ev,
        });
        usedFrom.add(f.name);
        usedTo.add(t.name);
        pair.colMap.set(f.name, t.name);
      }
    }
    for (const c of tt.columns) {
      if (!usedTo.has(c.name)) {
        this.changes.push({ kind: "add_column", table: tq, column: c, tableRowKey: rowKey(tt) });
      }
    }
    for (const c of ft.columns) {
      if (!usedFrom.has(c.name)) {
        this.changes.push({
          kind: "drop_column",
          table: tq,
          column: c,
          acknowledged: ackd(c),
          rowKey: key,
        });
      }
    }
    this.consumedFromCols.set(qkey(ft), usedFrom);
    this.consumedToCols.set(qkey(tt), usedTo);
  }

  /**
   * What both kinds of rename evidence start from, or undefined unless `t`'s type is `f`'s or a
   * widening of it: the name similarity (raw, for the score), the type change, the position.
   */
  private renameBasis(
    ft: Table,
    tt: Table,
    f: Column,
    t: Column,
  ): {
    sim: number;
    evidence: Pick<RenameEvidence, "nameSimilarity" | "sameType" | "typeClass" | "samePosition">;
  } | undefined {
    const same = sameType(f.type, t.type);
    const cls = same ? undefined : classifyTypeChange(f.type, t.type, this.opts.facts);
    if (!same && cls?.class !== "widen") return undefined;
    const sim = nameSimilarity(f.name, t.name);
    const samePosition = ft.columns.indexOf(f) === tt.columns.indexOf(t);
    return {
      sim,
      evidence: {
        nameSimilarity: Math.round(sim * 100) / 100,
        sameType: same,
        typeClass: cls?.class,
        samePosition,
      },
    };
  }

  private renameEvidence(
    ft: Table,
    tt: Table,
    f: Column,
    t: Column,
  ): RenameEvidence | undefined {
    const basis = this.renameBasis(ft, tt, f, t);
    if (!basis) return undefined;
    const { sim, evidence } = basis;
    const score = 0.6 * sim + (evidence.sameType ? 0.25 : 0.15) +
      (evidence.samePosition ? 0.15 : 0);
    if (score < (this.opts.probableRenameThreshold ?? 0.6)) return undefined;
    return {
      score: Math.round(score * 100) / 100,
      ...evidence,
      intentLine: `- rename: ${qdisplay(tt, this.opts.defaultSchema)}.${f.name} -> ${
        qdisplay(tt, this.opts.defaultSchema)
      }.${t.name}`,
    };
  }

  /**
   * Evidence that `f` became `t` although the names are unlike: a compatible type (the same or
   * a widening), neither generated; nullability, default, constraints and position reported.
   */
  private unlikeEvidence(
    ft: Table,
    tt: Table,
    f: Column,
    t: Column,
  ): RenameEvidence | undefined {
    if (f.generated || t.generated) return undefined;
    const basis = this.renameBasis(ft, tt, f, t);
    if (!basis) return undefined;
    const { sim, evidence } = basis;
    const kinds = (tb: Table, c: string) =>
      tb.constraints.filter((k) => k.columns.includes(c)).map((k) => k.kind).sort().join(",");
    const sameNullability = f.notNull === t.notNull;
    const sameDefault = (f.default?.key ?? "") === (t.default?.key ?? "");
    const sameConstraints = kinds(ft, f.name) === kinds(tt, t.name);
    const score = 0.3 * sim + (evidence.sameType ? 0.25 : 0.15) +
      (evidence.samePosition ? 0.15 : 0) + (sameNullability ? 0.1 : 0) + (sameDefault ? 0.1 : 0) +
      (sameConstraints ? 0.1 : 0);
    const table = qdisplay(tt, this.opts.defaultSchema);
    return {
      score: Math.round(score * 100) / 100,
      ...evidence,
      unlikeNames: true,
      sameNullability,
      sameDefault,
      sameConstraints,
      intentLine: `- rename: ${table}.${f.name} -> ${table}.${t.name}`,
    };
  }

  private checkIntentsUsed(): void {
    for (const intent of this.opts.intents) {
      if (intent.kind === "rename" || intent.kind === "split" || intent.kind === "transform") {
        const ref = intent.from;
        const t = this.fromTableFor(ref.table);
        if (!t || !findColumn(t, ref.column)) {
          throw this.intentError(
            intent,
            `${ref.table}.${ref.column} is not a column of ${this.from.file}`,
          );
        }
        if (!this.pairForFrom(t)) {
          throw this.intentError(intent, `table ${ref.table} is dropped by ${this.to.file}`);
        }
      } else if (intent.kind === "merge") {
        for (const ref of intent.from) {
          const t = this.fromTableFor(ref.table);
          if (!t || !findColumn(t, ref.column)) {
            throw this.intentError(
              intent,
              `${ref.table}.${ref.column} is not a column of ${this.from.file}`,
            );
          }
        }
      }
    }
  }

  private diffColumns(pair: TablePair): void {
    const tq: QName = pair.to;
    if (pair.from.partitionOf || pair.to.partitionOf) return; // changed through the parent
    const tableOptions = this.opts.tableOptionsDiffer?.(pair.from, pair.to) ?? [];
    if (tableOptions.length) {
      this.changes.push({
        kind: "alter_table_options",
        table: tq,
        from: pair.from,
        to: pair.to,
        options: tableOptions,
      });
    }
    const moved = this.opts.columnOptionsDiffer
      ? movedColumns(
        pair.colMap,
        pair.from.columns.map((c) => c.name),
        pair.to.columns.map((c) => c.name),
      )
      : new Set<string>();
    // (the map is mostly in column order: each lookup tries the column after the last one)
    let fi = -1, ti = -1;
    for (const [fn, tn] of pair.colMap) {
      fi = columnIndexNear(pair.from, fn, fi + 1);
      ti = columnIndexNear(pair.to, tn, ti + 1);
      const f = pair.from.columns[fi], t = pair.to.columns[ti];
      const before = this.changes.length;
      const fType = typeAfterRenames(f.type, this.typeRenames);
      if (
        !sameType(fType, t.type) || (f.collation ?? "") !== (t.collation ?? "") ||
        !!this.opts.typeDiffers?.(f, t)
      ) {
        this.changes.push({
          kind: "alter_column_type",
          table: tq,
          from: f,
          to: t,
          typeClass: domainAwareTypeChange(this.from, this.to, f.type, t.type, this.opts.facts),
        });
      }
      if (!sameDefault(f, t, this.opts.expr)) {
        if (t.default) this.changes.push({ kind: "set_default", table: tq, from: f, to: t });
        else this.changes.push({ kind: "drop_default", table: tq, from: f, to: t });
      }
      // a generated expression compared (and restored by the rollback, which runs before the
      // renames are undone) in the to-schema's column names
      const fg = f.generated && this.opts.expr.renameColumns(f.generated, pair.colMap);
      this.changes.push(...columnExtraChanges(
        { schema: this.from, table: pair.from, column: fg ? { ...f, generated: fg } : f },
        { schema: this.to, table: tq, column: t },
        this.opts.expr.sequenceOf,
      ));
      if (!f.notNull && t.notNull) {
        this.changes.push({ kind: "set_not_null", table: tq, from: f, to: t });
      } else if (f.notNull && !t.notNull) {
        this.changes.push({ kind: "drop_not_null", table: tq, from: f, to: t });
      }
      // other attributes: their own change when nothing else redefines the column
      const options = this.opts.columnOptionsDiffer?.(f, t, moved.has(tn.toLowerCase())) ?? [];
      if (options.length && this.changes.length === before) {
        this.changes.push({ kind: "alter_column_options", table: tq, from: f, to: t, options });
      }
    }
  }

  // ------------------------------------------------------------ rebuilds

  /**
   * Tables whose partitioning changes (PARTITION BY key or strategy, partitioned to plain or
   * back) are rebuilt: the pair and the pairs of their partitions leave the table map, and one
   * rebuild_table change replaces them. Only when nothing else changes in the columns (renames
   * by intent or hint aside): otherwise the objects differ reports the change of partitioning
   * as one that needs a migration of its own.
   */
  private rebuilds(): void {
    if (!this.opts.rebuildsPartitioning) return;
    for (const pair of [...this.pairs]) {
      const { from: f, to: t } = pair;
      if (f.partitionOf || t.partitionOf) continue;
      if ((f.partitionBy?.key ?? "") === (t.partitionBy?.key ?? "")) continue;
      if (!this.rebuildable(pair)) continue;
      const fromParts = partitionsOf(this.from, f);
      const toParts = partitionsOf(this.to, t);
      const fromKeys = new Set([qkey(f), ...fromParts.map(qkey)]);
      const toKeys = new Set([qkey(t), ...toParts.map(qkey)]);
      // a partition that stays but moves out of the tree (or into it) is not a rebuild
      const crossing = [...this.tableMap].some(([a, b]) =>
        fromKeys.has(a) !== toKeys.has(b) && (fromKeys.has(a) || toKeys.has(b))
      );
      if (crossing) continue;
      for (const k of fromKeys) {
        this.tableMap.delete(k);
        this.pairsByFrom.delete(k);
        this.rebuiltFrom.add(k);
      }
      for (const k of toKeys) this.rebuiltTo.add(k);
      this.pairs = this.pairs.filter((p) => !fromKeys.has(qkey(p.from)));
      // renames of the table and its columns are part of the rebuild
      this.changes = this.changes.filter((c) =>
        !(c.kind === "rename_table" && fromKeys.has(qkey(c.from))) &&
        !(c.kind === "rename_column" && toKeys.has(qkey(c.table)))
      );
      this.changes.push({
        kind: "rebuild_table",
        from: f,
        to: t,
        fromParts,
        toParts,
        columns: [...pair.colMap],
      });
    }
  }

  /** Every column maps to one of the same type, and no other column change is pending. */
  private rebuildable(pair: TablePair): boolean {
    const { from: f, to: t } = pair;
    if (pair.colMap.size !== f.columns.length || pair.colMap.size !== t.columns.length) {
      return false;
    }
    for (const [a, b] of pair.colMap) {
      const fc = findColumn(f, a), tc = findColumn(t, b);
      if (!fc || !tc || !sameType(typeAfterRenames(fc.type, this.typeRenames), tc.type)) {
        return false;
      }
    }
    return !this.changes.some((c) =>
      "table" in c && c.kind !== "rename_column" &&
      (qkey(c.table) === qkey(t) || qkey(c.table) === qkey(f))
    ) && !this.changes.some((c) =>
      c.kind === "rename_column" && c.via === "probable" &&
      qkey(c.table) === qkey(t)
    );
  }

  /** True for a foreign key to a table that is rebuilt: dropped and added to the new table. */
  private repointed(c: Constraint): boolean {
    return !!c.ref && this.rebuiltFrom.has(qkey(c.ref.table));
  }

  // ------------------------------------------------------------ constraints

  /** Maps a from-side constraint into to-side names (table and column renames). */
  private mapConstraint(pair: TablePair, c: Constraint): Constraint {
    const cols = c.columns.map((n) => pair.colMap.get(n) ?? n);
    const out: Constraint = { ...c, columns: cols };
    if (c.expr) out.expr = this.opts.expr.renameColumns(c.expr, pair.colMap);
    if (c.ref) {
      const refKey = qkey(c.ref.table);
      const toKey = this.tableMap.get(refKey);
      const refPair = this.pairsByFrom.get(refKey);
      out.ref = {
        table: toKey ? this.to.tables.get(toKey)! : c.ref.table,
        columns: c.ref.columns.map((n) => refPair?.colMap.get(n) ?? n),
      };
    }
    return out;
  }

  private diffConstraints(pair: TablePair): void {
    const tq: QName = pair.to;
    const fromCs = pair.from.constraints.map((c) => ({
      orig: c,
      mapped: this.mapConstraint(pair, c),
    }));
    const toCs = [...pair.to.constraints];
    const matched = new Set<Constraint>();
    const unmatchedFrom: typeof fromCs = [];
    const repointed: typeof fromCs = [];
    for (const fc of fromCs) {
      const same = toCs.find((t) => !matched.has(t) && t.name === fc.orig.name);
      // a constraint cannot become NOT VALID again in place: dropped and added NOT VALID
      if (this.repointed(fc.orig)) {
        repointed.push(fc);
        continue;
      }
      if (
        same && constraintSig(same) === constraintSig(fc.mapped) &&
        (!same.notValid || fc.orig.notValid)
      ) {
        matched.add(same);
        if (fc.orig.notValid && !same.notValid) {
          this.changes.push({ kind: "validate_constraint", table: tq, constraint: same });
        }
        continue;
      }
      unmatchedFrom.push(fc);
    }
    const leftovers: typeof fromCs = [...repointed];
    for (const fc of unmatchedFrom) {
      const flipped = toCs.some((t) =>
        !matched.has(t) && t.name === fc.orig.name && constraintSig(t) === constraintSig(fc.mapped)
      );
      if (flipped) {
        // only NOT VALID differs: dropped and added again NOT VALID
        leftovers.push(fc);
        continue;
      }
      const hinted = toCs.find((t) => !matched.has(t) && t.renamedFrom === fc.orig.name);
      const bySig = toCs.find((t) =>
        !matched.has(t) && constraintSig(t) === constraintSig(fc.mapped) &&
        (!t.notValid || !!fc.orig.notValid) &&
        !pair.from.constraints.some((o) => o.name === t.name && o !== fc.orig)
      );
      const target = hinted && constraintSig(hinted) === constraintSig(fc.mapped) ? hinted : bySig;
      if (target) {
        matched.add(target);
        this.changes.push({
          kind: "rename_constraint",
          table: tq,
          from: fc.mapped,
          to: target,
          via: target === hinted
            ? "hint"
            : fc.orig.implicitName && target.implicitName
            ? "follows"
            : "definition",
        });
        if (fc.orig.notValid && !target.notValid) {
          this.changes.push({ kind: "validate_constraint", table: tq, constraint: target });
        }
      } else leftovers.push(fc);
    }
    for (const fc of leftovers) {
      this.changes.push({ kind: "drop_constraint", table: pair.from, constraint: fc.orig });
    }
    for (const t of toCs) {
      if (!matched.has(t)) {
        this.changes.push({ kind: "add_constraint", table: tq, constraint: t, tableIsNew: false });
      }
    }
  }

  // ------------------------------------------------------------ indexes

  private diffIndexes(): void {
    const mapped = new Map<string, { orig: Index; key: string }>();
    for (const [k, i] of this.from.indexes) {
      const toTableKey = this.tableMap.get(qkey(i.table));
      if (!toTableKey) continue; // goes with its table
      const pair = this.pairsByFrom.get(qkey(i.table))!;
      const m = mapIndex(i, pair.to, pair.colMap, this.opts.expr);
      mapped.set(k, { orig: i, key: m.key });
    }
    const matchedTo = new Set<string>();
    const pendingFrom: { orig: Index; key: string }[] = [];
    for (const [k, m] of mapped) {
      const t = this.to.indexes.get(k);
      if (t && t.key === m.key) {
        matchedTo.add(k);
        continue;
      }
      pendingFrom.push(m);
    }
    const drops: Index[] = [];
    // a rename keeps the definition: only the to-indexes of the same key are candidates
    const byKey = new Map<string, Index[]>();
    if (pendingFrom.length) {
      for (const t of this.to.indexes.values()) {
        const list = byKey.get(t.key);
        if (list) list.push(t);
        else byKey.set(t.key, [t]);
      }
    }
    for (const m of pendingFrom) {
      const cands = (byKey.get(m.key) ?? []).filter((t) => !matchedTo.has(qkey(t)));
      const hinted = cands.find((t) => t.renamedFrom === m.orig.name);
      const bySig = cands.find((t) => !this.from.indexes.has(qkey(t)));
      const target = hinted ?? bySig;
      if (target) {
        matchedTo.add(qkey(target));
        this.changes.push({
          kind: "rename_index",
          from: m.orig,
          to: target,
          via: hinted
            ? "hint"
            : m.orig.implicitName && target.implicitName
            ? "follows"
            : "definition",
        });
      } else drops.push(m.orig);
    }
    for (const i of drops) this.changes.push({ kind: "drop_index", index: i });
    for (const [k, t] of this.to.indexes) {
      if (!matchedTo.has(k)) this.changes.push({ kind: "add_index", index: t });
    }
  }

  // ------------------------------------------------------------ enums

  private enums(): void {
    const usesOf = (schema: Schema, e: EnumType): EnumUse[] => {
      const out: EnumUse[] = [];
      for (const t of schema.tables.values()) {
        for (const c of t.columns) {
          if (c.type.schema === e.schema && c.type.name === e.name) {
            out.push({ table: t, column: c });
          }
        }
      }
      return out;
    };
    const renamedTypes = new Map<string, EnumType>();
    for (const e of this.to.enums.values()) {
      if (e.renamedFrom) {
        const f = this.from.enums.get(`${e.schema}.${e.renamedFrom}`);
        if (f) renamedTypes.set(qkey(f), e);
      }
    }
    this.typeRenames = renamedTypes;
    for (const [k, f] of this.from.enums) {
      const t = renamedTypes.get(k) ?? this.to.enums.get(k);
      if (!t) {
        this.changes.push({ kind: "drop_type", type: f });
        continue;
      }
      if (renamedTypes.has(k)) {
        this.changes.push({ kind: "rename_type", from: f, to: t, via: "hint" });
      }
      const renamedValues = new Map<string, string>(); // from value -> to value
      for (const [nv, ov] of Object.entries(t.renamedValues)) {
        if (f.values.includes(ov) && !f.values.includes(nv)) renamedValues.set(ov, nv);
      }
      for (const [ov, nv] of renamedValues) {
        this.changes.push({ kind: "rename_enum_value", type: t, from: ov, to: nv, via: "hint" });
      }
      const afterRename = f.values.map((v) => renamedValues.get(v) ?? v);
      const removed = afterRename.filter((v) => !t.values.includes(v));
      const kept = afterRename.filter((v) => t.values.includes(v));
      const keptOrderInTo = t.values.filter((v) => kept.includes(v));
      const reordered = kept.join("\u0000") !== keptOrderInTo.join("\u0000");
      if (removed.length || reordered) {
        this.changes.push({
          kind: "drop_enum_value",
          from: { ...f, values: afterRename },
          to: t,
          values: removed,
          usedBy: usesOf(this.to, t),
        });
        continue;
      }
      const present = [...kept];
      t.values.forEach((v, i) => {
        if (present.includes(v)) return;
        const after = i > 0 ? t.values[i - 1] : undefined;
        const before = t.values[i + 1];
        this.changes.push({
          kind: "add_enum_value",
          type: t,
          value: v,
          after: after,
          before: after === undefined ? before : undefined,
        });
        present.push(v);
      });
    }
    for (const [k, t] of this.to.enums) {
      const isRenameTarget = [...renamedTypes.values()].includes(t);
      if (!this.from.enums.has(k) && !isRenameTarget) {
        this.changes.push({ kind: "create_type", type: t });
      }
    }
  }

  // ------------------------------------------------------------ sequences

  private diffSequences(): void {
    const toOwned = new Map<string, Sequence>();
    for (const s of this.to.sequences.values()) {
      if (s.ownedBy) toOwned.set(`${qkey(s.ownedBy.table)}.${s.ownedBy.column}`, s);
    }
    const matched = new Set<Sequence>();
    /** from sequences that go with their table or column (their names are free after). */
    const goneWith = new Set<string>();
    // a standalone sequence an identity replaces goes with that change
    const replaced = new Set<string>();
    for (const c of this.changes) {
      if (c.kind === "add_identity" && c.replaces) replaced.add(qkey(c.replaces));
    }
    for (const [k, f] of this.from.sequences) {
      if (replaced.has(k)) {
        goneWith.add(k);
        continue;
      }
      if (f.ownedBy) {
        const tk = this.tableMap.get(qkey(f.ownedBy.table));
        if (!tk) {
          goneWith.add(k);
          continue; // dropped with its table
        }
        const pair = this.pairsByFrom.get(qkey(f.ownedBy!.table))!;
        const col = pair.colMap.get(f.ownedBy.column);
        const t = col ? toOwned.get(`${tk}.${col}`) : undefined;
        if (t) {
          matched.add(t);
          if (t.name !== f.name || t.schema !== f.schema) {
            this.changes.push({ kind: "rename_sequence", from: f, to: t, via: "follows" });
            goneWith.add(k); // its old name is free after the rename
          }
          if (!sameSequenceOptions(f, t)) {
            this.changes.push({ kind: "alter_sequence", from: f, to: t });
          }
          continue;
        }
        if (col && f.implicit) continue; // the column stops being serial: handled by the column
        if (!col) {
          goneWith.add(k);
          continue; // dropped with its column
        }
      }
      const t = this.to.sequences.get(k);
      if (t && !matched.has(t)) {
        matched.add(t);
        if (!sameSequenceOptions(f, t)) {
          this.changes.push({ kind: "alter_sequence", from: f, to: t });
        }
      } else if (!f.implicit) {
        this.changes.push({ kind: "drop_sequence", sequence: f });
      }
    }
    for (const t of this.to.sequences.values()) {
      if (matched.has(t) || t.implicit) continue;
      if (!this.from.sequences.has(qkey(t))) {
        this.changes.push({ kind: "create_sequence", sequence: t });
      } else if (goneWith.has(qkey(t))) {
        // the name is free only once its sequence is renamed or goes with its table
        this.changes.push({ kind: "create_sequence", sequence: t, afterDrops: true });
      }
    }
  }
}

/**
 * Classifies a column type change where either side may be a user type: a domain to its base
 * type widens, a base type to a domain over it narrows (the domain's checks are the guard), an
 * enum and a text type convert by cast; other changes are classified on the base types.
 */
function domainAwareTypeChange(
  from: Schema,
  to: Schema,
  a: ColumnType,
  b: ColumnType,
  facts: TypeFacts,
): TypeChangeClass {
  const domainOf = (s: Schema, t: ColumnType) =>
    t.schema !== undefined && t.arrayDims === 0
      ? s.domains.get(qkey({ schema: t.schema, name: t.name }))
      : undefined;
  // an enum and a text type convert both ways by cast (guarded when going to the enum)
  const isEnum = (s: Schema, t: ColumnType) =>
    t.schema !== undefined && t.arrayDims === 0 &&
    s.enums.has(qkey({ schema: t.schema, name: t.name }));
  const texty = (t: ColumnType) =>
    t.schema === undefined && t.arrayDims === 0 &&
    ["text", "varchar", "bpchar", "citext"].includes(t.name);
  if ((isEnum(from, a) && texty(b)) || (texty(a) && isEnum(to, b))) {
    return { class: "convert", rewrite: true, cast: true, guard: "cast" };
  }
  const fd = domainOf(from, a), td = domainOf(to, b);
  if (fd && sameType(fd.base, b)) return { class: "widen", rewrite: false, cast: true };
  if (td && sameType(td.base, a)) {
    return { class: "narrow", rewrite: false, cast: true, guard: "cast" };
  }
  if (!fd && !td) return classifyTypeChange(a, b, facts);
  const base = classifyTypeChange(fd?.base ?? a, td?.base ?? b, facts);
  return td
    ? { ...base, guard: "cast", class: base.class === "widen" ? "convert" : base.class }
    : base;
}

/** The partitions of a table and theirs, parents first. */
function partitionsOf(s: Schema, root: Table): Table[] {
  const out: Table[] = [];
  const under = new Set([qkey(root)]);
  for (const [k, t] of parentsFirst(s.tables)) {
    if (t.partitionOf && under.has(qkey(t.partitionOf.parent))) {
      under.add(k);
      out.push(t);
    }
  }
  return out;
}

/** Tables in file order, except that a partition or inheritance child follows its parents. */
function parentsFirst(tables: Map<string, Table>): [string, Table][] {
  const keys = dependencyOrder([...tables.keys()], (k) => {
    const t = tables.get(k)!;
    return [
      ...(t.partitionOf ? [qkey(t.partitionOf.parent)] : []),
      ...(t.inherits ?? []).map(qkey),
    ];
  });
  return keys.map((k) => [k, tables.get(k)!]);
}

/**
 * The position of {@link findColumn}'s column (-1 when none), trying `i` first: a table's column
 * names are unique, so the column found there is the one `findColumn` finds.
 */
function columnIndexNear(t: Table, name: string, i: number): number {
  const c = t.columns[i];
  return c !== undefined && c.name === name ? i : t.columns.findIndex((x) => x.name === name);
}

function sameSequenceOptions(a: Sequence, b: Sequence): boolean {
  return (a.dataType ?? "int8") === (b.dataType ?? "int8") && a.start === b.start &&
    a.increment === b.increment && a.minValue === b.minValue && a.maxValue === b.maxValue &&
    a.cache === b.cache && !!a.cycle === !!b.cycle;
}

function sameDefault(f: Column, t: Column, expr: ExprHelpers): boolean {
  if (f.sequence && t.sequence && nextvalOrSerial(f, expr) && nextvalOrSerial(t, expr)) {
    return true;
  }
  if ((f.identity ?? "") !== (t.identity ?? "")) return true; // identity changes are not defaults
  return (f.default?.key ?? "") === (t.default?.key ?? "");
}

function nextvalOrSerial(c: Column, expr: ExprHelpers): boolean {
  return !!c.serial || !!c.identity ||
    (!!c.default && expr.sequenceOf?.(c.default)?.name === c.sequence);
}

/** Signature of a constraint's definition, without its name. */
export function constraintSig(c: Constraint): string {
  return JSON.stringify([
    c.kind,
    c.columns,
    c.kind === "check" ? c.expr?.key : null,
    c.ref ? [qkey(c.ref.table), c.ref.columns] : null,
    c.onDelete ?? null,
    c.onUpdate ?? null,
    c.match ?? null,
    !!c.deferrable,
    !!c.initiallyDeferred,
    c.rawDef && c.kind === "exclude" ? c.rawDef : null,
  ]);
}

/** Maps an index through a table's renames (for matching against the target). */
export function mapIndex(
  i: Index,
  table: QName,
  colMap: Map<string, string>,
  expr: ExprHelpers,
): Index {
  const keys = i.keys.map((k) =>
    k.column
      ? { ...k, column: colMap.get(k.column) ?? k.column }
      : { ...k, expr: k.expr && expr.renameColumns(k.expr, colMap) }
  );
  const out: Index = {
    ...i,
    table: { schema: table.schema, name: table.name },
    keys,
    include: i.include.map((n) => colMap.get(n) ?? n),
    where: i.where && expr.renameColumns(i.where, colMap),
  };
  out.key = indexKey(out);
  return out;
}
