/**
 * `summary.json`: the run as data (CONTRACT.md "Outputs of a run").
 * @module
 */
import type { Classified } from "../classify/classify.ts";
import type { Unmanaged } from "../model/schema.ts";
import type { Step } from "../plan/plan.ts";
import type { OnlineSummary } from "./online.ts";

/** Status of a run. */
export type RunStatus = "ok" | "no_changes" | "blocked" | "refused" | "failed";

/** One entry of `changes[]`. */
export interface ChangeEntry {
  n: number;
  kind: string;
  target: string;
  safety: string;
  reversibility: string;
  rule: string;
  code?: string;
  message: string;
  class?: string;
  via?: string;
  acknowledged?: boolean;
  blocked?: string;
  evidence?: unknown;
  intent_line?: number;
}

/** The summary document. */
export interface Summary {
  workflow: string;
  version: string;
  run_id: string;
  status: RunStatus;
  exit_code: number;
  platform: string;
  applied: boolean;
  spec: { path: string; id: string };
  dialect: string;
  inputs: {
    /** `baseline_run`: the applied run whose to-schema snapshot is the from-schema. */
    from_schema: { path: string; chosen_by: string; baseline_run?: string };
    to_schema: { path: string; chosen_by: string };
    config?: { path: string; warnings: string[] };
    rules: { builtin: number; user: string[] };
  };
  changes: ChangeEntry[];
  counts: Record<string, number>;
  unmanaged: { file: string; line: number; kind: string; reason: string; text: string }[];
  /**
   * Roles the migration and its rollback name (grantees, owners): they must exist before it
   * runs; the migration does not create them. Absent when there are none.
   */
  roles?: string[];
  risks: string[];
  blocked: string[];
  files: Record<string, string>;
  verification: Record<string, unknown>;
  /**
   * `checksums`: the migrations folder's checksum file, rewritten by --apply;
   * `already_written_by`: the run that wrote this very change (a second --apply writes nothing).
   */
  writes: {
    run_folder: string;
    migrations: string[];
    checksums?: string;
    already_written_by?: string;
  };
  refused?: string;
  timings_ms?: Record<string, number>;
  /** For each change that needs a decision: the intent lines to add or the schema edit. */
  decisions?: {
    n: number;
    kind: string;
    target: string;
    problem: string;
    where: string;
    how: string;
    fix?: string;
    subject?: string;
    lines: string[];
  }[];
  /** The command that follows from the state, in CLI and Kilo forms, and why. */
  next: { cli: string; kilo: string; why?: string };
  sql?: { migration: string; rollback: string };
  /**
   * Online mode only: whether migration.sql is atomic, the numbered parts of both files with
   * their steps, and the steps that still take a long lock (the lock, the recipe avoiding it).
   */
  online?: OnlineSummary;
}

/** `changes[]` entries from the plan (in execution order). */
export function changeEntries(steps: Step[]): ChangeEntry[] {
  return steps.map((s) => entry(s.n, s.item));
}

function entry(n: number, c: Classified): ChangeEntry {
  const ch = c.change;
  const e: ChangeEntry = {
    n,
    kind: ch.kind,
    target: c.described.target,
    safety: c.safety,
    reversibility: c.reversibility,
    rule: c.ruleId,
    code: c.rule?.code,
    message: c.message,
  };
  if (ch.kind === "alter_column_type") e.class = ch.typeClass.class;
  const via = (ch as { via?: string }).via;
  if (via) e.via = via;
  if (ch.kind === "drop_column" || ch.kind === "drop_table") e.acknowledged = ch.acknowledged;
  if (c.blocked) e.blocked = c.blocked;
  if (ch.kind === "rename_column" && ch.evidence) e.evidence = ch.evidence;
  if (ch.intentLine) e.intent_line = ch.intentLine;
  return e;
}

/** Counts by safety and reversibility. */
export function countChanges(entries: ChangeEntry[]): Record<string, number> {
  const out: Record<string, number> = { total: entries.length, safe: 0, review: 0, destructive: 0 };
  for (const e of entries) out[e.safety] = (out[e.safety] ?? 0) + 1;
  out.blocked = entries.filter((e) => e.blocked).length;
  return out;
}

/** Unmanaged statements of both inputs. */
export function unmanagedEntries(
  lists: { file: string; items: Unmanaged[] }[],
): Summary["unmanaged"] {
  return lists.flatMap(({ file, items }) =>
    items.map((u) => ({ file, line: u.line, kind: u.kind, reason: u.reason, text: u.text }))
  );
}
