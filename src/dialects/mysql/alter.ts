/**
 * `ALTER TABLE` and `RENAME TABLE` in a schema file (files that are a sequence of migrations):
 * each change is applied to the table being built, the way the server would apply it: added,
 * modified, renamed and dropped columns (keys, indexes, checks and foreign keys that name them
 * follow), dropped and renamed keys, defaults, table options and table renames.
 * @module
 */
import type { Column, Index, Table } from "../../model/schema.ts";
import { indexKey } from "../../model/schema.ts";
import { Cursor } from "./cursor.ts";
import { makeExpr, renameColumns } from "./expr.ts";
import { isWord, type Tok } from "./lex.ts";
import { sameName } from "./names.ts";
import {
  readColumnElement,
  readElement,
  readTableOptions,
  type TableCtx,
  type TableDraft,
} from "./table.ts";
import { canonicalDefaultSql } from "./defaults.ts";

/** What an ALTER needs from the parser besides the table. */
export interface AlterEnv {
  /** Every table of the file (for foreign keys that reference a renamed column or table). */
  drafts(): Iterable<TableDraft>;
  /** Renames a table in the schema's maps. */
  renameTable(d: TableDraft, to: { schema: string; name: string }): void;
  schemaOf(db: string | undefined): string;
}

const FIRST_WORDS = new Set([
  "ADD",
  "DROP",
  "MODIFY",
  "CHANGE",
  "RENAME",
  "ALTER",
  "ALGORITHM",
  "LOCK",
  "FORCE",
  "AUTO_INCREMENT",
  "ENGINE",
  "COMMENT",
  "ROW_FORMAT",
  "DEFAULT",
  "CHARACTER",
  "CHARSET",
  "COLLATE",
  "KEY_BLOCK_SIZE",
  "STATS_PERSISTENT",
  "PACK_KEYS",
]);

/** True when every change of the statement is one this module applies. */
export function alterSupported(items: Tok[][]): boolean {
  return items.every((it) =>
    isWord(it[0], ...FIRST_WORDS) &&
    !(isWord(it[0], "ALTER") && isWord(it[1], "INDEX", "CHECK", "CONSTRAINT")) &&
    !(isWord(it[0], "ADD") && it[1]?.text === "(") &&
    !(isWord(it[0], "DROP") && isWord(it[1], "PARTITION", "PERIOD", "SYSTEM"))
  );
}

function refreshIndex(ix: Index): void {
  const { key: _old, ...rest } = ix;
  ix.key = indexKey(rest);
}

/** Moves the column at the end of the list to its position (`FIRST`, `AFTER c`, or `at`). */
function place(cur: Cursor, t: Table, at?: number): void {
  const col = t.columns.pop()!;
  let i = at ?? t.columns.length;
  if (cur.acceptWord("FIRST")) i = 0;
  else if (cur.acceptWord("AFTER")) {
    const after = cur.ident("a column name");
    const k = t.columns.findIndex((c) => sameName(c.name, after));
    if (k < 0) cur.fail(`unknown column '${after}' in table ${t.name}`);
    i = k + 1;
  }
  t.columns.splice(i, 0, col);
}

function findColumnIndex(cur: Cursor, t: Table, name: string): number {
  const i = t.columns.findIndex((c) => sameName(c.name, name));
  if (i < 0) cur.fail(`unknown column '${name}' in table ${t.name}`);
  return i;
}

/** Renames a column everywhere it is named: keys, indexes, checks, generated columns, references. */
export function renameColumnRefs(env: AlterEnv, d: TableDraft, from: string, to: string): void {
  const t = d.table;
  const renames = new Map([[from, to]]);
  const ren = (n: string) => (sameName(n, from) ? to : n);
  for (const c of t.constraints) {
    c.columns = c.columns.map(ren);
    if (c.expr) c.expr = renameColumns(c.expr, renames);
  }
  for (const c of t.columns) if (c.generated) c.generated = renameColumns(c.generated, renames);
  for (const ix of d.indexes) {
    ix.keys = ix.keys.map((k) => ({
      ...k,
      column: k.column === undefined ? undefined : ren(k.column),
      expr: k.expr ? renameColumns(k.expr, renames) : undefined,
    }));
    refreshIndex(ix);
  }
  for (const other of env.drafts()) {
    for (const c of other.table.constraints) {
      if (
        c.kind === "foreign" && c.ref && c.ref.table.schema === t.schema &&
        sameName(c.ref.table.name, t.name)
      ) c.ref.columns = c.ref.columns.map(ren);
    }
  }
}

/** Drops a column and what names it: key parts (empty keys go), checks and foreign keys on it. */
function dropColumnRefs(d: TableDraft, name: string): void {
  const t = d.table;
  t.constraints = t.constraints.filter((c) => {
    if (c.kind === "check" || c.kind === "foreign") {
      return !c.columns.some((n) => sameName(n, name));
    }
    c.columns = c.columns.filter((n) => !sameName(n, name));
    return c.columns.length > 0;
  });
  d.indexes = d.indexes.filter((ix) => {
    ix.keys = ix.keys.filter((k) => !(k.column !== undefined && sameName(k.column, name)));
    refreshIndex(ix);
    return ix.keys.length > 0;
  });
}

/** Applies one change of an ALTER TABLE (a top-level comma-separated item). */
export function applyAlterItem(c: Cursor, ctx: TableCtx, d: TableDraft, env: AlterEnv): void {
  const t = d.table;
  const line = c.line();
  if (c.acceptWord("ADD")) {
    if (c.acceptWord("COLUMN")) {
      c.acceptWord("IF", "NOT", "EXISTS");
      readColumnElement(c, ctx, d, line);
      place(c, t);
    } else if (c.isWord("CONSTRAINT|PRIMARY|UNIQUE|FOREIGN|CHECK|INDEX|KEY|FULLTEXT|SPATIAL")) {
      readElement(c, ctx, d, true);
    } else {
      readColumnElement(c, ctx, d, line);
      place(c, t);
    }
  } else if (c.acceptWord("MODIFY") || c.isWord("CHANGE")) {
    const change = c.acceptWord("CHANGE");
    c.acceptWord("COLUMN");
    c.acceptWord("IF", "EXISTS");
    const old = change
      ? c.ident("a column name")
      : c.peek() && new Cursor(ctx, [c.peek()!]).ident();
    const i = findColumnIndex(c, t, old!);
    const [removed] = t.columns.splice(i, 1);
    readColumnElement(c, ctx, d, line);
    const added = t.columns[t.columns.length - 1];
    added.renamedFrom = added.renamedFrom ?? removed.renamedFrom;
    place(c, t, i);
    if (!sameName(removed.name, added.name)) renameColumnRefs(env, d, removed.name, added.name);
  } else if (c.acceptWord("DROP")) {
    if (c.acceptWord("PRIMARY", "KEY")) {
      t.constraints = t.constraints.filter((k) => k.kind !== "primary");
    } else if (
      c.acceptWord("FOREIGN", "KEY") || c.acceptWord("CHECK") || c.acceptWord("CONSTRAINT")
    ) {
      c.acceptWord("IF", "EXISTS");
      const name = c.ident("a constraint name");
      t.constraints = t.constraints.filter((k) =>
        !(sameName(k.name, name) && k.kind !== "primary")
      );
      d.indexes = d.indexes.filter((ix) => !(ix.implicitName && sameName(ix.name, name)));
    } else if (c.acceptWord("INDEX") || c.acceptWord("KEY")) {
      c.acceptWord("IF", "EXISTS");
      const name = c.ident("an index name");
      t.constraints = t.constraints.filter((k) => !(k.kind === "unique" && sameName(k.name, name)));
      d.indexes = d.indexes.filter((ix) => !sameName(ix.name, name));
    } else {
      c.acceptWord("COLUMN");
      c.acceptWord("IF", "EXISTS");
      const name = c.ident("a column name");
      const i = findColumnIndex(c, t, name);
      t.columns.splice(i, 1);
      dropColumnRefs(d, name);
    }
  } else if (c.acceptWord("RENAME")) {
    if (c.acceptWord("COLUMN")) {
      const from = c.ident("a column name");
      c.expectWord("TO");
      const to = c.ident("a column name");
      t.columns[findColumnIndex(c, t, from)].name = to;
      renameColumnRefs(env, d, from, to);
    } else if (c.acceptWord("INDEX") || c.acceptWord("KEY")) {
      const from = c.ident("an index name");
      c.expectWord("TO");
      const to = c.ident("an index name");
      for (const k of t.constraints) if (k.kind === "unique" && sameName(k.name, from)) k.name = to;
      for (const ix of d.indexes) if (sameName(ix.name, from)) ix.name = to;
    } else {
      c.acceptWord("TO") || c.acceptWord("AS");
      const q = c.qname("a table name");
      env.renameTable(d, { schema: env.schemaOf(q.db), name: q.name });
    }
  } else if (c.acceptWord("ALTER")) {
    c.acceptWord("COLUMN");
    const name = c.ident("a column name");
    const col: Column = t.columns[findColumnIndex(c, t, name)];
    if (c.acceptWord("SET", "DEFAULT")) {
      const rest = c.toks.slice(c.i);
      c.i = c.toks.length;
      const text = ctx.text.slice(rest[0].start, rest[rest.length - 1].end);
      const e = makeExpr(text, ctx.flavor, t.columns.map((x) => x.name));
      const canon = canonicalDefaultSql(e.sql, col.type);
      if (e.key === "null") delete col.default;
      else col.default = canon !== undefined ? makeExpr(canon, ctx.flavor) : e;
    } else if (c.acceptWord("DROP", "DEFAULT")) delete col.default;
    else if (c.acceptWord("SET", "INVISIBLE")) col.mysql = { ...col.mysql, invisible: true };
    else if (c.acceptWord("SET", "VISIBLE")) {
      if (col.mysql) delete col.mysql.invisible;
    } else c.fail("expected SET DEFAULT, DROP DEFAULT, SET VISIBLE or SET INVISIBLE");
  } else if (c.acceptWord("ALGORITHM") || c.acceptWord("LOCK")) {
    c.accept("=");
    c.next();
  } else if (c.acceptWord("FORCE")) {
    // rebuilds the table; nothing changes in the catalog
  } else readTableOptions(c, ctx, t.mysql!, t);
}
