/**
 * Indexes, views and triggers of the SQLite catalog in the model (see `parse.ts` for the keys).
 * @module
 */
import type { Index, IndexElem, Schema, Table, Trigger, View } from "../../model/schema.ts";
import { indexKey } from "../../model/schema.ts";
import { readCreateIndex, readCreateTrigger, readCreateView } from "./clauses_objects.ts";
import { canonicalToken, canonicalTokens, columnsOf, fold, makeExpr, nameLookup } from "./expr.ts";
import { identValue, isKw, type Token } from "./lex.ts";
import { SQLITE_SCHEMA as MAIN } from "./names.ts";
import type { LineSource } from "./catalog.ts";
import type { Spelling } from "./spelling.ts";
import type { ParseCache } from "./parse_cache.ts";

/** An index created by CREATE INDEX, on a table of the model. */
export function readIndex(
  sql: string,
  table: Table,
  lines: LineSource,
  sp: Spelling,
  cache?: ParseCache,
): Index {
  const cl = cache ? cache.index(sql) : readCreateIndex(sql);
  const colNames = table.columns.map((c) => c.name);
  const find = nameLookup(colNames);
  const keys: IndexElem[] = cl.keys.map((k) => {
    const options = [
      k.collation ? `COLLATE ${k.collation}` : "",
      k.order === "DESC" ? "DESC" : "",
    ].filter(Boolean).join(" ");
    const column = k.column !== undefined ? find(k.column) : undefined;
    if (column !== undefined) return { column, options };
    return { expr: makeExpr(k.expr ?? k.column ?? "", colNames), options };
  });
  const name = sp.index(cl.name);
  const { line, endLine } = lines.objectLines(name);
  const idx: Index = {
    schema: MAIN,
    name,
    implicitName: false,
    table: { schema: MAIN, name: table.name },
    unique: cl.unique,
    method: "btree",
    keys,
    include: [],
    key: "",
    line,
  };
  if (cl.where !== undefined) idx.where = makeExpr(cl.where, colNames);
  const hint = lines.hintIn(line, endLine);
  if (hint) idx.renamedFrom = hint;
  idx.key = indexKey(idx);
  return idx;
}

/**
 * The relations (`main.<name>`) that tokens name: every identifier that is the name of a table
 * or view of the schema and not a function name (over-approximates: a column with a table's
 * name counts too, which only orders more carefully).
 */
export function readsOf(
  toks: Token[],
  relations: Map<string, string>,
  self?: string,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind !== "word" && t.kind !== "qident") continue;
    const prev = toks[i - 1];
    // a function call, unless it is the table of INSERT INTO t (columns)
    if (toks[i + 1]?.kind === "lparen" && !isKw(prev, "INTO")) continue;
    if (prev?.kind === "dot" && fold(identValue(toks[i - 2] ?? t)) !== MAIN) continue;
    const n = relations.get(fold(identValue(t)));
    if (n === undefined || n === self) continue;
    const k = `${MAIN}.${n}`;
    if (!out.includes(k)) out.push(k);
  }
  return out;
}

/** A view (`relations` maps folded names of tables and views to their spelling). */
export function readView(
  sql: string,
  relations: Map<string, string>,
  lines: LineSource,
  cache?: ParseCache,
): View {
  const v = cache ? cache.view(sql) : readCreateView(sql);
  const name = relations.get(fold(v.name)) ?? v.name;
  const body = v.tokens.slice(v.nameIndex + 1);
  return {
    schema: MAIN,
    name,
    materialized: false,
    key: canonicalTokens(body),
    sql,
    indexes: [],
    reads: readsOf(body, relations, name),
    calls: [],
    types: [],
    line: lines.objectLines(name).line,
  };
}

/** Placeholder for the trigger's own table in its key. */
export const TABLE_PLACEHOLDER = "<table>";

/** A trigger on `table` (its declared name). */
export function readTrigger(
  sql: string,
  table: string,
  schema: Schema,
  relations: Map<string, string>,
  lines: LineSource,
  sp: Spelling,
  cache?: ParseCache,
): Trigger {
  const tc = cache ? cache.trigger(sql) : readCreateTrigger(sql);
  const name = sp.trigger(table, tc.name);
  const rest = tc.tokens.slice(tc.nameIndex + 1);
  const key = rest.map((t) =>
    (t.kind === "word" || t.kind === "qident") && fold(identValue(t)) === fold(table)
      ? TABLE_PLACEHOLDER
      : canonicalToken(t)
  ).join(" ");
  const tableCols = schema.tables.get(`${MAIN}.${table}`)?.columns.map((c) => c.name) ?? [];
  const find = nameLookup(tableCols);
  const columns = tc.updateOf.map((c) => find(c) ?? c);
  for (const c of tc.when ? columnsOf(tc.when, tableCols) : []) {
    if (!columns.includes(c)) columns.push(c);
  }
  return {
    table: { schema: MAIN, name: table },
    name,
    func: "",
    columns,
    enabled: "O",
    key,
    sql,
    reads: readsOf(tc.tokens.slice(tc.tableIndex + 1), relations),
    calls: [],
    types: [],
    line: lines.objectLines(name).line,
  };
}
