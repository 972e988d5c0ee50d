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
  });
  const rollback = renderMysqlFile({
    header: fileHeader(meta, `rollback (${flavor})`, comment) + notes,
    which: "rollback",
    parts: lowered.down,
    stepComment,
    undoPart: undo(downTables, upTables),
  });
  // MySQL commits at every DDL statement: a tool's transaction around the file protects
  // nothing, so the file runs as it is, parts and preflight included
  const unit = (sql: string) => [{ transactional: false, sql: withoutHeader(sql), settings: [] }];
  return {
    migration,
    rollback,
    steps: steps.filter((s) => s.item.rule).length,
    units: { up: unit(migration), down: unit(rollback) },
  };
}
