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
  prepareVerify(input): PgPreparedVerify {
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
    const result = await verifyMigration({
      dialect: "postgresql",
      ...input,
      prepared: (prepared as PgPreparedVerify | undefined)?.engine,
      preloaded: (prepared as PgPreparedVerify | undefined)?.fromSchema,
    });
    if (input.devUrl) {
      // not wired yet: the `pg` client as an alternative engine of verify/verify.ts
      result.notes = [
        ...(result.notes ?? []),
        `--dev-url is not used for PostgreSQL yet: verified on the embedded PGlite`,
      ];
    }
    return result;
  },
};

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
