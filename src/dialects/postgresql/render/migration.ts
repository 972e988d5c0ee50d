/**
 * Composing `migration.sql` and `rollback.sql` from the plan's steps: a header that says what
 * the file is and how to run it, per step a comment with its rule and safety. The steps run in
 * one transaction, unless a rule's statements cannot run inside one (`transaction: false`, e.g.
 * CREATE INDEX CONCURRENTLY in online mode): then the file runs in parts, each run of
 * transactional steps in its own transaction and the others on their own between them, in plan
 * order. The timeouts are set at the start of every part (`SET LOCAL` in a transaction).
 * @module
 */
import {
  ARCHIVE_SCHEMA,
  CASTABLE_FN,
  CASTABLE_FN_DEF,
  ROUNDTRIP_FN,
  ROUNDTRIP_FN_DEF,
} from "../describe/describe.ts";
import type { Step } from "../../../plan/plan.ts";
import { ident, literal, qident } from "./quote.ts";

import {
  fileHeader,
  filesWithoutStatements,
  type FileUnit,
  type MigrationFiles,
  type MigrationMeta,
  stepCommentText,
} from "../../../render/files.ts";
import { splitSql } from "../../../apply/sql_split.ts";
import { commitsAsItGoes, needsNoTransaction } from "./non_transactional.ts";
import { LEDGER_TABLE, ledgerPart, ledgerSetup, ledgerTeardown } from "./ledger.ts";
import { createArchive, doBlock, dropArchiveIfEmpty, indent } from "../describe/backfill.ts";
import { safeComment } from "../../../render/comment.ts";
export type { MigrationFiles, MigrationMeta } from "../../../render/files.ts";

const comment = safeComment;

/** Consecutive steps that run together: inside one transaction, or each on its own. */
interface Segment {
  transactional: boolean;
  steps: Step[];
}

/**
 * Splits steps (in execution order) into runs of transactional and non-transactional steps.
 * A transaction also ends after a step that adds an enum value that a later step of the same
 * run uses (a default, an index predicate, a conversion): PostgreSQL refuses a value added in
 * the same transaction ("unsafe use of new value").
 */
export function segments(steps: Step[], sql: (s: Step) => string = (s) => s.up): Segment[] {
  const out: Segment[] = [];
  let cut = false;
  steps.forEach((s, i) => {
    const last = out[out.length - 1];
    if (last && !cut && last.transactional === s.transactional) last.steps.push(s);
    else out.push({ transactional: s.transactional, steps: [s] });
    cut = s.transactional && usedLater(addedEnumValues(sql(s)), steps, i + 1, sql);
  });
  return out;
}

/** The values (as literals) that a step's `ALTER TYPE ... ADD VALUE` statements add. */
export function addedEnumValues(sql: string): string[] {
  const re = /\bALTER\s+TYPE\s+.+?\s+ADD\s+VALUE\s+(?:IF\s+NOT\s+EXISTS\s+)?('(?:[^']|'')*')/gis;
  return [...sql.matchAll(re)].map((m) => m[1]);
}

/**
 * True when one of the steps from `from` on names one of the values (`'paid'`); the later
 * steps' SQL is read only for a step that adds values (a copy of the rest for every step made
 * the plan's rendering quadratic in its length).
 */
function usedLater(
  values: string[],
  steps: Step[],
  from: number,
  sql: (s: Step) => string,
): boolean {
  if (values.length === 0) return false;
  for (let j = from; j < steps.length; j++) {
    const t = sql(steps[j]);
    if (values.some((v) => t.includes(v))) return true;
  }
  return false;
}

/** Statements that the steps' SQL needs first (archive schema, cast-check helper). */
function setup(bodies: string[]): string[] {
  const out: string[] = [];
  const all = bodies.join("\n");
  if (all.includes(CASTABLE_FN)) {
    out.push(CASTABLE_FN_DEF.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"));
  }
  if (all.includes(ROUNDTRIP_FN)) {
    out.push(ROUNDTRIP_FN_DEF.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"));
  }
  if (all.includes(ident(ARCHIVE_SCHEMA))) out.push(archiveSchemaSql("create"));
  return out;
}

/**
 * Creates the archive schema when missing, or (at the end of a rollback) drops it when nothing
 * is left in it; a DO block, so that neither prints a NOTICE.
 */
export function archiveSchemaSql(what: "create" | "drop_empty"): string {
  const body = what === "create" ? createArchive() : dropArchiveIfEmpty();
  return doBlock(`\nBEGIN\n${indent(body, 2)}END\n`);
}

/** The timeouts: `SET LOCAL` inside a transaction, session-wide `SET` outside one. */
function timeouts(meta: MigrationMeta, local: boolean): string[] {
  const set = local ? "SET LOCAL" : "SET";
  const out: string[] = [];
  if (meta.lockTimeout) out.push(`${set} lock_timeout = ${literal(meta.lockTimeout)};`);
  if (meta.statementTimeout) {
    out.push(`${set} statement_timeout = ${literal(meta.statementTimeout)};`);
  }
  return out;
}

function timeoutNote(meta: MigrationMeta): string {
  const lock = meta.lockTimeout ? `lock_timeout ${meta.lockTimeout}` : "no lock_timeout";
  const stmt = meta.statementTimeout
    ? `statement_timeout ${meta.statementTimeout}`
    : "no statement_timeout";
  return `${lock} and ${stmt} apply to every statement (set at the start of each part; ` +
    `data_migration_generator.lock_timeout / statement_timeout in the config)`;
}

/** A part of a file: one transaction, or statements that each commit on their own. */
interface Part {
  transactional: boolean;
  /** The plan steps in it. */
  steps: number[];
  /** Set-up statements (first part only), each without a comment. */
  pre: string[];
  /** Each step's comment and SQL, and the rollback's teardown, in order. */
  chunks: string[];
  /** Said after the part's steps in its header (a part with a step ledger). */
  note?: string;
}

/**
 * The parts of one file: its steps in order, grouped by whether they run in a transaction, with
 * the set-up first and (in a rollback) the archive schema's removal last. The file text and the
 * units for the migration tools are both written from these, so that they cannot drift apart.
 * With a ledger (`run`: a file that runs in parts), each transactional part is one DO block
 * whose steps skip what the ledger says is done (render/ledger.ts), the ledger is set up first,
 * and the rollback drops it when it is left empty.
 */
function partsOf(
  steps: Step[],
  sql: (s: Step) => string,
  stepComment: (s: Step) => string,
  rollback: boolean,
  run?: string,
): Part[] {
  const segs = segments(steps, sql);
  // a DO block that commits as it goes manages the archive schema itself: left out here, so
  // that an online data move is one unit each way for the migration tools
  const managed = (s: Step) =>
    splitSql(sql(s)).statements.filter((st) => !commitsAsItGoes(st.sql)).map((st) => st.sql)
      .join("\n");
  // up: the ledger's set-up (which creates the archive schema too) goes first; the rollback
  // needs none (no ledger: nothing to undo) and removes it last, so that the set-up and the
  // removal stay one statement each way, and the units pair for the migration tools
  const pre = run === undefined || rollback
    ? setup(steps.map(managed))
    : [...setup(steps.map(managed)).filter((x) => x !== archiveSchemaSql("create")), ledgerSetup()];
  const usesArchive = run !== undefined ||
    steps.some((s) => managed(s).includes(ident(ARCHIVE_SCHEMA)));
  const teardown = run !== undefined ? ledgerTeardown() : archiveSchemaSql("drop_empty");
  return segs.map((seg, i) => ({
    transactional: seg.transactional,
    steps: seg.steps.map((s) => s.n),
    pre: i === 0 ? pre : [],
    ...(seg.transactional && run !== undefined
      ? {
        note: rollback
          ? `a step is undone only when ${qident(LEDGER_TABLE)} holds it`
          : `a step that ${qident(LEDGER_TABLE)} holds is skipped`,
      }
      : {}),
    chunks: [
      ...(seg.transactional && run !== undefined
        ? [ledgerPart(run, seg.steps, sql, stepComment, rollback)]
        : seg.steps.map((s) => `${stepComment(s)}\n${sql(s)}`)),
      ...(rollback && usesArchive && i === segs.length - 1
        ? [
          comment(
            run !== undefined
              ? "the step ledger and the archive schema go when the rollback left them empty"
              : "the archive schema goes when the rollback left it empty",
          ) + `\n${teardown}`,
        ]
        : []),
    ],
  }));
}

/** The text of one file's parts. */
function body(meta: MigrationMeta, parts: Part[]): string[] {
  const out: string[] = [];
  parts.forEach((part, i) => {
    if (parts.length > 1) {
      out.push(
        comment(
          `part ${i + 1} of ${parts.length}: ` +
            (part.transactional
              ? "one transaction"
              : "outside a transaction (each statement commits on its own)") +
            (part.steps.length ? `; steps ${part.steps.map((n) => `[${n}]`).join(" ")}` : "") +
            (part.note ? `; ${part.note}` : ""),
        ),
      );
    }
    if (part.transactional) out.push("BEGIN;", ...timeouts(meta, true));
    else out.push(...timeouts(meta, false));
    out.push(...part.pre, "");
    for (const c of part.chunks) out.push(c, "");
    if (part.transactional) out.push("COMMIT;", "");
  });
  return out;
}

/**
 * The same parts as units for the migration tools: a transactional part is one unit (its
 * statements without BEGIN/COMMIT, which the tools add); outside a transaction each statement
 * is a unit of its own, the session timeouts going with the first one that follows them.
 */
function units(meta: MigrationMeta, parts: Part[]): FileUnit[] {
  const out: FileUnit[] = [];
  for (const part of parts) {
    if (part.transactional) {
      out.push({
        transactional: true,
        sql: [...timeouts(meta, true), ...part.pre, ...part.chunks].join("\n\n"),
        settings: [],
      });
      continue;
    }
    let settings = timeouts(meta, false);
    const statement = (text: string) => {
      out.push({ transactional: !needsNoTransaction(text), sql: text, settings });
      settings = [];
    };
    part.pre.forEach(statement);
    for (const chunk of part.chunks) {
      for (const st of splitSql(chunk).statements) {
        const lead = st.lead.trim();
        statement(lead ? `${lead}\n${st.sql}` : st.sql);
      }
    }
  }
  return out;
}

/** What the header of a file with a step ledger says about running it. */
function ledgerHow(n: number, transactional: boolean): string {
  const shape = n === 1 && !transactional
    ? "runs outside a transaction block (psql -v ON_ERROR_STOP=1 -f FILE): each statement " +
      "commits on its own, and some commit as they go (batched backfills)"
    : `runs in ${n} part(s) (psql -v ON_ERROR_STOP=1 -f FILE): statements that cannot run ` +
      "inside a transaction block (CONCURRENTLY, batched backfills) run between the " +
      "transactions, and an enum value is committed before it is used";
  return `${shape}.\nNOT ATOMIC, but every part can run again: when a part fails, the parts ` +
    "before it stay applied; fix the cause and run the whole file again. Each transactional " +
    `step is recorded in ${qident(LEDGER_TABLE)} when it commits and skipped when it is ` +
    "there; the statements outside a transaction skip or redo what is done (IF [NOT] EXISTS, " +
    "the backfill progress table). rollback.sql works from any point: it undoes the " +
    "transactional steps the ledger holds (and removes their entries) and what the others " +
    "left";
}

/** Renders both files. Blocked runs get files that say so and hold no statements. */
export function renderMigration(steps: Step[], meta: MigrationMeta): MigrationFiles {
  const header = (what: string) => fileHeader(meta, what, comment);
  const stepComment = (s: Step) => comment(stepCommentText(s));
  const none = filesWithoutStatements(steps, meta, comment, (s) => !!(s.up || s.down));
  if (none) return none;
  const active = steps.filter((s) => s.up || s.down);
  const downSteps = [...active].reverse();
  // online, a file that runs in parts keeps a step ledger: every part can run again
  const atomic = (sql: (s: Step) => string, list: Step[]) => {
    const segs = segments(list, sql);
    return segs.length === 1 && segs[0].transactional;
  };
  // (a file of steps that all run outside a transaction needs none: each statement skips or
  // redoes what is done by itself)
  const run = meta.online && active.some((s) => s.transactional) &&
      !(atomic((s) => s.up, active) && atomic((s) => s.down, downSteps))
    ? meta.runId
    : undefined;
  const upParts = partsOf(active, (s) => s.up, stepComment, false, run);
  const downParts = partsOf(downSteps, (s) => s.down, stepComment, true, run);
  const how = (steps: Step[], sql: (s: Step) => string) => {
    const segs = segments(steps, sql);
    const n = segs.length;
    if (run !== undefined) return ledgerHow(n, segs[0].transactional);
    if (n === 1 && !segs[0].transactional) {
      return "runs outside a transaction block (psql -v ON_ERROR_STOP=1 -f FILE): each " +
        "statement commits on its own, and some commit as they go (batched backfills).\n" +
        "NOT ATOMIC: when a statement fails, the ones before it stay applied; fix the cause " +
        "and run the file again (its online steps skip what is done)";
    }
    return n === 1
      ? "run it as one transaction (psql -v ON_ERROR_STOP=1 -f FILE)"
      : `runs in ${n} parts (psql -v ON_ERROR_STOP=1 -f FILE): statements that cannot run ` +
        "inside a transaction block (CONCURRENTLY) run between the transactions, and an enum " +
        "value is committed before it is used.\n" +
        "NOT ATOMIC: when a part fails, the parts before it stay applied; fix the cause and " +
        "run the remaining parts";
  };
  const up = [
    header(`up migration: ${how(active, (s) => s.up).replaceAll("FILE", "migration.sql")}`),
    comment(timeoutNote(meta)),
    "",
    ...body(meta, upParts),
  ];
  const down = [
    header(
      "rollback: applied after migration.sql it restores the from-schema and its data\n" +
        how(downSteps, (s) => s.down).replaceAll("FILE", "rollback.sql"),
    ),
    comment(timeoutNote(meta)),
    "",
    ...body(meta, downParts),
  ];
  return {
    migration: up.join("\n"),
    rollback: down.join("\n"),
    steps: active.length,
    ...(meta.online && !(atomic((s) => s.up, active) && atomic((s) => s.down, downSteps))
      ? { rerunnable: true }
      : {}),
    units: {
      up: units(meta, upParts),
      down: units(meta, downParts),
    },
    parts: {
      up: upParts.map((p) => ({ transactional: p.transactional, steps: p.steps })),
      down: downParts.map((p) => ({ transactional: p.transactional, steps: p.steps })),
    },
  };
}
