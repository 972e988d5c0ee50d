/**
 * One table rebuild (SQLite's "Making Other Kinds Of Table Schema Changes", in the form of its
 * FAQ that copies through a scratch table instead of renaming a new one: see
 * {@link rebuildStatements}): copy the rows out, drop the table, create it with the target
 * definition, copy the rows back (keeping the rowid, so that archives join on it), keep the
 * values an archive needs, put the AUTOINCREMENT counter back and recreate the indexes.
 * Views and triggers are dropped before and recreated after by the lowering. Foreign keys are
 * off (the frame), so dropping the old table deletes no child row.
 *
 * Also the column expressions of the copies that SQLite has no function for: splitting at a
 * separator and merging with `concat_ws` semantics.
 * @module
 */
import type { Index, Table } from "../../model/schema.ts";
import { createIndexSql, createTableSql } from "./ddl.ts";
import {
  countAfter,
  countBefore,
  type Guard,
  guardStatements,
  restoreSequence,
  saveSequence,
} from "./guards.ts";
import { ident, literal } from "./quote.ts";

/** One column of the copy: the target column and its value, an expression over `s` (the old table). */
export interface CopyColumn {
  name: string;
  expr: string;
}

/** An archive table written during the copy (from the old rows `s` and the new rows `n`). */
export interface ArchiveSpec {
  name: string;
  /** Archive columns: name and expression over `s` and `n`. Keys first. */
  columns: CopyColumn[];
  /** Which rows are kept (over `s` and `n`); all when absent. */
  where?: string;
}

/** Everything one rebuild needs. */
export interface RebuildSpec {
  /** The table's current name, which it keeps. */
  table: string;
  /** The definition to create. */
  target: Table;
  /** The table's columns now (generated ones included), copied as they are. */
  sourceColumns: string[];
  /** The table has a rowid now (kept in the copy). */
  sourceRowid: boolean;
  /** Foreign key target renames for the CREATE TABLE (a self reference under another name). */
  refNames?: Map<string, string>;
  /** Indexes to create on the rebuilt table. */
  indexes: Index[];
  /** Columns to copy (generated and new columns without a value are left out). */
  columns: CopyColumn[];
  /** The new rows' rowid (`s.rowid` keeps it); none for a WITHOUT ROWID target. */
  rowid?: string;
  /** Order of the copy (rows with a kept rowid first, so new rowids do not take theirs). */
  order?: string;
  /** Joins of the copy (archives read by a rollback): `LEFT JOIN ... AS a1 ON ...`. */
  joins: string[];
  /** Archives to write during the copy. */
  archives: ArchiveSpec[];
  /** How a new row `n` matches its old row `s` (for archives): `n.rowid = s.rowid`. */
  match?: string;
  guards: Guard[];
  /** The old table has an AUTOINCREMENT counter to keep; the new one takes it. */
  sequence: { save: boolean; restore: boolean };
}

/**
 * The name of the table that holds the old rows during a rebuild (in the main database: a TEMP
 * table costs a temp schema change, about 8 ms each with 1,000 tables; this one is dropped again
 * inside the same transaction).
 */
export function copyTableName(table: string): string {
  return `_smartspec_copy_${table}`;
}

/**
 * The statements of a rebuild. The old rows go to a copy (columns without a declared type,
 * so values are kept as stored, rowids included), the old table is dropped and created again
 * with the target definition under its own name, and the rows are copied back through the
 * copy's expressions. No ALTER TABLE: SQLite reloads the whole schema after each ALTER, so a
 * rename per rebuilt table makes a migration of many tables quadratic; DROP and CREATE are not.
 */
export function rebuildStatements(r: RebuildSpec): string[] {
  const t = ident(r.table), copy = `main.${ident(copyTableName(r.table))}`;
  const out: string[] = [countBefore(r.table)];
  for (const g of r.guards) out.push(...guardStatements(g));
  if (r.sequence.save) out.push(saveSequence(r.table));
  const src = r.sourceColumns.map(ident);
  out.push(
    `CREATE TABLE ${copy} (${src.join(", ")})`,
    `INSERT INTO ${copy} (${[...(r.sourceRowid ? ["rowid"] : []), ...src].join(", ")}) SELECT ${
      [...(r.sourceRowid ? ["rowid"] : []), ...src].join(", ")
    } FROM ${t}`,
    `DROP TABLE ${t}`,
    createTableSql(r.target, { name: r.table, refNames: r.refNames }),
  );
  const cols = r.columns.map((c) => ident(c.name)), vals = r.columns.map((c) => c.expr);
  if (r.rowid) {
    cols.unshift("rowid");
    vals.unshift(r.rowid);
  }
  if (cols.length) {
    out.push(
      `INSERT INTO ${t} (${cols.join(", ")})\nSELECT ${vals.join(",\n  ")}\nFROM ${copy} AS s` +
        (r.joins.length ? `\n${r.joins.join("\n")}` : "") +
        (r.order ? `\nORDER BY ${r.order}` : r.rowid ? "\nORDER BY s.rowid" : ""),
    );
  }
  for (const a of r.archives) {
    out.push(
      `CREATE TABLE ${ident(a.name)} AS SELECT ${
        a.columns.map((c) => `${c.expr} AS ${ident(c.name)}`).join(", ")
      }\nFROM ${copy} AS s JOIN ${t} AS n ON ${r.match ?? "n.rowid = s.rowid"}` +
        (a.where ? `\nWHERE ${a.where}` : ""),
    );
  }
  out.push(`DROP TABLE ${copy}`, countAfter(r.table));
  if (r.sequence.restore) out.push(...restoreSequence(r.table));
  for (const i of r.indexes) out.push(createIndexSql(i, r.table));
  return out;
}

/** `a IS b` that also tells apart values of different storage classes (`'1'` and `1`). */
export function same(a: string, b: string): string {
  return `(${a} IS ${b} AND typeof(${a}) = typeof(${b}))`;
}

/**
 * The parts of a split, as in PostgreSQL's `split_part` for all parts but the last, which takes
 * the rest of the text (separators included): part i (1-based, i < n) is the text between the
 * (i-1)th and the ith separator, '' when there are fewer separators; the last part is everything
 * after the (n-1)th separator ('' when there is none). NULL gives NULL parts. With an empty
 * separator the first part is the whole text and the others are ''.
 */
export function splitParts(source: string, separator: string, n: number): string[] {
  const sep = literal(separator);
  const parts: string[] = [];
  if (separator === "") {
    for (let i = 0; i < n; i++) {
      parts.push(i === 0 ? source : `CASE WHEN ${source} IS NULL THEN NULL ELSE '' END`);
    }
    return parts;
  }
  let rest = `CAST(${source} AS TEXT)`;
  for (let i = 0; i < n; i++) {
    if (i === n - 1) {
      parts.push(rest);
      break;
    }
    const at = `instr(${rest}, ${sep})`;
    parts.push(`CASE WHEN ${at} > 0 THEN substr(${rest}, 1, ${at} - 1) ELSE ${rest} END`);
    rest = `CASE WHEN ${at} > 0 THEN substr(${rest}, ${at} + length(${sep})) ELSE '' END`;
  }
  return parts.map((p) => `CASE WHEN ${source} IS NULL THEN NULL ELSE ${p} END`);
}

/**
 * A merge with the PostgreSQL generator's semantics: NULL when every source is NULL, else
 * `concat_ws(sep, ...)`, which skips NULL sources (and keeps '' ones).
 */
export function mergeExpr(sources: string[], separator: string): string {
  const sep = literal(separator);
  const allNull = sources.map((s) => `${s} IS NULL`).join(" AND ");
  const joined = sources.map((s) => `COALESCE(${sep} || ${s}, '')`).join(" || ");
  return `CASE WHEN ${allNull} THEN NULL ELSE substr(${joined}, length(${sep}) + 1) END`;
}

/**
 * The inverse of a merge for rows without an archived value, as the PostgreSQL generator does:
 * split at the separator, '' becomes NULL.
 */
export function unmergeParts(target: string, separator: string, n: number): string[] {
  return splitParts(target, separator, n).map((p) => `NULLIF(${p}, '')`);
}

/**
 * The inverse of a split for rows without an archived value: the parts joined with the
 * separator, a trailing '' part left out (as the PostgreSQL generator does).
 */
export function unsplitExpr(parts: string[], separator: string): string {
  const sep = literal(separator);
  let acc = parts[0];
  for (const p of parts.slice(1)) {
    acc = `CASE WHEN ${p} IS NULL OR ${p} = '' THEN ${acc} ELSE ${acc} || ${sep} || ${p} END`;
  }
  return acc;
}
