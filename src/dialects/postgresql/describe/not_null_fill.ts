/**
 * The online NOT NULL fill for PostgreSQL: a column becomes NOT NULL and its NULLs take the
 * column's default, without a long lock. Two DO blocks each way (as the data moves of
 * backfill.ts, whose pieces they share): up, a trigger fills NULLs that writers send meanwhile
 * (remembering their keys), the keys of the rows holding NULL are archived, the NULLs are filled
 * in batches by key (resumable, retried, reported); then NOT NULL through a validated CHECK and
 * the trigger goes. The rollback drops NOT NULL and puts NULL back on the archived keys in
 * batches, then cleans up. Both directions can be run again after a failure.
 * @module
 */
import type { QName } from "../../../model/schema.ts";
import type { BackfillSettings } from "../../../classify/described.ts";
import { dollarTag, ident, literal, qident } from "../render/quote.ts";
import { ARCHIVE_SCHEMA } from "./helpers.ts";
import {
  batchLoop,
  createArchive,
  DECLARE,
  doBlock,
  dropArchiveIfEmpty,
  forgetJobs,
  indent,
  notNullOnline,
  progress,
  progressSetup,
  switchGate,
} from "./backfill.ts";

/** A NOT NULL fill on one table. */
export interface OnlineFill {
  table: QName;
  /** The one key column and its type. */
  key: string;
  keyType: string;
  column: string;
  /** The default's SQL: what the NULLs become. */
  fill: string;
  /** The keys of the filled rows (for the rollback). */
  archive: QName;
  /** Unique per run and column. */
  tag: string;
  settings: BackfillSettings;
}

function names(f: OnlineFill) {
  return {
    job: `${f.table.schema}.${f.table.name}.${f.column}:fill:${f.tag}`,
    trigger: `smartspec_fill_${f.tag}`,
    fn: { schema: ARCHIVE_SCHEMA, name: `fill_${f.table.name.slice(0, 40)}_${f.tag}` },
    check: `${f.column.slice(0, 40)}_not_null_${f.tag}`,
  };
}

/** Up, statement 1: archive the NULL rows' keys, fill new NULLs by trigger, fill in batches. */
export function fillNulls(f: OnlineFill): string {
  const n = names(f);
  const t = qident(f.table);
  const j = literal(n.job);
  const c = ident(f.column);
  const a = qident(f.archive);
  const fnBody = `\nBEGIN\n  IF NEW.${c} IS NULL THEN\n` +
    `    INSERT INTO ${a} (${ident(f.key)}) VALUES (NEW.${ident(f.key)});\n` +
    `    NEW.${c} := (${f.fill});\n  END IF;\n  RETURN NEW;\nEND\n`;
  const fnTag = dollarTag(fnBody, "smartspec_fn");
  const body = DECLARE +
    indent(createArchive(), 2) +
    indent(progressSetup(n.job), 2) +
    `  SELECT switched INTO smartspec_switched FROM ${progress()} WHERE job = ${j};\n` +
    `  IF smartspec_switched THEN\n    RETURN;\n  END IF;\n` +
    `  IF to_regclass(${literal(a)}) IS NULL THEN\n` +
    `    CREATE TABLE ${a} AS SELECT ${ident(f.key)} FROM ${t} WHERE false;\n` +
    `    CREATE INDEX ON ${a} (${ident(f.key)});\n  END IF;\n` +
    `  CREATE OR REPLACE FUNCTION ${qident(n.fn)}() RETURNS trigger LANGUAGE plpgsql AS ` +
    `${fnTag}${fnBody}${fnTag};\n` +
    `  CREATE OR REPLACE TRIGGER ${ident(n.trigger)} BEFORE INSERT OR UPDATE ON ${t}\n` +
    `    FOR EACH ROW EXECUTE FUNCTION ${qident(n.fn)}();\n` +
    `  COMMIT;\n` +
    `  -- the keys of the rows still NULL (a read: writers go on)\n` +
    `  INSERT INTO ${a} SELECT ${ident(f.key)} FROM ${t} WHERE ${c} IS NULL;\n` +
    `  COMMIT;\n` +
    indent(batchLoop(f, n.job, `${c} = (${f.fill})`, `${c} IS NULL`), 2) +
    `END\n`;
  return doBlock(body);
}

/** Up, statement 2: NOT NULL through a validated CHECK, the trigger goes. */
export function fillContract(f: OnlineFill): string {
  const n = names(f);
  const t = qident(f.table);
  const j = literal(n.job);
  const body = DECLARE +
    switchGate(j) +
    indent(
      notNullOnline(f.table, f.column, n.check, `${f.table.name}.${f.column} has NULL values`),
      2,
    ) +
    `  DROP TRIGGER IF EXISTS ${ident(n.trigger)} ON ${t};\n` +
    `  DROP FUNCTION IF EXISTS ${qident(n.fn)}();\n` +
    `  UPDATE ${progress()} SET switched = true, updated_at = now() WHERE job = ${j};\n` +
    `END\n`;
  return doBlock(body);
}

/** Rollback, statement 1: NOT NULL goes, NULL back on the archived keys, in batches. */
export function unfillNulls(f: OnlineFill): string {
  const n = names(f);
  const t = qident(f.table);
  const j = literal(n.job);
  const back = `${n.job}:rollback`;
  const body = DECLARE +
    `  IF to_regclass(${literal(progress())}) IS NULL THEN\n    RETURN;\n  END IF;\n` +
    `  IF NOT EXISTS (SELECT 1 FROM ${progress()} WHERE job = ${j}) THEN\n    RETURN;\n  END IF;\n` +
    `  DROP TRIGGER IF EXISTS ${ident(n.trigger)} ON ${t};\n` +
    `  DROP FUNCTION IF EXISTS ${qident(n.fn)}();\n` +
    `  ALTER TABLE ${t} DROP CONSTRAINT IF EXISTS ${ident(n.check)};\n` +
    `  ALTER TABLE ${t} ALTER COLUMN ${ident(f.column)} DROP NOT NULL;\n` +
    indent(progressSetup(back), 2) +
    `  COMMIT;\n` +
    `  IF to_regclass(${literal(qident(f.archive))}) IS NOT NULL THEN\n` +
    indent(
      batchLoop(
        f,
        back,
        `${ident(f.column)} = NULL`,
        `EXISTS (SELECT 1 FROM ${qident(f.archive)} AS a WHERE a.${ident(f.key)} = ${t}.${
          ident(f.key)
        })`,
      ),
      4,
    ) +
    `  END IF;\n` +
    `END\n`;
  return doBlock(body);
}

/** Rollback, statement 2: the archive and the progress rows go. */
export function unfillCleanup(f: OnlineFill): string {
  const n = names(f);
  const j = literal(n.job);
  const back = literal(`${n.job}:rollback`);
  const body = DECLARE +
    `  IF to_regclass(${literal(progress())}) IS NOT NULL THEN\n` +
    indent(forgetJobs(j, back), 4) +
    `  END IF;\n` +
    `  DROP TABLE IF EXISTS ${qident(f.archive)};\n` +
    `  IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ${literal(ARCHIVE_SCHEMA)}) THEN\n` +
    indent(dropArchiveIfEmpty(), 4) +
    `  END IF;\n` +
    `END\n`;
  return doBlock(body);
}
