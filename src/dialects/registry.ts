/**
 * The dialects the generator knows, loaded on demand so that a run loads only the parser and
 * engine of its own dialect.
 * @module
 */
import type { DialectName, SqlDialect } from "./dialect.ts";

/** Loaders by name; `mysql` and `mariadb` are two flavours of one family. */
const LOADERS: Partial<Record<DialectName, () => Promise<SqlDialect>>> = {
  postgresql: async () => (await import("./postgresql/mod.ts")).postgresql,
<<<<<<< HEAD
  sqlite: async () => (await import("./sqlite/mod.ts")).sqlite,
=======
  mysql: async () => (await import("./mysql/mod.ts")).mysql,
  mariadb: async () => (await import("./mysql/mod.ts")).mariadb,
>>>>>>> fe06608 (MySQL/MariaDB back end (from a clean base on main): lowering to one ALTER TABLE per table with data moves and archives, preflight guards before any DDL, numbered parts with recovery advice; rules/mysql with one test file each (rule tests run in the rule's dialect, as in the seam's wiring); corpus round trips and accounts_mysql acceptance on MariaDB; the dialect gives every index the shared indexKey so unchanged indexes compare equal and hinted renames work)
};

/** The dialects that can be used now. */
export function availableDialects(): DialectName[] {
  return Object.keys(LOADERS) as DialectName[];
}

/** Loads a dialect and its parser; undefined for a dialect that is not available. */
export async function loadDialect(name: DialectName): Promise<SqlDialect | undefined> {
  const load = LOADERS[name];
  if (!load) return undefined;
  const d = await load();
  await d.init();
  return d;
}
