/**
 * The dialects the generator knows, loaded on demand so that a run loads only the parser and
 * engine of its own dialect.
 * @module
 */
import type { DialectName, PreparedVerify, SqlDialect } from "./dialect.ts";

/** Loaders by name; `mysql` and `mariadb` are two flavours of one family. */
const LOADERS: Partial<Record<DialectName, () => Promise<SqlDialect>>> = {
  postgresql: async () => (await import("./postgresql/mod.ts")).postgresql,
  sqlite: async () => (await import("./sqlite/mod.ts")).sqlite,
  mysql: async () => (await import("./mysql/mod.ts")).mysql,
  mariadb: async () => (await import("./mysql/mod.ts")).mariadb,
};

/**
 * The modules that start a dialect's verification engine ahead (its `prepareVerify`), small
 * enough to load before the dialect itself.
 */
const PREPARERS: Partial<Record<DialectName, () => Promise<SqlDialect["prepareVerify"]>>> = {
  postgresql: async () => (await import("./postgresql/verify/prepare.ts")).prepareVerify,
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

/**
 * Starts the dialect's verification engine ahead ({@link SqlDialect.prepareVerify}) without
 * loading the dialect, so that the engine's start also overlaps loading the dialect's parser;
 * undefined for a dialect without one.
 */
export async function startVerifyEngine(
  name: DialectName,
  input: { fromSql: string; toSql?: string; devUrl?: string },
): Promise<PreparedVerify | undefined> {
  return (await PREPARERS[name]?.())?.(input);
}
