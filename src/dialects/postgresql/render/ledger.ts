/**
 * The step ledger of a migration that runs in parts (online mode): the table
 * `smartspec_archive.smartspec_steps` records, per run, each transactional step whose up is
 * committed. A transactional part is one DO block in its transaction: each step runs (its
 * statements through EXECUTE) only when the ledger does not hold it yet and records itself in
 * the same transaction, so a part run again after a failure skips what committed and does the
 * rest. The rollback undoes a transactional step only when the ledger holds it and removes the
 * entry with it, so it works from any point of the up file and a new up run starts clean.
 * A part takes a transaction-level advisory lock of its run first, so that two runs at once do
 * not both apply a step: the second waits, then finds the first's entries and skips.
 * Steps outside a transaction (CONCURRENTLY, batched backfills) are not recorded: their
 * statements skip or redo what is done themselves, and their rollbacks undo what is there.
 * @module
 */
import type { QName } from "../../../model/schema.ts";
import type { Step } from "../../../plan/plan.ts";
import { splitSql } from "../../../apply/sql_split.ts";
import { ARCHIVE_SCHEMA } from "../describe/helpers.ts";
import { doBlock, dropArchiveIfEmpty, indent } from "../describe/backfill.ts";
import { dollarTag, ident, literal, qident } from "./quote.ts";

/** The ledger table. */
export const LEDGER_TABLE: QName = { schema: ARCHIVE_SCHEMA, name: "smartspec_steps" };

const ledger = () => qident(LEDGER_TABLE);

/** Creates the archive schema and the ledger when missing (quietly: no NOTICE). */
export function ledgerSetup(): string {
  return doBlock(
    `\nBEGIN\n` +
      `  IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ${literal(ARCHIVE_SCHEMA)}) ` +
      `THEN\n    CREATE SCHEMA ${ident(ARCHIVE_SCHEMA)};\n  END IF;\n` +
      `  IF to_regclass(${literal(ledger())}) IS NULL THEN\n` +
      `    CREATE TABLE ${ledger()} (\n` +
      `      run text NOT NULL,\n      step integer NOT NULL,\n` +
      `      done_at timestamptz NOT NULL DEFAULT now(),\n` +
      `      PRIMARY KEY (run, step)\n    );\n  END IF;\nEND\n`,
    "smartspec",
  );
}

/**
 * The end of a rollback, one statement: the ledger goes when no run has entries left, then the
 * archive schema when nothing is left in it.
 */
export function ledgerTeardown(): string {
  return doBlock(
    `\nBEGIN\n` +
      // nested: a query naming the ledger fails when it is not there
      `  IF to_regclass(${literal(ledger())}) IS NOT NULL THEN\n` +
      `    IF NOT EXISTS (SELECT 1 FROM ${ledger()}) THEN\n` +
      `      DROP TABLE ${ledger()};\n    END IF;\n  END IF;\n` +
      `  IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ${literal(ARCHIVE_SCHEMA)}) THEN\n` +
      indent(dropArchiveIfEmpty(), 4) + `  END IF;\nEND\n`,
    "smartspec",
  );
}

/**
 * `EXECUTE` of each statement of `sql`, verbatim (not indented: a string literal or function
 * body spanning lines keeps its text) in a dollar quote of its own.
 */
function executes(sql: string): string {
  return splitSql(sql).statements.map((st) => {
    const text = st.sql.replace(/;\s*$/, "");
    const tag = dollarTag(text, "smartspec_sql");
    const lead = st.lead.trim();
    return (lead ? indent(lead, 4) + "\n" : "") + `    EXECUTE ${tag}\n${text}\n${tag};\n`;
  }).join("");
}

/**
 * One transactional part as a DO block: per step its comment, then (up) its statements and its
 * entry when the ledger does not hold the step, or (rollback) its statements and the removal of
 * its entry when the ledger holds it.
 */
export function ledgerPart(
  run: string,
  steps: Step[],
  sql: (s: Step) => string,
  stepComment: (s: Step) => string,
  rollback: boolean,
): string {
  const r = literal(run);
  const body = steps.map((s) => {
    const entry = `SELECT 1 FROM ${ledger()} WHERE run = ${r} AND step = ${s.n}`;
    const record = rollback
      ? `DELETE FROM ${ledger()} WHERE run = ${r} AND step = ${s.n};\n`
      : `INSERT INTO ${ledger()} (run, step) VALUES (${r}, ${s.n});\n`;
    const skipped = rollback ? "not done by migration.sql" : "done already";
    return indent(stepComment(s), 2) + "\n" +
      `  IF ${rollback ? "" : "NOT "}EXISTS (${entry}) THEN\n` +
      executes(sql(s)) + indent(record, 4) +
      `  ELSE\n` +
      `    RAISE NOTICE 'smartspec step [%] of run %: ${skipped}, skipped', ${s.n}, ${r};\n` +
      `  END IF;\n`;
  }).join("");
  // a rollback with no ledger there has no transactional step to undo
  const none = rollback
    ? `  IF to_regclass(${literal(ledger())}) IS NULL THEN\n    RETURN;\n  END IF;\n`
    : "";
  // two runs of the run's files at once: the second waits here until the first commits, then
  // sees its entries (each check is a statement of its own, with a new snapshot) and skips
  const serial = `  PERFORM pg_advisory_xact_lock(hashtext(${
    literal(`smartspec_steps:${run}`)
  }));\n`;
  return doBlock(`\nBEGIN\n${serial}${none}${body}END\n`, "smartspec_part");
}
