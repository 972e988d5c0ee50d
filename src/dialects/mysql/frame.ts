/**
 * The frame of a MySQL/MariaDB migration file. MySQL commits every DDL statement, so the file
 * says plainly that it is not atomic, numbers its parts, and says for each part what to run if it
 * fails. It sets the session up first (`SET NAMES utf8mb4`, a strict `sql_mode` without
 * `NO_BACKSLASH_ESCAPES`, so that literals mean what quoting.ts wrote and a value that does not fit
 * is an error instead of a warning; foreign key checks off while tables change, since the
 * preflight has checked the rows), then runs the parts. It runs as it is with
 * `mysql db < migration.sql` (which stops at the first error) and through a driver that runs its
 * statements one by one.
 * @module
 */
import type { Part } from "./lower.ts";
import { comment } from "./quoting.ts";

/** The session settings every file starts with. */
export const SESSION_SETUP = [
  "SET NAMES utf8mb4",
  "SET SESSION sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'",
  "SET SESSION foreign_key_checks = 0",
];

/**
 * Online mode (`--online`) reads without locking rows: the archives (`CREATE TABLE ... SELECT`)
 * and the batches read a snapshot instead of share-locking every row they read.
 */
export const ONLINE_SETUP = ["SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED"];

/** The session settings every file ends with. */
export const SESSION_END = ["SET SESSION foreign_key_checks = 1"];

/** What {@link renderMysqlFile} writes. */
export interface MysqlFileInput {
  header: string;
  /** `migration` or `rollback`: what the recovery advice names. */
  which: "migration" | "rollback";
  parts: Part[];
  /** The plan step comment for a step (without `--`); empty for none. */
  stepComment: (step: number) => string;
  /** The number of the other file's part that undoes the table parts up to this one. */
  undoPart: (partIndex: number) => number | undefined;
  /** Online mode: the number of pt-online-schema-change blocks the operator runs by hand. */
  online?: { ptOsc: number };
}

/** Ends a statement; a statement with `;` inside (a trigger body) goes between DELIMITER lines. */
export function terminate(sql: string): string {
  const s = sql.trimEnd();
  if (!/;/.test(s.replace(/'(?:[^'\\]|\\.|'')*'|`[^`]*`/g, ""))) {
    const last = s.slice(s.lastIndexOf("\n") + 1);
    return last.includes("--") || last.includes("#") ? `${s}\n;` : `${s};`;
  }
  return `DELIMITER $$\n${s}\n$$\nDELIMITER ;`;
}

function advice(f: MysqlFileInput, i: number): string {
  const p = f.parts[i];
  const n = i + 1;
  const other = f.which === "migration" ? "rollback.sql" : "migration.sql";
  if (p.kind === "preflight") {
    return "If it fails: nothing has changed (it only reads). The error names the column and " +
      "the guard; fix those rows and run the whole file again.";
  }
  const before = f.parts.slice(0, i).filter((x) => x.kind !== "preflight");
  const done = before.length
    ? `parts ${f.parts.findIndex((x) => x === before[0]) + 1}-${n - 1} are committed`
    : "nothing before it has changed the database";
  const undo = f.undoPart(i);
  return `If it fails: ${done}; statements of this part before the failing one are committed ` +
    `too (each DDL statement commits). To go on: fix the cause and run this file again from ` +
    `the failing statement of part ${n} (keep the SET lines at the top). ` +
    (undo !== undefined
      ? `To go back instead: complete this part, then run ${other} from part ${undo}.`
      : `To go back instead: run ${other} as a whole after completing this part.`);
}

function onlineText(ptOsc: number): string {
  return `ONLINE (--online): each ALTER TABLE says ALGORITHM=INSTANT or ALGORITHM=INPLACE, ` +
    `LOCK=NONE\nwhere the server can run it so (it refuses rather than block writes); UPDATEs ` +
    `over whole tables run\nin batches by key, each batch one transaction with its progress in ` +
    `_smartspec_backfill:\nrun again after an interruption, they continue after the last ` +
    `finished batch.` +
    (ptOsc
      ? ` ${ptOsc} table change(s) would copy the table with writes blocked: they are\n` +
        `pt-online-schema-change commands, run by hand from a shell (the blocks marked ">>>"); ` +
        `the\nfile stops at each until its change is in place, then resumes at its marker.`
      : "");
}

/** The whole migration (or rollback) file. */
export function renderMysqlFile(f: MysqlFileInput): string {
  const out: string[] = [f.header];
  const total = f.parts.length;
  out.push(
    comment(
      `NOT ATOMIC: MySQL and MariaDB commit every DDL statement, so this file cannot run in one\n` +
        `transaction. It has ${total} part(s); every check runs first (part 1 when there is one),\n` +
        `before anything changes. Each table's changes are one ALTER TABLE (atomic per table).\n` +
        `Run it with: mysql <database> < this.sql (the client stops at the first error).`,
    ),
    "",
  );
  if (f.online) out.push(comment(onlineText(f.online.ptOsc)), "");
  // online settings first: the setup ends with the foreign_key_checks line (a resume keeps it)
  for (const s of [...(f.online ? ONLINE_SETUP : []), ...SESSION_SETUP]) out.push(`${s};`);
  let current: number | undefined;
  f.parts.forEach((p, i) => {
    out.push("", comment(`==== part ${i + 1} of ${total}: ${p.title} ====`), comment(advice(f, i)));
    current = undefined;
    for (const s of p.statements) {
      if (s.step !== current && s.step > 0) {
        current = s.step;
        const text = f.stepComment(s.step);
        if (text) out.push(comment(text));
      }
      if (s.note) out.push(comment(s.note));
      out.push(terminate(s.sql));
    }
  });
  out.push("");
  for (const s of SESSION_END) out.push(`${s};`);
  out.push("");
  return out.join("\n");
}
