/**
 * What the rules see of a change, whatever the dialect: its target (as the report writes it),
 * its facts (what `match.when` tests) and its template variables (what `{{mode:name}}`
 * placeholders insert). Each dialect describes changes its own way (`SqlDialect.describe`).
 * @module
 */
import type { QName, Schema } from "../model/schema.ts";
import type { TypeFacts } from "../model/types.ts";
import type { Change } from "../diff/changes.ts";

/** A template variable: a name (string), a qualified name, or SQL/text. */
export type VarValue = string | QName;

/** Facts tested by `match.when`. */
export type Facts = Record<string, string | number | boolean | null>;

/** The rule-facing description of one change. */
export interface Described {
  target: string;
  facts: Facts;
  vars: Record<string, VarValue>;
}

/** Context for describing changes. */
export interface DescribeContext {
  facts: TypeFacts;
  from: Schema;
  to: Schema;
  /** Short suffix that makes archive names unique per run. */
  archiveTag: string;
  /** Online mode: rules may pick recipes that avoid long locks (fact `online`). */
  online?: boolean;
  /**
   * Every change of the run (set by `classify`), for facts that depend on the others: an index
   * on a table the same migration creates, an index dropped and re-added under its name.
   */
  changes?: readonly Change[];
  /** Online backfills: rows per batch, pause between batches (ms), lock retries per batch. */
  backfill?: BackfillSettings;
}

/** Batch size, pause and retries of an online backfill (config / CLI). */
export interface BackfillSettings {
  /** Rows per batch. */
  batchSize: number;
  /** Pause between batches, in milliseconds. */
  pauseMs: number;
  /** Retries of a batch whose lock is not granted within `lock_timeout`. */
  retries: number;
}

/** The defaults: 10,000-row batches (as pgroll), no pause, 8 retries. */
export const DEFAULT_BACKFILL: BackfillSettings = { batchSize: 10000, pauseMs: 0, retries: 8 };
