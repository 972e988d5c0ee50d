/**
 * Where objects come from in the schema file: the lines of tables, columns, constraints,
 * indexes, views and triggers, and the `-- @renamed from=` hints on those lines (the old name
 * as written: SQLite names keep their declared spelling). The model is
 * read from SQLite's catalog, whose stored CREATE text starts with a normalised prefix
 * (`CREATE TABLE name ...`) and changes when an ALTER TABLE follows; this maps offsets in the
 * stored text back to the file when the text after the name is the one written, and otherwise
 * falls back to the lines recorded per column.
 * @module
 */
import type { TableClauses } from "./clauses.ts";
import { fold } from "./expr.ts";

/** `-- @renamed from=old` (sqldef-compatible); the name may be quoted. */
const HINT = /--\s*@renamed\s+from\s*=\s*("(?:[^"]|"")+"|`(?:[^`]|``)+`|\[[^\]]+\]|[^\s,;]+)/;

/** How SQLite's stored text of a CREATE TABLE starts (then the text from the name on). */
const STORED_PREFIX = "CREATE TABLE ";

/** What a table's CREATE statement looked like in the file. */
interface TableOrigin {
  line: number;
  /** Text from the table name to the end of the statement, as written. */
  tail: string;
  /** Offset of the table name in the whole file. */
  tailStart: number;
  columns: Map<string, number>;
  /** What the clause reader read of the statement (offsets relative to `start`). */
  clauses: TableClauses;
  /** Offset of the statement in the whole file. */
  start: number;
}

/** Lines and hints of one schema file (see the module documentation). */
export class Origins {
  private lineStarts: number[] = [0];
  private tables = new Map<string, TableOrigin>();
  private objects = new Map<string, { line: number; endLine: number }>();
  /** Hints by line, the old name spelled as written (unquoted). */
  private hints = new Map<number, string>();
  private hintOnly = new Set<number>();

  constructor(readonly text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) {
      this.lineStarts.push(i + 1);
    }
    if (!text.includes("@renamed")) return;
    for (let l = 1; l <= this.lineStarts.length; l++) {
      const lineText = text.slice(this.lineStarts[l - 1], this.lineStarts[l] ?? text.length);
      const m = HINT.exec(lineText);
      if (!m) continue;
      const q = m[1][0];
      const close = q === "[" ? "]" : q;
      const from = q === '"' || q === "`" || q === "["
        ? m[1].slice(1, -1).replaceAll(close + close, close)
        : m[1];
      this.hints.set(l, from);
      if (/^\s*--\s*@renamed/.test(lineText)) this.hintOnly.add(l);
    }
  }

  /** 1-based line of an offset in the file. */
  lineOf(offset: number): number {
    const a = this.lineStarts;
    let lo = 0, hi = a.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (a[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /**
   * Records a CREATE TABLE statement starting at file offset `start` and ending at `end`, with
   * what the clause reader read of it (offsets relative to `start`).
   */
  createTable(clauses: TableClauses, start: number, end: number): void {
    const cols = new Map<string, number>();
    for (const c of clauses.columns) cols.set(fold(c.name), this.lineOf(start + c.start));
    const nameStart = start + clauses.nameStart;
    this.tables.set(fold(clauses.name), {
      line: this.lineOf(nameStart),
      tail: this.text.slice(nameStart, end),
      tailStart: nameStart,
      columns: cols,
      clauses,
      start,
    });
  }

  /** Records a column added by ALTER TABLE (at a file offset). */
  addColumn(table: string, column: string, offset: number): void {
    const t = this.tables.get(fold(table));
    if (!t) return;
    t.columns.set(fold(column), this.lineOf(offset));
    t.tail = ""; // the stored text no longer matches the file
  }

  /** Follows ALTER TABLE ... RENAME COLUMN. */
  renameColumn(table: string, from: string, to: string): void {
    const t = this.tables.get(fold(table));
    const l = t?.columns.get(fold(from));
    if (!t || l === undefined) return;
    t.columns.delete(fold(from));
    t.columns.set(fold(to), l);
    t.tail = "";
  }

  /** Follows ALTER TABLE ... RENAME TO. */
  renameTable(from: string, to: string): void {
    const t = this.tables.get(fold(from));
    if (!t) return;
    this.tables.delete(fold(from));
    t.tail = "";
    this.tables.set(fold(to), t);
  }

  /** Marks a table whose stored text changed (DROP COLUMN). */
  touchTable(name: string): void {
    const t = this.tables.get(fold(name));
    if (t) t.tail = "";
  }

  /** Records an index, view or trigger statement's lines. */
  createObject(name: string, line: number, endLine: number): void {
    this.objects.set(fold(name), { line, endLine });
  }

  /** True when the file created a table or other object of that name (and did not drop it). */
  has(name: string): boolean {
    return this.tables.has(fold(name)) || this.objects.has(fold(name));
  }

  /** Follows DROP TABLE / INDEX / VIEW / TRIGGER. */
  drop(name: string): void {
    this.tables.delete(fold(name));
    this.objects.delete(fold(name));
  }

  /** Line of a table's name, or 0 when the file does not create it. */
  tableLine(name: string): number {
    return this.tables.get(fold(name))?.line ?? 0;
  }

  /** Line of a column's definition, or the table's line. */
  columnLine(table: string, column: string): number {
    const t = this.tables.get(fold(table));
    return t?.columns.get(fold(column)) ?? t?.line ?? 0;
  }

  /**
   * Line of an offset in the table's stored CREATE text (whose name starts at
   * `storedNameStart`), or undefined when the stored text is no longer the one written.
   */
  storedLine(table: string, stored: string, storedNameStart: number, offset: number):
    | number
    | undefined {
    const t = this.tables.get(fold(table));
    if (!t || !t.tail || stored.slice(storedNameStart) !== t.tail) return undefined;
    return this.lineOf(t.tailStart + offset - storedNameStart);
  }

  /**
   * What the clause reader read of the statement that created a table, with the file line of an
   * offset in it, when the table's stored CREATE text (`stored`) is the one written (SQLite
   * stores `CREATE TABLE ` and the text from the name on): reading `stored` says the same.
   */
  writtenClauses(table: string, stored: string):
    | { clauses: TableClauses; line: (offset: number) => number }
    | undefined {
    const t = this.tables.get(fold(table));
    if (
      !t || !t.tail || stored.length !== STORED_PREFIX.length + t.tail.length ||
      !stored.startsWith(STORED_PREFIX) || !stored.endsWith(t.tail)
    ) return undefined;
    const start = t.start;
    return { clauses: t.clauses, line: (offset) => this.lineOf(start + offset) };
  }

  /** Lines of an index, view or trigger statement ({line: 0} when unknown). */
  objectLines(name: string): { line: number; endLine: number } {
    return this.objects.get(fold(name)) ?? { line: 0, endLine: 0 };
  }

  /** The `-- @renamed from=` hint on a line, or alone on the line before it. */
  hintAt(line: number): string | undefined {
    if (this.hints.size === 0 || line <= 0) return undefined;
    const h = this.hints.get(line) ??
      (this.hintOnly.has(line - 1) ? this.hints.get(line - 1) : undefined);
    return h;
  }

  /** The first hint between two lines (an index or constraint spread over lines). */
  hintIn(line: number, endLine: number): string | undefined {
    for (let l = line; l <= endLine; l++) {
      const h = this.hintAt(l);
      if (h) return h;
    }
    return undefined;
  }
}
