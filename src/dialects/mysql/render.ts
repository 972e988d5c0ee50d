/**
 * `migration.sql` and `rollback.sql` of a MySQL/MariaDB run: the plan lowered to parts
 * (lower.ts) in the file frame (frame.ts).
 * @module
 */
import type { RenderContext } from "../dialect.ts";
import type { TypeFacts } from "../../model/types.ts";
import type { Step } from "../../plan/plan.ts";
import {
  fileHeader,
  filesWithoutStatements,
  type MigrationFiles,
  type MigrationMeta,
  stepCommentText,
  withoutHeader,
} from "../../render/files.ts";
import type { MysqlFlavor } from "./expr.ts";
import { renderMysqlFile } from "./frame.ts";
import { lowerMysql } from "./lower.ts";
import { comment } from "./quoting.ts";
import type { OnlineFacts, Part } from "./lower.ts";
import type { FilePart, OnlineReport } from "../../render/files.ts";
import { resumeMarker } from "./online.ts";
import { SESSION_SETUP } from "./frame.ts";

/** A part of a file as the report numbers it: never a transaction, with its plan steps. */
function filePart(p: Part): FilePart {
  return {
    transactional: false,
    steps: [...new Set(p.statements.map((s) => s.step))].filter((n) => n > 0),
  };
}

/** What report.md says of an online MySQL migration (the steps by hand, what still locks). */
export function onlineReport(o: { up: OnlineFacts; down: OnlineFacts }): OnlineReport {
  const lastSetup = SESSION_SETUP[SESSION_SETUP.length - 1];
  const manual = (file: "migration" | "rollback", f: OnlineFacts) =>
    f.ptOsc.map((s) => ({
      file,
      n: s.n,
      table: s.table,
      command: s.command,
      equivalent: s.equivalent.replace(/\s*\n\s*/g, " "),
      resume: `{ sed -n '1,/^${lastSetup};$/p' ${file}.sql; sed -n '/^${
        resumeMarker(s.n)
      }$/,$p' ${file}.sql; } | mysql "$DB"`,
    }));
  return {
    notes: [
      "ALTERs run with ALGORITHM=INSTANT or ALGORITHM=INPLACE, LOCK=NONE where the server " +
      "can (it refuses rather than block writes); UPDATEs over whole tables run in batches " +
      "by key (primary key or unique NOT NULL key of up to three columns; --batch-size, " +
      "--batch-pause; @smartspec_batch_rows and @smartspec_batch_pause seconds override), " +
      "each batch one transaction with its progress, a lock wait of more than 1 s or a " +
      "deadlock retried with backoff; columns computed from the row's own columns are kept in " +
      "step with writers by BEFORE INSERT/UPDATE triggers until the ALTER that drops their " +
      "sources.",
      "Progress is in the table _smartspec_backfill (one row per batched UPDATE: last key, " +
      "rows, batches, lock retries, finished, switched): a re-run after an interruption " +
      "continues after the last finished batch. Every part can be run again after a failure: " +
      "on MariaDB the whole file (ALTERs guarded with IF [NOT] EXISTS, parts whose data moves " +
      "are done skipped); on MySQL from the part that failed (a done part stops a re-run and " +
      "says so).",
      "A table change that would copy the table with writes blocked is a " +
      "pt-online-schema-change command (Percona Toolkit) run by hand; the file stops at it " +
      "until the change is in place and resumes at its marker.",
    ],
    manual: [...manual("migration", o.up), ...manual("rollback", o.down)],
    locking: [
      ...o.up.locking.map((what) => ({ file: "migration" as const, what })),
      ...o.down.locking.map((what) => ({ file: "rollback" as const, what })),
    ],
  };
}

/**
 * The file's text for a migration tool that sends it to the server (dbmate, goose, Flyway ...):
 * `DELIMITER $$ ... $$ DELIMITER ;` blocks become the statement they hold, ended by `;`.
 */
export function withoutDelimiters(sql: string): string {
  return sql.replace(/^DELIMITER \$\$\n([\s\S]*?)\n\$\$\nDELIMITER ;$/gm, (_, body: string) => {
    const last = body.slice(body.lastIndexOf("\n") + 1);
    return last.includes("--") || last.includes("#") ? `${body}\n;` : `${body};`;
  });
}

/** Composes both files from the plan. */
export function renderMysql(
  steps: Step[],
  meta: MigrationMeta,
  ctx: RenderContext,
  flavor: MysqlFlavor,
  facts: TypeFacts,
): MigrationFiles {
  const none = filesWithoutStatements(steps, meta, comment, (s) => !!s.item.rule);
  if (none) return none;
  const lowered = lowerMysql({
    changes: steps.filter((s) => s.item.rule).map((s) => ({ change: s.item.change, step: s.n })),
    from: ctx.from,
    to: ctx.to,
    archiveTag: ctx.archiveTag,
    flavor,
    facts,
    online: meta.online,
    backfill: ctx.backfill,
  });
  const byN = new Map(steps.map((s) => [s.n, s]));
  const stepComment = (n: number) => {
    const s = byN.get(n);
    return s ? stepCommentText(s) : "";
  };
  const tableParts = (parts: typeof lowered.up) =>
    parts.map((p, i) => ({ p, i })).filter((x) => x.p.kind !== "preflight");
  const upTables = tableParts(lowered.up), downTables = tableParts(lowered.down);
  // the k-th changing part of one file (0-based) is undone by the (n - 1 - k)-th of the other
  const undo = (mine: typeof upTables, theirs: typeof upTables) => (idx: number) => {
    const k = mine.findIndex((x) => x.i === idx);
    if (k < 0) return undefined;
    const j = theirs.length - 1 - k; // undoes mine[k], then everything before it
    return theirs[j] ? theirs[j].i + 1 : undefined;
  };
  const notes = lowered.notes.length ? "\n" + comment(lowered.notes.join("\n")) : "";
  const migration = renderMysqlFile({
    header: fileHeader(meta, `up migration (${flavor})`, comment) + notes,
    which: "migration",
    parts: lowered.up,
    stepComment,
    undoPart: undo(upTables, downTables),
    online: lowered.online && { ptOsc: lowered.online.up.ptOsc.length },
  });
  const rollback = renderMysqlFile({
    header: fileHeader(meta, `rollback (${flavor})`, comment) + notes,
    which: "rollback",
    parts: lowered.down,
    stepComment,
    undoPart: undo(downTables, upTables),
    online: lowered.online && { ptOsc: lowered.online.down.ptOsc.length },
  });
  // MySQL commits at every DDL statement: a tool's transaction around the file protects
  // nothing, so the file runs as it is, parts and preflight included. Tools send it to the
  // server, which knows no DELIMITER (a command of the mysql client): a trigger or routine body
  // is one statement of the batch, ended by `;`
  const unit = (sql: string) => [{
    transactional: false,
    sql: withoutDelimiters(withoutHeader(sql)),
    settings: [],
  }];
  return {
    migration,
    rollback,
    steps: steps.filter((s) => s.item.rule).length,
    units: { up: unit(migration), down: unit(rollback) },
    // every statement commits on its own: the files are never atomic
    parts: { up: lowered.up.map(filePart), down: lowered.down.map(filePart) },
    ...(lowered.online ? { online: onlineReport(lowered.online) } : {}),
  };
}
