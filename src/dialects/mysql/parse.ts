/**
 * The MySQL/MariaDB schema parser: a schema file (hand-written DDL, `mysqldump --no-data` of
 * MySQL 8, `mariadb-dump --no-data` of MariaDB 10.6+) into the common model.
 *
 * The file is preprocessed ({@link preprocessMysql}: versioned comments unwrapped, charset
 * introducers removed), split into statements ({@link splitStatements}: `DELIMITER` blocks) and
 * read one statement at a time, so that an error names the file and line. Table structure is read
 * by a token cursor ({@link readCreateTable}); expressions and view queries by node-sql-parser
 * with the flavor's grammar. Statements that change nothing the generator compares (session
 * `SET`, `USE`, `LOCK TABLES`, data) are listed as ignored; schema statements it cannot manage
 * (sequences, events, `RENAME TABLE`, most `ALTER`s) as unmanaged: never dropped silently.
 *
 * Every object lives in the schema {@link MYSQL_DEFAULT_SCHEMA}; names qualified with the
 * database of a `USE` statement (or of `CREATE DATABASE`) are the same objects.
 * @module
 */
import { InputError } from "../../errors.ts";
import { emptySchema, indexKey, type Schema, type Unmanaged } from "../../model/schema.ts";
import { funcKey } from "../../model/objects.ts";
import { collectHints } from "../../parse/source.ts";
import { Cursor, type FileCtx } from "./cursor.ts";
import type { MysqlFlavor } from "./expr.ts";
import { identName, isWord, significant, type Tok } from "./lex.ts";
import { MYSQL_DEFAULT_SCHEMA, sameName } from "./names.ts";
import { readRoutine, readTrigger, readView, skipCreatePrefix } from "./objects.ts";
import { preprocessMysql } from "./preprocess.ts";
import { type AlterEnv, alterSupported, applyAlterItem } from "./alter.ts";
import { looksLikePostgres } from "./detect.ts";
import { type MysqlStatement, splitStatements } from "./split.ts";
import {
  dropCoveredForeignKeyIndexes,
  finishTable,
  newDraft,
  readCreateTable,
  readIndexStatement,
  type TableCtx,
  type TableDraft,
} from "./table.ts";
import { mysqlTypeFacts } from "./types.ts";

const IGNORED_FIRST_WORDS = new Set([
  "SET",
  "LOCK",
  "UNLOCK",
  "START",
  "BEGIN",
  "COMMIT",
  "ROLLBACK",
  "SAVEPOINT",
  "FLUSH",
  "ANALYZE",
  "OPTIMIZE",
  "CHECKSUM",
  "SHOW",
  "DESCRIBE",
  "EXPLAIN",
  "GRANT",
  "REVOKE",
]);
const DATA_FIRST_WORDS = new Set([
  "INSERT",
  "REPLACE",
  "UPDATE",
  "DELETE",
  "TRUNCATE",
  "CALL",
  "SELECT",
  "DO",
  "LOAD",
  "WITH",
]);
const SCHEMA_FIRST_WORDS = new Set(["CREATE", "ALTER", "DROP", "RENAME"]);

/** Parses a MySQL or MariaDB schema file; throws InputError naming the file and line. */
export function parseMysql(text: string, path: string, flavor: MysqlFlavor): Schema {
  try {
    return new MysqlParser(text, path, flavor).run();
  } catch (e) {
    if (e instanceof InputError && looksLikePostgres(text) && !/PostgreSQL/.test(e.message)) {
      const msg = e.message.slice(e.message.indexOf(": ") + 2);
      throw new InputError(
        `${msg} (the file looks like PostgreSQL: use --dialect postgresql)`,
        e.pos,
      );
    }
    throw e;
  }
}

class MysqlParser {
  private readonly schema: Schema;
  private readonly ctx: TableCtx;
  private readonly drafts = new Map<string, TableDraft>();
  /** The same tables by `schema.lower(name)` (MySQL compares table names without case). */
  private readonly draftsFolded = new Map<string, TableDraft>();
  private readonly hints: Map<number, { from: string }>;
  private readonly hintOnly = new Set<number>();
  private readonly lineStarts: number[] = [0];
  private currentDb?: string;

  constructor(private readonly original: string, path: string, flavor: MysqlFlavor) {
    this.schema = emptySchema(flavor, path);
    const pre = preprocessMysql(original, flavor);
    for (let k = 0; k < pre.text.length; k++) {
      if (pre.text.charCodeAt(k) === 10) this.lineStarts.push(k + 1);
    }
    this.hints = collectHints(original);
    const lines = original.split("\n");
    for (const l of this.hints.keys()) {
      if (/^\s*--/.test(lines[l - 1] ?? "")) this.hintOnly.add(l);
    }
    this.ctx = {
      file: path,
      text: pre.text,
      flavor,
      facts: mysqlTypeFacts(flavor),
      lineOf: (offset) => this.lineOf(offset),
      hintAt: (line, sameLineOnly) => this.hintAt(line, sameLineOnly),
      schemaOf: (db) => this.schemaOf(db),
      note: (line, kind, text, reason) =>
        this.schema.unmanaged.push({ kind, line, text, reason, category: "unmanaged" }),
    };
  }

  private lineOf(offset: number): number {
    const a = this.lineStarts;
    let lo = 0, hi = a.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (a[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  private hintAt(line: number, sameLineOnly = false): string | undefined {
    const h = this.hints.get(line) ??
      (!sameLineOnly && this.hintOnly.has(line - 1) ? this.hints.get(line - 1) : undefined);
    return h?.from;
  }

  private schemaOf(db: string | undefined): string {
    // Without USE, the first database a name is qualified with is the file's own database.
    if (db !== undefined && this.currentDb === undefined) this.currentDb = db;
    if (db === undefined || sameName(db, this.currentDb!)) return MYSQL_DEFAULT_SCHEMA;
    return db;
  }

  run(): Schema {
    for (const st of splitStatements(this.ctx.text)) this.statement(st);
    for (const d of this.drafts.values()) {
      finishTable(this.ctx, d);
      for (const ix of d.indexes) {
        this.schema.indexes.set(`${ix.schema}.${ix.table.name}.${ix.name}`, ix);
      }
    }
    return this.schema;
  }

  private note(
    st: MysqlStatement,
    kind: string,
    reason: string,
    category: "ignored" | "unmanaged",
  ): void {
    const t = st.body;
    const u: Unmanaged = {
      kind,
      line: st.bodyLine,
      text: t.length > 300 ? t.slice(0, 300) + " ..." : t,
      reason,
      category,
    };
    this.schema.unmanaged.push(u);
  }

  private tokens(st: MysqlStatement): Tok[] {
    return significant(st.body).map((t) => ({
      ...t,
      start: t.start + st.start,
      end: t.end + st.start,
    }));
  }

  private statement(st: MysqlStatement): void {
    if (st.body.startsWith("\\")) {
      this.note(st, "client command", "a command of the command-line client, not SQL", "ignored");
      return;
    }
    // Data statements (INSERT of a data dump can be megabytes) are not tokenized.
    const lead = /^[A-Za-z]+/.exec(st.body)?.[0].toUpperCase() ?? "";
    if (DATA_FIRST_WORDS.has(lead)) {
      this.note(st, lead, "data, not schema", "ignored");
      return;
    }
    const toks = this.tokens(st);
    if (toks.length === 0) return;
    const cur = new Cursor(this.ctx, toks);
    const first = toks[0];
    const w = first.kind === "word" ? first.text.toUpperCase() : "";
    if (w === "USE") {
      cur.next();
      this.currentDb = cur.ident("a database name");
      this.note(st, "USE", "selects the database the file is loaded into", "ignored");
      return;
    }
    if (IGNORED_FIRST_WORDS.has(w)) {
      this.note(st, w, "no catalog change (session setting, locking or privileges)", "ignored");
      return;
    }
    if (DATA_FIRST_WORDS.has(w)) {
      this.note(st, w, "data, not schema", "ignored");
      return;
    }
    if (!SCHEMA_FIRST_WORDS.has(w)) {
      cur.fail(
        `not a ${this.ctx.flavor === "mariadb" ? "MariaDB" : "MySQL"} statement`,
        first,
      );
    }
    cur.next();
    if (w === "CREATE") this.create(cur, st);
    else if (w === "ALTER") this.alter(cur, st);
    else if (w === "DROP") this.drop(cur, st);
    else this.renameTables(cur, st);
  }

  private create(cur: Cursor, st: MysqlStatement): void {
    const line = st.bodyLine;
    if (cur.acceptWord("DATABASE") || cur.acceptWord("SCHEMA")) {
      cur.acceptWord("IF", "NOT", "EXISTS");
      const db = cur.ident("a database name");
      if (this.currentDb === undefined) this.currentDb = db;
      this.note(st, "CREATE DATABASE", "the database the file is loaded into", "ignored");
      return;
    }
    // MariaDB's CREATE OR REPLACE TABLE replaces a table created earlier in the file.
    const replacing = cur.isWord("OR", "REPLACE", "TABLE");
    if (replacing) cur.acceptWord("OR", "REPLACE");
    if (cur.acceptWord("TEMPORARY")) {
      this.note(
        st,
        "CREATE TEMPORARY TABLE",
        "a temporary table is not part of the schema",
        "ignored",
      );
      return;
    }
    if (cur.acceptWord("TABLE")) {
      if (cur.isWord("IF", "NOT", "EXISTS")) {
        const q = this.peekName(cur, cur.i + 3);
        if (q && this.findDraft(this.schemaOf(q.db), q.name)) {
          this.note(
            st,
            "CREATE TABLE",
            `IF NOT EXISTS: table ${q.name} is created earlier in the file`,
            "ignored",
          );
          return;
        }
      }
      const like = this.tableLike(cur, line);
      const d = like ?? readCreateTable(cur, this.ctx, line);
      if (replacing) this.dropTable(d.table.schema, d.table.name);
      this.addTable(cur, d);
      return;
    }
    if (cur.isWord("UNIQUE|FULLTEXT|SPATIAL|INDEX")) {
      const kind = cur.next().text.toLowerCase();
      if (kind !== "index") cur.expectWord("INDEX");
      this.createIndex(cur, kind as "index" | "unique" | "fulltext" | "spatial", line);
      return;
    }
    const { orReplace } = skipCreatePrefix(cur);
    void orReplace;
    const schemaOf = (db?: string) => this.schemaOf(db);
    if (cur.acceptWord("VIEW")) {
      const v = readView(cur, st.body, line, schemaOf);
      this.schema.views.set(`${v.schema}.${v.name}`, v);
      return;
    }
    if (cur.acceptWord("TRIGGER")) {
      const t = readTrigger(cur, st.body, line, schemaOf);
      const table = this.findDraft(t.table.schema, t.table.name);
      if (table) t.table = { schema: table.table.schema, name: table.table.name };
      this.schema.triggers.set(`${t.table.schema}.${t.table.name}.${t.name}`, t);
      return;
    }
    if (cur.isWord("PROCEDURE") || cur.isWord("FUNCTION")) {
      const kind = cur.next().text.toLowerCase() as "procedure" | "function";
      if (kind === "function" && this.isUdf(cur)) {
        this.note(st, "CREATE FUNCTION", "a loadable (UDF) function is not managed", "unmanaged");
        return;
      }
      const f = readRoutine(cur, kind, st.body, line, schemaOf);
      this.schema.functions.set(funcKey(f.schema, f.name, []), f);
      return;
    }
    const what = cur.atEnd() ? "" : cur.peek()!.text.toUpperCase();
    this.note(st, `CREATE ${what}`.trim(), `CREATE ${what} is not managed`, "unmanaged");
  }

  /** The (possibly qualified) name at token `at`, without moving the cursor. */
  private peekName(cur: Cursor, at: number): { db?: string; name: string } | undefined {
    const c = new Cursor(this.ctx, cur.toks.slice(at));
    try {
      return c.qname();
    } catch {
      return undefined;
    }
  }

  /** `CREATE TABLE t LIKE other`: a copy of a table this file created (without foreign keys). */
  private tableLike(cur: Cursor, line: number): TableDraft | undefined {
    const save = cur.i;
    cur.acceptWord("IF", "NOT", "EXISTS");
    const q = cur.qname("a table name");
    const paren = cur.accept("(");
    if (!cur.acceptWord("LIKE")) {
      cur.i = save;
      return undefined;
    }
    const src = cur.qname("a table name");
    if (paren) cur.expect(")");
    const from = this.findDraft(this.schemaOf(src.db), src.name);
    if (!from) cur.fail(`CREATE TABLE ... LIKE ${src.name}, which this file does not create`);
    const d = newDraft({ schema: this.schemaOf(q.db), name: q.name }, line, this.hintAt(line));
    const copy = structuredClone(from!.table);
    d.table.columns = copy.columns.map((c) => ({ ...c, line, renamedFrom: undefined }));
    d.table.constraints = copy.constraints.filter((c) => c.kind !== "foreign")
      .map((c) => ({ ...c, line, renamedFrom: undefined }));
    d.table.mysql = copy.mysql;
    d.table.partitionBy = copy.partitionBy;
    d.indexes = from!.indexes.map((ix) =>
      structuredClone({ ...ix, table: { schema: d.table.schema, name: d.table.name }, line })
    );
    d.checkCount = from!.checkCount;
    return d;
  }

  private dropTable(schema: string, name: string): boolean {
    const d = this.findDraft(schema, name);
    if (!d) return false;
    const key = `${d.table.schema}.${d.table.name}`;
    this.drafts.delete(key);
    this.draftsFolded.delete(`${d.table.schema}.${d.table.name.toLowerCase()}`);
    this.schema.tables.delete(key);
    return true;
  }

  private isUdf(cur: Cursor): boolean {
    return cur.toks.slice(cur.i).some((t) => isWord(t, "SONAME"));
  }

  private addTable(cur: Cursor, d: TableDraft): void {
    const key = `${d.table.schema}.${d.table.name}`;
    if (this.findDraft(d.table.schema, d.table.name)) {
      cur.fail(`table ${d.table.name} is created twice`, cur.toks[0]);
    }
    this.drafts.set(key, d);
    this.draftsFolded.set(`${d.table.schema}.${d.table.name.toLowerCase()}`, d);
    this.schema.tables.set(key, d.table);
  }

  private findDraft(schema: string, name: string): TableDraft | undefined {
    return this.drafts.get(`${schema}.${name}`) ??
      this.draftsFolded.get(`${schema}.${name.toLowerCase()}`);
  }

  private createIndex(
    cur: Cursor,
    kind: "index" | "unique" | "fulltext" | "spatial",
    line: number,
  ): void {
    cur.acceptWord("IF", "NOT", "EXISTS");
    const name = cur.ident("an index name");
    const opts: string[] = [];
    if (cur.acceptWord("USING")) opts.push(cur.ident());
    cur.expectWord("ON");
    const q = cur.qname("a table name");
    const d = this.findDraft(this.schemaOf(q.db), q.name);
    if (!d) cur.fail(`CREATE INDEX on table ${q.name}, which this file does not create`);
    readIndexStatement(cur, this.ctx, d!, kind, name, line, opts[0]?.toLowerCase());
    dropCoveredForeignKeyIndexes(d!);
    // ALGORITHM= / LOCK= options of the statement
    while (!cur.atEnd()) {
      if (cur.acceptWord("ALGORITHM") || cur.acceptWord("LOCK")) {
        cur.accept("=");
        cur.next();
      } else cur.fail("unexpected text after the index definition");
    }
  }

  private alter(cur: Cursor, st: MysqlStatement): void {
    cur.acceptWord("ONLINE");
    cur.acceptWord("IGNORE");
    if (!cur.acceptWord("TABLE")) {
      const what = cur.atEnd() ? "" : cur.peek()!.text.toUpperCase();
      this.note(st, `ALTER ${what}`.trim(), `ALTER ${what} is not managed`, "unmanaged");
      return;
    }
    cur.acceptWord("IF", "EXISTS");
    const q = cur.qname("a table name");
    const d = this.findDraft(this.schemaOf(q.db), q.name);
    // Dumps wrap data loads in ALTER TABLE ... DISABLE KEYS / ENABLE KEYS.
    const rest = cur.toks.slice(cur.i);
    if (
      rest.length === 2 && isWord(rest[1], "KEYS") && isWord(rest[0], "DISABLE", "ENABLE")
    ) {
      this.note(
        st,
        "ALTER TABLE",
        "no catalog change (index maintenance during a data load)",
        "ignored",
      );
      return;
    }
    if (!d) {
      this.note(st, "ALTER TABLE", `table ${q.name} is not created in this file`, "unmanaged");
      return;
    }
    // Changes this parser cannot apply leave the whole statement unmanaged (listed).
    const items = splitTopLevel(rest);
    if (!alterSupported(items)) {
      this.note(
        st,
        "ALTER TABLE",
        "this ALTER TABLE is not read from a schema file: write the table as it should be",
        "unmanaged",
      );
      return;
    }
    for (const it of items) {
      const c = new Cursor(this.ctx, it);
      applyAlterItem(c, this.ctx, d, this.alterEnv);
      if (!c.atEnd()) c.fail("unexpected text in ALTER TABLE");
    }
  }

  private readonly alterEnv: AlterEnv = {
    drafts: () => this.drafts.values(),
    renameTable: (d, to) => this.renameTable(d, to),
    schemaOf: (db) => this.schemaOf(db),
  };

  /** Renames a table: the maps, its indexes, foreign keys that reference it, its triggers. */
  private renameTable(d: TableDraft, to: { schema: string; name: string }): void {
    const from = { schema: d.table.schema, name: d.table.name };
    const existing = this.findDraft(to.schema, to.name);
    if (existing && existing !== d) {
      throw new InputError(`cannot rename ${from.name} to ${to.name}: the table exists`, {
        file: this.ctx.file,
        line: d.table.line,
      });
    }
    this.dropTable(from.schema, from.name);
    d.table.schema = to.schema;
    d.table.name = to.name;
    this.drafts.set(`${to.schema}.${to.name}`, d);
    this.draftsFolded.set(`${to.schema}.${to.name.toLowerCase()}`, d);
    this.schema.tables.set(`${to.schema}.${to.name}`, d.table);
    for (const ix of d.indexes) {
      ix.schema = to.schema;
      ix.table = { ...to };
      const { key: _k, ...rest } = ix;
      ix.key = indexKey(rest);
    }
    const isFrom = (q: { schema: string; name: string }) =>
      q.schema === from.schema && sameName(q.name, from.name);
    for (const other of this.drafts.values()) {
      for (const c of other.table.constraints) {
        if (c.kind === "foreign" && c.ref && isFrom(c.ref.table)) c.ref.table = { ...to };
      }
    }
    for (const [k, tr] of [...this.schema.triggers]) {
      if (!isFrom(tr.table)) continue;
      this.schema.triggers.delete(k);
      tr.table = { ...to };
      this.schema.triggers.set(`${to.schema}.${to.name}.${tr.name}`, tr);
    }
  }

  /** `RENAME TABLE a TO b, c TO d`. */
  private renameTables(cur: Cursor, st: MysqlStatement): void {
    if (!cur.acceptWord("TABLE") && !cur.acceptWord("TABLES")) {
      this.note(st, "RENAME", "only RENAME TABLE is read from a schema file", "unmanaged");
      return;
    }
    do {
      const a = cur.qname("a table name");
      cur.expectWord("TO");
      const b = cur.qname("a table name");
      const d = this.findDraft(this.schemaOf(a.db), a.name);
      if (!d) {
        this.note(st, "RENAME TABLE", `table ${a.name} is not created in this file`, "unmanaged");
        return;
      }
      this.renameTable(d, { schema: this.schemaOf(b.db), name: b.name });
    } while (cur.accept(","));
  }

  private drop(cur: Cursor, st: MysqlStatement): void {
    cur.acceptWord("TEMPORARY");
    const kindTok = cur.peek();
    const kind = kindTok?.text.toUpperCase() ?? "";
    cur.next();
    cur.acceptWord("IF", "EXISTS");
    let removed = false;
    if (kind === "TABLE" || kind === "TABLES" || kind === "VIEW") {
      do {
        const q = cur.qname();
        const schema = this.schemaOf(q.db);
        if (kind === "VIEW") removed = this.schema.views.delete(`${schema}.${q.name}`) || removed;
        else {
          if (this.dropTable(schema, q.name)) removed = true;
        }
      } while (cur.accept(","));
    } else if (kind === "TRIGGER") {
      const q = cur.qname();
      for (const [k, t] of this.schema.triggers) {
        if (sameName(t.name, q.name)) {
          this.schema.triggers.delete(k);
          removed = true;
        }
      }
    } else if (kind === "PROCEDURE" || kind === "FUNCTION") {
      const q = cur.qname();
      removed = this.schema.functions.delete(funcKey(this.schemaOf(q.db), q.name, []));
    } else {
      this.note(st, `DROP ${kind}`, `DROP ${kind} is not managed`, "unmanaged");
      return;
    }
    if (!removed) {
      this.note(st, `DROP ${kind}`, "drops nothing this file creates before it", "ignored");
    }
  }
}

/** Splits tokens at top-level commas. */
function splitTopLevel(toks: Tok[]): Tok[][] {
  const out: Tok[][] = [[]];
  let depth = 0;
  for (const t of toks) {
    if (t.kind === "op" && t.text === "(") depth++;
    else if (t.kind === "op" && t.text === ")") depth--;
    if (depth === 0 && t.kind === "op" && t.text === ",") out.push([]);
    else out[out.length - 1].push(t);
  }
  return out.filter((p) => p.length > 0);
}

/** Re-exported for tests. */
export { identName };
export type { FileCtx };
