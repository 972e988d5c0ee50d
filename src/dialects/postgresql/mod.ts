/**
 * The PostgreSQL dialect: libpg-query (PostgreSQL's own parser) to the model, PostgreSQL's
 * quoting, the describe step that gives rule templates their SQL fragments, one transaction
 * per file (DDL is transactional), and verification on the embedded PGlite.
 * @module
 */
import type { SqlDialect } from "../dialect.ts";
import type { EmbeddedDb } from "./verify/engine.ts";
import { type PgPreparedVerify, prepareVerify } from "./verify/prepare.ts";
import { typeFacts } from "../../model/types.ts";
import { splitScript } from "./verify/statements.ts";
import { initPostgresParser, nextvalTarget, parsePostgres } from "./parse/postgres.ts";
import { callsOf, renameColumnsInExpr } from "./parse/pg_expr.ts";
import { ident, literal, qident } from "./render/quote.ts";
import { display } from "./render/ddl.ts";
import { describe, guardBlock, varsOf } from "./describe/describe.ts";
import { renderMigration } from "./render/migration.ts";
import { safeComment } from "../../render/comment.ts";
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
  prepareVerify,
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
      toSchemaAhead: (prepared as PgPreparedVerify | undefined)?.toSchema,
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
