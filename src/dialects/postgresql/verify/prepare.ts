/**
 * Starting PGlite ahead of a run that will verify ({@link SqlDialect.prepareVerify}): a small
 * module of its own, so that the run can start the engine before it loads the dialect's parser
 * (see `startVerifyEngine` in `src/dialects/registry.ts`).
 *
 * Two engines start, each in its own worker: the first loads the from-schema (and then runs the
 * round trip), the second loads the to-schema and reads its catalog, which verification
 * compares with the catalog after `migration.sql`; that work then overlaps the round trip
 * instead of following it.
 * @module
 */
import type { PreparedVerify, SqlDialect } from "../../dialect.ts";
import type { EmbeddedDb } from "./engine.ts";
import type { Catalog } from "./catalog.ts";
import { startEmbeddedInWorker, type StartingEngine, workerAllowed } from "./remote_engine.ts";
import { blankPsqlMetaCommands } from "../../../parse/source.ts";

/** A schema file loaded by an engine as soon as it was up, and its catalog read then. */
export interface SchemaAhead {
  /** The file's text ("" when it could not be loaded ahead: verification loads it). */
  sql: string;
  loaded: Promise<void>;
  catalog?: Promise<Catalog>;
}

/** PGlite started ahead in a worker thread (two, with the to-schema). */
export interface PgPreparedVerify extends PreparedVerify {
  engine: Promise<EmbeddedDb>;
  /** The from-schema, loaded as soon as the engine was up, and its catalog, read then. */
  fromSchema: SchemaAhead;
  /** A second engine, which loaded the to-schema and read its catalog. */
  toSchema?: SchemaAhead & { engine: Promise<EmbeddedDb> };
}

/** True when a schema file names roles: verification creates them before it loads the file. */
function namesRoles(sql: string): boolean {
  return /\b(GRANT|REVOKE|OWNER\s+TO|DEFAULT\s+PRIVILEGES)\b/i.test(sql);
}

/**
 * Starts PGlite in a worker (on this thread when the worker's module may not be read) and
 * has it load the from-schema as soon as it is up; with `toSql`, a second worker loads the
 * to-schema. Undefined with `--dev-url`.
 */
export const prepareVerify: NonNullable<SqlDialect["prepareVerify"]> = (
  input,
): PgPreparedVerify | undefined => {
  // --dev-url: verification runs on that server, PGlite is not needed
  if (input.devUrl) return undefined;
  // the from-schema is loaded first whatever the migration: the worker does it right away
  // (unless it names roles, which verification creates first: it is then loaded there)
  const fromRoles = namesRoles(input.fromSql);
  const fromSql = fromRoles ? "" : blankPsqlMetaCommands(input.fromSql);
  const inWorker = workerAllowed();
  const { engine, preloaded, catalog } = inWorker
    ? startEmbeddedInWorker(fromSql, fromSql !== "")
    : startEmbeddedHere(fromSql);
  // the to-schema in an engine of its own, only in a worker (on this thread it would not
  // overlap anything) and when it names no roles; it starts once the first is up, which then
  // comes up sooner (on two cores, about 500 -> 340 ms after the pipeline), and is still done
  // before the round trip needs its catalog
  const second = inWorker && input.toSql !== undefined && !namesRoles(input.toSql)
    ? startEmbeddedInWorker(blankPsqlMetaCommands(input.toSql), true, engine)
    : undefined;
  return {
    engine,
    fromSchema: { sql: fromRoles ? "" : input.fromSql, loaded: preloaded!, catalog },
    toSchema: second && {
      sql: input.toSql!,
      engine: second.engine,
      loaded: second.preloaded!,
      catalog: second.catalog,
    },
    async dispose() {
      await Promise.all([engine, ...(second ? [second.engine] : [])].map(async (e) => {
        await (await e.catch(() => undefined))?.close();
      }));
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
