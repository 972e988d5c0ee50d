/**
 * What a verification of a migration found, whatever the dialect and engine: the
 * `verification` section of summary.json and report.md.
 * @module
 */
/** One step of the verification, as listed in summary.json. */
export interface VerifyStep {
  name: string;
  ms: number;
  result: "ok" | "failed" | "guard fired" | "skipped";
  detail?: string;
}

/** A guard of the migration that stopped it on generated data (so it works). */
export interface GuardFired {
  /** The plan step whose guard fired. */
  step?: number;
  /** The change, e.g. `[3] alter_column_type orders.note`. */
  change?: string;
  message: string;
  /** On which rows: the generated ones, or those generated to fit the to-schema. */
  rows: "generated" | "fitted";
}

/** The `verification` section of summary.json. */
export interface VerificationResult {
  /**
   * `passed`: the round trip was proven. `failed`: it was not (exit 1). `guarded`: a guard
   * stopped the migration even on data generated to fit the to-schema, so the rest could not
   * be verified (not a failure). `skipped`: not attempted (`--no-verify`, another dialect, a
   * schema the embedded engine cannot load). `not_run`: nothing to verify.
   */
  status: "passed" | "failed" | "guarded" | "skipped" | "not_run";
  reason?: string;
  /** `pglite 0.5.16 (postgresql 18.6)`. */
  engine?: string;
  /** How the engine started: from the prepared snapshot, or initdb. */
  engine_start?: "snapshot" | "initdb" | "server";
  /** `generated` or `generated, fitted to the to-schema` (after a guard fired). */
  data?: string;
  rows_generated?: number;
  tables_filled?: number;
  steps?: VerifyStep[];
  /** What was compared (each line one comparison that held, or failed). */
  compared?: string[];
  guards_fired?: GuardFired[];
  transforms?: TransformCheck[];
  /** The objects or rows that differ, and other reasons for failing. */
  differences?: string[];
  notes?: string[];
  duration_ms?: number;
  /** Resident memory of the process when verification ended, in MB. */
  memory_mb?: number;
  [key: string]: unknown;
}

/** The result of checking one transform. */
export interface TransformCheck {
  /** The plan step. */
  step: number;
  /** `orders.amount -> orders.amount_cents`. */
  target: string;
  /** Rows on which down(up(x)) = x was checked. */
  rows: number;
  /** Values on which up(down(y)) = y was checked. */
  written_values: number;
  /** Rows rewritten on the migrated side (rolled back through `down`). */
  rows_written: number;
  down_up: "ok" | "failed" | "not checked";
  up_down: "ok" | "failed" | "not checked";
  /** What failed, with the values. */
  failures: string[];
  notes: string[];
}
