/**
 * SQLite DDL -> the common schema model, with SQLite itself (`node:sqlite`): each statement of
 * the file runs in an in-memory database (a big file in several, each statement with what it
 * can depend on: see partition.ts), then the catalog is read back ({@link readCatalog}).
 * SQLite decides what is valid; the clause reader adds what its pragmas do not say.
 *
 * Model conventions:
 * - `Schema.dialect` is `"sqlite"`; every object lives in schema `main`; names are spelled as
 *   declared (as SQLite reports them), and references to them (foreign keys, index keys,
 *   constraint columns, view and trigger bodies) are resolved case-insensitively, as SQLite
 *   does, to that spelling; keys are `main.<name>`, triggers `main.<table>.<name>`.
 * - Column type: the declared type through `rules/types/sqlite.yaml` (`VARCHAR(50)` -> `varchar`
 *   [50], `INTEGER` -> `integer`, none -> `""`); `notNull` as declared, and also for a rowid
 *   alias and the primary key of a WITHOUT ROWID table (which cannot hold NULL);
 *   `sqlite.declaredType` the declared type exactly as written (what the catalog shows);
 *   `default`, `generated` (with `sqlite.generatedStored`), `collation` as written; `line` of the column definition; `renamedFrom` from `-- @renamed from=` hints.
 * - Expressions: `{ sql, key, columns }`, `sql` as written, `key` canonical (see `expr.ts`):
 *   `DEFAULT 0` and `DEFAULT (0)` have one key.
 * - Constraints: the written name (`CONSTRAINT x ...`, `implicitName: false`) or PostgreSQL's
 *   implicit names (`implicitName: true`): `<table>_pkey`, `<table>_<cols>_key`,
 *   `<table>_<cols>_fkey`, `<table>_<col>_check` (one column read) or `<table>_check`, with
 *   1, 2 ... on a clash. A rowid alias (`id INTEGER PRIMARY KEY`) is a primary key on `id`
 *   and `Table.sqlite.rowidAlias`. Foreign keys: `onDelete`/`onUpdate` always set
 *   (`NO ACTION` by default), `deferrable`/`initiallyDeferred` only when true, `REFERENCES t`
 *   without columns resolved to t's primary key.
 * - Indexes: only those created by CREATE INDEX (`sqlite_autoindex_*` belong to constraints);
 *   `method` `btree`; key options `COLLATE <name>` and `DESC` when written; `Index.key` the
 *   canonical definition without the name.
 * - Views: `sql` as stored, `key` canonical text after the name, `reads` the tables and views
 *   named (`main.<name>`). Triggers: `key` canonical text after the name with the table's name
 *   replaced by `<table>`, `reads` the relations named after ON, `columns` UPDATE OF and the
 *   columns the WHEN condition reads, `func` empty.
 * - Statements that are not schema (PRAGMA, BEGIN/COMMIT, INSERT, ANALYZE ...) are listed in
 *   `unmanaged` with category `ignored`; virtual tables and ATTACH as `unmanaged`.
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { emptySchema, type Schema } from "../../model/schema.ts";
import { type CatalogRow, readCatalog } from "./catalog.ts";
import { Origins } from "./origins.ts";
import { type SplitPart, sqliteParts } from "./split.ts";
import { isKw } from "./lex.ts";
import {
  createdAt,
  DEFAULT_GROUP,
  groupTexts,
  type Partition,
  partition,
  type Route,
  routeOf,
} from "./partition.ts";
import { type RunContext, runStatement } from "./statements.ts";
import { cacheOf, keepCache, type ParseCache } from "./parse_cache.ts";

/**
 * Parses a SQLite schema file into the model; throws InputError naming `path` and the line.
 * With a `reference` (the other version's model), names that match a reference name but for
 * case are spelled as the reference spells them (see spelling.ts).
 */
export function parseSqlite(text: string, path: string, reference?: Schema): Schema {
  return parseSqliteIn(text, path, reference, DEFAULT_GROUP);
}

/**
 * {@link parseSqlite} with `group` statements per in-memory database (see partition.ts; 0: the
 * whole file in one database). The model and errors do not depend on it (tests compare them).
 */
export function parseSqliteIn(
  text: string,
  path: string,
  reference: Schema | undefined,
  group: number,
): Schema {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const schema = emptySchema("sqlite", path);
  const origins = new Origins(src);
  // the other version's readings: most statements are the same in both files
  const cache = cacheOf(reference);
  // the whole file is split first (an unterminated construct anywhere is the error to report,
  // before any statement runs); each statement is routed and its clauses read as it comes,
  // then only its first tokens are kept (not the whole file's tokens at once)
  const parts: SplitPart[] = [];
  const routes: Route[] = [];
  for (const p of sqliteParts(src, path)) {
    routes.push(group > 0 ? routeOf(p) : null);
    readAhead(p, src, cache);
    parts.push(p);
  }
  const plan = group > 0 ? partition(routes, group) : undefined;
  const dbs: DatabaseSync[] = [];
  // groups of statements the other file ran alike: their catalog rows are known
  const texts = plan ? groupTexts(parts, plan) : [];
  const known = texts.map((t) => knownRows(cache, t));
  try {
    for (let d = 0; d < (plan?.count ?? 1); d++) {
      const db = new DatabaseSync(":memory:");
      dbs.push(db);
      // one transaction: SQLite then commits (and re-reads) the schema once, not per statement
      db.exec("BEGIN");
    }
    const ctx: RunContext = { db: dbs[0], path, origins, unmanaged: schema.unmanaged, cache };
    for (let i = 0; i < parts.length; i++) {
      if (plan) {
        const k = plan.groupOf[i];
        ctx.db = dbs[Math.max(0, plan.dbOf[i])];
        ctx.known = k >= 0 && known[k] !== undefined;
      }
      runStatement(ctx, parts[i]);
    }
    if (plan) {
      // SQLite's own rows (sqlite_sequence) last: the catalog leaves them out
      const order = (type: string, name: string, tbl: string) => {
        const at = createdAt(plan, type, name, tbl);
        return at < 0 ? parts.length : at;
      };
      const rows = known.flatMap((r) => r ?? []);
      const read = readCatalog({ dbs, order, rows }, schema, origins, reference, cache);
      keepGroupRows(cache, read, order, plan, texts, known);
    } else {
      readCatalog(dbs[0], schema, origins, reference, cache);
    }
    if (reference) cache.forgetTableModels();
    for (const db of dbs) db.exec("ROLLBACK");
  } finally {
    for (const db of dbs) db.close();
  }
  keepCache(schema, cache);
  return schema;
}

/** Tokens of a statement that {@link runStatement} looks at besides the clauses of CREATE TABLE. */
const HEAD_TOKENS = 16;

/**
 * Reads the clauses of a CREATE TABLE into the cache now (what {@link runStatement} reads of it
 * later, memoised by text; a statement the clause reader cannot read keeps its tokens and is
 * read, and refused, in its turn) and keeps the statement's first tokens only.
 */
function readAhead(p: SplitPart, text: string, cache: ParseCache): void {
  const toks = p.tokens;
  if (toks.length <= HEAD_TOKENS) return;
  if (isKw(toks[0], "CREATE") && (isKw(toks[1], "TABLE") || isKw(toks[2], "TABLE"))) {
    try {
      cache.statementClauses(p.sql, text, toks, p.start);
    } catch {
      return;
    }
  }
  p.tokens = toks.slice(0, HEAD_TOKENS);
}

/** The catalog rows of a group that ran before, if its tables' columns are known too. */
function knownRows(cache: ParseCache, text: string): readonly CatalogRow[] | undefined {
  const rows = cache.groupRows(text);
  if (!rows) return undefined;
  for (const r of rows) {
    if (r.type === "table" && r.sql && r.kind === "table" && !cache.columnRows(r.sql)) {
      return undefined;
    }
  }
  return rows;
}

/** Records the catalog rows of each group that ran, for the other file's groups written alike. */
function keepGroupRows(
  cache: ParseCache,
  rows: readonly (CatalogRow & { db: number })[],
  order: (type: string, name: string, tbl: string) => number,
  plan: Partition,
  texts: string[],
  known: (readonly CatalogRow[] | undefined)[],
): void {
  const byGroup: CatalogRow[][] = texts.map(() => []);
  for (const r of rows) {
    if (r.db < 0) continue;
    const at = order(r.type, r.name, r.tbl_name);
    if (at >= plan.groupOf.length) continue; // SQLite's own (sqlite_sequence)
    const { type, name, tbl_name, sql, kind } = r;
    byGroup[plan.groupOf[at]].push({ type, name, tbl_name, sql, kind });
  }
  for (let k = 0; k < texts.length; k++) {
    if (!known[k]) cache.setGroupRows(texts[k], byGroup[k]);
  }
}
