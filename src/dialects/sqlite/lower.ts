/**
 * Lowers the classified changes (in plan order) to SQLite statements, both directions.
 *
 * The changes of one table are grouped. Renames are `ALTER TABLE ... RENAME` (SQLite rewrites
 * the references in other tables, indexes, triggers and views); a column that SQLite permits
 * to add is `ALTER TABLE ... ADD COLUMN`; index changes are CREATE/DROP INDEX; everything else
 * of the table (dropped columns too: SQLite's DROP COLUMN rewrites the table AND checks and
 * reloads the whole schema, slower than a rebuild) becomes ONE rebuild ({@link
 * rebuildStatements}). The rollback is the inverse: columns renamed back, the inverse rebuild
 * (archived values put back exactly), the table renamed back, archives dropped. Views and triggers that read a changed
 * table are dropped first and recreated after, from the SQL the user wrote. Guards run before
 * anything changes; the final check (see `guards.ts`) rolls everything back if any guard fired
 * or any statement failed.
 * @module
 */
import { changeTable, TABLE_CHANGE_KINDS } from "../../plan/table_changes.ts";
import type { Change } from "../../diff/changes.ts";
import type { Schema, Table, Trigger, View } from "../../model/schema.ts";
import { columnDef, createIndexSql, createTableSql, objectSql } from "./ddl.ts";
import {
  type Expectation,
  finalStatements,
  type Guard,
  guardStatements,
  setupStatements,
} from "./guards.ts";
import { ident } from "./quote.ts";
import { copyTableName, type RebuildSpec, rebuildStatements } from "./rebuild.ts";
import {
  ArchiveNames,
  findTable,
  type Group,
  type Item,
  rowLabel,
  sqliteShapeDiffers,
  tableIndexes,
  TablePlan,
} from "./table.ts";
import { rebuildGuards, uniqueIndexGuard } from "./table_guards.ts";

/** A statement with its plan step (0: set-up and checks). */
export interface SqliteStatement {
  step: number;
  sql: string;
}

/** Input of {@link lowerSqlite}. */
export interface LowerSqliteInput {
  /** Classified changes in plan order; table names are those at the moment each executes. */
  changes: { change: Change; step: number }[];
  from: Schema;
  to: Schema;
  /** Suffix of archive names (unique per run). */
  archiveTag: string;
  /**
   * Statements written by rules that are not lowered (a user's own SQL), placed inside the
   * checked part of each file: after the lowered statements in the migration, before them in
   * the rollback. A failure there also rolls everything back.
   */
  extra?: { up?: SqliteStatement[]; down?: SqliteStatement[] };
}

/** Output of {@link lowerSqlite}: the statements inside the transaction of each file. */
export interface LowerSqliteOutput {
  up: SqliteStatement[];
  down: SqliteStatement[];
  notes: string[];
}

const OBJECT_KINDS = new Set<Change["kind"]>([
  "create_view",
  "drop_view",
  "create_trigger",
  "drop_trigger",
]);

/** Groups the changes per table, following renames; tables whose SQLite options differ too. */
export function groupChanges(input: LowerSqliteInput, notes: string[]): Group[] {
  const { from, to } = input;
  const renamed = new Map<string, string>();
  const droppedNames = new Set<string>();
  for (const { change: c } of input.changes) {
    if (c.kind === "rename_table") renamed.set(c.from.name, c.to.name);
    if (c.kind === "drop_table") droppedNames.add(c.table.name);
  }
  const finalName = (n: string) => {
    const seen = new Set<string>();
    while (renamed.has(n) && !seen.has(n)) {
      seen.add(n);
      n = renamed.get(n)!;
    }
    return n;
  };
  const groups: Group[] = [];
  const current = new Map<string, Group>();
  const low = (s: string) => s.toLowerCase();
  for (const f of from.tables.values()) {
    const dropped = droppedNames.has(f.name);
    const g: Group = {
      from: f,
      to: dropped ? undefined : findTable(to, finalName(f.name)),
      items: [],
      order: Infinity,
      created: false,
      dropped,
    };
    groups.push(g);
    current.set(low(f.name), g);
  }
  input.changes.forEach((item, order) => {
    const c = item.change;
    if (OBJECT_KINDS.has(c.kind)) return;
    if (!TABLE_CHANGE_KINDS.has(c.kind)) {
      notes.push(`${c.kind}: not a SQLite change; nothing is written for it`);
      return;
    }
    if (c.kind === "add_constraint" && c.tableIsNew) return;
    let g: Group | undefined;
    if (c.kind === "create_table") {
      g = { to: c.table, items: [], order, created: true, dropped: false };
      groups.push(g);
      current.set(low(c.table.name), g);
    } else {
      const name = changeTable(c);
      g = name === undefined ? undefined : current.get(low(name));
      if (c.kind === "rename_table" && g) {
        current.delete(low(c.from.name));
        current.set(low(c.to.name), g);
      }
    }
    if (!g) {
      notes.push(`${c.kind}: table ${changeTable(c) ?? "?"} not found; nothing is written for it`);
      return;
    }
    g.items.push(item);
    g.order = Math.min(g.order, order);
  });
  for (const g of groups) {
    if (g.from && g.to && !g.items.length && sqliteShapeDiffers(g.from, g.to)) {
      g.order = input.changes.length;
      notes.push(`${g.to.name}: STRICT, WITHOUT ROWID or AUTOINCREMENT changes: table rebuilt`);
    }
  }
  return groups.filter((g) =>
    g.items.length || (g.from && g.to && sqliteShapeDiffers(g.from, g.to))
  ).sort((a, b) =>
    // dropped tables go to their archive first: a new table may take the name
    Number(b.dropped) - Number(a.dropped) || a.order - b.order
  );
}

const WORDS = new WeakMap<View | Trigger, Set<string>>();

/**
 * The names an object's SQL text mentions (identifiers, quoted or not, and string contents, in
 * lower case): a conservative test, extra matches only recreate a view or trigger.
 */
function words(o: View | Trigger): Set<string> {
  let w = WORDS.get(o);
  if (!w) {
    w = new Set<string>();
    const re =
      /"((?:[^"]|"")*)"|`((?:[^`]|``)*)`|\[([^\]]*)\]|'((?:[^']|'')*)'|([A-Za-z0-9_$\u0080-\uffff]+)/g;
    for (const m of o.sql.matchAll(re)) {
      const t = m[1]?.replaceAll('""', '"') ?? m[2]?.replaceAll("``", "`") ?? m[3] ??
        m[4]?.replaceAll("''", "'") ?? m[5];
      if (t !== undefined) w.add(t.toLowerCase());
    }
    WORDS.set(o, w);
  }
  return w;
}

function reads(o: View | Trigger, names: Set<string>): boolean {
  for (const r of o.reads) {
    const n = r.includes(".") ? r.slice(r.indexOf(".") + 1) : r;
    if (names.has(n.toLowerCase())) return true;
  }
  for (const w of words(o)) if (names.has(w)) return true;
  return false;
}

/** Views in creation order (a view after the views it reads). */
function viewOrder(views: View[]): View[] {
  const out: View[] = [];
  const done = new Set<View>();
  const visit = (v: View, stack: Set<View>) => {
    if (done.has(v) || stack.has(v)) return;
    stack.add(v);
    for (const w of views) {
      if (w !== v && reads(v, new Set([w.name.toLowerCase()]))) visit(w, stack);
    }
    done.add(v);
    out.push(v);
  };
  for (const v of views) visit(v, new Set());
  return out;
}

interface ObjectPlan {
  dropViews: View[];
  dropTriggers: Trigger[];
  createViews: View[];
  createTriggers: Trigger[];
  stepOf: Map<View | Trigger, number>;
}

/** Views and triggers to drop before the table changes and to create after them. */
function planObjects(
  input: LowerSqliteInput,
  affected: Set<string>,
  firstStep: number,
  lastStep: number,
): ObjectPlan {
  const { from, to } = input;
  const stepOf = new Map<View | Trigger, number>();
  const droppedByChange = new Set<string>(), createdByChange = new Set<string>();
  for (const { change: c, step } of input.changes) {
    if (c.kind === "drop_view") {
      droppedByChange.add(`v:${c.view.name.toLowerCase()}`);
      stepOf.set(c.view, step);
    } else if (c.kind === "create_view") {
      createdByChange.add(`v:${c.view.name.toLowerCase()}`);
      stepOf.set(c.view, step);
    } else if (c.kind === "drop_trigger") {
      droppedByChange.add(`t:${c.trigger.name.toLowerCase()}`);
      stepOf.set(c.trigger, step);
    } else if (c.kind === "create_trigger") {
      createdByChange.add(`t:${c.trigger.name.toLowerCase()}`);
      stepOf.set(c.trigger, step);
    }
  }
  const fromViews = [...from.views.values()];
  const dropNames = new Set<string>(affected);
  const dropViews = new Set<View>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const v of fromViews) {
      if (dropViews.has(v)) continue;
      if (droppedByChange.has(`v:${v.name.toLowerCase()}`) || reads(v, dropNames)) {
        dropViews.add(v);
        dropNames.add(v.name.toLowerCase());
        grew = true;
      }
    }
  }
  const dropTriggers = [...from.triggers.values()].filter((t) =>
    droppedByChange.has(`t:${t.name.toLowerCase()}`) ||
    dropNames.has(t.table.name.toLowerCase()) || reads(t, dropNames)
  );
  const droppedView = new Set([...dropViews].map((v) => v.name.toLowerCase()));
  const droppedTrigger = new Set(dropTriggers.map((t) => t.name.toLowerCase()));
  const createViews = [...to.views.values()].filter((v) =>
    droppedView.has(v.name.toLowerCase()) || createdByChange.has(`v:${v.name.toLowerCase()}`)
  );
  const createTriggers = [...to.triggers.values()].filter((t) =>
    droppedTrigger.has(t.name.toLowerCase()) || createdByChange.has(`t:${t.name.toLowerCase()}`)
  );
  for (const v of dropViews) if (!stepOf.has(v)) stepOf.set(v, firstStep);
  for (const t of dropTriggers) if (!stepOf.has(t)) stepOf.set(t, firstStep);
  for (const v of createViews) if (!stepOf.has(v)) stepOf.set(v, lastStep);
  for (const t of createTriggers) if (!stepOf.has(t)) stepOf.set(t, lastStep);
  return {
    dropViews: viewOrder([...dropViews]).reverse(),
    dropTriggers,
    createViews: viewOrder(createViews),
    createTriggers,
    stepOf,
  };
}

/** The lowering of one direction, being built. */
class Out {
  statements: SqliteStatement[] = [];
  guards: Guard[] = [];
  expect: Expectation[] = [];
  renames = new Map<string, string>();
  private id = 0;
  nextId = () => ++this.id;
  add(step: number, ...sql: string[]): void {
    for (const s of sql) this.statements.push({ step, sql: s });
  }
  guard(g: Guard): void {
    this.guards.push(g);
    this.add(g.step, ...guardStatements(g));
  }
  /** Adds a CREATE statement and expects SQLite to hold exactly it at the end. */
  create(step: number, kind: "table" | "index" | "view" | "trigger", name: string, sql: string) {
    this.add(step, sql);
    this.expect.push({ kind, name, present: true, sql });
  }
  /** A rebuild; `exact`: nothing renames the table later, so its statements stay as written. */
  rebuild(step: number, spec: RebuildSpec, exact: boolean): void {
    this.guards.push(...spec.guards);
    this.add(step, ...rebuildStatements(spec));
    this.expect.push(
      { kind: "flag", name: `count:${spec.table}`, present: true },
      { kind: "table", name: copyTableName(spec.table), present: false },
    );
    if (!exact) return;
    this.expect.push({
      kind: "table",
      name: spec.table,
      present: true,
      sql: createTableSql(spec.target, { name: spec.table, refNames: spec.refNames }),
    });
    for (const i of spec.indexes) {
      this.expect.push({
        kind: "index",
        name: i.name,
        present: true,
        sql: createIndexSql(i, spec.table),
      });
    }
  }
  table(t: Table, name: string, present: boolean): void {
    this.expect.push({ kind: "table", name, present });
    if (present) {
      for (const c of t.columns) {
        this.expect.push({ kind: "column", table: name, name: c.name, present: true });
      }
    }
  }
}

/** A table present in both schemas under this name that no change is about. */
function untouched(input: LowerSqliteInput, name: string): boolean {
  const low = name.toLowerCase();
  if (!findTable(input.from, name) || !findTable(input.to, name)) return false;
  return !input.changes.some(({ change: c }) => {
    if (c.kind === "rename_table") {
      return c.from.name.toLowerCase() === low || c.to.name.toLowerCase() === low;
    }
    return changeTable(c)?.toLowerCase() === low;
  });
}

function firstStep(items: Item[], kinds?: Change["kind"][]): number {
  const xs = items.filter((i) => !kinds || kinds.includes(i.change.kind)).map((i) => i.step);
  return xs.length ? Math.min(...xs) : 0;
}

/** Lowers the plan's changes to SQLite statements (see the module documentation). */
export function lowerSqlite(input: LowerSqliteInput): LowerSqliteOutput {
  const notes: string[] = [];
  const groups = groupChanges(input, notes);
  const names = new ArchiveNames(input.archiveTag, [input.from, input.to]);
  const plans = new Map<Group, TablePlan>();
  for (const g of groups) {
    if (g.from && g.to) {
      const p = new TablePlan(g, names, input.from, input.to);
      plans.set(g, p);
      notes.push(...p.notes);
    }
  }
  const dropArchive = new Map<Group, string>();
  for (const g of groups) if (g.dropped && g.from) dropArchive.set(g, names.take([g.from.name]));

  const affected = new Set<string>();
  for (const g of groups) {
    const p = plans.get(g);
    const light = p && p.upAlter() && p.downAlter() &&
      g.items.every((i) =>
        ["add_index", "drop_index", "rename_index", "add_column"].includes(i.change.kind)
      );
    if (light) continue;
    if (g.from) affected.add(g.from.name.toLowerCase());
    if (g.to) affected.add(g.to.name.toLowerCase());
  }
  const steps = input.changes.map((c) => c.step);
  const objects = planObjects(
    input,
    affected,
    steps.length ? Math.min(...steps) : 0,
    steps.length ? Math.max(...steps) : 0,
  );

  const up = new Out(), down = new Out();
  // Foreign keys must be off: PRAGMA foreign_keys is a no-op inside a transaction, so a tool
  // that wraps the file in its own would leave them on, and dropping a rebuilt table would
  // delete the rows of its ON DELETE CASCADE children.
  for (const o of [up, down]) {
    o.guard({
      id: o.nextId(),
      step: 0,
      message:
        "smartspec guard: foreign keys are ON inside the transaction (was the file wrapped " +
        "in a transaction by a tool?): rebuilding a table would delete rows of tables that " +
        "reference it; run the file as it is (sqlite3 app.db < file)",
      violations: `SELECT 'PRAGMA foreign_keys' FROM pragma_foreign_keys WHERE foreign_keys`,
    });
  }
  // up
  for (const t of objects.dropTriggers) {
    up.add(objects.stepOf.get(t)!, `DROP TRIGGER ${ident(t.name)}`);
  }
  for (const v of objects.dropViews) up.add(objects.stepOf.get(v)!, `DROP VIEW ${ident(v.name)}`);
  for (const g of groups) lowerGroupUp(g, plans.get(g), dropArchive.get(g), input, up);
  for (const v of objects.createViews) {
    up.create(objects.stepOf.get(v)!, "view", v.name, objectSql(v));
  }
  for (const t of objects.createTriggers) {
    up.create(objects.stepOf.get(t)!, "trigger", t.name, objectSql(t));
  }
  // down
  for (const t of objects.createTriggers) {
    down.add(objects.stepOf.get(t)!, `DROP TRIGGER ${ident(t.name)}`);
  }
  for (const v of [...objects.createViews].reverse()) {
    down.add(objects.stepOf.get(v)!, `DROP VIEW ${ident(v.name)}`);
  }
  for (const g of [...groups].reverse()) {
    lowerGroupDown(g, plans.get(g), dropArchive.get(g), input, down);
  }
  for (const v of [...objects.dropViews].reverse()) {
    down.create(objects.stepOf.get(v)!, "view", v.name, objectSql(v));
  }
  for (const t of objects.dropTriggers) {
    down.create(objects.stepOf.get(t)!, "trigger", t.name, objectSql(t));
  }
  for (const p of plans.values()) {
    for (const a of p.archives) {
      down.add(firstStep(p.g.items), `DROP TABLE IF EXISTS ${ident(a.name)}`);
      down.expect.push({ kind: "table", name: a.name, present: false });
    }
  }
  objectExpectations(objects, up, down);
  up.statements.push(...(input.extra?.up ?? []));
  down.statements.unshift(...(input.extra?.down ?? []));
  return {
    up: frameStatements(up),
    down: frameStatements(down),
    notes,
  };
}

function objectExpectations(o: ObjectPlan, up: Out, down: Out): void {
  const names = (xs: (View | Trigger)[]) => new Set(xs.map((x) => x.name.toLowerCase()));
  const upCreated = names([...o.createViews, ...o.createTriggers]);
  const upDropped = names([...o.dropViews, ...o.dropTriggers]);
  for (const v of o.createViews) up.expect.push({ kind: "view", name: v.name, present: true });
  for (const t of o.createTriggers) {
    up.expect.push({ kind: "trigger", name: t.name, present: true });
  }
  for (const v of o.dropViews) {
    if (!upCreated.has(v.name.toLowerCase())) {
      up.expect.push({ kind: "view", name: v.name, present: false });
    }
    down.expect.push({ kind: "view", name: v.name, present: true });
  }
  for (const t of o.dropTriggers) {
    if (!upCreated.has(t.name.toLowerCase())) {
      up.expect.push({ kind: "trigger", name: t.name, present: false });
    }
    down.expect.push({ kind: "trigger", name: t.name, present: true });
  }
  for (const v of o.createViews) {
    if (!upDropped.has(v.name.toLowerCase())) {
      down.expect.push({ kind: "view", name: v.name, present: false });
    }
  }
  for (const t of o.createTriggers) {
    if (!upDropped.has(t.name.toLowerCase())) {
      down.expect.push({ kind: "trigger", name: t.name, present: false });
    }
  }
}

function frameStatements(o: Out): SqliteStatement[] {
  return [
    ...setupStatements({ guards: o.guards, expectations: o.expect, tableRenames: o.renames })
      .map((sql) => ({ step: 0, sql })),
    ...o.statements,
    ...finalStatements().map((sql) => ({ step: 0, sql })),
  ];
}

function indexExpectations(
  out: Out,
  before: Schema,
  beforeTable: Table | undefined,
  after: Schema,
  afterTable: Table | undefined,
): void {
  const gone = beforeTable ? tableIndexes(before, beforeTable.name) : [];
  const there = afterTable ? tableIndexes(after, afterTable.name) : [];
  const keep = new Set(there.map((i) => i.name.toLowerCase()));
  for (const i of there) out.expect.push({ kind: "index", name: i.name, present: true });
  for (const i of gone) {
    if (!keep.has(i.name.toLowerCase())) {
      out.expect.push({ kind: "index", name: i.name, present: false });
    }
  }
}

function columnsGone(out: Out, table: string, before: string[], after: Table): void {
  const keep = new Set(after.columns.map((c) => c.name.toLowerCase()));
  for (const n of before) {
    if (!keep.has(n.toLowerCase())) {
      out.expect.push({ kind: "column", table, name: n, present: false });
    }
  }
}

function lowerGroupUp(
  g: Group,
  p: TablePlan | undefined,
  archive: string | undefined,
  input: LowerSqliteInput,
  out: Out,
): void {
  const step = firstStep(g.items);
  if (g.created && g.to) {
    out.create(step, "table", g.to.name, createTableSql(g.to));
    for (const i of tableIndexes(input.to, g.to.name)) {
      out.create(step, "index", i.name, createIndexSql(i));
    }
    out.table(g.to, g.to.name, true);
    indexExpectations(out, input.from, undefined, input.to, g.to);
    return;
  }
  if (g.dropped && g.from && archive) {
    for (const i of tableIndexes(input.from, g.from.name)) {
      out.add(step, `DROP INDEX ${ident(i.name)}`);
    }
    out.add(step, `ALTER TABLE ${ident(g.from.name)} RENAME TO ${ident(archive)}`);
    out.renames.set(g.from.name, archive);
    out.expect.push({ kind: "table", name: g.from.name, present: false });
    out.expect.push({ kind: "table", name: archive, present: true });
    indexExpectations(out, input.from, g.from, input.to, undefined);
    return;
  }
  if (!p) return;
  const F = p.F, T = p.T;
  let name = F.name;
  for (const { change: c, step: s } of g.items) {
    if (c.kind === "rename_table") {
      out.add(s, `ALTER TABLE ${ident(c.from.name)} RENAME TO ${ident(c.to.name)}`);
      out.renames.set(c.from.name, c.to.name);
      name = c.to.name;
    }
  }
  for (const { change: c, step: s } of g.items) {
    if (c.kind === "rename_column") {
      out.add(
        s,
        `ALTER TABLE ${ident(name)} RENAME COLUMN ${ident(c.from.name)} TO ${ident(c.to.name)}`,
      );
    }
  }
  if (F.name.toLowerCase() !== T.name.toLowerCase()) {
    out.expect.push({ kind: "table", name: F.name, present: false });
  }
  out.table(T, T.name, true);
  columnsGone(out, T.name, F.columns.map((c) => p.upName(c.name)), T);
  indexExpectations(out, input.from, F, input.to, T);
  if (p.upAlter()) {
    alterUp(g, p, name, input, out);
    return;
  }
  const rebuildStep =
    firstStep(g.items.filter((i) => !["rename_table", "rename_column"].includes(i.change.kind))) ||
    step;
  const spec = p.upSpec(name, (spec) =>
    rebuildGuards({
      spec,
      source: F,
      sourceName: (n) => p.upName(n),
      dir: "up",
      items: g.items,
      step: rebuildStep,
      nextId: out.nextId,
      untouched: (n) => untouched(input, n),
      sourceIndexKeys: new Set(
        tableIndexes(input.from, F.name).filter((i) => i.unique).map((i) => i.key),
      ),
    }));
  out.rebuild(rebuildStep, spec, true);
  for (const a of p.archives) out.expect.push({ kind: "table", name: a.name, present: true });
}

function alterUp(g: Group, p: TablePlan, name: string, input: LowerSqliteInput, out: Out): void {
  const t = ident(name);
  for (const { change: c, step } of g.items) {
    if (c.kind === "drop_index") out.add(step, `DROP INDEX ${ident(c.index.name)}`);
    if (c.kind === "rename_index") out.add(step, `DROP INDEX ${ident(c.from.name)}`);
  }
  for (const { change: c, step } of g.items) {
    if (c.kind !== "add_column") continue;
    const col = p.T.columns.find((x) => x.name === c.column.name) ?? c.column;
    out.add(step, `ALTER TABLE ${t} ADD COLUMN ${columnDef(col)}`);
  }
  for (const { change: c, step } of g.items) {
    const idx = c.kind === "add_index" ? c.index : c.kind === "rename_index" ? c.to : undefined;
    if (!idx) continue;
    const def = [...input.to.indexes.values()].find((i) => i.name === idx.name) ?? idx;
    if (def.unique && def.keys.every((k) => k.column !== undefined) && !def.where) {
      out.guard(
        uniqueIndexGuard(
          name,
          def.keys.map((k) => k.column!),
          rowLabel(p.T, "s"),
          out.nextId(),
          step,
        ),
      );
    }
    out.create(step, "index", def.name, createIndexSql(def, name));
  }
}

function lowerGroupDown(
  g: Group,
  p: TablePlan | undefined,
  archive: string | undefined,
  input: LowerSqliteInput,
  out: Out,
): void {
  const step = firstStep(g.items);
  if (g.created && g.to) {
    out.add(step, `DROP TABLE ${ident(g.to.name)}`);
    out.expect.push({ kind: "table", name: g.to.name, present: false });
    indexExpectations(out, input.to, g.to, input.from, undefined);
    return;
  }
  if (g.dropped && g.from && archive) {
    out.add(step, `ALTER TABLE ${ident(archive)} RENAME TO ${ident(g.from.name)}`);
    for (const i of tableIndexes(input.from, g.from.name)) {
      out.create(step, "index", i.name, createIndexSql(i));
    }
    out.renames.set(archive, g.from.name);
    out.table(g.from, g.from.name, true);
    out.expect.push({ kind: "table", name: archive, present: false });
    indexExpectations(out, input.to, undefined, input.from, g.from);
    return;
  }
  if (!p) return;
  const F = p.F, T = p.T;
  const tableRename = g.items.find((i) => i.change.kind === "rename_table");
  const name = T.name;
  if (F.name.toLowerCase() !== T.name.toLowerCase()) {
    out.expect.push({ kind: "table", name: T.name, present: false });
  }
  out.table(F, F.name, true);
  columnsGone(out, F.name, T.columns.map((c) => p.back.get(c.name) ?? c.name), F);
  indexExpectations(out, input.to, T, input.from, F);
  const t = ident(name);
  const alter = p.downAlter();
  if (alter) {
    for (const { change: c, step: s } of g.items) {
      if (c.kind === "add_index") out.add(s, `DROP INDEX ${ident(c.index.name)}`);
      if (c.kind === "rename_index") out.add(s, `DROP INDEX ${ident(c.to.name)}`);
    }
  }
  for (const { change: c, step: s } of [...g.items].reverse()) {
    if (c.kind === "rename_column") {
      out.add(s, `ALTER TABLE ${t} RENAME COLUMN ${ident(c.to.name)} TO ${ident(c.from.name)}`);
    }
  }
  if (!alter) {
    const rebuildStep = firstStep(g.items.filter((i) =>
      !["rename_table", "rename_column"].includes(i.change.kind)
    )) || step;
    const spec = p.downSpec(name, (spec) =>
      rebuildGuards({
        spec,
        source: T,
        sourceName: (n) =>
          p.back.get(n) ?? n,
        dir: "down",
        items: g.items,
        step: rebuildStep,
        nextId: out.nextId,
        untouched: (n) => untouched(input, n),
        sourceIndexKeys: new Set(
          tableIndexes(input.to, T.name).filter((i) => i.unique).map((i) => i.key),
        ),
      }));
    out.rebuild(rebuildStep, spec, !tableRename);
  }
  if (tableRename) {
    const c = tableRename.change as Extract<Change, { kind: "rename_table" }>;
    out.add(tableRename.step, `ALTER TABLE ${t} RENAME TO ${ident(c.from.name)}`);
    out.renames.set(c.to.name, c.from.name);
  }
  if (alter) {
    for (const { change: c, step: s } of g.items) {
      const idx = c.kind === "drop_index"
        ? c.index
        : c.kind === "rename_index"
        ? c.from
        : undefined;
      if (!idx) continue;
      const def = [...input.from.indexes.values()].find((i) => i.name === idx.name) ?? idx;
      out.create(s, "index", def.name, createIndexSql(def, F.name));
    }
  }
}
