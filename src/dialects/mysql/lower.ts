/**
 * Lowers the classified changes (in plan order) to MySQL/MariaDB statements, both directions,
 * in numbered parts: the preflight (every guard, before any DDL), then one part per table.
 *
 * A table's changes become ONE `ALTER TABLE t <change>, <change>` (atomic per table). When
 * values move between columns (splits, merges, transforms) the move is DML between two ALTERs:
 * the first adds the targets (nullable), the UPDATE fills them, an archive keeps sources and
 * targets by key, the second drops the sources, makes the targets NOT NULL and adds keys and
 * foreign keys. Dropped columns and NULLs filled by a new NOT NULL are archived before the first
 * ALTER; a dropped table is renamed to its archive. The rollback is the same machine run from
 * the to-schema to the from-schema, putting the archived values back by key (a merged value
 * that is unchanged gives back its exact sources: 'Mary Ann' + 'Smith').
 * @module
 */
import { changeTable, TABLE_CHANGE_KINDS } from "../../plan/table_changes.ts";
import type {
  Column,
  Constraint,
  Func,
  Index,
  Schema,
  Table,
  Trigger,
  View,
} from "../../model/schema.ts";
import { classifyTypeChange } from "../../model/types.ts";
import type { TypeFacts } from "../../model/types.ts";
import {
  colExt,
  columnChecks,
  columnDef,
  constraintClause,
  createTableSql,
  dropConstraintClause,
  effectiveCharset,
  effectiveCharsetSql,
  indexClause,
  tableIndexes,
  tableOptionClauses,
  typeSql,
  withoutDefiner,
} from "./ddl_model.ts";
import type { Guard } from "./preflight.ts";
import { preflightStatements } from "./preflight.ts";
import { display, fitName, ident, literal, qualified } from "./quoting.ts";
import {
  type Clause,
  columnGone,
  columnShape,
  indexThere,
  isVirtual,
  type PtOscStep,
} from "./online.ts";
import {
  emitAlter,
  type EmitContext,
  emitContext,
  type Emitted,
  emitUpdate,
  jobPrefix,
  markSwitched,
} from "./emit.ts";
import { forgetJobs, progressTableSql } from "./backfill.ts";
import {
  createIfMissing,
  doneGuard,
  guardedClause,
  onlyWhen,
  partDone,
  preparedWhen,
  renameTableSql,
  tableThere,
} from "./rerun.ts";
import type { BackfillSettings } from "../../classify/described.ts";
import { syncTriggers } from "./sync.ts";
import { MYSQL_DEFAULT_SCHEMA } from "./names.ts";
import {
  ArchiveNames,
  col,
  type DirPlan,
  downPlan,
  type Group,
  type Item,
  type Move,
  nameArchives,
  upPlan,
} from "./table_plan.ts";
import { renameColumns } from "./expr.ts";
import { movedColumns } from "../../diff/positions.ts";
import type { MysqlFlavor } from "./expr.ts";

/** A statement with its plan step (0: frame and preflight). */
export interface MysqlStatement {
  step: number;
  sql: string;
  /** Comment lines before it. */
  note?: string;
}

/** A numbered part of a file. */
export interface Part {
  kind: "preflight" | "table" | "objects";
  title: string;
  statements: MysqlStatement[];
}

/** Input of {@link lowerMysql}. */
export interface LowerMysqlInput {
  changes: Item[];
  from: Schema;
  to: Schema;
  archiveTag: string;
  flavor: MysqlFlavor;
  facts: TypeFacts;
  /** `--online`: ALTERs online or through pt-online-schema-change, UPDATEs in batches. */
  online?: boolean;
  /** Online: rows per batch, pause and lock retries of the batched UPDATEs. */
  backfill?: BackfillSettings;
}

/** What online mode did in one file: its pt-osc steps and the ALTERs that still block writes. */
export interface OnlineFacts {
  ptOsc: PtOscStep[];
  locking: string[];
}

/** Output of {@link lowerMysql}. */
export interface LowerMysqlOutput {
  up: Part[];
  down: Part[];
  notes: string[];
  /** With `online`: what each file needs by hand or still locks. */
  online?: { up: OnlineFacts; down: OnlineFacts };
}

const low = (s: string) => s.toLowerCase();

function findTable(s: Schema, name: string): Table | undefined {
  for (const t of s.tables.values()) if (low(t.name) === low(name)) return t;
  return undefined;
}

/** Groups the changes per table, following table renames. */
export function groupChanges(input: LowerMysqlInput, notes: string[]): Group[] {
  const renamed = new Map<string, string>();
  const dropped = new Set<string>();
  for (const { change: c } of input.changes) {
    if (c.kind === "rename_table") renamed.set(low(c.from.name), c.to.name);
    if (c.kind === "drop_table") dropped.add(low(c.table.name));
  }
  const toName = new Map<string, Group>();
  const groups: Group[] = [];
  const byFrom = new Map<string, Group>();
  for (const { change: c, step } of input.changes) {
    if (!TABLE_CHANGE_KINDS.has(c.kind)) continue;
    if (c.kind === "add_constraint" && c.tableIsNew) continue;
    const name = changeTable(c);
    if (!name) {
      notes.push(`${c.kind}: not a MySQL table change; nothing is written for it`);
      continue;
    }
    let g = byFrom.get(low(name)) ?? toName.get(low(name));
    if (!g) {
      if (c.kind === "create_table") {
        g = { to: c.table, items: [], created: true, dropped: false };
        toName.set(low(c.table.name), g);
      } else {
        const f = findTable(input.from, name) ??
          [...input.from.tables.values()].find((t) =>
            low(renamed.get(low(t.name)) ?? "") === low(name)
          );
        if (!f) {
          notes.push(`${c.kind} ${name}: table not found; nothing is written for it`);
          continue;
        }
        g = byFrom.get(low(f.name));
        if (!g) {
          const isDropped = dropped.has(low(f.name));
          g = {
            from: f,
            to: isDropped ? undefined : findTable(input.to, renamed.get(low(f.name)) ?? f.name),
            items: [],
            created: false,
            dropped: isDropped,
          };
          byFrom.set(low(f.name), g);
          if (g.to) toName.set(low(g.to.name), g);
        }
      }
      groups.push(g);
    }
    g.items.push({ change: c, step });
  }
  return groups;
}

/** Where a table of the after-state was in the before-state, for foreign key guards. */
type Resolver = (afterTable: string) => { name: string; kept: Map<string, string> } | "created";

function firstStep(g: Group): number {
  return Math.min(...g.items.map((i) => i.step));
}

/** Lowers the plan's changes (see the module documentation). */
export function lowerMysql(input: LowerMysqlInput): LowerMysqlOutput {
  const notes: string[] = [];
  const groups = groupChanges(input, notes);
  const names = new ArchiveNames(input.archiveTag);
  const ups = new Map<Group, DirPlan>();
  const downs = new Map<Group, DirPlan>();
  for (const g of groups) {
    if (g.dropped && g.from) g.archive = names.take([g.from.name]);
    if (g.from && g.to) {
      const archives = nameArchives(g, names);
      const up = upPlan(g, archives, input.to);
      ups.set(g, up);
      downs.set(g, downPlan(g, up, input.from));
    }
  }
  const upResolve: Resolver = (after) => {
    const g = groups.find((x) => x.to && low(x.to.name) === low(after));
    if (g?.created) return "created";
    const p = g && ups.get(g);
    if (p) return { name: p.before.name, kept: invert(p.kept) };
    return { name: after, kept: new Map() };
  };
  const downResolve: Resolver = (after) => {
    const g = groups.find((x) => x.from && low(x.from.name) === low(after));
    // a table the migration dropped comes back from its archive, with its rows
    if (g?.dropped) return { name: g.archive!, kept: new Map() };
    const p = g && downs.get(g);
    if (p) return { name: p.before.name, kept: invert(p.kept) };
    return { name: after, kept: new Map() };
  };
  const upGuards: Guard[] = [];
  const downGuards: Guard[] = [];
  const schemas = [input.from, input.to];
  const ctxOf = (dir: "up" | "down") =>
    emitContext(
      !!input.online,
      input.flavor,
      schemas,
      input.archiveTag,
      dir,
      input.backfill,
    );
  const upCtx = ctxOf("up"), downCtx = ctxOf("down");
  const upParts: Part[] = [];
  const downParts: Part[] = [];
  // an archived table would keep its foreign key names (and MySQL's CHECK names), which are
  // unique per database: a new table of the migration may take them. They are dropped before
  // the tables change and added back after the rollback restored the table.
  const unname: MysqlStatement[] = [], rename: MysqlStatement[] = [];
  // online: clauses that skip what is done on a re-run, where the server has the forms
  const guard = (clause: string) => input.online ? guardedClause(clause, input.flavor) : clause;
  for (const g of groups) {
    if (!g.dropped || !g.from) continue;
    for (const c of g.from.constraints) {
      if (c.kind !== "foreign" && (c.kind !== "check" || input.flavor !== "mysql")) continue;
      const step = firstStep(g);
      unname.push({
        step,
        sql: `ALTER TABLE ${qualified(g.from)} ${guard(dropConstraintClause(c, input.flavor))}`,
      });
      rename.push({
        step,
        sql: addForeignKeySql(g.from, tableIndexes(input.from, g.from), c, guard),
      });
    }
  }
  // online: every part can be run again after a failure (rerun.ts)
  const ifExists = input.online ? "IF EXISTS " : "";
  for (const g of groups) {
    const step = firstStep(g);
    const title = g.created
      ? `create table ${display(g.to!)}`
      : g.dropped
      ? `drop table ${display(g.from!)} (kept as ${g.archive})`
      : `table ${display(g.from!)}${
        low(g.from!.name) !== low(g.to!.name) ? ` -> ${display(g.to!)}` : ""
      }`;
    const downTitle = g.created
      ? `drop table ${display(g.to!)}`
      : g.dropped
      ? `restore table ${display(g.from!)} from ${g.archive}`
      : `table ${display(g.to!)}${
        low(g.from!.name) !== low(g.to!.name) ? ` -> ${display(g.from!)}` : ""
      }`;
    if (g.created) {
      upParts.push(
        part(title, [{
          step,
          sql: createIfMissing(
            createTableSql(g.to!, tableIndexes(input.to, g.to!), input.flavor),
            !!input.online,
          ),
        }]),
      );
      downParts.push(
        part(downTitle, [{ step, sql: `DROP TABLE ${ifExists}${qualified(g.to!)}` }]),
      );
      continue;
    }
    if (g.dropped) {
      const arch = ident(g.archive!);
      // its triggers would move with it to the archive: dropped first, created again after
      const triggers = ownTriggers(input, g.from!);
      upParts.push(part(title, [
        ...triggers.map((t) => ({ step, sql: `DROP TRIGGER ${ifExists}${ident(t.name)}` })),
        { step, sql: renameTableSql(qualified(g.from!), arch, input.flavor, !!input.online) },
      ]));
      downParts.push(part(downTitle, [
        { step, sql: renameTableSql(arch, qualified(g.from!), input.flavor, !!input.online) },
        ...triggers.map((t) => ({ step, sql: objectSql(t) })),
      ]));
      continue;
    }
    const up = ups.get(g)!, down = downs.get(g)!;
    upCtx.group = downCtx.group = display(g.from!);
    upParts.push(part(title, lowerDir(up, step, input, upResolve, upGuards, upCtx)));
    downParts.push(part(downTitle, lowerDir(down, step, input, downResolve, downGuards, downCtx)));
  }
  const objects = lowerObjects(input);
  const upFks = foreignKeysAround(groups, ups, input.from, input.to, guard);
  const downFks = foreignKeysAround(groups, downs, input.to, input.from, guard);
  const constraintsOfArchived = (title: string, s: MysqlStatement[]): Part[] =>
    s.length ? [{ kind: "table", title, statements: s }] : [];
  const up = [
    ...preflightPart(upGuards),
    ...objects.upFirst,
    ...upFks.drop,
    ...constraintsOfArchived("drop the constraints of tables that are archived", unname),
    ...upParts,
    ...upFks.add,
    ...objects.upLast,
  ];
  const down = [
    ...preflightPart(downGuards),
    ...objects.downFirst,
    ...downFks.drop,
    ...downParts.reverse(),
    ...downFks.add,
    ...constraintsOfArchived("add the constraints of the restored tables back", rename),
    ...objects.downLast,
  ];
  // the rollback leaves no progress rows of the run (a later migration starts afresh)
  if ((upCtx.jobs.length || downCtx.jobs.length) && down.length) {
    const last = down[down.length - 1];
    const step = last.statements.at(-1)?.step ?? 0;
    forgetJobs(`${input.archiveTag}:`).forEach((sql, i) =>
      last.statements.push({
        step,
        sql,
        ...(i ? {} : { note: "online: the progress rows of this run's batches go" }),
      })
    );
  }
  renumberPtOsc(down, downCtx.ptOsc);
  const facts = (c: EmitContext): OnlineFacts => ({ ptOsc: c.ptOsc, locking: c.locking });
  return {
    up,
    down,
    notes,
    ...(input.online ? { online: { up: facts(upCtx), down: facts(downCtx) } } : {}),
  };
}

/**
 * MySQL refuses to change the type of a column that a foreign key uses (as child or parent),
 * even with foreign key checks off: such foreign keys are dropped in a part before the tables
 * change and added back (as the after-schema defines them) in a part after.
 */
function foreignKeysAround(
  groups: Group[],
  plans: Map<Group, DirPlan>,
  before: Schema,
  after: Schema,
  guard: (clause: string) => string,
): { drop: Part[]; add: Part[] } {
  const changed = new Set<string>();
  const planOf = new Map<string, DirPlan>();
  for (const p of plans.values()) {
    planOf.set(low(p.before.name), p);
    for (const [b, a] of p.kept) {
      const bc = col(p.before, b)!, ac = col(p.after, a)!;
      if (fitType(bc, false) !== fitType(ac, false)) changed.add(`${low(p.before.name)}.${b}`);
    }
  }
  if (!changed.size) return { drop: [], add: [] };
  const gone = new Set(
    groups.filter((g) => g.dropped || g.created).map((g) => low((g.from ?? g.to)!.name)),
  );
  const drops: MysqlStatement[] = [], adds: MysqlStatement[] = [];
  for (const t of before.tables.values()) {
    if (gone.has(low(t.name))) continue;
    const p = planOf.get(low(t.name));
    for (const c of t.constraints) {
      if (c.kind !== "foreign" || !c.ref) continue;
      const uses = c.columns.some((n) => changed.has(`${low(t.name)}.${low(n)}`)) ||
        c.ref.columns.some((n) => changed.has(`${low(c.ref!.table.name)}.${low(n)}`));
      if (!uses || p?.dropConstraints.some((d) => d.name === c.name)) continue;
      drops.push({
        step: 0,
        sql: `ALTER TABLE ${qualified(t)} ${guard(`DROP FOREIGN KEY ${ident(c.name)}`)}`,
      });
      const afterName = p ? p.after.name : t.name;
      const at = findTable(after, afterName);
      const ac = at?.constraints.find((x) => x.kind === "foreign" && x.name === c.name);
      if (at && ac && !p?.addConstraints.some((x) => x.name === c.name)) {
        adds.push({ step: 0, sql: addForeignKeySql(at, tableIndexes(after, at), ac, guard) });
      }
    }
  }
  return {
    drop: drops.length
      ? [{
        kind: "table",
        title: "drop the foreign keys of columns whose type changes",
        statements: drops,
      }]
      : [],
    add: adds.length
      ? [{ kind: "table", title: "add those foreign keys back", statements: adds }]
      : [],
  };
}

/**
 * Numbers the pt-osc steps of a file in the order they appear in it (the rollback's table parts
 * run in the reverse order of their lowering).
 */
function renumberPtOsc(parts: Part[], steps: PtOscStep[]): void {
  if (!steps.length) return;
  const re = /pt-online-schema-change #(\d+)/g;
  const order: number[] = [];
  for (const p of parts) {
    for (const st of p.statements) {
      for (const m of `${st.note ?? ""}\n${st.sql}`.matchAll(re)) {
        if (!order.includes(Number(m[1]))) order.push(Number(m[1]));
      }
    }
  }
  const to = (n: number) => order.indexOf(n) + 1;
  const swap = (s: string) => s.replace(re, (_, n) => `pt-online-schema-change #${to(Number(n))}`);
  for (const p of parts) {
    for (const st of p.statements) {
      st.sql = swap(st.sql);
      if (st.note) st.note = swap(st.note);
    }
  }
  for (const step of steps) step.n = to(step.n);
  steps.sort((a, b) => a.n - b.n);
}

/**
 * `ALTER TABLE ... ADD CONSTRAINT` of a foreign key (or a CHECK) dropped earlier by the
 * migration. MariaDB replaces the index it generated for the key when the table was created
 * (named after the column) with one named after the constraint: such an index is written again in
 * the same statement, so that the key uses it and the catalog stays as it was.
 */
function addForeignKeySql(
  t: Table,
  indexes: Index[],
  c: Constraint,
  guard: (clause: string) => string = (x) => x,
): string {
  const clauses: string[] = [];
  if (c.kind === "foreign") {
    const own = indexes.find((i) =>
      i.implicitName && !i.unique && !i.method?.match(/fulltext|spatial/) &&
      c.columns.every((n, k) => low(i.keys[k]?.column ?? "") === low(n))
    );
    if (own && low(own.name) !== low(c.name)) {
      clauses.push(`DROP INDEX ${ident(own.name)}`, `ADD ${indexClause(own)}`);
    }
  }
  // only the constraint is guarded: MariaDB reads IF [NOT] EXISTS against the table before the
  // ALTER, so a guarded drop and re-add of one index would drop it and skip the add
  clauses.push(guard(`ADD ${constraintClause(c)}`));
  return `ALTER TABLE ${qualified(t)} ${clauses.join(", ")}`;
}

function invert(m: Map<string, string>): Map<string, string> {
  return new Map([...m].map(([b, a]) => [low(a), b]));
}

function part(title: string, statements: MysqlStatement[]): Part {
  return { kind: "table", title, statements };
}

function preflightPart(guards: Guard[]): Part[] {
  if (!guards.length) return [];
  return [{
    kind: "preflight",
    title: `preflight: ${guards.length} check(s) that read the data and change nothing`,
    statements: preflightStatements(guards).map((s) => ({ step: 0, ...s })),
  }];
}

/** Statements of one direction of a changed table; its guards go to `guards`. */
function lowerDir(
  p: DirPlan,
  step: number,
  input: LowerMysqlInput,
  resolve: Resolver,
  guards: Guard[],
  ctx: EmitContext,
): MysqlStatement[] {
  const out: MysqlStatement[] = [];
  const add = (sql: string, note?: string) => out.push({ step, sql, note });
  const emit = (xs: Emitted[]) => xs.forEach((x) => add(x.sql, x.note));
  const B = qualified(p.before), A = qualified(p.after);
  const keyAfter = p.beforeKey.map((b) => p.kept.get(low(b)) ?? b);
  const typesOf = (t: Table, names: string[]) => names.map((n) => keyType(col(t, n)));
  const beforeKeyTypes = typesOf(p.before, p.beforeKey);
  const afterKeyTypes = typesOf(p.after, keyAfter);
  const selectKey = (names: string[]) =>
    names.map((n, i) => n === p.key[i] ? ident(n) : `${ident(n)} AS ${ident(p.key[i])}`);
  const join = (t: string, a: string) =>
    keyAfter.map((k, i) => `${t}.${ident(k)} = ${a}.${ident(p.key[i])}`).join(" AND ");
  const guardsAt = guards.length;
  guards.push(...dirGuards(p, input, resolve));

  // before the first ALTER: archives of dropped columns and of NULLs that get a value
  for (const d of p.dropped) {
    if (!d.archive) continue;
    add(
      `CREATE TABLE ${ctx.online ? "IF NOT EXISTS " : ""}${ident(d.archive)} AS SELECT ${
        [...selectKey(p.beforeKey), ident(d.name)].join(", ")
      } FROM ${B}`,
      `keeps ${display(p.before)}.${d.name} for the rollback`,
    );
  }
  for (const f of p.fills) {
    if (f.mode !== "fill") continue;
    add(
      `CREATE TABLE ${ctx.online ? "IF NOT EXISTS " : ""}${ident(f.archive)} AS SELECT ${
        selectKey(p.beforeKey).join(", ")
      } FROM ${B} WHERE ${ident(f.column)} IS NULL`,
      `remembers the rows of ${display(p.before)}.${f.column} that were NULL`,
    );
    emit(emitUpdate(ctx, {
      table: B,
      set: `${ident(f.column)} = ${f.value}`,
      where: `${ident(f.column)} IS NULL`,
      key: p.beforeKey,
      keyTypes: beforeKeyTypes,
    }));
  }

  const hasMoves = p.moves.length > 0;
  const before = p.before, after = p.after;
  const alter1: Clause[] = [];
  const alter2: Clause[] = [];
  // MariaDB's column-level CHECKs belong to their column's definition: they go with a dropped
  // column, and a MODIFY writes the after-state's (DROP CONSTRAINT cannot reach them)
  const inlineBefore = new Set(columnChecks(p.before, input.flavor).values());
  for (const c of p.dropConstraints) {
    if (!inlineBefore.has(c)) alter1.push(dropConstraint(c, input.flavor, before));
  }
  for (const i of p.dropIndexes) {
    alter1.push({
      sql: `DROP INDEX ${ident(i.name)}`,
      op: { op: "drop_index" },
      done: indexThere(before, i.name, false),
    });
  }
  const inline = columnChecks(p.after, input.flavor);
  const addedInline = new Set<Constraint>();
  alter1.push(
    ...columnClauses(
      p,
      { before: columnChecks(p.before, input.flavor), after: inline },
      addedInline,
    ),
  );
  for (const d of p.dropped) {
    alter1.push({
      sql: `DROP COLUMN ${ident(d.name)}`,
      op: { op: "drop_column" },
      done: columnGone(before, d.name),
      ...(isVirtual(col(before, d.name)) ? { virtual: "drop" as const } : {}),
    });
  }
  for (const r of p.renameIndexes) {
    alter1.push({
      sql: `RENAME INDEX ${ident(r.from)} TO ${ident(r.to)}`,
      op: { op: "rename_index" },
      done: indexThere(before, r.to),
    });
  }
  const keyTable = hasMoves ? after : before;
  const keys: Clause[] = [
    ...p.addIndexes.map((i): Clause => ({
      sql: `ADD ${indexClause(i)}`,
      op: { op: "add_index", method: i.method ?? "btree", unique: !!i.unique },
      unique: !!i.unique,
      done: indexThere(keyTable, i.name),
    })),
    // a new column's own CHECK is written in its definition (MariaDB names it after the column)
    ...p.addConstraints.filter((c) => c.kind !== "foreign" && !addedInline.has(c)).map((c) =>
      addConstraint(c, keyTable)
    ),
  ];
  (hasMoves ? alter2 : alter1).push(...keys);
  // the table's own attributes (engine, default charset ...) go first: a MODIFY without a charset
  // in the same statement takes the new default
  alter1.unshift(
    ...tableOptionClauses(p.before, p.after).map((sql): Clause => ({
      sql,
      op: /^COMMENT=/.test(sql) ? { op: "table_comment" } : { op: "table_options" },
    })),
  );
  const renamed = low(p.before.name) !== low(p.after.name);
  const alter1At = out.length;
  emit(emitAlter(ctx, before, alter1));
  const alter1End = out.length;
  // a rename is a statement of its own: MariaDB loses the table's foreign keys (and leaves those
  // that reference it on the old name) when RENAME TO shares a copying ALTER with
  // foreign_key_checks off
  if (renamed) emit([{ sql: renameTableSql(B, A, input.flavor, ctx.online) }]);

  // after the first ALTER: values put back, moved, archived
  for (const ad of p.added) {
    if (!ad.restoreFrom) continue;
    emit(emitUpdate(ctx, {
      table: A,
      alias: "t",
      join: `JOIN ${ident(ad.restoreFrom)} AS a ON ${join("t", "a")}`,
      set: `t.${ident(ad.column.name)} = a.${ident(ad.column.name)}`,
      key: keyAfter,
      keyTypes: afterKeyTypes,
    }, `puts back the values of ${display(p.after)}.${ad.column.name}`));
  }
  for (const f of p.fills) {
    if (f.mode !== "unfill") continue;
    emit(emitUpdate(ctx, {
      table: A,
      alias: "t",
      join: `JOIN ${ident(f.archive)} AS a ON ${join("t", "a")}`,
      set: `t.${ident(f.column)} = NULL`,
      key: keyAfter,
      keyTypes: afterKeyTypes,
    }, `puts back the NULLs of ${display(p.after)}.${f.column}`));
  }
  const sync = syncTriggers(
    ctx,
    A,
    p.after.name,
    p.moves.flatMap((m) =>
      m.targets.map((t) => ({
        column: m.tmp ?? t.name,
        expr: m.assign(t.name),
        sources: m.sources,
      }))
    ),
    [p.before.name, p.after.name].some((n) =>
        ctx.schemas.some((s) => [...s.triggers.values()].some((x) => low(x.table.name) === low(n)))
      )
      ? 1
      : 0,
  );
  const syncAt = out.length;
  emit(sync.create);
  const syncEnd = out.length;
  const firstMove = out.length;
  for (const m of p.moves) {
    for (const x of moveStatements(m, A, p, join, keyAfter, afterKeyTypes, ctx)) {
      add(x.sql, x.note);
    }
  }
  if (sync.note && out[firstMove]) {
    out[firstMove].note = [sync.note, out[firstMove].note].filter(Boolean).join("\n");
  }
  for (const m of p.moves) {
    for (const s of m.dropSources) {
      alter2.push({
        sql: `DROP COLUMN ${ident(s)}`,
        op: { op: "drop_column" },
        done: columnGone(after, s),
      });
    }
    for (const t of m.targets) {
      const loose = { ...t, notNull: false };
      if (m.tmp) {
        alter2.push({
          sql: `CHANGE COLUMN ${ident(m.tmp)} ${columnDef(t)}`,
          op: { op: "modify_column", from: { ...loose, name: m.tmp }, to: t },
          renames: true,
          done: `${columnShape(after, t)} AND ${columnGone(after, m.tmp)}`,
        });
      } else if (t.notNull && !t.generated) {
        alter2.push({
          sql: `MODIFY COLUMN ${columnDef(t)}`,
          op: { op: "modify_column", from: loose, to: t },
          done: columnShape(after, t),
        });
      }
    }
  }
  for (const c of p.addConstraints.filter((c) => c.kind === "foreign")) {
    alter2.push({
      sql: `ADD ${constraintClause(c)}`,
      op: { op: "add_foreign_key", foreignKeyChecks: false },
    });
  }
  emit(sync.drop);
  const ptOscBefore = ctx.ptOsc.length;
  const alter2At = out.length;
  emit(emitAlter(ctx, after, alter2));
  const alter2End = out.length;
  emit(markSwitched(ctx));
  if (sync.drop.length && ctx.ptOsc.length > ptOscBefore) {
    ctx.locking.push(
      `UPDATE ${p.after.name}: a source written while pt-online-schema-change copies ` +
        `the table is not followed by its targets (pt-osc ` +
        `refuses a table with triggers; the triggers that keep them in step are dropped first)`,
    );
  }
  for (const a of p.dropArchives) add(`DROP TABLE ${ctx.online ? "IF EXISTS " : ""}${ident(a)}`);
  // online: a part whose data moves have switched (done) is skipped by a re-run on MariaDB and
  // stops it on MySQL (rerun.ts)
  const jobs = jobPrefix(ctx.tag, ctx.direction, ctx.group);
  if (ctx.online && ctx.jobs.some((j) => j.startsWith(jobs))) {
    const tmpGone = p.moves.filter((m) => m.tmp).map((m) => columnGone(after, m.tmp!));
    if (input.flavor === "mariadb") {
      const done = partDone(jobs, tmpGone);
      const skipped = "online: skipped when this part is done (a re-run of the whole file)";
      const noted = (x: MysqlStatement, sql: string): MysqlStatement => ({
        ...x,
        sql,
        note: [x.note, skipped].filter(Boolean).join("\n"),
      });
      const wrapAlters = (from: number, to: number, cond: string) => {
        for (let i = from; i < to; i++) {
          if (/^ALTER TABLE /.test(out[i].sql)) out[i] = noted(out[i], onlyWhen(cond, out[i].sql));
        }
      };
      // the moves' triggers go by prepared statements: a compound statement may not create one
      const triggers = out.slice(syncAt, syncEnd).flatMap((x) =>
        /^CREATE TRIGGER /.test(x.sql)
          ? preparedWhen(`NOT ${done}`, x.sql).map((sql, k) => ({
            step,
            sql,
            ...(k ? {} : { note: [x.note, skipped].filter(Boolean).join("\n") }),
          }))
          : [x]
      );
      wrapAlters(alter2At, alter2End, `NOT ${done}`);
      out.splice(syncAt, syncEnd - syncAt, ...triggers);
      wrapAlters(
        alter1At,
        alter1End,
        renamed ? `NOT ${done} AND ${tableThere(p.before)}` : `NOT ${done}`,
      );
      for (const g of guards.slice(guardsAt)) g.unless = done;
      out.unshift({ step, sql: progressTableSql() });
    } else {
      out.unshift(
        ...[
          { sql: progressTableSql() },
          ...preflightStatements([doneGuard(jobs, p.after.name, tmpGone)]),
        ].map((x) => ({ step, ...x })),
      );
    }
  }
  return out;
}

/** A key column's type as a stored program variable declares it (with charset and collation). */
function keyType(c: Column | undefined): string {
  return c ? [typeSql(c), effectiveCharsetSql(c)].filter(Boolean).join(" ") : "";
}

/** The clause that drops a key or constraint. */
function dropConstraint(c: Constraint, flavor: MysqlFlavor, t: Table): Clause {
  const sql = dropConstraintClause(c, flavor);
  switch (c.kind) {
    case "primary":
      return { sql, op: { op: "primary_key" } };
    case "unique":
      return { sql, op: { op: "drop_index" }, done: indexThere(t, c.name, false) };
    case "foreign":
      return { sql, op: { op: "drop_foreign_key" } };
    default:
      return { sql, op: { op: "drop_check" }, done: checkThere(t, c.name, false) };
  }
}

/** The clause that adds a key or CHECK (foreign keys are added by the second ALTER). */
function addConstraint(c: Constraint, t: Table): Clause {
  const sql = `ADD ${constraintClause(c)}`;
  switch (c.kind) {
    case "primary":
      return { sql, op: { op: "primary_key" } };
    case "unique":
      return {
        sql,
        op: { op: "add_index", method: "btree", unique: true },
        unique: true,
        done: indexThere(t, c.name),
      };
    default:
      return { sql, op: { op: "add_check" }, done: checkThere(t, c.name) };
  }
}

/** The condition that a CHECK of this name exists on the table (or not). */
function checkThere(t: Table, name: string, there = true): string {
  const db = t.schema === MYSQL_DEFAULT_SCHEMA ? "DATABASE()" : literal(t.schema);
  return `${there ? "" : "NOT "}EXISTS (SELECT 1 FROM information_schema.TABLE_CONSTRAINTS ` +
    `WHERE CONSTRAINT_SCHEMA = ${db} AND TABLE_NAME = ${literal(t.name)} AND ` +
    `CONSTRAINT_TYPE = 'CHECK' AND CONSTRAINT_NAME = ${literal(name)})`;
}

/** Column clauses of the first ALTER, in the after-table's column order (for positions). */
function columnClauses(
  p: DirPlan,
  checks: { before: Map<string, Constraint>; after: Map<string, Constraint> },
  addedInline: Set<Constraint>,
): Clause[] {
  const inline = checks.after;
  const own = (a: Column) => {
    const check = inline.get(low(a.name));
    const added = check && p.addConstraints.find((c) => low(c.name) === low(check.name));
    if (added) addedInline.add(added);
    return check;
  };
  const out: Clause[] = [];
  const T = p.before;
  const back = invert(p.kept);
  const moveTarget = new Map<string, Move>();
  for (const m of p.moves) for (const t of m.targets) moveTarget.set(low(t.name), m);
  const added = new Map(p.added.map((a) => [low(a.column.name), a]));
  const moved = movedColumns(
    p.kept,
    p.before.columns.map((c) => c.name),
    p.after.columns.map((c) => c.name),
  );
  p.after.columns.forEach((a, i) => {
    const prev = i === 0 ? "FIRST" : `AFTER ${ident(p.after.columns[i - 1].name)}`;
    const b = back.get(low(a.name));
    if (b !== undefined) {
      const bc = col(p.before, b)!;
      const check = own(a);
      const def = columnDef(a, { check });
      const beforeCheck = checks.before.get(low(b));
      const same = columnDef({ ...bc, name: a.name }, { check: beforeCheck }) === def &&
        effectiveCharset(bc) === effectiveCharset(a);
      // a column that changes place is redefined AFTER its new neighbour
      const at = moved.has(low(a.name)) ? ` ${prev}` : "";
      const gone = b !== a.name && low(b) !== low(a.name) ? ` AND ${columnGone(T, b)}` : "";
      if (same && !at && b !== a.name) {
        out.push({
          sql: `RENAME COLUMN ${ident(b)} TO ${ident(a.name)}`,
          op: { op: "rename_column" },
          renames: true,
          pt: `CHANGE COLUMN ${ident(b)} ${def}`,
          done: columnShape(T, a) + gone,
        });
      } else if (!same || at) {
        const checkChanged = !!check && check.expr?.sql !== beforeCheck?.expr?.sql;
        out.push({
          sql: b === a.name ? `MODIFY COLUMN ${def}${at}` : `CHANGE COLUMN ${ident(b)} ${def}${at}`,
          op: checkChanged ? { op: "add_check" } : { op: "modify_column", from: bc, to: a },
          renames: b !== a.name,
          done: columnShape(T, a) + gone,
        });
      }
      return;
    }
    const m = moveTarget.get(low(a.name));
    if (m) {
      const column = { ...(m.tmp ? { ...a, name: m.tmp } : a), notNull: false };
      const def = columnDef(m.tmp ? { ...a, name: m.tmp } : a, { nullable: true });
      out.push({
        sql: `ADD COLUMN ${def} ${m.tmp ? `AFTER ${ident(a.name)}` : prev}`,
        op: { op: "add_column", column },
        done: columnShape(T, column),
      });
      return;
    }
    if (added.has(low(a.name))) {
      const check = own(a);
      out.push({
        sql: `ADD COLUMN ${columnDef(a, { check })} ${prev}`,
        op: check ? { op: "add_check" } : { op: "add_column", column: a },
        done: columnShape(T, a),
        ...(isVirtual(a) ? { virtual: "add" as const } : {}),
      });
    }
  });
  return out;
}

/** The DML of a move: fill (and archive) in the up direction, restore in the rollback. */
function moveStatements(
  m: Move,
  A: string,
  p: DirPlan,
  join: (t: string, a: string) => string,
  keyAfter: string[],
  keyTypes: string[],
  ctx: EmitContext,
): Emitted[] {
  const arch = ident(m.archive);
  const targetCol = (t: Column) => ident(m.tmp ?? t.name);
  if (m.mode === "archive") {
    const set = m.targets.map((t) => `${targetCol(t)} = ${m.assign(t.name)}`).join(", ");
    const cols = [
      ...keyAfter.map((k, i) => k === p.key[i] ? ident(k) : `${ident(k)} AS ${ident(p.key[i])}`),
      ...m.archiveSources.map((s) => `${ident(s)} AS ${ident(fitName(`from__${s}`))}`),
      ...m.targets.map((t, i) =>
        `${targetCol(t)} AS ${ident(fitName(`to__${m.archiveTargets[i]}`))}`
      ),
    ];
    return [
      ...emitUpdate(ctx, { table: A, set, key: keyAfter, keyTypes }),
      {
        sql: createIfMissing(
          `CREATE TABLE ${arch} AS SELECT ${cols.join(", ")} FROM ${A}`,
          ctx.online,
        ),
      },
    ];
  }
  // restore: the archived sources where the moved values are unchanged, else the inverse
  const unchanged = m.sources.map((s) => `t.${ident(s)} <=> a.${ident(fitName(`to__${s}`))}`).join(
    " AND ",
  );
  const set = m.targets.map((t) =>
    `t.${targetCol(t)} = CASE WHEN a.${ident(p.key[0])} IS NOT NULL AND ${unchanged} THEN a.${
      ident(fitName(`from__${t.name}`))
    } ELSE ${m.assign(t.name)} END`
  ).join(", ");
  return emitUpdate(ctx, {
    table: A,
    alias: "t",
    join: `LEFT JOIN ${arch} AS a ON ${join("t", "a")}`,
    set,
    key: keyAfter,
    keyTypes,
    followed: true,
  });
}

// ------------------------------------------------------------------------------------ guards

function fitType(c: Column, notNull: boolean): string {
  const parts = [typeSql(c)];
  const charset = effectiveCharsetSql(c);
  if (charset) parts.push(charset);
  parts.push(notNull ? "NOT NULL" : "NULL");
  return parts.join(" ");
}

function typeChanges(b: Column, a: Column): boolean {
  return fitType(b, false) !== fitType(a, false);
}

/** The guards of one direction, on the before-state (before names). */
function dirGuards(p: DirPlan, input: LowerMysqlInput, resolve: Resolver): Guard[] {
  const out: Guard[] = [];
  const B = qualified(p.before);
  const label = (c: string) => `${p.after.name}.${c}`;
  const back = invert(p.kept);
  const filled = new Set(p.fills.filter((f) => f.mode === "fill").map((f) => low(f.column)));
  for (const [bl, an] of p.kept) {
    const b = col(p.before, bl)!, a = col(p.after, an)!;
    if (a.generated || b.generated) continue;
    const nullGuard = a.notNull && !b.notNull && !filled.has(low(b.name));
    const typeGuard = typeChanges(b, a) && !widens(b, a, input.facts);
    if (typeGuard || nullGuard) {
      out.push({
        kind: "fit",
        label: label(a.name),
        type: fitType(a, nullGuard),
        select: `SELECT ${ident(b.name)} FROM ${B}`,
        message: typeGuard
          ? `every value of ${label(a.name)} must fit ${typeSql(a)}${nullGuard ? " NOT NULL" : ""}`
          : `${label(a.name)} must hold no NULL to become NOT NULL`,
      });
    }
    if (
      typeGuard && a.type.name === "decimal" && b.type.name === "decimal" &&
      (a.type.mods[1] ?? 0) < (b.type.mods[1] ?? 0)
    ) {
      out.push({
        kind: "rows",
        exists: `SELECT 1 FROM ${B} WHERE ${ident(b.name)} <> ROUND(${ident(b.name)}, ${
          a.type.mods[1] ?? 0
        })`,
        message: `${label(a.name)}: values would be rounded`,
      });
    }
    const lost = fspLost(b, a);
    if (lost) {
      out.push({
        kind: "rows",
        exists: `SELECT 1 FROM ${B} WHERE MICROSECOND(${ident(b.name)}) MOD ${lost} <> 0`,
        message: `${label(a.name)}: fractional seconds would be cut to ${typeSql(a)}`,
      });
    }
  }
  for (const m of p.moves) {
    for (const t of m.targets) {
      if (m.mode !== "archive" || t.generated) continue;
      out.push({
        kind: "fit",
        label: label(t.name),
        type: fitType(t, t.notNull),
        select: `SELECT ${m.assign(t.name)} FROM ${B}`,
        message: `every computed value of ${label(t.name)} must fit ${typeSql(t)}${
          t.notNull ? " NOT NULL" : ""
        }`,
      });
    }
  }
  const beforeCols = (cols: string[]) => {
    const bs = cols.map((c) => back.get(low(c)));
    return bs.every((x) => x !== undefined) ? bs as string[] : undefined;
  };
  const uniques: { cols: string[]; what: string; primary: boolean }[] = [
    ...p.addConstraints.filter((c) => c.kind === "unique" || c.kind === "primary").map((c) => ({
      cols: c.columns,
      what: c.kind === "primary" ? "primary key" : `unique key ${c.name}`,
      primary: c.kind === "primary",
    })),
    ...p.addIndexes.filter((i) => i.unique && i.keys.every((k) => k.column && !k.options))
      .map((i) => ({
        cols: i.keys.map((k) => k.column!),
        what: `unique index ${i.name}`,
        primary: false,
      })),
  ];
  for (const u of uniques) {
    const bs = beforeCols(u.cols);
    if (!bs) continue;
    const q = bs.map(ident);
    out.push({
      kind: "rows",
      exists: `SELECT 1 FROM ${B} WHERE ${
        q.map((c) => `${c} IS NOT NULL`).join(" AND ")
      } GROUP BY ${q.join(", ")} HAVING COUNT(*) > 1`,
      message: `${label(u.cols.join(","))}: duplicate values, ${u.what}`,
    });
  }
  for (const c of p.addConstraints) {
    if (c.kind === "check" && c.expr) {
      const bs = beforeCols(c.expr.columns);
      if (!bs) continue;
      const renames = new Map(c.expr.columns.map((n, i) => [n, bs[i]]));
      const e = renameColumns(c.expr, renames);
      out.push({
        kind: "rows",
        exists: `SELECT 1 FROM ${B} WHERE NOT (${e.sql})`,
        message: `${p.after.name}: rows violate CHECK ${c.name}`,
      });
    }
    if (c.kind === "foreign" && c.ref) out.push(...fkGuard(p, c, beforeCols, resolve));
  }
  return out;
}

const FSP_TYPES = new Set(["datetime", "timestamp", "time"]);

/**
 * When a DATETIME/TIMESTAMP/TIME keeps fewer fractional-second digits than before: the divisor
 * of MICROSECOND() whose remainder the server would cut (10 for 6 -> 5 digits), else 0.
 */
function fspLost(b: Column, a: Column): number {
  if (!FSP_TYPES.has(b.type.name) || !FSP_TYPES.has(a.type.name)) return 0;
  const from = b.type.mods[0] ?? 0, to = a.type.mods[0] ?? 0;
  return to < from ? 10 ** (6 - to) : 0;
}

function widens(b: Column, a: Column, facts: TypeFacts): boolean {
  const eb = colExt(b), ea = colExt(a);
  if (!!eb.unsigned !== !!ea.unsigned) return false;
  if (b.type.name === "enum" || b.type.name === "set") {
    const bv = eb.values ?? [], av = ea.values ?? [];
    return b.type.name === a.type.name && bv.every((v, i) => av[i] === v);
  }
  if (effectiveCharset(b) !== effectiveCharset(a)) return false;
  return classifyTypeChange(b.type, a.type, facts).class === "widen";
}

function fkGuard(
  p: DirPlan,
  c: Constraint,
  beforeCols: (cols: string[]) => string[] | undefined,
  resolve: Resolver,
): Guard[] {
  const bs = beforeCols(c.columns);
  if (!bs) return [];
  const parent = resolve(c.ref!.table.name);
  const B = qualified(p.before);
  const notNull = bs.map((n) => `c.${ident(n)} IS NOT NULL`).join(" AND ");
  const label = `${p.after.name}.${c.columns.join(",")}`;
  const message = `${label}: values missing in ${c.ref!.table.name}, foreign key ${c.name}`;
  if (parent === "created") {
    return [{ kind: "rows", exists: `SELECT 1 FROM ${B} AS c WHERE ${notNull}`, message }];
  }
  const pcols = c.ref!.columns.map((n) => parent.kept.get(low(n)) ?? n);
  const match = bs.map((n, i) => `pt.${ident(pcols[i])} = c.${ident(n)}`).join(" AND ");
  return [{
    kind: "rows",
    exists: `SELECT 1 FROM ${B} AS c WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM ${
      ident(parent.name)
    } AS pt WHERE ${match})`,
    message,
  }];
}

// ----------------------------------------------------------------------------------- objects

/** Views, triggers and routines: dropped before the tables change, created after. */
function lowerObjects(input: LowerMysqlInput): {
  upFirst: Part[];
  upLast: Part[];
  downFirst: Part[];
  downLast: Part[];
} {
  const drops: MysqlStatement[] = [], creates: MysqlStatement[] = [];
  const undoDrops: MysqlStatement[] = [], undoCreates: MysqlStatement[] = [];
  for (const { change: c, step } of input.changes) {
    switch (c.kind) {
      case "drop_view":
        drops.push({ step, sql: `DROP VIEW ${qualified(c.view)}` });
        undoDrops.push({ step, sql: objectSql(c.view) });
        break;
      case "create_view":
        creates.push({ step, sql: objectSql(c.view) });
        undoCreates.push({ step, sql: `DROP VIEW ${qualified(c.view)}` });
        break;
      case "drop_trigger":
        drops.push({ step, sql: `DROP TRIGGER ${ident(c.trigger.name)}` });
        undoDrops.push({ step, sql: objectSql(c.trigger) });
        break;
      case "create_trigger":
        creates.push({ step, sql: objectSql(c.trigger) });
        undoCreates.push({ step, sql: `DROP TRIGGER ${ident(c.trigger.name)}` });
        break;
      case "create_function":
      case "create_dependent_function":
        creates.push({ step, sql: objectSql(c.func) });
        undoCreates.push({ step, sql: dropRoutine(c.func) });
        break;
      case "drop_function":
      case "drop_dependent_function":
        drops.push({ step, sql: dropRoutine(c.func) });
        undoDrops.push({ step, sql: objectSql(c.func) });
        break;
      case "replace_function":
      case "recreate_function":
        drops.push({ step, sql: dropRoutine(c.from) });
        creates.push({ step, sql: objectSql(c.to) });
        undoCreates.push({ step, sql: dropRoutine(c.to) });
        undoDrops.push({ step, sql: objectSql(c.from) });
        break;
    }
  }
  const p = (kind: Part["kind"], title: string, s: MysqlStatement[]): Part[] =>
    s.length ? [{ kind, title, statements: s }] : [];
  return {
    upFirst: p("objects", "drop views, triggers and routines", drops),
    upLast: p("objects", "create views, triggers and routines", creates),
    downFirst: p("objects", "drop views, triggers and routines", undoCreates.reverse()),
    downLast: p("objects", "create views, triggers and routines", undoDrops.reverse()),
  };
}

/** Triggers of a table the migration drops that no change drops itself. */
function ownTriggers(input: LowerMysqlInput, t: Table): Trigger[] {
  const dropped = new Set(
    input.changes.flatMap(({ change: c }) =>
      c.kind === "drop_trigger" ? [low(c.trigger.name)] : []
    ),
  );
  return [...input.from.triggers.values()].filter((x) =>
    low(x.table.name) === low(t.name) && !dropped.has(low(x.name))
  );
}

/** `DROP FUNCTION` / `DROP PROCEDURE`. */
function dropRoutine(f: Func): string {
  return `DROP ${f.kind === "procedure" ? "PROCEDURE" : "FUNCTION"} ${qualified(f)}`;
}

/**
 * The user's statement of a view, trigger or routine, without its final delimiter and without a
 * `DEFINER = ...` clause (dumps write one): the migration creates the object as the account that
 * runs it, which needs no SUPER / SET USER privilege and no such account on the target server.
 */
function objectSql(o: View | Trigger | Func): string {
  return withoutDefiner(o.sql.trim().replace(/;\s*$/, ""));
}
