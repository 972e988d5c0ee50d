/**
 * Embedded round-trip verification (issue 4): proves a generated migration on an in-process
 * database before the run reports success. Placeholder until implemented: reports `not_run`.
 * @module
 */
import type { Schema } from "../model/schema.ts";
import type { Step } from "../plan/plan.ts";

/** What verification gets from the run. */
export interface VerifyInput {
  dialect: string;
  fromSql: string;
  toSql: string;
  migrationSql: string;
  rollbackSql: string;
  from: Schema;
  to: Schema;
  steps: Step[];
}

/** The `verification` section of summary.json. */
export interface VerificationResult {
  status: "passed" | "failed" | "skipped" | "not_run";
  reason?: string;
  [key: string]: unknown;
}

/** Verifies a migration; `failed` makes the run exit 1. */
export function verifyMigration(_input: VerifyInput): Promise<VerificationResult> {
  return Promise.resolve({
    status: "not_run",
    reason: "embedded verification is not available in this version",
  });
}
