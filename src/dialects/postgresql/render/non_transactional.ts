/**
 * PostgreSQL statements that cannot run inside a transaction block: they are rendered between
 * the transactions of a file and written as units of their own for the migration tools.
 * @module
 */

/** Statements that PostgreSQL refuses inside a transaction block. */
export const NON_TRANSACTIONAL =
  /^(CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY|DROP\s+INDEX\s+CONCURRENTLY|REINDEX\b.*\bCONCURRENTLY|VACUUM\b|CREATE\s+DATABASE\b|DROP\s+DATABASE\b|ALTER\s+SYSTEM\b|CREATE\s+TABLESPACE\b|DROP\s+TABLESPACE\b|ALTER\s+TABLE\b.*\bDETACH\s+PARTITION\b.*\bCONCURRENTLY\b)/is;

/** A DO block that commits as it goes (a batched backfill): only outside a transaction block. */
const COMMITTING_DO = /^DO\s[\s\S]*^\s*COMMIT;\s*$/im;

/**
 * True when the statement is a DO block that commits as it goes (an online backfill); such a
 * block creates what it needs itself (the archive schema) and cleans up after itself.
 */
export function commitsAsItGoes(sql: string): boolean {
  return COMMITTING_DO.test(sql.replace(/--[^\n]*\n/g, "").trim());
}

/** True when the statement cannot run inside a transaction block. */
export function needsNoTransaction(sql: string): boolean {
  const text = sql.replace(/--[^\n]*\n/g, "").trim();
  return NON_TRANSACTIONAL.test(text) || COMMITTING_DO.test(text);
}
