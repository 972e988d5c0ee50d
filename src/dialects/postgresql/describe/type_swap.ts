/**
 * The online type change for PostgreSQL (expand / backfill / contract), with the pieces of
 * backfill.ts: a column whose new type makes ALTER COLUMN TYPE rewrite the table under an
 * ACCESS EXCLUSIVE lock is swapped for a shadow column instead.
 *
 * 1. expand + backfill (a DO block committing as it goes): the shadow column of the new type
 *    under a name unique to the run, a trigger that keeps it in step with every write to the
 *    column (the conversion the plain ALTER ... USING applies), the originals that would not come
 *    back unchanged archived by key, then the backfill in batches by key (resumable, retried);
 * 2. the column's indexes (and the indexes of its UNIQUE constraints) built CONCURRENTLY on the
 *    shadow column under temporary names, each its own statement (no transaction block);
 * 3. contract (a DO block): NOT NULL through a CHECK validated online, then one short
 *    transaction (its lock retried with backoff, each attempt waiting 500 ms at most)
 *    that first checks that nothing else depends on the column (else it stops: nothing is
 *    dropped by accident), then: the trigger goes, the column's comment,
 *    column privileges and statistics target pass to the shadow column (the comments of its
 *    indexes and constraints to theirs), the column goes, the
 *    shadow takes its name (it is now the table's last column), the temporary indexes take the
 *    original names (UNIQUE constraints come back `USING INDEX`), the DEFAULT is set and the
 *    CHECK and FOREIGN KEY constraints come back NOT VALID; they are validated right after,
 *    writers going on.
 *
 * The rollback is the same swap backwards when the switch happened (the archived originals
 * restore exact values where the converted value is unchanged), or removes what the expand
 * added when it did not. Every statement can be run again after a failure: a DO block that
 * finds nothing to do leaves placeholders (a nullable column, sequences under the temporary
 * index names) so that the CREATE INDEX CONCURRENTLY IF NOT EXISTS statements between the
 * blocks skip, and the next block removes them.
 * @module
 */
import type { Column, Constraint, Index, QName } from "../../../model/schema.ts";
import type { TypeFacts } from "../../../model/types.ts";
import type { BackfillSettings } from "../../../classify/described.ts";
import { columnDef, constraintDef, createIndex } from "../render/ddl.ts";
import { ident, literal, qident } from "../render/quote.ts";
import { clipBytes } from "../parse/pg_names.ts";
import { ARCHIVE_SCHEMA } from "./helpers.ts";
import {
  batchLoop,
  columnExists,
  createArchive,
  DECLARE,
  doBlock,
  dropArchiveIfEmpty,
  forgetJobs,
  indent,
  progress,
  progressSetup,
  syncFunction,
} from "./backfill.ts";

/** An index that moves to the shadow column: built under `tmp`, renamed (or bound) at the switch. */
export interface SwapIndex {
  /** The original name (of the index, or of the UNIQUE constraint it backs). */
  name: string;
  /** The definition, on the column's name (the shadow's name is put in when rendered). */
  index: Index;
  /** Set for the index of a UNIQUE constraint: bound back with `ADD CONSTRAINT ... USING INDEX`. */
  unique?: boolean;
}

/** A foreign key of another table that references the column (through its UNIQUE index). */
export interface ForeignRef {
  table: QName;
  constraint: Constraint;
}

/** One direction of the swap: the table's column becomes `target` (same name, other type). */
export interface ColumnSwap {
  table: QName;
  /** The one key column (primary key or unique NOT NULL) and its type. */
  key: string;
  keyType: string;
  /** The column's definition after the swap (type, collation, DEFAULT, NOT NULL). */
  target: Column;
  /** The shadow column's name (unique to the run and the direction). */
  shadow: string;
  /** The conversion, SQL over the row (the column by its name): the trigger's. */
  convert: string;
  /** What the backfill assigns (may read the archive); defaults to `convert`. */
  fill?: string;
  indexes: SwapIndex[];
  /** CHECK and FOREIGN KEY constraints on the column, given again after the switch (NOT VALID, validated). */
  checks: Constraint[];
  /** Foreign keys referencing the column: dropped and given again NOT VALID at the switch. */
  refs: ForeignRef[];
  /** The progress job of this direction. */
  job: string;
  /** Suffix of the temporary names (unique per run and direction). */
  tag: string;
  settings: BackfillSettings;
  facts: TypeFacts;
}

/** A name with a suffix, within PostgreSQL's 63 bytes. */
export function suffixed(name: string, suffix: string): string {
  return clipBytes(name, 63 - new TextEncoder().encode(suffix).length) + suffix;
}

const column = (s: ColumnSwap) => s.target.name;
const tmpName = (s: ColumnSwap, i: SwapIndex) => suffixed(i.name, `_smartspec_${s.tag}`);
const tmpQ = (s: ColumnSwap, i: SwapIndex): QName => ({
  schema: s.table.schema,
  name: tmpName(s, i),
});
/** The original index (of a UNIQUE constraint: the constraint's name). */
const idxQ = (s: ColumnSwap, i: SwapIndex): QName => ({ schema: s.table.schema, name: i.name });
const notNullCheck = (s: ColumnSwap) => suffixed(column(s), `_not_null_${s.tag}`);

function names(s: ColumnSwap) {
  const base = clipBytes(`${s.table.name}_${column(s)}`, 40);
  return {
    trigger: `smartspec_swap_${s.tag}`,
    fn: { schema: ARCHIVE_SCHEMA, name: `swap_${base}_${s.tag}` },
  };
}

/** The shadow's definition: the target's type and collation, nullable, no default. */
function shadowDef(s: ColumnSwap): string {
  return columnDef(
    { ...s.target, default: undefined, identity: undefined, serial: false, generated: undefined },
    s.facts,
    { nullable: true, noDefault: true },
  );
}

/** The index (under its temporary name, on the shadow column) built CONCURRENTLY. */
function buildIndex(s: ColumnSwap, i: SwapIndex): string {
  const on = (c: string) => (c === column(s) ? s.shadow : c);
  const ix: Index = {
    ...i.index,
    name: tmpName(s, i),
    keys: i.index.keys.map((k) => (k.column !== undefined ? { ...k, column: on(k.column) } : k)),
    include: i.index.include.map(on),
  };
  return createIndex(ix, { concurrently: true }).replace(
    /^CREATE (UNIQUE )?INDEX CONCURRENTLY /,
    "CREATE $1INDEX CONCURRENTLY IF NOT EXISTS ",
  );
}

/** Up or back, the statements between the blocks: the indexes on the shadow column. */
export function swapIndexes(s: ColumnSwap): string {
  return s.indexes.map((i) => buildIndex(s, i)).join("\n");
}

/** The relation named `q` is of kind `kind` (plpgsql condition). */
const relKind = (q: QName, kind: string) =>
  `EXISTS (SELECT 1 FROM pg_class WHERE oid = to_regclass(${literal(qident(q))}) ` +
  `AND relkind = ${literal(kind)})`;

/**
 * Placeholders that let the CREATE INDEX CONCURRENTLY IF NOT EXISTS statements skip when there
 * is nothing to build (a re-run after the switch, a rollback with nothing to roll back): the
 * shadow column (nullable, no default: no rewrite) and a sequence under each temporary name.
 */
function placeholders(s: ColumnSwap): string {
  if (!s.indexes.length) return "";
  const t = qident(s.table);
  return `IF NOT ${columnExists(s.table, s.shadow)} THEN\n` +
    `  ALTER TABLE ${t} ADD COLUMN ${ident(s.shadow)} ${shadowDef(s)};\nEND IF;\n` +
    s.indexes.map((i) =>
      `IF to_regclass(${literal(qident(tmpQ(s, i)))}) IS NULL THEN\n` +
      `  CREATE SEQUENCE ${qident(tmpQ(s, i))};\nEND IF;\n`
    ).join("");
}

/** Removes the placeholders of {@link placeholders}. */
function dropPlaceholders(s: ColumnSwap): string {
  if (!s.indexes.length) return "";
  const t = qident(s.table);
  return s.indexes.map((i) =>
    `IF ${relKind(tmpQ(s, i), "S")} THEN\n  DROP SEQUENCE ${qident(tmpQ(s, i))};\nEND IF;\n`
  ).join("") +
    `ALTER TABLE ${t} DROP COLUMN IF EXISTS ${ident(s.shadow)};\n`;
}

/** Removes what an expand added (the switch not made): trigger, temporary indexes, shadow. */
export function undoExpand(s: ColumnSwap): string {
  const n = names(s);
  const t = qident(s.table);
  return `DROP TRIGGER IF EXISTS ${ident(n.trigger)} ON ${t};\n` +
    `DROP FUNCTION IF EXISTS ${qident(n.fn)}();\n` +
    s.indexes.map((i) =>
      `IF ${relKind(tmpQ(s, i), "i")} THEN\n  DROP INDEX ${qident(tmpQ(s, i))};\nEND IF;\n`
    ).join("") +
    `ALTER TABLE ${t} DROP CONSTRAINT IF EXISTS ${ident(notNullCheck(s))};\n` +
    `ALTER TABLE ${t} DROP COLUMN IF EXISTS ${ident(s.shadow)};\n`;
}

/**
 * The expand and backfill of one direction (plpgsql, committing): the shadow column, the
 * trigger, the archive (`archive`: its CREATE, run once), the batches.
 */
function expand(s: ColumnSwap, archive: string): string {
  const n = names(s);
  const t = qident(s.table);
  // a UNIQUE constraint's index is rebuilt from the constraint's columns: stop before anything
  // is done when the database's has more (INCLUDE columns, storage parameters)
  const uniques = s.indexes.filter((i) => i.unique).map((i) => i.name);
  const more = uniques.length
    ? `IF EXISTS (SELECT 1 FROM pg_constraint k JOIN pg_index i ON i.indexrelid = k.conindid ` +
      `JOIN pg_class c ON c.oid = i.indexrelid WHERE k.conrelid = ${literal(t)}::regclass ` +
      `AND k.conname = ANY (ARRAY[${uniques.map(literal).join(", ")}]::text[]) ` +
      `AND (i.indnkeyatts <> i.indnatts OR c.reloptions IS NOT NULL)) THEN\n` +
      `  RAISE EXCEPTION 'smartspec type change %: a UNIQUE constraint of the column has INCLUDE ` +
      `columns or storage parameters, which the online change does not rebuild; run without ` +
      `--online', ${literal(s.job)};\nEND IF;\n`
    : "";
  const c: Column = { ...s.target, name: s.shadow };
  const watched: Column = { ...s.target };
  return more +
    `-- expand: the shadow column, kept in step with every write by a trigger\n` +
    withLockRetries(
      s,
      `IF NOT ${columnExists(s.table, s.shadow)} THEN\n` +
        `  ALTER TABLE ${t} ADD COLUMN ${ident(s.shadow)} ${shadowDef(s)};\nEND IF;\n` +
        // a CREATE INDEX CONCURRENTLY that failed leaves an invalid index: built again
        s.indexes.map((i) =>
          `IF EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(` +
          `${literal(qident(tmpQ(s, i)))}) AND NOT indisvalid) THEN\n` +
          `  DROP INDEX ${qident(tmpQ(s, i))};\nEND IF;\n`
        ).join("") +
        syncFunction({ table: s.table }, n.fn, [{ column: c, expr: s.convert }], [watched]) +
        "\n" +
        `CREATE OR REPLACE TRIGGER ${ident(n.trigger)} BEFORE INSERT OR UPDATE ON ${t}\n` +
        `  FOR EACH ROW EXECUTE FUNCTION ${qident(n.fn)}();\n`,
    ) +
    archive +
    `-- backfill in batches by key, each its own transaction; a re-run continues\n` +
    batchLoop(s, s.job, `${ident(s.shadow)} = (${s.fill ?? s.convert})`);
}

/**
 * Runs `body` as one transaction, retried as the batches are when its lock is not granted
 * (counted in the job's `lock_retries`). A lock request waiting in the queue (behind a long
 * transaction, an autovacuum) queues every writer behind it: each attempt waits 500 ms at most
 * (less when the session's `lock_timeout` says so), the last one the session's `lock_timeout`
 * (2 s without one), long enough for PostgreSQL to cancel an autovacuum in the way.
 */
function withLockRetries(s: ColumnSwap, body: string): string {
  const j = literal(s.job);
  const r = s.settings.retries;
  const bounded = `IF smartspec_attempt < ${r} AND (current_setting('lock_timeout')::interval = ` +
    `interval '0' OR current_setting('lock_timeout')::interval > interval '500ms') THEN\n` +
    `  PERFORM set_config('lock_timeout', '500ms', true);\n` +
    `ELSIF current_setting('lock_timeout')::interval = interval '0' THEN\n` +
    `  PERFORM set_config('lock_timeout', '2s', true);\nEND IF;\n`;
  return `smartspec_attempt := 0;\n` +
    `LOOP\n  BEGIN\n` + indent(bounded + body, 4) + `    EXIT;\n` +
    `  EXCEPTION WHEN lock_not_available OR deadlock_detected THEN\n` +
    `    smartspec_attempt := smartspec_attempt + 1;\n` +
    `    IF smartspec_attempt > ${s.settings.retries} THEN\n      RAISE;\n    END IF;\n` +
    `    smartspec_wait := least(10000, 100 * 2 ^ (smartspec_attempt - 1)) * (0.5 + random() / 2);\n` +
    `    RAISE NOTICE 'smartspec type change %: lock not granted (%), retry %/% in % ms', ${j}, ` +
    `SQLERRM, smartspec_attempt, ${s.settings.retries}, round(smartspec_wait);\n` +
    `    UPDATE ${progress()} SET lock_retries = lock_retries + 1 WHERE job = ${j};\n` +
    `    PERFORM pg_sleep(smartspec_wait / 1000.0);\n` +
    `  END;\nEND LOOP;\nCOMMIT;\n`;
}

/** The CHECK constraints given again that are not validated yet: validated (writers go on). */
function validateChecks(s: ColumnSwap): string {
  const all = [
    ...s.checks.map((c) => ({ table: s.table, constraint: c })),
    ...s.refs,
  ];
  return all.filter((r) => !r.constraint.notValid).map((r) => {
    const t = qident(r.table);
    return `IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = ${literal(t)}::regclass ` +
      `AND conname = ${literal(r.constraint.name)} AND NOT convalidated) THEN\n` +
      `  ALTER TABLE ${t} VALIDATE CONSTRAINT ${ident(r.constraint.name)};\n  COMMIT;\nEND IF;\n`;
  }).join("");
}

/** `COMMENT ON CONSTRAINT` of a foreign key kept under `key` in smartspec_c, given again. */
const refKey = (r: ForeignRef) => literal(`ref:${qident(r.table)}:${r.constraint.name}`);

/**
 * The contract of one direction (plpgsql): NOT NULL, the check of the column's dependants,
 * the switch in one short transaction, the CHECKs validated. `done`: SQL run in the switch's
 * transaction (marks the job switched).
 */
function contract(s: ColumnSwap, done: string): string {
  const n = names(s);
  const t = qident(s.table);
  const tl = literal(t);
  const col = literal(column(s));
  const attnum = `(SELECT attnum FROM pg_attribute WHERE attrelid = ${tl}::regclass ` +
    `AND attname = ${col} AND NOT attisdropped)`;
  const array = (xs: string[]) =>
    xs.length ? `ARRAY[${xs.map(literal).join(", ")}]::text[]` : `ARRAY[]::text[]`;
  const indexNames = array(s.indexes.map((i) => i.name));
  const constraintNamesList = [
    ...s.indexes.filter((i) => i.unique).map((i) => i.name),
    ...s.checks.map((c) => c.name),
  ];
  const constraintNames = array([...constraintNamesList, ...s.refs.map((r) => r.constraint.name)]);
  const dependants =
    `SELECT string_agg(pg_describe_object(d.classid, d.objid, d.objsubid), ', ')\n` +
    `  INTO smartspec_s FROM pg_depend d\n` +
    `  WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = ${tl}::regclass\n` +
    `    AND d.refobjsubid = ${attnum} AND d.deptype IN ('n', 'a')\n` +
    `    AND d.classid <> 'pg_attrdef'::regclass\n` +
    `    AND NOT (d.classid = 'pg_class'::regclass AND d.objid <> ${tl}::regclass AND ` +
    `(SELECT relname FROM pg_class WHERE oid = d.objid) = ANY (${indexNames}))\n` +
    // NOT NULL (a constraint from PostgreSQL 18 on) is carried over as NOT NULL
    `    AND NOT (d.classid = 'pg_constraint'::regclass AND (SELECT conname = ANY ` +
    `(${constraintNames}) OR contype = 'n' FROM pg_constraint WHERE oid = d.objid));\n`;
  const indexesReady = s.indexes.map((i) =>
    `IF NOT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(` +
    `${literal(qident(tmpQ(s, i)))}) AND indisvalid) THEN\n` +
    `  RAISE EXCEPTION 'smartspec switch %: index % is not built; run the file again', ` +
    `${literal(s.job)}, ${literal(tmpName(s, i))};\nEND IF;\n`
  ).join("");
  const shadow = ident(s.shadow);
  const check = ident(notNullCheck(s));
  const usualNotNull = clipBytes(`${s.table.name}_${column(s)}_not_null`, 63);
  const sw = `LOCK TABLE ${t} IN ACCESS EXCLUSIVE MODE;\n` +
    `-- nothing else may depend on the column: DROP COLUMN would take it along\n` +
    dependants +
    `IF smartspec_s IS NOT NULL THEN\n` +
    `  RAISE EXCEPTION USING MESSAGE = format('smartspec switch %s: %s depend(s) on %s.%s, which ` +
    `the online type change does not carry over; drop it first or run without --online', ` +
    `${literal(s.job)}, smartspec_s, ${tl}, ${col});\n` +
    `END IF;\n` +
    `DROP TRIGGER IF EXISTS ${ident(n.trigger)} ON ${t};\n` +
    `DROP FUNCTION IF EXISTS ${qident(n.fn)}();\n` +
    `-- the column's comment, column privileges and statistics target pass to the shadow\n` +
    `SELECT col_description(${tl}::regclass, ${attnum}) INTO smartspec_s;\n` +
    `IF smartspec_s IS NOT NULL THEN\n` +
    `  EXECUTE format('COMMENT ON COLUMN %s.%I IS %L', ${tl}, ${
      literal(s.shadow)
    }, smartspec_s);\n` +
    `END IF;\n` +
    `FOR smartspec_r IN SELECT p.privilege_type, p.grantee, p.is_grantable FROM pg_attribute a, ` +
    `aclexplode(a.attacl) p\n` +
    `  WHERE a.attrelid = ${tl}::regclass AND a.attname = ${col} AND NOT a.attisdropped LOOP\n` +
    `  EXECUTE format('GRANT %s (%I) ON %s TO %s%s', smartspec_r.privilege_type, ` +
    `${literal(s.shadow)}, ${tl},\n` +
    `    CASE WHEN smartspec_r.grantee = 0 THEN 'PUBLIC' ` +
    `ELSE quote_ident(pg_get_userbyid(smartspec_r.grantee)) END,\n` +
    `    CASE WHEN smartspec_r.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);\n` +
    `END LOOP;\n` +
    // the comments of the indexes (on the temporary ones) and of the constraints (kept by name)
    s.indexes.map((i) =>
      `SELECT obj_description(to_regclass(${literal(qident(idxQ(s, i)))}), 'pg_class') ` +
      `INTO smartspec_s;
` +
      `IF smartspec_s IS NOT NULL THEN
` +
      `  EXECUTE format('COMMENT ON INDEX %s IS %L', ${literal(qident(tmpQ(s, i)))}, ` +
      `smartspec_s);
END IF;
`
    ).join("") +
    (constraintNamesList.length
      ? `SELECT jsonb_object_agg(conname, obj_description(oid, 'pg_constraint')) INTO smartspec_c ` +
        `FROM pg_constraint WHERE conrelid = ${tl}::regclass AND conname = ANY ` +
        `(${constraintNames}) AND obj_description(oid, 'pg_constraint') IS NOT NULL;
`
      : "") +
    `SELECT attstattarget INTO smartspec_n FROM pg_attribute WHERE attrelid = ${tl}::regclass ` +
    `AND attname = ${col} AND NOT attisdropped;\n` +
    `IF smartspec_n >= 0 THEN\n` +
    `  EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET STATISTICS %s', ${tl}, ` +
    `${literal(s.shadow)}, smartspec_n);\nEND IF;\n` +
    (s.target.notNull
      ? `-- NOT NULL: the validated CHECK spares the scan\n` +
        `ALTER TABLE ${t} ALTER COLUMN ${shadow} SET NOT NULL;\n` +
        `ALTER TABLE ${t} DROP CONSTRAINT ${check};\n`
      : "") +
    s.refs.map((r) =>
      `SELECT coalesce(smartspec_c, '{}'::jsonb) || jsonb_build_object(${refKey(r)}, ` +
      `obj_description(oid, 'pg_constraint')) INTO smartspec_c FROM pg_constraint WHERE conrelid = ` +
      `${literal(qident(r.table))}::regclass AND conname = ${literal(r.constraint.name)} ` +
      `AND obj_description(oid, 'pg_constraint') IS NOT NULL;\n` +
      `-- a foreign key that references the column goes with its index; given again below\n` +
      `ALTER TABLE ${qident(r.table)} DROP CONSTRAINT IF EXISTS ${ident(r.constraint.name)};\n`
    ).join("") +
    `-- the switch: the column goes, the shadow takes its name and its indexes theirs\n` +
    `ALTER TABLE ${t} DROP COLUMN ${ident(column(s))};\n` +
    `ALTER TABLE ${t} RENAME COLUMN ${shadow} TO ${ident(column(s))};\n` +
    (s.target.notNull
      ? `-- PostgreSQL 18 names NOT NULL: the shadow's name becomes the column's usual one\n` +
        `SELECT conname INTO smartspec_s FROM pg_constraint WHERE conrelid = ${tl}::regclass ` +
        `AND contype = 'n' AND conkey = ARRAY[${attnum}]::int2[];\n` +
        `IF smartspec_s IS NOT NULL AND smartspec_s <> ${literal(usualNotNull)} AND NOT EXISTS ` +
        `(SELECT 1 FROM pg_constraint WHERE conrelid = ${tl}::regclass AND conname = ` +
        `${literal(usualNotNull)}) THEN\n` +
        `  EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', ${tl}, smartspec_s, ` +
        `${literal(usualNotNull)});\nEND IF;\n`
      : "") +
    s.indexes.map((i) =>
      i.unique
        ? `ALTER TABLE ${t} ADD CONSTRAINT ${ident(i.name)} UNIQUE USING INDEX ` +
          `${ident(tmpName(s, i))};\n`
        : `ALTER INDEX ${qident(tmpQ(s, i))} RENAME TO ${ident(i.name)};\n`
    ).join("") +
    (s.target.default
      ? `ALTER TABLE ${t} ALTER COLUMN ${ident(column(s))} SET DEFAULT ${s.target.default.sql};\n`
      : "") +
    s.checks.map((c) =>
      `ALTER TABLE ${t} ADD CONSTRAINT ${ident(c.name)} ${constraintDef(c)} NOT VALID;\n`
    ).join("") +
    s.refs.map((r) =>
      `ALTER TABLE ${qident(r.table)} ADD CONSTRAINT ${ident(r.constraint.name)} ` +
      `${constraintDef(r.constraint)} NOT VALID;\n` +
      `IF smartspec_c ? ${refKey(r)} THEN\n` +
      `  EXECUTE format('COMMENT ON CONSTRAINT %I ON %s IS %L', ${literal(r.constraint.name)}, ` +
      `${literal(qident(r.table))}, smartspec_c ->> ${refKey(r)});\nEND IF;\n`
    ).join("") +
    constraintNamesList.map((name) =>
      `IF smartspec_c ? ${literal(name)} THEN\n` +
      `  EXECUTE format('COMMENT ON CONSTRAINT %I ON %s IS %L', ${literal(name)}, ${tl}, ` +
      `smartspec_c ->> ${literal(name)});\nEND IF;\n`
    ).join("") +
    done;
  const notNull = s.target.notNull
    ? `IF EXISTS (SELECT 1 FROM ${t} WHERE ${shadow} IS NULL) THEN\n` +
      `  RAISE EXCEPTION USING MESSAGE = ${
        literal(
          `smartspec guard: ${s.table.name}.${column(s)} has NULL values after the conversion`,
        )
      };\nEND IF;\n` +
      withLockRetries(
        s,
        `IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = ${tl}::regclass ` +
          `AND conname = ${literal(notNullCheck(s))}) THEN\n` +
          `  ALTER TABLE ${t} ADD CONSTRAINT ${check} CHECK (${shadow} IS NOT NULL) NOT VALID;\n` +
          `END IF;\n`,
      ) +
      `ALTER TABLE ${t} VALIDATE CONSTRAINT ${check};\nCOMMIT;\n`
    : "";
  return notNull +
    indexesReady +
    `COMMIT;\n` +
    withLockRetries(s, sw) +
    validateChecks(s);
}

/** The variables of the online block: DECLARE plus a record and a text. */
const DECLARE_SWAP = DECLARE.replace(
  /BEGIN\n$/,
  "  smartspec_r record;\n  smartspec_s text;\n  smartspec_c jsonb;\nBEGIN\n",
);

/** The switch mark of a job (in the switch's transaction). */
const markSwitched = (job: string) =>
  `UPDATE ${progress()} SET switched = true, updated_at = now() WHERE job = ${literal(job)};\n`;

/** The archive of the originals the rollback restores exactly. */
export interface SwapArchive {
  archive: QName;
  /** `CREATE TABLE ... AS SELECT` list (key, original as text). */
  select: string;
  /** The rows to keep (their value does not come back unchanged). */
  where: string;
}

/** Up, statement 1: expand and backfill (a re-run after the switch leaves placeholders). */
export function swapExpand(up: ColumnSwap, archive?: SwapArchive): string {
  const j = literal(up.job);
  const t = qident(up.table);
  const keep = archive
    ? `-- the originals that would not come back unchanged, by key (a read: writers go on)\n` +
      `IF to_regclass(${literal(qident(archive.archive))}) IS NULL THEN\n` +
      `  CREATE TABLE ${qident(archive.archive)} AS SELECT ${archive.select} FROM ${t} ` +
      `WHERE ${archive.where};\n` +
      `  CREATE INDEX ON ${qident(archive.archive)} (${ident(up.key)});\n` +
      `END IF;\nCOMMIT;\n`
    : "";
  const body = DECLARE_SWAP +
    indent(createArchive(), 2) +
    indent(progressSetup(up.job), 2) +
    `  SELECT switched INTO smartspec_switched FROM ${progress()} WHERE job = ${j};\n` +
    `  IF smartspec_switched THEN\n` +
    `    RAISE NOTICE 'smartspec type change %: already switched', ${j};\n` +
    indent(placeholders(up), 4) +
    `    RETURN;\n  END IF;\n` +
    indent(expand(up, keep), 2) +
    `END\n`;
  return doBlock(body);
}

/** Up, statement 3 (after the indexes): the switch. */
export function swapContract(up: ColumnSwap): string {
  const j = literal(up.job);
  const body = DECLARE_SWAP +
    `  SELECT finished, switched INTO smartspec_finished, smartspec_switched FROM ${progress()} ` +
    `WHERE job = ${j};\n` +
    `  IF smartspec_switched THEN\n` +
    indent(validateChecks(up), 4) +
    indent(dropPlaceholders(up), 4) +
    `    RETURN;\n  END IF;\n` +
    `  IF smartspec_finished IS NOT TRUE THEN\n` +
    `    RAISE EXCEPTION 'smartspec backfill %: not finished; run the migration again', ${j};\n` +
    `  END IF;\n` +
    indent(contract(up, markSwitched(up.job)), 2) +
    `END\n`;
  return doBlock(body);
}

/**
 * Rollback, statement 1: when the up switch happened, the swap backwards (expand and backfill,
 * the archived originals where the value is unchanged); else what the expand added goes.
 */
export function swapRestore(up: ColumnSwap, back: ColumnSwap, archive?: QName): string {
  const j = literal(up.job);
  const body = DECLARE_SWAP +
    `  IF to_regclass(${literal(progress())}) IS NOT NULL THEN\n` +
    `    SELECT switched INTO smartspec_switched FROM ${progress()} WHERE job = ${j};\n` +
    `  END IF;\n` +
    `  IF smartspec_switched IS NOT TRUE THEN\n` +
    `    -- no switch happened: the column holds every value; what the expand added goes\n` +
    indent(undoExpand(up), 4) +
    (archive ? `    DROP TABLE IF EXISTS ${qident(archive)};\n` : "") +
    `    IF to_regclass(${literal(progress())}) IS NOT NULL THEN\n` +
    indent(forgetJobs(j, literal(back.job)), 6) +
    `    END IF;\n` +
    `    IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ${literal(ARCHIVE_SCHEMA)}) THEN\n` +
    indent(dropArchiveIfEmpty(), 6) +
    `    END IF;\n` +
    indent(placeholders(back), 4) +
    `    RETURN;\n  END IF;\n` +
    indent(progressSetup(back.job), 2) +
    `  SELECT switched INTO smartspec_switched FROM ${progress()} WHERE job = ${
      literal(back.job)
    };\n` +
    `  IF smartspec_switched THEN\n` +
    indent(placeholders(back), 4) +
    `    RETURN;\n  END IF;\n` +
    indent(expand(back, ""), 2) +
    `END\n`;
  return doBlock(body);
}

/** Rollback, statement 3 (after the indexes): the switch back, then the archive and jobs go. */
export function swapUncontract(up: ColumnSwap, back: ColumnSwap, archive?: QName): string {
  const b = literal(back.job);
  const cleanup = (archive ? `DROP TABLE IF EXISTS ${qident(archive)};\n` : "") +
    forgetJobs(literal(up.job), b);
  const body = DECLARE_SWAP +
    `  IF to_regclass(${literal(progress())}) IS NOT NULL THEN\n` +
    `    SELECT finished, switched INTO smartspec_finished, smartspec_switched FROM ${progress()} ` +
    `WHERE job = ${b};\n` +
    `  END IF;\n` +
    `  IF smartspec_finished IS NULL OR smartspec_switched THEN\n` +
    `    -- nothing (more) to switch back\n` +
    indent(validateChecks(back), 4) +
    indent(dropPlaceholders(back), 4) +
    `    IF to_regclass(${literal(progress())}) IS NOT NULL THEN\n` +
    indent(cleanup, 6) +
    `    END IF;\n` +
    `    IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ${literal(ARCHIVE_SCHEMA)}) THEN\n` +
    indent(dropArchiveIfEmpty(), 6) +
    `    END IF;\n` +
    `    RETURN;\n  END IF;\n` +
    `  IF NOT smartspec_finished THEN\n` +
    `    RAISE EXCEPTION 'smartspec backfill %: not finished; run the rollback again', ${b};\n` +
    `  END IF;\n` +
    indent(contract(back, markSwitched(back.job)), 2) +
    indent(cleanup, 2) +
    indent(dropArchiveIfEmpty(), 2) +
    `END\n`;
  return doBlock(body);
}
