/**
 * PostgreSQL statements that cannot run inside a transaction block: they are rendered between
 * the transactions of a file and written as units of their own for the migration tools.
 * @module
 */

/** Statements that PostgreSQL refuses inside a transaction block. */
export const NON_TRANSACTIONAL =
  /^(CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY|DROP\s+INDEX\s+CONCURRENTLY|REINDEX\b.*\bCONCURRENTLY|VACUUM\b|CREATE\s+DATABASE\b|DROP\s+DATABASE\b|ALTER\s+SYSTEM\b|CREATE\s+TABLESPACE\b|DROP\s+TABLESPACE\b|ALTER\s+TABLE\b.*\bDETACH\s+PARTITION\b.*\bCONCURRENTLY\b)/is;

/** True when the statement cannot run inside a transaction block. */
export function needsNoTransaction(sql: string): boolean {
  return NON_TRANSACTIONAL.test(sql.replace(/--[^\n]*\n/g, "").trim());
}
