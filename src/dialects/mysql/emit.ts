/**
 * How lower.ts writes a table's ALTERs and UPDATEs, plainly or online (`--online`, see online.ts):
 * - an ALTER: as one statement; online with `ALGORITHM=INSTANT` or `ALGORITHM=INPLACE, LOCK=NONE`
 *   when the server can, else as a pt-online-schema-change block (the table renamed and unique
 *   keys added after it, in place), or as it is with the reason it blocks writes;
 * - an UPDATE over a whole table: as one statement; online in batches of rows by the table's key
 *   (keyset pagination, each batch its own transaction), in a procedure created, called and
 *   dropped by the file: `@smartspec_batch_rows` (default 1000:
 *   a batch holds its rows' locks until it commits; 10,000-row batches kept a writer waiting 1.6 s
 *   in `deno task bench:online`, 1,000-row ones 0.4 s) and `@smartspec_batch_pause`
 *   (seconds, default 0), set in the session before, tune it; a re-run after an interruption
 *   starts again and gives the same values (every batch computes its rows from their sources);
 *   writes made meanwhile are followed by triggers (sync.ts) when the values are the row's own.
 * @module
 */
import type { Schema, Table } from "../../model/schema.ts";
import type { MysqlFlavor } from "./expr.ts";
import { fitName, ident, qualified } from "./quoting.ts";
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
}

/** A new context for one file. */
export function emitContext(
  online: boolean,
  flavor: MysqlFlavor,
  schemas: Schema[],
  tag: string,
): EmitContext {
  return {
    online,
    flavor,
    schemas,
    procedure: fitName(`_smartspec_batch__${tag}`),
    tag,
    ptOsc: [],
    locking: [],
  };
}

/**
 * The statements of a fused ALTER of `table` (its name before the ALTER). A lone `RENAME TO` is
 * written as RENAME TABLE.
 */
export function emitAlter(ctx: EmitContext, table: Table, clauses: Clause[]): Emitted[] {
  if (!clauses.length) return [];
  if (clauses.length === 1 && clauses[0].op.op === "rename_table") {
    return [{ sql: `RENAME TABLE ${qualified(table)} TO ${clauses[0].sql.slice(10)}` }];
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
  if (how === "instant") {
    return [{ sql: alterSql(table, clauses.map((c) => c.sql), "ALGORITHM=INSTANT") }];
  }
  if (how === "inplace") {
    return [{
      sql: alterSql(table, clauses.map((c) => c.sql), "ALGORITHM=INPLACE, LOCK=NONE"),
      note: "online: in place, writes go on (the server refuses rather than block them)",
    }];
  }
  const blocker = ptOscBlocker(table, clauses, ctx.schemas);
  if (blocker) {
    const why =
      `ALTER TABLE ${table.name}: blocks writes while it runs (no online recipe: ${blocker})`;
    ctx.locking.push(why);
    return [{ sql: plain, note: `online: ${why}` }];
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
      sql: alterSql(table, keys.map((c) => c.sql), "ALGORITHM=INPLACE, LOCK=NONE"),
      note: "online: unique keys in place after the copy (its triggers would drop duplicates)",
    });
  }
  const rename = later.find((c) => c.op.op === "rename_table");
  if (rename) out.push({ sql: `RENAME TABLE ${qualified(table)} TO ${rename.sql.slice(10)}` });
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
  /** The table's key (one column: the batches go by it; otherwise one statement). */
  key: string[];
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

/** The statements of an UPDATE: one, or online a batch procedure created, called, dropped. */
export function emitUpdate(ctx: EmitContext, u: Update, note?: string): Emitted[] {
  if (!ctx.online || u.key.length !== 1) return [{ sql: updateSql(u), note }];
  const k = ident(u.key[0]);
  const qk = u.alias ? `${u.alias}.${k}` : k;
  const proc = ident(ctx.procedure);
  const body = [
    `CREATE PROCEDURE ${proc}()`,
    `BEGIN`,
    `  DECLARE n INT DEFAULT COALESCE(@smartspec_batch_rows, 1000);`,
    `  SET @smartspec_lo = (SELECT MIN(${k}) FROM ${u.table});`,
    `  WHILE @smartspec_lo IS NOT NULL DO`,
    `    SET @smartspec_hi = (SELECT MAX(${k}) FROM (SELECT ${k} FROM ${u.table} WHERE ${k} >= ` +
    `@smartspec_lo ORDER BY ${k} LIMIT n) AS b);`,
    `    ${updateSql(u, `${qk} BETWEEN @smartspec_lo AND @smartspec_hi`)};`,
    `    SET @smartspec_lo = (SELECT MIN(${k}) FROM ${u.table} WHERE ${k} > @smartspec_hi);`,
    `    DO SLEEP(COALESCE(@smartspec_batch_pause, 0));`,
    `  END WHILE;`,
    `END`,
  ].join("\n");
  return [
    {
      sql: `DROP PROCEDURE IF EXISTS ${proc}`,
      note: [
        note,
        `online: in batches of @smartspec_batch_rows rows (1000) by ${u.key[0]}, each its own ` +
        `transaction, @smartspec_batch_pause seconds apart (0); safe to run again`,
        u.join && !u.followed
          ? `online: the values come from another table by key, which no trigger can follow: a ` +
            `row inserted while the batches run keeps what the writer gave it`
          : undefined,
      ].filter(Boolean).join("\n"),
    },
    { sql: body },
    { sql: `CALL ${proc}()` },
    { sql: `DROP PROCEDURE ${proc}` },
  ];
}
