/**
 * The dialects the generator knows, loaded on demand so that a run loads only the parser and
 * engine of its own dialect.
 * @module
 */
import type { DialectName, SqlDialect } from "./dialect.ts";

/** Loaders by name; `mysql` and `mariadb` are two flavours of one family. */
const LOADERS: Partial<Record<DialectName, () => Promise<SqlDialect>>> = {
  postgresql: async () => (await import("./postgresql/mod.ts")).postgresql,
  sqlite: async () => (await import("./sqlite/mod.ts")).sqlite,
  mysql: async () => (await import("./mysql/mod.ts")).mysql,
  mariadb: async () => (await import("./mysql/mod.ts")).mariadb,
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
