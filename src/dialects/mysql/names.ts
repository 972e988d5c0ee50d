/**
 * Names in the MySQL/MariaDB model.
 *
 * A schema file does not say which database it is loaded into, so every object of a MySQL file
 * lives in one schema named {@link MYSQL_DEFAULT_SCHEMA} (`db`); a qualified name `other.t` keeps
 * its qualifier. Identifiers are stored as written (MySQL compares column and index names without
 * case, table names by the server's `lower_case_table_names`), and compared without case by
 * {@link sameName}.
 *
 * Implicit names follow the server:
 * - the primary key is always `PRIMARY`;
 * - an unnamed foreign key is `<table>_ibfk_<n>` (n = 1, 2, ... in order);
 * - an unnamed UNIQUE KEY or INDEX takes its first column's name, with `_2`, `_3` ... when that
 *   name is taken (`functional_index` for an expression);
 * - an unnamed CHECK is `<table>_chk_<n>` on MySQL; on MariaDB a table CHECK is `CONSTRAINT_<n>`
 *   and a column CHECK takes the column's name.
 * @module
 */

/** The schema of every unqualified name of a MySQL/MariaDB schema file. */
export const MYSQL_DEFAULT_SCHEMA = "db";

/** The name of every primary key. */
export const PRIMARY_KEY_NAME = "PRIMARY";

/** MySQL compares these names without case. */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The implicit name of the n-th (1-based) unnamed foreign key of a table. */
export function foreignKeyName(table: string, n: number): string {
  return `${table}_ibfk_${n}`;
}

/** The implicit name of the n-th (1-based) unnamed CHECK of a table. */
export function checkName(
  flavor: "mysql" | "mariadb",
  table: string,
  n: number,
  column?: string,
): string {
  if (flavor === "mariadb") return column ?? `CONSTRAINT_${n}`;
  return `${table}_chk_${n}`;
}

/**
 * The implicit name of an unnamed index whose first key part is `first` (a column, or undefined
 * for an expression), given the index names the table already has.
 */
export function indexName(first: string | undefined, taken: Iterable<string>): string {
  const base = first ?? "functional_index";
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  if (!used.has(base.toLowerCase()) && base.toUpperCase() !== PRIMARY_KEY_NAME) return base;
  for (let n = 2;; n++) {
    const candidate = `${base}_${n}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}
