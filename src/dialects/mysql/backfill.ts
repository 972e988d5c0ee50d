/**
 * The batched backfill of MySQL/MariaDB online mode (`--online`): an UPDATE over a whole table
 * run by a stored procedure in batches by the table's key (keyset pagination on a key of one to
 * {@link MAX_KEY_COLUMNS} columns, the primary key or a unique NOT NULL one), each batch its own
 * short transaction that commits the batch's rows and its progress together.
 *
 * - progress: a row per job in {@link PROGRESS_TABLE} (in the migrated database, beside the
 *   archives): the last finished key (a JSON array), rows and batches done, lock retries,
 *   finished and switched flags. A re-run after an interruption continues after the last
 *   finished batch; a finished job is not run again. Another session can watch it.
 * - batch size and pause: `--batch-size` / `--batch-pause` (config `online_batch_size`,
 *   `online_batch_pause_ms`), written into the procedure; `@smartspec_batch_rows` and
 *   `@smartspec_batch_pause` (seconds), set in the session before, override them.
 * - lock waits: each batch runs under `innodb_lock_wait_timeout` = {@link LOCK_WAIT_SECONDS}
 *   (the session's value comes back at the end); a lock wait timeout (1205) or a deadlock (1213)
 *   rolls the batch back and retries it after an exponential backoff with jitter (100 ms
 *   doubling, at most 10 s, times 0.5 to 1), up to the configured retries; then the procedure
 *   stops with an error (a re-run continues).
 * - keyset comparison: `(a, b) > (x, y)` is written out as `a >= x AND (a > x OR (a = x AND
 *   b > y))`: MariaDB 10.11 scans the whole index for a row constructor comparison, and uses a
 *   range for the expanded form (EXPLAIN).
 * @module
 */
import type { BackfillSettings } from "../../classify/described.ts";
import { ident, literal } from "./quoting.ts";

/** The progress table of the batched backfills (one row per job), in the migrated database. */
export const PROGRESS_TABLE = "_smartspec_backfill";

/**
 * Rows per batch when `--batch-size` / `online_batch_size` give none: a batch holds its rows'
 * locks until it commits, and in `deno task bench:online` 10,000-row batches kept a writer
 * waiting 1.6 s where 1,000-row ones kept it 0.4 s.
 */
export const MYSQL_BATCH_ROWS = 1000;

/** Keys of up to this many columns are paginated; a longer key runs the UPDATE at once. */
export const MAX_KEY_COLUMNS = 3;

/** Seconds a batch waits for a row lock before it is rolled back and retried. */
export const LOCK_WAIT_SECONDS = 1;

/** Creates the progress table when it is missing (a no-op, with a note, when it is there). */
export function progressTableSql(): string {
  return `CREATE TABLE IF NOT EXISTS ${ident(PROGRESS_TABLE)} (\n` +
    `  \`job\` VARCHAR(255) NOT NULL PRIMARY KEY,\n` +
    `  \`last_key\` TEXT NULL,\n` +
    `  \`rows_done\` BIGINT NOT NULL DEFAULT 0,\n` +
    `  \`batches\` BIGINT NOT NULL DEFAULT 0,\n` +
    `  \`lock_retries\` BIGINT NOT NULL DEFAULT 0,\n` +
    `  \`finished\` TINYINT(1) NOT NULL DEFAULT 0,\n` +
    `  \`switched\` TINYINT(1) NOT NULL DEFAULT 0,\n` +
    `  \`updated_at\` TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)\n` +
    `) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`;
}

/** The condition that a job's name starts with `prefix`. */
export function jobsLike(prefix: string): string {
  return `LEFT(\`job\`, ${[...prefix].length}) = ${literal(prefix)}`;
}

/**
 * The statements that forget the jobs whose names start with `prefix` and drop the progress
 * table once no job is left in it (a prepared statement: MySQL has no conditional DDL outside
 * a stored program).
 */
export function forgetJobs(prefix: string): string[] {
  const t = ident(PROGRESS_TABLE);
  return [
    progressTableSql(),
    `DELETE FROM ${t} WHERE ${jobsLike(prefix)}`,
    `SET @smartspec_sql = IF(EXISTS (SELECT 1 FROM ${t}), 'DO 0', ${
      literal(`DROP TABLE IF EXISTS ${t}`)
    })`,
    `PREPARE smartspec_stmt FROM @smartspec_sql`,
    `EXECUTE smartspec_stmt`,
    `DEALLOCATE PREPARE smartspec_stmt`,
  ];
}

/** A key column of the table the batches go by. */
export interface KeyColumn {
  /** The column as the boundary SELECT names it (quoted). */
  column: string;
  /** The column as the UPDATE names it (quoted, with the UPDATE's alias when it has one). */
  inUpdate: string;
  /** Its SQL type with charset and collation (the procedure's variables compare as it does). */
  type: string;
}

/** What one batched UPDATE needs. */
export interface BatchJob {
  /** The job's name (its progress row). */
  job: string;
  /** The procedure's name (unquoted). */
  procedure: string;
  /** The qualified table the keys are read from. */
  table: string;
  keys: KeyColumn[];
  /** The UPDATE statement restricted by a condition on the keys. */
  update: (where: string) => string;
  settings: BackfillSettings;
}

/**
 * The keyset comparison of a key with values, written out so that the server reads a range of
 * the index: `dir` `>` (after) or `<` (before), `inclusive` for `>=` / `<=` on the whole key.
 */
export function keyBeyond(
  cols: string[],
  vals: string[],
  dir: ">" | "<",
  inclusive = false,
): string {
  const rec = (i: number): string =>
    i === cols.length - 1
      ? `${cols[i]} ${dir}${inclusive ? "=" : ""} ${vals[i]}`
      : `(${cols[i]} ${dir} ${vals[i]} OR (${cols[i]} = ${vals[i]} AND ${rec(i + 1)}))`;
  return cols.length === 1 ? rec(0) : `${cols[0]} ${dir}= ${vals[0]} AND ${rec(0)}`;
}

/** A binary string type: its last key is kept as hex in the JSON array. */
const isBinary = (type: string) =>
  /^(var)?binary\b|^(tiny|medium|long)?blob\b|character set binary/i.test(type);

/** The procedure (CREATE PROCEDURE ... END) of a batched UPDATE. */
export function batchProcedure(j: BatchJob): string {
  const P = ident(PROGRESS_TABLE);
  const job = literal(j.job);
  const s = j.settings;
  const last = j.keys.map((_, i) => `smartspec_last${i + 1}`);
  const upto = j.keys.map((_, i) => `smartspec_upto${i + 1}`);
  const cols = j.keys.map((k) => k.column);
  const inUpdate = j.keys.map((k) => k.inUpdate);
  const asc = cols.join(", ");
  const desc = cols.map((c) => `${c} DESC`).join(", ");
  const after = keyBeyond(cols, last, ">");
  const read = j.keys.map((k, i) => {
    const v = `JSON_UNQUOTE(JSON_EXTRACT(\`last_key\`, '$[${i}]'))`;
    return isBinary(k.type) ? `UNHEX(${v})` : v;
  });
  const json = `JSON_ARRAY(${
    j.keys.map((k, i) => isBinary(k.type) ? `HEX(${upto[i]})` : upto[i]).join(", ")
  })`;
  const bound = (where: string, order: string, limit: string) =>
    `SELECT ${asc}, 1 INTO ${upto.join(", ")}, smartspec_found FROM ${j.table}${
      where ? ` WHERE ${where}` : ""
    } ORDER BY ${order} LIMIT ${limit};`;
  const to = keyBeyond(inUpdate, upto, "<", true);
  const message = (text: string) => literal(`smartspec backfill ${j.job}: ${text}`.slice(0, 128));
  const lines = [
    `CREATE PROCEDURE ${ident(j.procedure)}()`,
    `BEGIN`,
    `  DECLARE smartspec_rows BIGINT DEFAULT GREATEST(COALESCE(@smartspec_batch_rows, ${s.batchSize}), 1);`,
    `  DECLARE smartspec_pause DOUBLE DEFAULT COALESCE(@smartspec_batch_pause, ${
      s.pauseMs / 1000
    });`,
    `  DECLARE smartspec_skip BIGINT DEFAULT smartspec_rows - 1;`,
    ...j.keys.map((k, i) => `  DECLARE ${last[i]}, ${upto[i]} ${k.type};`),
    `  DECLARE smartspec_started, smartspec_finished, smartspec_found, smartspec_failed ` +
    `TINYINT DEFAULT 0;`,
    `  DECLARE smartspec_n BIGINT DEFAULT 0;`,
    `  DECLARE smartspec_attempt INT DEFAULT 0;`,
    `  DECLARE smartspec_wait BIGINT DEFAULT @@SESSION.innodb_lock_wait_timeout;`,
    `  DECLARE CONTINUE HANDLER FOR NOT FOUND SET smartspec_found = 0;`,
    `  INSERT IGNORE INTO ${P} (\`job\`) VALUES (${job});`,
    `  SET SESSION innodb_lock_wait_timeout = ${LOCK_WAIT_SECONDS};`,
    `  smartspec_batches: LOOP`,
    `    SELECT \`finished\`, \`last_key\` IS NOT NULL, ${read.join(", ")}`,
    `      INTO smartspec_finished, smartspec_started, ${last.join(", ")}`,
    `      FROM ${P} WHERE \`job\` = ${job};`,
    `    IF smartspec_finished THEN`,
    `      LEAVE smartspec_batches;`,
    `    END IF;`,
    `    SET smartspec_attempt = 0;`,
    `    smartspec_try: LOOP`,
    `      SET smartspec_failed = 0;`,
    `      BEGIN`,
    `        DECLARE EXIT HANDLER FOR 1205, 1213`,
    `        BEGIN`,
    `          ROLLBACK;`,
    `          SET smartspec_failed = 1;`,
    `        END;`,
    `        START TRANSACTION;`,
    `        SET smartspec_found = 0;`,
    `        IF smartspec_started THEN`,
    `          ${bound(after, asc, "smartspec_skip, 1")}`,
    `          IF smartspec_found THEN`,
    `            SET smartspec_n = smartspec_rows;`,
    `          ELSE`,
    `            ${bound(after, desc, "1")}`,
    `            SET smartspec_n = (SELECT COUNT(*) FROM ${j.table} WHERE ${after});`,
    `          END IF;`,
    `        ELSE`,
    `          ${bound("", asc, "smartspec_skip, 1")}`,
    `          IF smartspec_found THEN`,
    `            SET smartspec_n = smartspec_rows;`,
    `          ELSE`,
    `            ${bound("", desc, "1")}`,
    `            SET smartspec_n = (SELECT COUNT(*) FROM ${j.table});`,
    `          END IF;`,
    `        END IF;`,
    `        IF NOT smartspec_found THEN`,
    `          UPDATE ${P} SET \`finished\` = 1, \`updated_at\` = CURRENT_TIMESTAMP(3) ` +
    `WHERE \`job\` = ${job};`,
    `        ELSEIF smartspec_started THEN`,
    `          ${j.update(`${keyBeyond(inUpdate, last, ">")} AND ${to}`)};`,
    `        ELSE`,
    `          ${j.update(to)};`,
    `        END IF;`,
    `        IF smartspec_found THEN`,
    `          UPDATE ${P} SET \`last_key\` = ${json}, \`rows_done\` = \`rows_done\` + ` +
    `smartspec_n, \`batches\` = \`batches\` + 1, \`updated_at\` = CURRENT_TIMESTAMP(3) ` +
    `WHERE \`job\` = ${job};`,
    `        END IF;`,
    `        COMMIT;`,
    `      END;`,
    `      IF NOT smartspec_failed THEN`,
    `        LEAVE smartspec_try;`,
    `      END IF;`,
    `      SET smartspec_attempt = smartspec_attempt + 1;`,
    `      IF smartspec_attempt > ${s.retries} THEN`,
    `        SET SESSION innodb_lock_wait_timeout = smartspec_wait;`,
    `        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = ${
      message(`lock not granted after ${s.retries} retries; run again to continue`)
    };`,
    `      END IF;`,
    `      UPDATE ${P} SET \`lock_retries\` = \`lock_retries\` + 1, \`updated_at\` = ` +
    `CURRENT_TIMESTAMP(3) WHERE \`job\` = ${job};`,
    `      DO SLEEP(LEAST(10, 0.1 * POW(2, smartspec_attempt - 1)) * (0.5 + RAND() / 2));`,
    `    END LOOP smartspec_try;`,
    `    IF smartspec_found AND smartspec_pause > 0 THEN`,
    `      DO SLEEP(smartspec_pause);`,
    `    END IF;`,
    `  END LOOP smartspec_batches;`,
    `  SET SESSION innodb_lock_wait_timeout = smartspec_wait;`,
    `END`,
  ];
  return lines.join("\n");
}
