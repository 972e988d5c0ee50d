/**
 * How lower.ts writes a table's ALTERs and UPDATEs, plainly or online (`--online`, see online.ts):
 * - an ALTER: as one statement; online with `ALGORITHM=INSTANT` or `ALGORITHM=INPLACE, LOCK=NONE`
 *   when the server can, else as a pt-online-schema-change block (the table renamed and unique
 *   keys added after it, in place), or as it is with the reason it blocks writes;
 * - an UPDATE over a whole table: as one statement; online in batches of rows by the table's key
 *   (keyset pagination on a key of up to three columns, each batch its own short transaction that
 *   records its progress, lock waits retried; see backfill.ts), in a procedure created, called
 *   and dropped by the file. A re-run after an interruption continues after the last finished
 *   batch; writes made meanwhile are followed by triggers (sync.ts) when the values are the
 *   row's own.
 * @module
 */
import type { Schema, Table } from "../../model/schema.ts";
import type { MysqlFlavor } from "./expr.ts";
import { fitName, ident, qualified } from "./quoting.ts";
import { guardedClauses, renameTableSql } from "./rerun.ts";
import { type BackfillSettings, DEFAULT_BACKFILL } from "../../classify/described.ts";
import {
  batchProcedure,
  jobsLike,
  LOCK_WAIT_SECONDS,
  MAX_KEY_COLUMNS,
  MYSQL_BATCH_ROWS,
  PROGRESS_TABLE,
  progressTableSql,
} from "./backfill.ts";
import {
  alterSql,
  type Clause,
  fusedHow,
  ptClause,
  ptOscBlock,
  ptOscBlocker,
  ptOscCommand,
  type PtOscOptions,
  type PtOscStep,
  tableCharset,
} from "./online.ts";

/** A statement as lower.ts collects it. */
export interface Emitted {
  sql: string;
  note?: string;
}

/** What the online writing of one direction (one file) shares. */
export interface EmitContext {
  online: boolean;
  flavor: MysqlFlavor;
  /** Both schemas (for foreign keys and triggers that keep pt-osc away). */
  schemas: Schema[];
  /** Name of the batch procedure. */
  procedure: string;
  /** The run's tag (names of the objects the file makes and drops). */
  tag: string;
  /** pt-osc steps of this file, in order. */
  ptOsc: PtOscStep[];
  /** ALTERs that still block writes, with why (the report lists them). */
  locking: string[];
  pt?: PtOscOptions;
  /** Batch size, pause and lock retries of the batched UPDATEs. */
  settings: BackfillSettings;
  /** `up` (migration) or `down` (rollback): part of the jobs' names. */
  direction: "up" | "down";
  /** The table part being written (its from-schema name): part of the jobs' names. */
  group: string;
  /** The batched UPDATEs' jobs of this file, in order. */
  jobs: string[];
}

/** The prefix of the jobs' names of a run's direction (and table part). */
export function jobPrefix(tag: string, direction: "up" | "down", group?: string): string {
  return `${tag}:${direction}:${group === undefined ? "" : `${group}:`}`;
}

/** A new context for one file. */
export function emitContext(
  online: boolean,
  flavor: MysqlFlavor,
  schemas: Schema[],
  tag: string,
  direction: "up" | "down" = "up",
  settings: BackfillSettings = { ...DEFAULT_BACKFILL, batchSize: MYSQL_BATCH_ROWS },
): EmitContext {
  return {
    online,
    flavor,
    schemas,
    procedure: fitName(`_smartspec_batch__${tag}`),
    tag,
    ptOsc: [],
    locking: [],
    settings,
    direction,
    group: "",
    jobs: [],
  };
}

/**
 * The statements of a fused ALTER of `table` (its name before the ALTER). A lone `RENAME TO` is
 * written as RENAME TABLE.
 */
export function emitAlter(ctx: EmitContext, table: Table, clauses: Clause[]): Emitted[] {
  if (!clauses.length) return [];
  if (clauses.length === 1 && clauses[0].op.op === "rename_table") {
    return [{
      sql: renameTableSql(qualified(table), clauses[0].sql.slice(10), ctx.flavor, ctx.online),
    }];
  }
  const plain = alterSql(table, clauses.map((c) => c.sql));
  if (!ctx.online) return [{ sql: plain }];
  // VIRTUAL columns in ALTERs of their own: added after the other columns (their positions) and
  // before the new indexes (on them), dropped after everything else (its indexes dropped first)
  const adds = clauses.filter((c) => c.virtual === "add");
  const drops = clauses.filter((c) => c.virtual === "drop");
  if ((adds.length || drops.length) && adds.length + drops.length < clauses.length) {
    const index = adds.length ? clauses.filter((c) => c.op.op === "add_index") : [];
    // the column clauses come in the table's column order: cut where VIRTUAL adds start or end
    const runs: Clause[][] = [];
    for (const c of clauses.filter((c) => c.virtual !== "drop" && !index.includes(c))) {
      const last = runs.at(-1);
      if (last && (last[0].virtual === "add") === (c.virtual === "add")) last.push(c);
      else runs.push([c]);
    }
    return [...runs, index, drops].flatMap((g) => emitAlter(ctx, table, g));
  }
  const charset = tableCharset(table);
  const how = fusedHow(clauses, ctx.flavor, charset);
  // a re-run skips what is done, where the server has the guarded forms (rerun.ts)
  const guarded = (cs: Clause[]) => guardedClauses(cs.map((c) => c.sql), ctx.flavor);
  if (how === "instant") {
    return [{ sql: alterSql(table, guarded(clauses), "ALGORITHM=INSTANT") }];
  }
  if (how === "inplace") {
    return [{
      sql: alterSql(table, guarded(clauses), "ALGORITHM=INPLACE, LOCK=NONE"),
      note: "online: in place, writes go on (the server refuses rather than block them)",
    }];
  }
  const blocker = ptOscBlocker(table, clauses, ctx.schemas);
  if (blocker) {
    const why =
      `ALTER TABLE ${table.name}: blocks writes while it runs (no online recipe: ${blocker})`;
    ctx.locking.push(why);
    return [{ sql: alterSql(table, guarded(clauses)), note: `online: ${why}` }];
  }
  const later = clauses.filter((c) => c.op.op === "rename_table" || c.unique);
  const pt = clauses.filter((c) => !later.includes(c));
  const step: PtOscStep = {
    n: ctx.ptOsc.length + 1,
    table: table.name,
    command: ptOscCommand(table, pt.map(ptClause), {
      ...ctx.pt,
      renames: pt.some((c) => c.renames),
    }),
    equivalent: alterSql(table, pt.map((c) => c.sql), "ALGORITHM=COPY"),
  };
  ctx.ptOsc.push(step);
  const done = pt.map((c) => c.done).filter((d): d is string => !!d);
  const out: Emitted[] = ptOscBlock(step, done.length ? done : ["TRUE"]);
  const keys = later.filter((c) => c.unique);
  if (keys.length) {
    out.push({
      sql: alterSql(table, guarded(keys), "ALGORITHM=INPLACE, LOCK=NONE"),
      note: "online: unique keys in place after the copy (its triggers would drop duplicates)",
    });
  }
  const rename = later.find((c) => c.op.op === "rename_table");
  if (rename) {
    out.push({
      sql: renameTableSql(qualified(table), rename.sql.slice(10), ctx.flavor, ctx.online),
    });
  }
  return out;
}

/** An UPDATE over a table, as its parts. */
export interface Update {
  /** The qualified table. */
  table: string;
  alias?: string;
  /** `JOIN x AS a ON ...` after the table. */
  join?: string;
  set: string;
  where?: string;
  /** The table's key (up to three columns: the batches go by it; otherwise one statement). */
  key: string[];
  /** The SQL types of the key columns, with charset and collation (the batches need them). */
  keyTypes?: string[];
  /** Writes made while it runs are followed by triggers (sync.ts) although it joins. */
  followed?: boolean;
}

/** The plain UPDATE statement. */
export function updateSql(u: Update, extraWhere?: string): string {
  const where = [u.where, extraWhere].filter((w): w is string => !!w);
  return `UPDATE ${u.table}${u.alias ? ` AS ${u.alias}` : ""}${
    u.join ? ` ${u.join}` : ""
  } SET ${u.set}${where.length ? ` WHERE ${where.join(" AND ")}` : ""}`;
}

/**
 * The statements of an UPDATE: one, or online a batch procedure created, called, dropped, with
 * its progress row (backfill.ts). The first job of a table part forgets the other direction's
 * jobs of that part: they belong to an earlier run of the other file.
 */
export function emitUpdate(ctx: EmitContext, u: Update, note?: string): Emitted[] {
  const keyTypes = u.keyTypes ?? [];
  if (
    !ctx.online || !u.key.length || u.key.length > MAX_KEY_COLUMNS ||
    keyTypes.length !== u.key.length || keyTypes.some((t) => !t)
  ) {
    if (ctx.online && (!u.key.length || u.key.length > MAX_KEY_COLUMNS)) {
      const why = `${u.table}: one UPDATE of the whole table (${
        u.key.length ? `its key has ${u.key.length} columns` : "no key"
      } to go by in batches); its rows stay locked until it ends`;
      ctx.locking.push(why);
      return [{ sql: updateSql(u), note: [note, `online: ${why}`].filter(Boolean).join("\n") }];
    }
    return [{ sql: updateSql(u), note }];
  }
  const mine = jobPrefix(ctx.tag, ctx.direction, ctx.group);
  const job = `${mine}${ctx.jobs.filter((j) => j.startsWith(mine)).length + 1}`;
  const other = jobPrefix(ctx.tag, ctx.direction === "up" ? "down" : "up", ctx.group);
  const first = !ctx.jobs.some((j) => j.startsWith(mine));
  ctx.jobs.push(job);
  const proc = ident(ctx.procedure);
  const keys = u.key.map((k, i) => ({
    column: ident(k),
    inUpdate: u.alias ? `${u.alias}.${ident(k)}` : ident(k),
    type: keyTypes[i],
  }));
  const s = ctx.settings;
  const body = batchProcedure({
    job,
    procedure: ctx.procedure,
    table: u.table,
    keys,
    update: (where) => updateSql(u, where),
    settings: s,
  });
  const setup: Emitted[] = [{
    sql: progressTableSql(),
    note: `online: progress of the batches in ${PROGRESS_TABLE} (a re-run continues after the ` +
      `last finished batch)`,
  }];
  if (first) {
    setup.push({
      sql: `DELETE FROM ${ident(PROGRESS_TABLE)} WHERE ${jobsLike(other)}`,
      note: "online: the other file's jobs of this table are from an earlier run",
    });
  }
  return [
    ...setup,
    {
      sql: `DROP PROCEDURE IF EXISTS ${proc}`,
      note: [
        note,
        `online: in batches of ${s.batchSize} rows by ${u.key.join(", ")} ` +
        `(@smartspec_batch_rows overrides), each its own transaction with its progress, ` +
        `${s.pauseMs} ms apart (@smartspec_batch_pause, seconds, overrides); lock waits of ` +
        `more than ${LOCK_WAIT_SECONDS} s retried up to ${s.retries} times; job ${job}`,
        u.join && !u.followed
          ? `online: the values come from another table by key, which no trigger can follow: a ` +
            `row inserted while the batches run keeps what the writer gave it`
          : undefined,
      ].filter(Boolean).join("\n"),
    },
    { sql: body },
    { sql: `CALL ${proc}()` },
    { sql: `DROP PROCEDURE IF EXISTS ${proc}` },
  ];
}

/** The statement that marks the jobs of the current table part switched (sources gone). */
export function markSwitched(ctx: EmitContext): Emitted[] {
  const mine = jobPrefix(ctx.tag, ctx.direction, ctx.group);
  if (!ctx.jobs.some((j) => j.startsWith(mine))) return [];
  return [{
    sql: `UPDATE ${ident(PROGRESS_TABLE)} SET \`switched\` = 1 WHERE ${jobsLike(mine)}`,
  }];
}
