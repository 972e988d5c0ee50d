/**
 * The MySQL (8.0+) and MariaDB (10.6+) dialects: one family, two flavours (grammar, implicit
 * names, type facts, how a CHECK is dropped). The parser reads schema files into the model; the
 * back end lowers a plan to numbered parts (a preflight with every guard, then one ALTER TABLE per
 * table with the data moves between, archives for an exact rollback) and frames them in files
 * that say plainly that MySQL cannot run them atomically. There is no embedded engine:
 * verification runs on a server named with `--dev-url` (see verify.ts).
 * @module
 */
import type { SqlDialect } from "../dialect.ts";
import { type Column, type Index, indexKey, qkey, type Schema } from "../../model/schema.ts";
import { colExt, effectiveCharset, tableOptionsDiffer } from "./ddl_model.ts";
import { parseMysql } from "./parse.ts";
import { splitMysql } from "./split.ts";
import { type MysqlFlavor, renameColumns } from "./expr.ts";
import { mysqlTypeFacts } from "./types.ts";
import { comment, display, ident, literal, qualified } from "./quoting.ts";
import { describeMysql, mysqlVarsOf } from "./describe.ts";
import { preflightStatements } from "./preflight.ts";
import { renderMysql } from "./render.ts";
import { MYSQL_DEFAULT_SCHEMA } from "./names.ts";
import { MYSQL_BATCH_ROWS } from "./backfill.ts";

/**
 * The differ compares an index with the shared {@link indexKey} (it recomputes keys after column
 * renames) and finds it under `schema.name` ({@link qkey}), so every index gets that key and is
 * stored under that name; with the parser's own forms every index would look changed (dropped
 * and added) and a renamed index would also be added. MySQL index names are per table: when two
 * tables have an index of the same name, the second keeps the parser's table-scoped map key.
 */
function sharedIndexKeys(s: Schema): Schema {
  const indexes = new Map<string, Index>();
  for (const [k, i] of s.indexes) {
    i.key = indexKey(i);
    indexes.set(indexes.has(qkey(i)) ? k : qkey(i), i);
  }
  s.indexes = indexes;
  return s;
}

/**
 * ENUM/SET values, UNSIGNED, ZEROFILL and the charset a character column ends up with (its own or
 * the table's default) are part of a MySQL column's type.
 */
function typeDiffers(a: Column, b: Column): boolean {
  const x = colExt(a), y = colExt(b);
  return JSON.stringify(x.values ?? []) !== JSON.stringify(y.values ?? []) ||
    !!x.unsigned !== !!y.unsigned || !!x.zerofill !== !!y.zerofill ||
    effectiveCharset(a) !== effectiveCharset(b);
}

/** Column attributes besides type, default and NULL: comment, ON UPDATE, ... and position. */
function columnOptionsDiffer(a: Column, b: Column, moved: boolean): string[] {
  const x = colExt(a), y = colExt(b);
  const out: string[] = [];
  if ((x.comment ?? "") !== (y.comment ?? "")) out.push("comment");
  if ((x.onUpdate?.sql ?? "").toLowerCase() !== (y.onUpdate?.sql ?? "").toLowerCase()) {
    out.push("on_update");
  }
  if (!!x.autoIncrement !== !!y.autoIncrement) out.push("auto_increment");
  if (!!x.invisible !== !!y.invisible) out.push("invisible");
  if ((x.srid ?? -1) !== (y.srid ?? -1)) out.push("srid");
  if (moved) out.push("position");
  return out;
}

function make(flavor: MysqlFlavor): SqlDialect {
  const facts = mysqlTypeFacts(flavor);
  return {
    name: flavor,
    caps: {
      defaultSchema: MYSQL_DEFAULT_SCHEMA,
      transactionalDdl: false,
      schemas: false,
      namedEnums: false,
      sequences: flavor === "mariadb",
      identifierLimit: 64,
      backfillBatchSize: MYSQL_BATCH_ROWS,
    },
    init: () => Promise.resolve(),
    parse: (text, path) => sharedIndexKeys(parseMysql(text, path, flavor)),
    split: splitMysql,
    typeFacts: facts,
    expr: { renameColumns: (e, renames) => renameColumns(e, renames) },
    typeDiffers,
    columnOptionsDiffer,
    tableOptionsDiffer,
    quoting: { ident, literal, qualified, display },
    comment,
    describe: describeMysql,
    varsOf: mysqlVarsOf,
    guard: (query, message) =>
      preflightStatements([{ kind: "rows", exists: query, message }]).map((s) => `${s.sql};`)
        .join("\n"),
    render: (steps, meta, ctx) => renderMysql(steps, meta, ctx, flavor, facts),
    async verify(input) {
      const { verifyMysql } = await import("./verify.ts");
      return await verifyMysql(input, flavor);
    },
  };
}

/** MySQL 8.0 and later. */
export const mysql: SqlDialect = make("mysql");

/** MariaDB 10.6 and later. */
export const mariadb: SqlDialect = make("mariadb");
