/**
 * Online data moves (expand / backfill / contract) for PostgreSQL: the statements that move a
 * column's data on a big, busy table without a long lock. Each direction is two statements, DO
 * blocks that run outside a transaction block and COMMIT as they go (PostgreSQL 11+; psql and
 * the migration tools' no-transaction mode run them as they are):
 *
 * 1. expand + backfill: the new column, a trigger that keeps it in step with every write to the
 *    source, the archive of the originals (a read: writers go on), then the backfill in batches
 *    by key (keyset pagination), each batch its own short transaction under the session's
 *    `lock_timeout`, retried with exponential backoff and jitter when a lock is not granted,
 *    progress reported (RAISE NOTICE) and recorded in `smartspec_archive.smartspec_backfill`,
 *    so that a re-run continues after the last finished batch;
 * 2. contract (the switch): NOT NULL through a CHECK added NOT VALID and validated, then in one
 *    short transaction the trigger goes, the source column goes, and the job is marked switched.
 *
 * Both are idempotent: run again after a failure they skip what is done. The rollback mirrors
 * them and works from any point: when the switch never happened it only removes what the
 * expand added; otherwise it adds the source back, keeps it in step with a trigger, backfills
 * it in batches (the archived original where the new value is unchanged, else the `down`
 * expression) and then drops the new column.
 * @module
 */
import type { Column, QName } from "../../../model/schema.ts";
import type { TypeFacts } from "../../../model/types.ts";
import type { BackfillSettings } from "../../../classify/described.ts";
import { columnDef } from "../render/ddl.ts";
import { dollarTag, ident, literal, qident, renderType } from "../render/quote.ts";
import { ARCHIVE_SCHEMA, archivedValue, archiveSelectCol } from "./helpers.ts";

/** The progress table of the batched backfills (one row per job). */
export const PROGRESS_TABLE: QName = { schema: ARCHIVE_SCHEMA, name: "smartspec_backfill" };

/** One column computed from others: `column = (expr)`. */
export interface Assignment {
  column: Column;
  /** SQL over the row's columns (unqualified names). */
  expr: string;
}

/** A column data move on one table (transform, split, merge), as the online recipe needs it. */
export interface OnlineMove {
  table: QName;
  /** The single key column (primary key or unique NOT NULL) and its type. */
  key: string;
  keyType: string;
  /** What kind of move (said in the guard messages). */
  what: string;
  /** The source columns and how each is computed back from the targets (the rollback). */
  sources: Assignment[];
  /** The target columns and how each is computed from the sources. */
  targets: Assignment[];
  /** The sources stay in the target schema (no switch, no restore). */
  keepSource: boolean;
  archive: QName;
  /** Unique per run and move: names the job, the triggers and their functions. */
  tag: string;
  settings: BackfillSettings;
  facts: TypeFacts;
}

/** A DO block around a plpgsql body, with a dollar tag (from `base`) the body does not hold. */
export const doBlock = (body: string, base = "smartspec") => {
  const tag = dollarTag(body, base);
  return `DO ${tag}${body}${tag};`;
};

/** Indents every non-empty line by `n` spaces. */
export const indent = (s: string, n: number) =>
  s.split("\n").map((l) => (l ? " ".repeat(n) + l : l)).join("\n");

/**
 * The start of a contract: done when the job is switched already, an error while its backfill is
 * not finished (`job`: the job's name as a literal).
 */
export const switchGate = (job: string) =>
  `  SELECT finished, switched INTO smartspec_finished, smartspec_switched FROM ${progress()} ` +
  `WHERE job = ${job};\n` +
  `  IF smartspec_switched THEN\n    RETURN;\n  END IF;\n` +
  `  IF smartspec_finished IS NOT TRUE THEN\n` +
  `    RAISE EXCEPTION 'smartspec backfill %: not finished; run the migration again', ${job};\n` +
  `  END IF;\n`;

/** The progress rows of a job and its rollback go, and the table with the last of them. */
export const forgetJobs = (job: string, back: string) =>
  `DELETE FROM ${progress()} WHERE job IN (${job}, ${back});\n` +
  `IF NOT EXISTS (SELECT 1 FROM ${progress()}) THEN\n  DROP TABLE ${progress()};\nEND IF;\n`;

/** Names derived from the move (63 bytes at most). */
function names(m: OnlineMove) {
  const short = (s: string) => s.slice(0, 40);
  const first = m.targets[0].column.name;
  const base = `${short(m.table.name)}_${short(first)}`.slice(0, 40);
  return {
    job: `${m.table.schema}.${m.table.name}.${first}:${m.tag}`,
    trigger: `smartspec_sync_${m.tag}`,
    fn: { schema: ARCHIVE_SCHEMA, name: `sync_${base}_${m.tag}` },
    backTrigger: `smartspec_unsync_${m.tag}`,
    backFn: { schema: ARCHIVE_SCHEMA, name: `unsync_${base}_${m.tag}` },
    check: (column: string) => `${column.slice(0, 40)}_not_null_${m.tag}`,
  };
}

/** The progress table, quoted. */
export const progress = () => qident(PROGRESS_TABLE);

/** The archive schema as a literal. */
export const ARCHIVE = literal(ARCHIVE_SCHEMA);

/** Creates the archive schema when missing (quietly): the block needs no set-up statement. */
export const createArchive = () =>
  `IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ${ARCHIVE}) THEN\n` +
  `  CREATE SCHEMA ${ident(ARCHIVE_SCHEMA)};\nEND IF;\n`;

/**
 * Drops the archive schema when it is there and nothing is left in it (the end of a rollback),
 * without a NOTICE when it is gone already.
 */
export const dropArchiveIfEmpty = () =>
  `IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ${ARCHIVE})\n` +
  `  AND NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace ` +
  `WHERE n.nspname = ${ARCHIVE})\n` +
  `  AND NOT EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace ` +
  `WHERE n.nspname = ${ARCHIVE})\n` +
  `  AND NOT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace ` +
  `WHERE n.nspname = ${ARCHIVE}) THEN\n` +
  `  DROP SCHEMA ${ident(ARCHIVE_SCHEMA)};\nEND IF;\n`;

/** Creates the progress table when missing (quietly) and the job's row. */
export function progressSetup(job: string): string {
  return `IF to_regclass(${literal(progress())}) IS NULL THEN\n` +
    `  CREATE TABLE ${progress()} (\n` +
    `    job text PRIMARY KEY,\n    last_key text,\n` +
    `    rows_done bigint NOT NULL DEFAULT 0,\n` +
    `    finished boolean NOT NULL DEFAULT false,\n` +
    `    switched boolean NOT NULL DEFAULT false,\n` +
    `    lock_retries bigint NOT NULL DEFAULT 0,\n` +
    `    updated_at timestamptz NOT NULL DEFAULT now()\n  );\nEND IF;\n` +
    `INSERT INTO ${progress()} (job) VALUES (${literal(job)}) ON CONFLICT (job) DO NOTHING;\n`;
}

/** True (as SQL) when the column exists. */
export function columnExists(t: QName, column: string): string {
  return `EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = ${literal(qident(t))}::regclass ` +
    `AND attname = ${literal(column)} AND NOT attisdropped)`;
}

/** A trigger function that sets `sets` on insert and when one of `watch` changes. */
export function syncFunction(
  m: Pick<OnlineMove, "table">,
  fn: QName,
  sets: Assignment[],
  watch: Column[],
): string {
  const changed = watch.map((c) => `NEW.${ident(c.name)} IS DISTINCT FROM OLD.${ident(c.name)}`)
    .join(" OR ");
  const body = `\nBEGIN\n` +
    `  IF TG_OP = 'INSERT' OR ${changed} THEN\n` +
    sets.map((a) =>
      `    NEW.${ident(a.column.name)} := (SELECT (${a.expr}) FROM (SELECT NEW.*) AS ` +
      `${ident(m.table.name)});\n`
    ).join("") +
    `  END IF;\n  RETURN NEW;\nEND\n`;
  const tag = dollarTag(body, "smartspec_fn");
  return `CREATE OR REPLACE FUNCTION ${qident(fn)}() RETURNS trigger LANGUAGE plpgsql AS ` +
    `${tag}${body}${tag};`;
}

/** `a = (x), b = (y)`. */
const assignments = (list: Assignment[]) =>
  list.map((a) => `${ident(a.column.name)} = (${a.expr})`).join(", ");

/** Statements (plpgsql) adding the columns that are missing, nullable. */
function addMissing(m: OnlineMove, cols: Column[]): string {
  const t = qident(m.table);
  return cols.map((c) =>
    `IF NOT ${columnExists(m.table, c.name)} THEN\n` +
    `  ALTER TABLE ${t} ADD COLUMN ${ident(c.name)} ${
      columnDef(c, m.facts, { nullable: true })
    };\n` +
    `END IF;\n`
  ).join("");
}

/**
 * The batch loop: keyset pagination by the key, each batch committed on its own, lock failures
 * retried with exponential backoff and jitter, progress recorded and reported.
 */
export function batchLoop(
  m: Pick<OnlineMove, "table" | "key" | "keyType" | "settings">,
  job: string,
  assignment: string,
  filter = "",
): string {
  const t = qident(m.table);
  const k = ident(m.key);
  const kt = m.keyType;
  const s = m.settings;
  const j = literal(job);
  const range = (last: boolean) =>
    `${k} <= smartspec_upto::${kt}` + (last ? ` AND ${k} > smartspec_last::${kt}` : "") +
    (filter ? ` AND ${filter}` : "");
  const next = (last: boolean) =>
    `SELECT max(smartspec_k)::text, count(*) INTO smartspec_upto, smartspec_n FROM (\n` +
    `  SELECT ${k} AS smartspec_k FROM ${t}` +
    (last ? ` WHERE ${k} > smartspec_last::${kt}` : "") +
    ` ORDER BY ${k} LIMIT ${s.batchSize}) smartspec_b;`;
  return `LOOP\n` +
    `  SELECT last_key, rows_done, finished INTO smartspec_last, smartspec_done, smartspec_finished\n` +
    `    FROM ${progress()} WHERE job = ${j};\n` +
    `  EXIT WHEN smartspec_finished;\n` +
    `  smartspec_attempt := 0;\n` +
    `  LOOP\n` +
    `    BEGIN\n` +
    `      IF smartspec_last IS NULL THEN\n` +
    indent(next(false), 8) + `\n` +
    `      ELSE\n` +
    indent(next(true), 8) + `\n` +
    `      END IF;\n` +
    `      IF smartspec_n = 0 THEN\n` +
    `        UPDATE ${progress()} SET finished = true, updated_at = now() WHERE job = ${j};\n` +
    `      ELSIF smartspec_last IS NULL THEN\n` +
    `        UPDATE ${t} SET ${assignment} WHERE ${range(false)};\n` +
    `      ELSE\n` +
    `        UPDATE ${t} SET ${assignment} WHERE ${range(true)};\n` +
    `      END IF;\n` +
    `      IF smartspec_n > 0 THEN\n` +
    `        UPDATE ${progress()} SET last_key = smartspec_upto, rows_done = rows_done + smartspec_n,\n` +
    `          updated_at = now() WHERE job = ${j};\n` +
    `      END IF;\n` +
    `      EXIT;\n` +
    `    EXCEPTION WHEN lock_not_available OR deadlock_detected THEN\n` +
    `      smartspec_attempt := smartspec_attempt + 1;\n` +
    `      IF smartspec_attempt > ${s.retries} THEN\n` +
    `        RAISE;\n` +
    `      END IF;\n` +
    `      smartspec_wait := least(10000, 100 * 2 ^ (smartspec_attempt - 1)) * (0.5 + random() / 2);\n` +
    `      RAISE NOTICE 'smartspec backfill %: lock not granted (%), retry %/% in % ms', ${j}, ` +
    `SQLERRM, smartspec_attempt, ${s.retries}, round(smartspec_wait);\n` +
    `      UPDATE ${progress()} SET lock_retries = lock_retries + 1 WHERE job = ${j};\n` +
    `      PERFORM pg_sleep(smartspec_wait / 1000.0);\n` +
    `    END;\n` +
    `  END LOOP;\n` +
    `  COMMIT;\n` +
    `  IF smartspec_n > 0 THEN\n` +
    `    RAISE NOTICE 'smartspec backfill %: % rows done, up to key %', ${j}, ` +
    `smartspec_done + smartspec_n, smartspec_upto;\n` +
    (s.pauseMs > 0 ? `    PERFORM pg_sleep(${s.pauseMs / 1000});\n` : "") +
    `  END IF;\n` +
    `END LOOP;\n`;
}

/** The start of every online block: its variables. */
export const DECLARE = `\n#variable_conflict use_column\nDECLARE\n` +
  `  smartspec_last text;\n  smartspec_upto text;\n  smartspec_n bigint := 0;\n` +
  `  smartspec_done bigint;\n  smartspec_finished boolean;\n  smartspec_switched boolean;\n` +
  `  smartspec_attempt integer;\n  smartspec_wait double precision;\nBEGIN\n`;

/** Statements (plpgsql) making `column` NOT NULL without a long lock, committing as they go. */
export function notNullOnline(t: QName, column: string, check: string, message: string): string {
  const tq = qident(t);
  return `IF EXISTS (SELECT 1 FROM ${tq} WHERE ${ident(column)} IS NULL) THEN\n` +
    `  RAISE EXCEPTION USING MESSAGE = ${literal("smartspec guard: " + message)};\n` +
    `END IF;\n` +
    `IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = ${literal(tq)}::regclass ` +
    `AND conname = ${literal(check)}) THEN\n` +
    `  ALTER TABLE ${tq} ADD CONSTRAINT ${ident(check)} CHECK (${ident(column)} IS NOT NULL) ` +
    `NOT VALID;\n` +
    `END IF;\n` +
    `COMMIT;\n` +
    `ALTER TABLE ${tq} VALIDATE CONSTRAINT ${ident(check)};\n` +
    `COMMIT;\n` +
    `ALTER TABLE ${tq} ALTER COLUMN ${ident(column)} SET NOT NULL;\n` +
    `ALTER TABLE ${tq} DROP CONSTRAINT ${ident(check)};\n`;
}

/** Up, statement 1: expand (new columns, sync trigger, archive) and backfill in batches. */
export function expandAndBackfill(m: OnlineMove): string {
  const n = names(m);
  const t = qident(m.table);
  const j = literal(n.job);
  const archiveCols = [
    ident(m.key),
    ...m.sources.map((a) => archiveSelectCol(a.column)),
    ...m.targets.map((a) =>
      `((${a.expr}))::${renderType(a.column.type, m.facts)} AS ${ident(a.column.name)}`
    ),
  ].join(", ");
  const body = DECLARE +
    indent(createArchive(), 2) +
    indent(progressSetup(n.job), 2) +
    `  SELECT switched INTO smartspec_switched FROM ${progress()} WHERE job = ${j};\n` +
    `  IF smartspec_switched THEN\n` +
    `    RAISE NOTICE 'smartspec backfill %: already switched', ${j};\n` +
    `    RETURN;\n  END IF;\n` +
    `  -- expand: the new columns, kept in step with every write to the sources by a trigger\n` +
    indent(addMissing(m, m.targets.map((a) => a.column)), 2) +
    indent(syncFunction(m, n.fn, m.targets, m.sources.map((a) => a.column)), 2) + "\n" +
    `  CREATE OR REPLACE TRIGGER ${ident(n.trigger)} BEFORE INSERT OR UPDATE ON ${t}\n` +
    `    FOR EACH ROW EXECUTE FUNCTION ${qident(n.fn)}();\n` +
    `  COMMIT;\n` +
    (m.keepSource
      ? ""
      : `  -- the originals by key, for an exact rollback (a read: writers go on)\n` +
        `  IF to_regclass(${literal(qident(m.archive))}) IS NULL THEN\n` +
        `    CREATE TABLE ${qident(m.archive)} AS SELECT ${archiveCols} FROM ${t};\n` +
        `    CREATE INDEX ON ${qident(m.archive)} (${ident(m.key)});\n` +
        `  END IF;\n` +
        `  COMMIT;\n`) +
    `  -- backfill in batches by key, each its own transaction; a re-run continues\n` +
    indent(batchLoop(m, n.job, assignments(m.targets)), 2) +
    `END\n`;
  return doBlock(body);
}

/** NOT NULL for each NOT NULL column of `list`, online. */
function notNulls(m: OnlineMove, list: Assignment[], when: string): string {
  const n = names(m);
  return list.filter((a) => a.column.notNull).map((a) =>
    indent(
      notNullOnline(
        m.table,
        a.column.name,
        n.check(a.column.name),
        `${m.table.name}.${a.column.name} has NULL values ${when}`,
      ),
      2,
    )
  ).join("");
}

/** Up, statement 2: contract (NOT NULL online, the trigger and the sources go, switched). */
export function contract(m: OnlineMove): string {
  const n = names(m);
  const t = qident(m.table);
  const j = literal(n.job);
  const body = DECLARE +
    switchGate(j) +
    notNulls(m, m.targets, `after the ${m.what}`) +
    `  -- the switch, in one short transaction\n` +
    `  DROP TRIGGER IF EXISTS ${ident(n.trigger)} ON ${t};\n` +
    `  DROP FUNCTION IF EXISTS ${qident(n.fn)}();\n` +
    (m.keepSource
      ? ""
      : m.sources.map((a) => `  ALTER TABLE ${t} DROP COLUMN IF EXISTS ${ident(a.column.name)};\n`)
        .join("")) +
    `  UPDATE ${progress()} SET switched = true, updated_at = now() WHERE job = ${j};\n` +
    `END\n`;
  return doBlock(body);
}

/** Rollback, statement 1: the sources back, kept in step, backfilled from the archive / down. */
export function restoreAndBackfill(m: OnlineMove): string {
  const n = names(m);
  const t = qident(m.table);
  const j = literal(n.job);
  const back = `${n.job}:rollback`;
  const match = `a.${ident(m.key)} = ${t}.${ident(m.key)}`;
  const unchanged = m.targets.map((a) =>
    `a.${ident(a.column.name)} IS NOT DISTINCT FROM ${t}.${ident(a.column.name)}`
  ).join(" AND ");
  const assignment = m.sources.map((a) =>
    `${ident(a.column.name)} = CASE WHEN EXISTS (SELECT 1 FROM ${qident(m.archive)} AS a ` +
    `WHERE ${match} AND ${unchanged}) THEN (SELECT ${archivedValue(a.column, m.facts)} ` +
    `FROM ${qident(m.archive)} AS a WHERE ${match}) ELSE (${a.expr}) END`
  ).join(", ");
  const undoExpand = `DROP TRIGGER IF EXISTS ${ident(n.trigger)} ON ${t};\n` +
    `DROP FUNCTION IF EXISTS ${qident(n.fn)}();\n` +
    m.targets.map((a) => `ALTER TABLE ${t} DROP COLUMN IF EXISTS ${ident(a.column.name)};\n`)
      .join("") +
    `DROP TABLE IF EXISTS ${qident(m.archive)};\n` +
    forgetJobs(j, literal(back)) +
    dropArchiveIfEmpty();
  const body = DECLARE +
    `  IF to_regclass(${literal(progress())}) IS NULL THEN\n` +
    indent(dropArchiveIfEmpty(), 4) + `    RETURN;\n  END IF;\n` +
    `  SELECT switched INTO smartspec_switched FROM ${progress()} WHERE job = ${j};\n` +
    `  IF smartspec_switched IS NULL THEN\n    RETURN;\n  END IF;\n` +
    `  IF NOT smartspec_switched${m.keepSource ? " OR true" : ""} THEN\n` +
    `    -- no switch happened (or the sources stayed): the sources hold every value\n` +
    indent(undoExpand, 4) +
    `    RETURN;\n  END IF;\n` +
    indent(progressSetup(back), 2) +
    indent(addMissing(m, m.sources.map((a) => a.column)), 2) +
    indent(syncFunction(m, n.backFn, m.sources, m.targets.map((a) => a.column)), 2) + "\n" +
    `  CREATE OR REPLACE TRIGGER ${ident(n.backTrigger)} BEFORE INSERT OR UPDATE ON ${t}\n` +
    `    FOR EACH ROW EXECUTE FUNCTION ${qident(n.backFn)}();\n` +
    `  COMMIT;\n` +
    indent(batchLoop(m, back, assignment), 2) +
    `END\n`;
  return doBlock(body);
}

/** Rollback, statement 2: NOT NULL back online, the trigger, new columns and archive go. */
export function uncontract(m: OnlineMove): string {
  const n = names(m);
  const t = qident(m.table);
  const j = literal(n.job);
  const back = literal(`${n.job}:rollback`);
  const body = DECLARE +
    `  IF to_regclass(${literal(progress())}) IS NULL THEN\n` +
    `    IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ${ARCHIVE}) THEN\n` +
    indent(dropArchiveIfEmpty(), 6) + `    END IF;\n    RETURN;\n  END IF;\n` +
    `  SELECT finished INTO smartspec_finished FROM ${progress()} WHERE job = ${back};\n` +
    `  IF smartspec_finished IS NULL THEN\n    RETURN;\n  END IF;\n` +
    `  IF NOT smartspec_finished THEN\n` +
    `    RAISE EXCEPTION 'smartspec backfill %: not finished; run the rollback again', ${back};\n` +
    `  END IF;\n` +
    notNulls(m, m.sources, "after the rollback") +
    `  DROP TRIGGER IF EXISTS ${ident(n.backTrigger)} ON ${t};\n` +
    `  DROP FUNCTION IF EXISTS ${qident(n.backFn)}();\n` +
    m.targets.map((a) => `  ALTER TABLE ${t} DROP COLUMN IF EXISTS ${ident(a.column.name)};\n`)
      .join("") +
    `  DROP TABLE IF EXISTS ${qident(m.archive)};\n` +
    indent(forgetJobs(j, back), 2) +
    indent(dropArchiveIfEmpty(), 2) +
    `END\n`;
  return doBlock(body);
}
