/**
 * Running the statements of a SQLite schema file in an in-memory database: schema statements
 * (CREATE, ALTER, DROP) run; statements that change no schema (PRAGMA, transaction control,
 * data, maintenance) are listed as `ignored` without running; a statement SQLite refuses is an
 * InputError naming the file and line, with a hint when the text looks like another dialect.
 * @module
 */
import { otherFamily } from "../looks_like.ts";
import type { DatabaseSync } from "node:sqlite";
import { InputError } from "../../errors.ts";
import type { Unmanaged } from "../../model/schema.ts";
import { readAlterTable } from "./clauses.ts";
import { identValue, isKw, isName, type Token } from "./lex.ts";
import type { Origins } from "./origins.ts";
import type { ParseCache } from "./parse_cache.ts";
import type { SplitPart } from "./split.ts";

/** Statements that are not schema, by first keyword, with the reason they are not compared. */
export const NOT_SCHEMA: Record<string, string> = {
  PRAGMA: "a connection setting, not part of the schema",
  BEGIN: "transaction control",
  COMMIT: "transaction control",
  END: "transaction control",
  ROLLBACK: "transaction control",
  SAVEPOINT: "transaction control",
  RELEASE: "transaction control",
  INSERT: "data, not schema",
  REPLACE: "data, not schema",
  UPDATE: "data, not schema",
  DELETE: "data, not schema",
  SELECT: "queries change nothing in the schema",
  VALUES: "queries change nothing in the schema",
  WITH: "data, not schema",
  EXPLAIN: "queries change nothing in the schema",
  ANALYZE: "statistics, not schema",
  VACUUM: "maintenance, not schema",
  REINDEX: "maintenance, not schema",
};

/** Which other dialect a refused statement looks like, if any. */
export function looksLike(sql: string): "postgresql" | "mysql" | undefined {
  const other = otherFamily(sql, "sqlite")?.dialect;
  return other === "sqlite" ? undefined : other;
}

/** The error for a statement SQLite refused, with the line SQLite points at. */
export function refused(part: SplitPart, message: string, path: string): InputError {
  let msg = message;
  let line = part.line;
  const m = / at offset (\d+)$/.exec(msg);
  if (m) {
    msg = msg.slice(0, m.index);
    const inStmt = ` in ${part.sql}`;
    if (msg.endsWith(inStmt)) msg = msg.slice(0, -inStmt.length);
    const bytes = new TextEncoder().encode(part.sql);
    const before = new TextDecoder().decode(bytes.subarray(0, Number(m[1])));
    line += before.split("\n").length - 1;
  }
  const head = part.sql.replace(/\s+/g, " ");
  const shown = head.length > 80 ? head.slice(0, 77) + "..." : head;
  let text = `SQLite refused this statement: ${msg} (statement: ${shown})`;
  const other = looksLike(part.sql);
  if (other === "postgresql") text += " (it looks like PostgreSQL: pass --dialect postgresql)";
  if (other === "mysql") text += " (it looks like MySQL: pass --dialect mysql or mariadb)";
  return new InputError(text, { file: path, line });
}

/** Context of running one file. */
export interface RunContext {
  db: DatabaseSync;
  path: string;
  origins: Origins;
  unmanaged: Unmanaged[];
  /** Clause readings shared with the other version's file. */
  cache: ParseCache;
  /**
   * Whether the statement's effect is known without running it (a group of statements the
   * other version's file ran alike, see partition.ts): it is only recorded.
   */
  known?: boolean;
}

function listed(
  ctx: RunContext,
  part: SplitPart,
  kind: string,
  reason: string,
  category: "ignored" | "unmanaged",
): void {
  const t = part.sql;
  ctx.unmanaged.push({
    kind,
    line: part.line,
    text: t.length > 300 ? t.slice(0, 300) + " ..." : t,
    reason,
    category,
  });
}

function exec(ctx: RunContext, part: SplitPart): void {
  if (ctx.known) return;
  try {
    ctx.db.exec(part.sql);
  } catch (e) {
    throw refused(part, (e as Error).message, ctx.path);
  }
}

/** Runs (or lists) one statement of a schema file. */
export function runStatement(ctx: RunContext, part: SplitPart): void {
  const toks = part.tokens;
  const first = toks[0]?.kind === "word" ? toks[0].text.toUpperCase() : "";
  if (first in NOT_SCHEMA) return listed(ctx, part, first, NOT_SCHEMA[first], "ignored");
  if (first === "ATTACH" || first === "DETACH") {
    return listed(
      ctx,
      part,
      first,
      "other database files are not part of this schema",
      "unmanaged",
    );
  }
  if (first === "CREATE") return create(ctx, part);
  exec(ctx, part);
  if (first === "ALTER") alter(ctx, part);
  if (first === "DROP") {
    const name = createdName(toks, 1, "EXISTS");
    if (name !== undefined) ctx.origins.drop(name);
  }
}

function create(ctx: RunContext, part: SplitPart): void {
  const toks = part.tokens;
  let i = 1;
  let temp = isKw(toks[i], "TEMP") || isKw(toks[i], "TEMPORARY");
  if (temp) i++;
  if (isKw(toks[i], "UNIQUE")) i++;
  const what = toks[i]?.kind === "word" ? toks[i].text.toUpperCase() : "";
  // CREATE TABLE temp.x goes to the temporary schema too (an index follows its table)
  temp ||= /^temp(orary)?$/i.test(schemaOf(toks, i) ?? "");
  if (what === "VIRTUAL") {
    try {
      ctx.db.exec(part.sql);
    } catch (e) {
      if (!/no such module/.test((e as Error).message)) {
        throw refused(part, (e as Error).message, ctx.path);
      }
    }
    return listed(
      ctx,
      part,
      "CREATE VIRTUAL TABLE",
      "virtual tables are not managed yet",
      "unmanaged",
    );
  }
  if (what === "TABLE" && /^sqlite_/i.test(createdName(toks, i) ?? "")) {
    // `.dump` and Rails' structure.sql write SQLite's own tables (sqlite_sequence, sqlite_stat1)
    return listed(
      ctx,
      part,
      "CREATE TABLE",
      "SQLite's internal table, created by SQLite",
      "ignored",
    );
  }
  exec(ctx, part);
  if (temp) {
    return listed(
      ctx,
      part,
      `CREATE TEMP ${what}`,
      "temporary objects are not part of the schema",
      "ignored",
    );
  }
  // CREATE ... IF NOT EXISTS of an object the file already created changes nothing
  if (isKw(toks[i + 1], "IF") && ctx.origins.has(createdName(toks, i) ?? "")) return;
  const endLine = ctx.origins.lineOf(part.end);
  if (what === "TABLE") {
    // the statement's own tokens; the same statement in the other file is read once
    const t = ctx.cache.statementClauses(part.sql, ctx.origins.text, part.tokens, part.start);
    ctx.origins.createTable(t, part.start, part.end);
  } else if (what === "INDEX") {
    const name = createdName(toks, i);
    if (name !== undefined) ctx.origins.createObject(name, part.line, endLine);
  } else if (what === "VIEW" || what === "TRIGGER") {
    const name = createdName(toks, i);
    if (name !== undefined) ctx.origins.createObject(name, part.line, endLine);
  }
}

/** The schema a CREATE statement qualifies its name with (`temp` in `CREATE TABLE temp.x`). */
function schemaOf(toks: Token[], at: number): string | undefined {
  let j = at + 1;
  if (isKw(toks[j], "IF")) j += 3;
  return toks[j + 1]?.kind === "dot" && isName(toks[j]) ? identValue(toks[j]) : undefined;
}

/**
 * The name a CREATE (or DROP) statement names: after the object word at `at`, `IF NOT EXISTS`
 * (`IF EXISTS` for DROP) and a schema.
 */
function createdName(toks: Token[], at: number, ifWord = "NOT"): string | undefined {
  let j = at + 1;
  if (isKw(toks[j], "IF")) j += ifWord === "NOT" ? 3 : 2;
  if (toks[j + 1]?.kind === "dot") j += 2;
  return isName(toks[j]) || toks[j]?.kind === "string" ? identValue(toks[j]) : undefined;
}

function alter(ctx: RunContext, part: SplitPart): void {
  const a = readAlterTable(part.sql);
  if (!a) return;
  switch (a.action) {
    case "add":
      return ctx.origins.addColumn(a.table, a.column.name, part.start + a.column.start);
    case "rename_column":
      return ctx.origins.renameColumn(a.table, a.from, a.to);
    case "rename":
      return ctx.origins.renameTable(a.table, a.to);
    case "drop_column":
      return ctx.origins.touchTable(a.table);
  }
}
