/**
 * Starting PGlite ahead of a run that will verify ({@link SqlDialect.prepareVerify}): a small
 * module of its own, so that the run can start the engine before it loads the dialect's parser
 * (see `startVerifyEngine` in `src/dialects/registry.ts`).
 * @module
 */
import type { PreparedVerify, SqlDialect } from "../../dialect.ts";
import type { EmbeddedDb } from "./engine.ts";
import type { Catalog } from "./catalog.ts";
import { startEmbeddedInWorker, type StartingEngine, workerAllowed } from "./remote_engine.ts";
import { blankPsqlMetaCommands } from "../../../parse/source.ts";

/** PGlite started ahead in a worker thread. */
export interface PgPreparedVerify extends PreparedVerify {
  engine: Promise<EmbeddedDb>;
  /** The from-schema, loaded as soon as the engine was up, and its catalog, read then. */
  fromSchema: { sql: string; loaded: Promise<void>; catalog?: Promise<Catalog> };
}

/**
 * Starts PGlite in a worker (on this thread when the worker's module may not be read) and
 * has it load the from-schema as soon as it is up; undefined with `--dev-url`.
 */
export const prepareVerify: NonNullable<SqlDialect["prepareVerify"]> = (
  input,
): PgPreparedVerify | undefined => {
  // --dev-url: verification runs on that server, PGlite is not needed
  if (input.devUrl) return undefined;
  // the from-schema is loaded first whatever the migration: the worker does it right away
  // (unless it names roles, which verification creates first: it is then loaded there)
  const namesRoles = /\b(GRANT|REVOKE|OWNER\s+TO|DEFAULT\s+PRIVILEGES)\b/i.test(input.fromSql);
  const fromSql = namesRoles ? "" : blankPsqlMetaCommands(input.fromSql);
  const { engine, preloaded, catalog } = workerAllowed()
    ? startEmbeddedInWorker(fromSql, fromSql !== "")
    : startEmbeddedHere(fromSql);
  return {
    engine,
    fromSchema: { sql: namesRoles ? "" : input.fromSql, loaded: preloaded!, catalog },
    async dispose() {
      await (await engine.catch(() => undefined))?.close();
    },
  };
};

/**
 * The engine started on the main thread (when the worker may not be started): it still starts
 * now, its WebAssembly compiling in the background while the pipeline runs.
 */
function startEmbeddedHere(preload: string): StartingEngine {
  const engine = import("./engine.ts").then((m) => m.startEmbedded());
  const preloaded = engine.then((db) => db.exec(preload));
  engine.catch(() => {});
  preloaded.catch(() => {});
  return { engine, preloaded };
}
