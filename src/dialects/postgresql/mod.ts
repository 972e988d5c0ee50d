/**
 * The PostgreSQL dialect: libpg-query (PostgreSQL's own parser) to the model, PostgreSQL's
 * quoting, the describe step that gives rule templates their SQL fragments, one transaction
 * per file (DDL is transactional), and verification on the embedded PGlite.
 * @module
 */
import type { PreparedVerify, SqlDialect } from "../dialect.ts";
import type { EmbeddedDb } from "./verify/engine.ts";
import {
  startEmbeddedInWorker,
  type StartingEngine,
  workerAllowed,
} from "./verify/remote_engine.ts";
import { typeFacts } from "../../model/types.ts";
import { splitScript } from "./verify/statements.ts";
import { initPostgresParser, nextvalTarget, parsePostgres } from "./parse/postgres.ts";
import { callsOf, renameColumnsInExpr } from "./parse/pg_expr.ts";
import { ident, literal, qident } from "./render/quote.ts";
import { display } from "./render/ddl.ts";
import { describe, guardBlock, varsOf } from "./describe/describe.ts";
import { renderMigration } from "./render/migration.ts";
import { safeComment } from "../../render/comment.ts";
import { blankPsqlMetaCommands } from "../../parse/source.ts";
import { InputError } from "../../errors.ts";
import { describeDbError } from "./verify/sql_client.ts";

/** PostgreSQL 13 and later. */
export const postgresql: SqlDialect = {
  name: "postgresql",
  caps: {
    defaultSchema: "public",
    transactionalDdl: true,
    schemas: true,
    namedEnums: true,
    sequences: true,
    identifierLimit: 63,
    indexNamesPerSchema: true,
    rebuildsPartitioning: true,
  },
  init: initPostgresParser,
  parse: parsePostgres,
  split: (sql) => splitScript(sql).map((s) => ({ sql: s.sql, line: s.line })),
  typeFacts: typeFacts("postgresql"),
  expr: {
    renameColumns: (e, renames) => renameColumnsInExpr(e, renames),
    sequenceOf: (e) => nextvalTarget(e),
    calls: (e) => callsOf(e.ast),
  },
  quoting: { ident, literal, qualified: (q) => qident(q), display },
  // PostgreSQL ends a -- comment at \n and at \r
  comment: (text) => safeComment(text),
  describe,
  varsOf,
  guard: guardBlock,
  render: (steps, meta) => renderMigration(steps, meta),
  prepareVerify(input): PgPreparedVerify | undefined {
    // --dev-url: verification runs on that server, PGlite is not needed
    if (input.devUrl) return undefined;
    // the from-schema is loaded first whatever the migration: the worker does it right away
    // (unless it names roles, which verification creates first: it is then loaded there)
    const namesRoles = /\b(GRANT|REVOKE|OWNER\s+TO|DEFAULT\s+PRIVILEGES)\b/i.test(input.fromSql);
    const fromSql = namesRoles ? "" : blankPsqlMetaCommands(input.fromSql);
    const { engine, preloaded } = workerAllowed()
      ? startEmbeddedInWorker(fromSql)
      : startEmbeddedHere(fromSql);
    return {
      engine,
      fromSchema: { sql: namesRoles ? "" : input.fromSql, loaded: preloaded! },
      async dispose() {
        await (await engine.catch(() => undefined))?.close();
      },
    };
  },
  async verify(input, prepared) {
    const { verifyMigration } = await import("./verify/verify.ts");
    if (input.devUrl) {
      // the user's own server instead of PGlite: a scratch database there, dropped afterwards
      await prepared?.dispose();
      const { startDevServer } = await import("./verify/dev_server.ts");
      let server: EmbeddedDb;
      try {
        server = await startDevServer(input.devUrl);
      } catch (e) {
        if (e instanceof InputError) throw e;
        return {
          status: "failed",
          reason: `cannot verify on --dev-url ${hidePassword(input.devUrl)}: ${describeDbError(e)}`,
        };
      }
      try {
        return await verifyMigration({ dialect: "postgresql", ...input, engine: server });
      } finally {
        await server.close().catch(() => {});
      }
    }
    return await verifyMigration({
      dialect: "postgresql",
      ...input,
      prepared: (prepared as PgPreparedVerify | undefined)?.engine,
      preloaded: (prepared as PgPreparedVerify | undefined)?.fromSchema,
    });
  },
};

/** The URL with its password hidden. */
function hidePassword(text: string): string {
  try {
    const u = new URL(text);
    if (u.password) u.password = "***";
    return u.href;
  } catch {
    return "(not a URL)";
  }
}

/** PGlite started ahead in a worker thread. */
interface PgPreparedVerify extends PreparedVerify {
  engine: Promise<EmbeddedDb>;
  /** The from-schema, loaded as soon as the engine was up. */
  fromSchema: { sql: string; loaded: Promise<void> };
}

/**
 * The engine started on the main thread (when the worker may not be started): it still starts
 * now, its WebAssembly compiling in the background while the pipeline runs.
 */
function startEmbeddedHere(preload: string): StartingEngine {
  const engine = import("./verify/engine.ts").then((m) => m.startEmbedded());
  const preloaded = engine.then((db) => db.exec(preload));
  engine.catch(() => {});
  preloaded.catch(() => {});
  return { engine, preloaded };
}
