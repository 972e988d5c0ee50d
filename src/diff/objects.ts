/**
 * Diffs the schema objects of `src/model/objects.ts` (views, functions, triggers, policies,
 * domains, composite types, collations, comments) and the table settings beyond columns
 * (storage, row-level security, partitions), after the core differ has paired tables and
 * columns. Objects that PostgreSQL will not let a core change through (a view over a column
 * whose type changes, a trigger calling a function that is re-created) are dropped before it
 * and created again after it, in dependency order.
 * @module
 */
import type { ExprHelpers } from "../dialects/dialect.ts";
import type { Change } from "./changes.ts";
import type { ObjectChange, StorageChange } from "./object_changes.ts";
import {
  type Comment,
  commentKey,
  type CommentTarget,
  type CompositeType,
  type Domain,
  type Func,
  type Policy,
  type Trigger,
  type View,
} from "../model/objects.ts";
import {
  type Column,
  columnsOfType,
  qkey,
  type QName,
  type Schema,
  type Table,
} from "../model/schema.ts";
import { sameType } from "../model/types.ts";
import { dependencyOrder } from "./order.ts";
import { diffPrivileges } from "./privileges.ts";
import { privKey, type PrivTarget, targetExists } from "../model/privileges.ts";

/** What the core differ established. */
export interface CoreDiff {
  changes: Change[];
  /** from table key -> to table key, for tables on both sides. */
  tableMap: Map<string, string>;
  /** from table key -> (from column -> to column). */
  colMaps: Map<string, Map<string, string>>;
  /** The dialect's expression helpers (functions an expression calls). */
  expr: ExprHelpers;
}

/** The object changes between two schemas (see the module doc). */
export function diffObjects(from: Schema, to: Schema, core: CoreDiff): ObjectChange[] {
  return new ObjectDiffer(from, to, core).run();
}

const key = (q: QName) => qkey(q);

class ObjectDiffer {
  /** Changes, by group; emitted in this order (the plan's phases do the rest). */
  private early: ObjectChange[] = [];
  private types: ObjectChange[] = [];
  private late: ObjectChange[] = [];
  private comments: ObjectChange[] = [];
  /** from table key -> from column names whose definition changes, or that go. */
  private changedColumns = new Map<string, Set<string>>();
  /** from table keys that are renamed, dropped or have such columns. */
  private blockedTables = new Set<string>();
  /** `schema.name` of functions dropped or re-created. */
  private blockedFuncs = new Set<string>();
  /** from type keys re-created or dropped. */
  private blockedTypes = new Set<string>();
  /** from view keys dropped (recreated or not). */
  private droppedViews = new Set<string>();
  /** Comment keys (from names) of objects that the plan drops or re-creates. */
  private gone = new Set<string>();
  private toKeyOfFrom = new Map<string, string>();
  private fromKeyOfTo = new Map<string, string>();

  constructor(readonly from: Schema, readonly to: Schema, readonly core: CoreDiff) {
    for (const [f, t] of core.tableMap) {
      this.toKeyOfFrom.set(f, t);
      this.fromKeyOfTo.set(t, f);
    }
  }

  run(): ObjectChange[] {
    this.analyseCore();
    this.functions();
    this.domainsAndComposites();
    this.collations();
    this.views();
    this.triggers();
    this.policies();
    this.tables();
    this.sequenceOwners();
    this.commentChanges();
    const privileges = this.privilegeChanges();
    return [
      ...this.comments,
      ...privileges.early,
      ...this.early,
      ...this.types,
      ...this.late,
      ...privileges.late,
    ];
  }

  // ------------------------------------------------------------------ core changes

  private fromTableOfTo(q: QName): string {
    return this.fromKeyOfTo.get(key(q)) ?? key(q);
  }

  private markColumn(fromTable: string, column: string): void {
    let s = this.changedColumns.get(fromTable);
    if (!s) this.changedColumns.set(fromTable, s = new Set());
    s.add(column);
    this.blockedTables.add(fromTable);
  }

  /** Which tables, columns and types the core changes touch, and what they drop. */
  private analyseCore(): void {
    for (const c of this.core.changes) {
      switch (c.kind) {
        case "rename_table":
          this.blockedTables.add(key(c.from));
          break;
        case "drop_table":
          this.blockedTables.add(key(c.table));
          break;
        case "rebuild_table":
          for (const t of [c.from, ...c.fromParts]) this.blockedTables.add(key(t));
          break;
        case "rename_column":
          this.markColumn(this.fromTableOfTo(c.table), c.from.name);
          break;
        case "alter_column_type":
          this.markColumn(this.fromTableOfTo(c.table), c.from.name);
          break;
        case "drop_column":
          this.markColumn(this.fromTableOfTo(c.table), c.column.name);
          this.gone.add(commentKey({ kind: "column", ...this.fromQ(c.table), sub: c.column.name }));
          break;
        case "split_column":
        case "transform_column": {
          const t = this.fromTableOfTo(c.table);
          this.markColumn(t, c.from.name);
          if (!c.keepSource) {
            this.gone.add(commentKey({ kind: "column", ...this.fromQ(c.table), sub: c.from.name }));
          }
          break;
        }
        case "merge_columns": {
          const t = this.fromTableOfTo(c.table);
          for (const s of c.from) {
            this.markColumn(t, s.name);
            if (!c.keepSources) {
              this.gone.add(commentKey({ kind: "column", ...this.fromQ(c.table), sub: s.name }));
            }
          }
          break;
        }
        case "drop_constraint":
          this.gone.add(
            commentKey({ kind: "constraint", ...qOf(c.table), sub: c.constraint.name }),
          );
          break;
        case "drop_index":
          this.gone.add(commentKey({ kind: "index", ...qOf(c.index) }));
          break;
        case "drop_type":
          this.blockedTypes.add(key(c.type));
          this.gone.add(commentKey({ kind: "type", ...qOf(c.type) }));
          break;
        case "drop_enum_value":
          // the type is swapped for a new one: columns of that type change type
          this.blockedTypes.add(key(c.from));
          this.gone.add(commentKey({ kind: "type", ...qOf(c.from) }));
          this.markEnumColumns(c.from);
          break;
        case "add_enum_value":
          // the rollback swaps the type back: objects over its columns go around that too
          this.blockedTypes.add(key(c.type));
          this.markEnumColumns(c.type);
          break;
        case "drop_schema":
          this.gone.add(commentKey({ kind: "schema", schema: c.name, name: c.name }));
          break;
        default:
          break;
      }
    }
  }

  private markEnumColumns(e: QName): void {
    for (const { table, column } of columnsOfType(this.from, e)) {
      this.markColumn(key(table), column.name);
    }
  }

  private fromQ(toTable: QName): QName {
    const k = this.fromTableOfTo(toTable);
    const t = this.from.tables.get(k);
    return t ? qOf(t) : qOf(toTable);
  }

  // ------------------------------------------------------------------ functions

  private functions(): void {
    const creates: ObjectChange[] = [];
    for (const [k, f] of this.from.functions) {
      const t = this.to.functions.get(k);
      if (t && this.usesBlockedType(f)) {
        // a type it uses is swapped for a new one (enum values): dropped before, created after
        this.blockedFuncs.add(key(f));
        this.gone.add(commentKey(funcTarget(f)));
        this.early.push({ kind: "drop_dependent_function", func: f });
        creates.push({ kind: "create_dependent_function", func: t });
        continue;
      }
      if (!t) {
        this.blockedFuncs.add(key(f));
        this.gone.add(commentKey(funcTarget(f)));
        this.late.push(
          this.needsRelations(f, this.from)
            ? { kind: "drop_dependent_function", func: f }
            : { kind: "drop_function", func: f },
        );
      } else if (f.key !== t.key || f.kind !== t.kind) {
        if (f.signature === t.signature && f.kind === t.kind) {
          this.late.push({ kind: "replace_function", from: f, to: t });
        } else {
          this.blockedFuncs.add(key(f));
          this.gone.add(commentKey(funcTarget(f)));
          this.types.push({ kind: "recreate_function", from: f, to: t });
        }
      }
    }
    for (const [k, t] of this.to.functions) {
      if (this.from.functions.has(k)) continue;
      creates.push(
        this.needsRelations(t, this.to)
          ? { kind: "create_dependent_function", func: t }
          : { kind: "create_function", func: t },
      );
    }
    this.pendingFunctionCreates = creates;
  }

  private pendingFunctionCreates: ObjectChange[] = [];

  private usesBlockedType(f: Func): boolean {
    const bare = (t: string) => t.replace(/^setof /, "").replace(/(\[\])+$/, "");
    return [...f.types, bare(f.returns), ...f.params.map((p) => bare(p.typeKey))]
      .some((t) => this.blockedTypes.has(t));
  }

  /** A function whose creation needs tables or views (row types, a checked SQL body). */
  private needsRelations(f: Func, schema: Schema): boolean {
    const rel = (k: string) => schema.tables.has(k) || schema.views.has(k);
    const rowType = f.types.some(rel) ||
      rel(f.returns.replace(/^setof /, "").replace(/\[\]$/, "")) ||
      f.params.some((p) => rel(p.typeKey.replace(/(\[\])+$/, "")));
    return rowType || (f.atomic === true && f.reads.some(rel));
  }

  // ------------------------------------------------------------------ types

  private domainsAndComposites(): void {
    const creates = new Map<string, ObjectChange>();
    for (const [k, f] of this.from.domains) {
      const t = this.to.domains.get(k);
      if (!t) {
        this.late.push({ kind: "drop_domain", domain: f });
        this.blockedTypes.add(k);
      } else if (!sameDomain(f, t)) {
        this.late.push({ kind: "alter_domain", from: f, to: t });
        if (!sameType(f.base, t.base) || (f.collation ?? "") !== (t.collation ?? "")) {
          // its columns are converted to a new domain: what reads them goes around that
          this.blockedTypes.add(k);
          for (const u of columnsOfType(this.from, f)) this.markColumn(key(u.table), u.column.name);
        }
        for (const c of f.checks) {
          if (!t.checks.some((x) => x.name === c.name && x.expr.key === c.expr.key)) {
            this.gone.add(commentKey({ kind: "domain constraint", ...qOf(f), sub: c.name }));
          }
        }
      }
    }
    for (const [k, t] of this.to.domains) {
      if (!this.from.domains.has(k)) creates.set(k, { kind: "create_domain", domain: t });
    }
    for (const [k, f] of this.from.composites) {
      const t = this.to.composites.get(k);
      if (!t) {
        this.late.push({ kind: "drop_composite_type", type: f });
        this.blockedTypes.add(k);
      } else if (!sameComposite(f, t)) {
        this.types.push({ kind: "alter_composite_type", from: f, to: t });
        this.blockedTypes.add(k);
      }
    }
    for (const [k, t] of this.to.composites) {
      if (!this.from.composites.has(k)) creates.set(k, { kind: "create_composite_type", type: t });
    }
    for (const [k, f] of this.from.ranges) {
      const t = this.to.ranges.get(k);
      if (!t) {
        this.late.push({ kind: "drop_range_type", type: f });
        this.blockedTypes.add(k);
        this.gone.add(commentKey({ kind: "type", ...qOf(f) }));
      } else if (t.key !== f.key) {
        this.types.push({ kind: "replace_range_type", from: f, to: t });
        this.blockedTypes.add(k);
        this.gone.add(commentKey({ kind: "type", ...qOf(f) }));
      }
    }
    for (const [k, t] of this.to.ranges) {
      if (!this.from.ranges.has(k)) creates.set(k, { kind: "create_range_type", type: t });
    }
    // new functions, domains and composite types, each after what it uses
    const fnCreates = new Map<string, ObjectChange>();
    for (const c of this.pendingFunctionCreates) {
      if (c.kind === "create_function") fnCreates.set(`fn:${funcTargetKey(c.func)}`, c);
      else this.late.push(c);
    }
    const all = new Map<string, ObjectChange>([...creates, ...fnCreates]);
    const depsOf = (k: string): string[] => {
      const c = all.get(k)!;
      switch (c.kind) {
        case "create_domain":
          return [
            key(typeRef(c.domain.base)),
            ...c.domain.checks.flatMap((x) => this.core.expr.calls?.(x.expr) ?? []),
          ]
            .flatMap((d) => [d, ...fnKeysNamed(fnCreates, d)]);
        case "create_composite_type":
          return c.type.attributes.map((a) => key(typeRef(a.type)));
        case "create_function":
          return [...c.func.types, ...c.func.calls.flatMap((n) => fnKeysNamed(fnCreates, n))];
        default:
          return [];
      }
    };
    for (const k of dependencyOrder([...all.keys()], depsOf)) this.types.push(all.get(k)!);
  }

  // ------------------------------------------------------------------ collations

  private collations(): void {
    for (const [k, f] of this.from.collations) {
      const t = this.to.collations.get(k);
      if (!t) {
        this.late.push({ kind: "drop_collation", collation: f });
        this.gone.add(commentKey({ kind: "collation", ...qOf(f) }));
      }
    }
    for (const [k, t] of this.to.collations) {
      const f = this.from.collations.get(k);
      if (!f) this.types.unshift({ kind: "create_collation", collation: t });
    }
  }

  // ------------------------------------------------------------------ views

  private views(): void {
    const from = this.from.views, to = this.to.views;
    const recreate = new Set<string>();
    const gone = new Set<string>();
    for (const [k, f] of from) {
      const t = to.get(k);
      if (!t) gone.add(k);
      else if (
        f.key !== t.key || f.materialized !== t.materialized ||
        viewIndexesKey(f) !== viewIndexesKey(t)
      ) recreate.add(k);
    }
    // a view over something that changes goes too (and comes back when the target has it)
    for (let grew = true; grew;) {
      grew = false;
      for (const [k, f] of from) {
        if (gone.has(k) || recreate.has(k)) continue;
        const hit = f.reads.some((r) =>
          recreate.has(r) || gone.has(r) || this.blockedTables.has(r)
        ) ||
          f.calls.some((c) => this.blockedFuncs.has(c)) ||
          f.types.some((t) => this.blockedTypes.has(t));
        if (hit) {
          recreate.add(k);
          grew = true;
        }
      }
    }
    const drops = [...from.keys()].filter((k) => gone.has(k) || recreate.has(k));
    const dropOrder = dependencyOrder(drops, (k) => from.get(k)!.reads).reverse();
    for (const k of dropOrder) {
      const v = from.get(k)!;
      this.droppedViews.add(k);
      this.gone.add(commentKey({ kind: viewKind(v), ...qOf(v) }));
      for (const i of v.indexes) this.gone.add(commentKey({ kind: "index", ...qOf(i) }));
      this.early.push(
        v.materialized
          ? { kind: "drop_materialized_view", view: v, recreated: recreate.has(k) }
          : { kind: "drop_view", view: v, recreated: recreate.has(k) },
      );
    }
    const creates = [...to.keys()].filter((k) => !from.has(k) || recreate.has(k));
    for (const k of dependencyOrder(creates, (x) => to.get(x)!.reads)) {
      const v = to.get(k)!;
      this.late.push(
        v.materialized
          ? { kind: "create_materialized_view", view: v }
          : { kind: "create_view", view: v },
      );
    }
  }

  // ------------------------------------------------------------------ triggers, policies

  /** The to-side key of the relation a from-side trigger or policy is on, if it stays. */
  private relationAfter(q: QName): string | undefined {
    const k = key(q);
    if (this.from.views.has(k)) return this.droppedViews.has(k) ? undefined : k;
    return this.toKeyOfFrom.get(k);
  }

  private touchesChangedColumns(q: QName, columns: string[]): boolean {
    const changed = this.changedColumns.get(key(q));
    return !!changed && columns.some((c) => changed.has(c));
  }

  private triggers(): void {
    const matched = new Set<string>();
    for (const f of this.from.triggers.values()) {
      const rel = this.relationAfter(f.table);
      const onView = this.from.views.has(key(f.table));
      const t = rel ? this.to.triggers.get(`${rel}.${f.name}`) : undefined;
      const fnGone = this.blockedFuncs.has(f.func);
      if (!rel) {
        // its view goes (dropped first, so that the rollback creates it again after the view),
        // or its table is archived (it stays on it unless its function goes)
        if (onView || fnGone) {
          this.dropTrigger(f, onView && this.to.triggers.has(key(f.table) + `.${f.name}`));
        }
        continue;
      }
      if (!t) {
        this.dropTrigger(f, false);
        continue;
      }
      matched.add(`${rel}.${f.name}`);
      const same = t.key === f.key && t.enabled === f.enabled && !fnGone &&
        !this.touchesChangedColumns(f.table, f.columns);
      if (!same) {
        this.dropTrigger(f, true);
        this.late.push({ kind: "create_trigger", trigger: t });
      }
    }
    for (const [k, t] of this.to.triggers) {
      if (!matched.has(k)) this.late.push({ kind: "create_trigger", trigger: t });
    }
  }

  private dropTrigger(f: Trigger, recreated: boolean): void {
    this.gone.add(commentKey(triggerTarget(f)));
    this.early.push({ kind: "drop_trigger", trigger: f, recreated });
  }

  private policies(): void {
    const matched = new Set<string>();
    for (const f of this.from.policies.values()) {
      const rel = this.relationAfter(f.table);
      const t = rel ? this.to.policies.get(`${rel}.${f.name}`) : undefined;
      const fnGone = f.calls.some((c) => this.blockedFuncs.has(c));
      if (!rel) {
        if (fnGone) this.dropPolicy(f, false);
        continue;
      }
      if (!t) {
        this.dropPolicy(f, false);
        continue;
      }
      matched.add(`${rel}.${f.name}`);
      const same = t.key === f.key && !fnGone &&
        !f.reads.some((r) => this.droppedViews.has(r) || this.blockedTables.has(r)) &&
        !this.touchesChangedColumns(f.table, f.columns);
      if (!same) {
        this.dropPolicy(f, true);
        this.late.push({ kind: "create_policy", policy: t });
      }
    }
    for (const [k, t] of this.to.policies) {
      if (!matched.has(k)) this.late.push({ kind: "create_policy", policy: t });
    }
  }

  private dropPolicy(f: Policy, recreated: boolean): void {
    this.gone.add(commentKey({ kind: "policy", ...qOf(f.table), sub: f.name }));
    this.early.push({ kind: "drop_policy", policy: f, recreated });
  }

  // ------------------------------------------------------------------ tables

  private tables(): void {
    for (const [tk, t] of this.to.tables) {
      const fk = this.fromKeyOfTo.get(tk);
      const f = fk ? this.from.tables.get(fk) : undefined;
      this.rls(t, f);
      this.storage(t, f, fk);
      this.replicaCluster(t, f);
      this.partition(t, f);
    }
    for (const [fk, f] of this.from.tables) {
      if (this.toKeyOfFrom.has(fk) || !f.partitionOf) continue;
      // a dropped partition leaves its parent first (when the parent stays)
      if (this.toKeyOfFrom.has(key(f.partitionOf.parent))) {
        this.early.push({ kind: "detach_partition", table: qOf(f), partition: f.partitionOf });
      }
    }
  }

  private rls(t: Table, f: Table | undefined): void {
    const a = { enabled: !!f?.rls, forced: !!f?.forceRls };
    const b = { enabled: !!t.rls, forced: !!t.forceRls };
    if (a.enabled !== b.enabled || a.forced !== b.forced) {
      this.late.push({ kind: "alter_rls", table: qOf(t), from: a, to: b });
    }
  }

  private storage(t: Table, f: Table | undefined, fk: string | undefined): void {
    const ch: StorageChange = {
      options: { from: f ? f.options ?? {} : t.options ?? {}, to: t.options ?? {} },
      columns: [],
    };
    if (f && !!f.unlogged !== !!t.unlogged) {
      ch.unlogged = { from: !!f.unlogged, to: !!t.unlogged };
    }
    // (most tables set neither on any column: nothing to compare)
    const set = (c: Column) => c.storage !== undefined || c.statistics !== undefined;
    const columns = t.columns.some(set) || !!f?.columns.some(set) ? t.columns : [];
    const back = new Map<string, string>();
    if (columns.length) {
      for (const [a, b] of (fk ? this.core.colMaps.get(fk) : undefined) ?? []) back.set(b, a);
    }
    for (const c of columns) {
      const fromName = back.get(c.name);
      const fc: Column | undefined = fromName !== undefined && f
        ? f.columns.find((x) => x.name === fromName)
        : undefined;
      const entry: StorageChange["columns"][number] = { name: c.name, type: typeName(c) };
      if ((fc?.storage ?? undefined) !== c.storage) {
        entry.storage = { from: fc?.storage, to: c.storage };
      }
      if (fc?.statistics !== c.statistics) {
        entry.statistics = { from: fc?.statistics, to: c.statistics };
      }
      if (entry.storage || entry.statistics) ch.columns.push(entry);
    }
    const optionsChanged = JSON.stringify(ch.options.from) !== JSON.stringify(ch.options.to);
    if (optionsChanged || ch.unlogged || ch.columns.length) {
      this.late.push({ kind: "alter_table_storage", table: qOf(t), storage: ch });
    }
  }

  /**
   * REPLICA IDENTITY and CLUSTER ON, by index name after renames. An index that is dropped or
   * re-created loses its marks: they are set again after it is built (the rollback's come back
   * with the dropped index itself).
   */
  private replicaCluster(t: Table, f: Table | undefined): void {
    const { renamed, droppedByTable } = this.indexChanges ??= this.collectIndexChanges();
    const dropped = f ? droppedByTable.get(key(f)) : undefined;
    const rebuilt = (n?: string) => n !== undefined && !!dropped?.has(n);
    const after = (n?: string) => n === undefined ? undefined : renamed.get(n) ?? n;
    const fr = f?.replicaIdentity, tr = t.replicaIdentity;
    const fromR = fr && { ...fr, ...(fr.index ? { index: after(fr.index) } : {}) };
    const replicaKey = (r?: { kind: string; index?: string }) =>
      r ? `${r.kind}:${r.index ?? ""}` : "";
    const change: Extract<ObjectChange, { kind: "alter_replica_cluster" }> = {
      kind: "alter_replica_cluster",
      table: qOf(t),
    };
    if (replicaKey(fromR) !== replicaKey(tr) || rebuilt(fr?.index)) {
      change.replica = { from: rebuilt(fr?.index) ? undefined : fromR, to: tr };
    }
    const fc = after(f?.clusterOn);
    if (fc !== t.clusterOn || rebuilt(f?.clusterOn)) {
      change.cluster = { from: rebuilt(f?.clusterOn) ? undefined : fc, to: t.clusterOn };
    }
    if (change.replica || change.cluster) this.late.push(change);
  }

  /** Index renames (from name -> to name) and dropped index names by from table key. */
  private indexChanges?: { renamed: Map<string, string>; droppedByTable: Map<string, Set<string>> };

  /** {@link indexChanges}, in one pass over the core changes rather than one per table. */
  private collectIndexChanges(): NonNullable<ObjectDiffer["indexChanges"]> {
    const renamed = new Map<string, string>();
    const droppedByTable = new Map<string, Set<string>>();
    for (const c of this.core.changes) {
      if (c.kind === "rename_index") renamed.set(c.from.name, c.to.name);
      if (c.kind === "drop_index") {
        const k = key(c.index.table);
        let names = droppedByTable.get(k);
        if (!names) droppedByTable.set(k, names = new Set());
        names.add(c.index.name);
      }
    }
    return { renamed, droppedByTable };
  }

  private partition(t: Table, f: Table | undefined): void {
    if (!f) return; // a new table is created with its partition bound
    if ((f.partitionBy?.key ?? "") !== (t.partitionBy?.key ?? "")) {
      this.late.push({ kind: "alter_partitioning", from: f, to: t });
      return;
    }
    const fp = f.partitionOf, tp = t.partitionOf;
    const same = fp && tp && this.toKeyOfFrom.get(key(fp.parent)) === key(tp.parent) &&
      fp.key === tp.key;
    if (same) return;
    if (fp) this.early.push({ kind: "detach_partition", table: qOf(f), partition: fp });
    if (tp) this.late.push({ kind: "attach_partition", table: qOf(t), partition: tp });
  }

  // ------------------------------------------------------------------ sequences

  private sequenceOwners(): void {
    const renamedAway = new Set<string>();
    for (const c of this.core.changes) {
      if (c.kind === "rename_sequence") renamedAway.add(key(c.from));
    }
    for (const [k, t] of this.to.sequences) {
      if (t.implicit) continue;
      // a sequence of the same name that is renamed away is another sequence
      const f = renamedAway.has(k) ? undefined : this.from.sequences.get(k);
      const mapped = f?.ownedBy && this.mapOwner(f.ownedBy);
      const a = mapped ? `${key(mapped.table)}.${mapped.column}` : "";
      const b = t.ownedBy ? `${key(t.ownedBy.table)}.${t.ownedBy.column}` : "";
      if (a !== b && (f || t.ownedBy)) {
        this.late.push({
          kind: "alter_sequence_owner",
          sequence: t,
          from: f?.ownedBy ? mapped : undefined,
          to: t.ownedBy,
        });
      }
    }
  }

  private mapOwner(o: { table: QName; column: string }) {
    const tk = this.toKeyOfFrom.get(key(o.table));
    const t = tk ? this.to.tables.get(tk) : undefined;
    if (!t) return undefined;
    const col = this.core.colMaps.get(key(o.table))?.get(o.column) ?? o.column;
    return { table: qOf(t), column: col };
  }

  // ------------------------------------------------------------------ comments

  /** A from-side comment target named as after the migration (renames applied). */
  private mapTarget(t: CommentTarget): CommentTarget {
    const tableLike = ["table", "column", "constraint", "trigger", "policy"];
    if (!tableLike.includes(t.kind)) {
      const renamed = this.renamedObject(t);
      return renamed ? { ...t, ...renamed } : t;
    }
    const fk = `${t.schema}.${t.name}`;
    const tk = this.toKeyOfFrom.get(fk);
    const tt = tk ? this.to.tables.get(tk) : undefined;
    if (!tt) return t;
    const out: CommentTarget = { ...t, schema: tt.schema, name: tt.name };
    if (t.kind === "column" && t.sub !== undefined) {
      out.sub = this.core.colMaps.get(fk)?.get(t.sub) ?? t.sub;
    }
    if (t.kind === "constraint") {
      const r = this.core.changes.find((c) =>
        c.kind === "rename_constraint" && key(c.table) === tk && c.from.name === t.sub
      );
      if (r && r.kind === "rename_constraint") out.sub = r.to.name;
    }
    return out;
  }

  private renamedObject(t: CommentTarget): QName | undefined {
    for (const c of this.core.changes) {
      if (
        t.kind === "index" && c.kind === "rename_index" && key(c.from) === `${t.schema}.${t.name}`
      ) {
        return qOf(c.to);
      }
      if (
        t.kind === "sequence" && c.kind === "rename_sequence" &&
        key(c.from) === `${t.schema}.${t.name}`
      ) return qOf(c.to);
    }
    return undefined;
  }

  /** Comments whose object goes with an archived table (they go and come back with it). */
  private archived(t: CommentTarget): boolean {
    const onTable = ["table", "column", "constraint", "trigger", "policy"].includes(t.kind);
    if (onTable) {
      return !this.toKeyOfFrom.has(`${t.schema}.${t.name}`) &&
        !this.from.views.has(`${t.schema}.${t.name}`);
    }
    if (t.kind === "index") {
      const i = this.from.indexes.get(`${t.schema}.${t.name}`);
      return !!i && !this.toKeyOfFrom.has(key(i.table));
    }
    if (t.kind === "sequence") {
      return !this.to.sequences.has(`${t.schema}.${t.name}`) && !this.renamedObject(t);
    }
    if (t.kind === "type") {
      const k = `${t.schema}.${t.name}`;
      return (this.from.domains.has(k) && !this.to.domains.has(k)) ||
        (this.from.composites.has(k) && !this.to.composites.has(k));
    }
    return false;
  }

  private commentChanges(): void {
    const handledTo = new Set<string>();
    for (const [k, c] of this.from.comments) {
      if (this.archived(c.target)) continue;
      if (this.gone.has(k) || this.goneByOwner(c.target)) {
        this.comments.push({ kind: "drop_comment", comment: c });
        continue;
      }
      const mapped = this.mapTarget(c.target);
      const mk = commentKey(mapped);
      const t = this.to.comments.get(mk);
      handledTo.add(mk);
      if (t?.text === c.text) continue;
      const target: Comment = t ?? { target: mapped, text: c.text, line: c.line };
      this.late.push({ kind: "set_comment", comment: target, from: c.text, to: t?.text });
    }
    for (const [k, t] of this.to.comments) {
      if (!handledTo.has(k)) this.late.push({ kind: "set_comment", comment: t, to: t.text });
    }
  }

  // ------------------------------------------------------------------ privileges and owners

  private privilegeChanges() {
    return diffPrivileges({
      from: this.from,
      to: this.to,
      goes: (t) => this.gone.has(privKey(t)) || this.goneByOwner(t),
      archived: (t) => this.archived(t),
      mapTarget: (t) => this.mapTarget(t),
      existed: (t) => this.existedBefore(t),
    });
  }

  /** True when a to-side object was there before the migration (under this or an old name). */
  private existedBefore(t: PrivTarget): boolean {
    if (t.kind === "table" || t.kind === "column") {
      const fk = this.fromKeyOfTo.get(`${t.schema}.${t.name}`);
      if (!fk) return false;
      if (t.kind === "table") return true;
      const renamed = [...(this.core.colMaps.get(fk)?.entries() ?? [])];
      if (renamed.some(([, to]) => to === t.sub)) return true;
      return !!this.from.tables.get(fk)?.columns.some((c) =>
        c.name === t.sub && !renamed.some(([from]) => from === c.name)
      );
    }
    return targetExists(this.from, t) && !this.gone.has(privKey(t));
  }

  /** True when the comment's object goes with something dropped (a view, its table). */
  private goneByOwner(t: CommentTarget): boolean {
    if (t.kind === "column" || t.kind === "trigger" || t.kind === "policy") {
      return this.droppedViews.has(`${t.schema}.${t.name}`);
    }
    return false;
  }
}

function qOf(q: QName): QName {
  return { schema: q.schema, name: q.name };
}

function typeName(c: Column): string {
  return c.type.schema !== undefined ? `${c.type.schema}.${c.type.name}` : c.type.name;
}

function typeRef(t: { name: string; schema?: string }): QName {
  return { schema: t.schema ?? "pg_catalog", name: t.name };
}

function viewKind(v: View): "view" | "materialized view" {
  return v.materialized ? "materialized view" : "view";
}

function viewIndexesKey(v: View): string {
  return JSON.stringify(v.indexes.map((i) => `${i.name}:${i.key}`).sort());
}

function funcTarget(f: Func): CommentTarget {
  return {
    kind: f.kind,
    schema: f.schema,
    name: f.name,
    args: f.params.filter((p) => ["in", "inout", "variadic"].includes(p.mode)).map((p) =>
      p.typeKey
    ),
  };
}

function funcTargetKey(f: Func): string {
  return commentKey(funcTarget(f));
}

function triggerTarget(t: Trigger): CommentTarget {
  return { kind: "trigger", ...qOf(t.table), sub: t.name };
}

/** Keys in `fns` of functions named `schema.name`. */
function fnKeysNamed(fns: Map<string, ObjectChange>, name: string): string[] {
  const out: string[] = [];
  for (const [k, c] of fns) {
    if (c.kind === "create_function" && key(c.func) === name) out.push(k);
  }
  return out;
}

function sameDomain(a: Domain, b: Domain): boolean {
  const checks = (d: Domain) =>
    JSON.stringify(d.checks.map((c) => [c.name, c.expr.key]).sort((x, y) => x[0] < y[0] ? -1 : 1));
  return sameType(a.base, b.base) && (a.collation ?? "") === (b.collation ?? "") &&
    a.notNull === b.notNull && (a.default?.key ?? "") === (b.default?.key ?? "") &&
    checks(a) === checks(b);
}

function sameComposite(a: CompositeType, b: CompositeType): boolean {
  const sig = (c: CompositeType) =>
    JSON.stringify(c.attributes.map((x) => [x.name, x.type, x.collation ?? ""]));
  return sig(a) === sig(b);
}
