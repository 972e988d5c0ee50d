/**
 * Spreading the statements of a schema file over several in-memory databases. SQLite re-reads
 * `sqlite_schema` after each CREATE (a scan of the whole table), so one database costs time
 * quadratic in the number of objects; small databases keep it near linear.
 *
 * A statement runs in a database holding everything it can depend on: statements are grouped
 * (union-find) by the names they define or name, folded as SQLite compares names (ASCII case):
 * - tables, views and indexes share one namespace (a clash is an error), triggers another;
 * - an index goes with its table;
 * - a view or trigger goes with every table, view or index of the file that any identifier or
 *   string in its text names (over-approximates: a column named like a table joins them too,
 *   which only costs speed), so that its body resolves as in one database.
 * Statements that are not run (PRAGMA, data, transaction control, ATTACH, `sqlite_*` tables)
 * go nowhere. Anything else (ALTER, DROP, virtual or temporary objects, qualified names,
 * CREATE TABLE ... AS, anything not recognised) makes the whole file one database, as does a
 * group that would gain nothing. Groups are packed, in order of their first statement, into
 * databases of about {@link DEFAULT_GROUP} statements. Statements still run in file order, so
 * the first refused statement and SQLite's message are those of one database.
 * @module
 */
import { fold } from "./expr.ts";
import { identValue, isKw, isName, type Token } from "./lex.ts";
import type { SplitPart } from "./split.ts";

/** Statements per database (measured on the 1,000-table benchmark: 16 to 64 are alike, 128 slower). */
export const DEFAULT_GROUP = 64;

/** First words of statements that are listed without running (see statements.ts). */
const NOT_RUN = new Set([
  "PRAGMA",
  "BEGIN",
  "COMMIT",
  "END",
  "ROLLBACK",
  "SAVEPOINT",
  "RELEASE",
  "INSERT",
  "REPLACE",
  "UPDATE",
  "DELETE",
  "SELECT",
  "VALUES",
  "WITH",
  "EXPLAIN",
  "ANALYZE",
  "VACUUM",
  "REINDEX",
  "ATTACH",
  "DETACH",
]);

/** What a statement defines and names, for routing. */
interface Routed {
  /** Keys of the names it defines (`r:` tables, views, indexes; `t:` triggers). */
  defines: string[];
  /** Keys it needs in its database if the file defines them. */
  names: string[];
  /** Tokens whose folded values join it with any relation of that name (views, triggers). */
  body?: Token[];
}

const NOT_ROUTED = null;

/** The name token at `j` (unqualified: a dot after it is not understood), as a key. */
function nameAt(toks: Token[], j: number): string | undefined {
  const t = toks[j];
  if (!t || !(isName(t) || t.kind === "string")) return undefined;
  if (toks[j + 1]?.kind === "dot") return undefined;
  return fold(identValue(t));
}

/** Index after `CREATE <what> [IF NOT EXISTS]` (the name), or -1 when not as expected. */
function afterIfNotExists(toks: Token[], j: number): number {
  if (!isKw(toks[j], "IF")) return j;
  return isKw(toks[j + 1], "NOT") && isKw(toks[j + 2], "EXISTS") ? j + 3 : -1;
}

/**
 * How one statement is routed: `undefined` when it does not run, {@link NOT_ROUTED} when the
 * router does not understand it (the file then runs in one database).
 */
function routeOf(toks: Token[]): Routed | undefined | typeof NOT_ROUTED {
  const first = toks[0]?.kind === "word" ? toks[0].text.toUpperCase() : "";
  if (NOT_RUN.has(first)) return undefined;
  if (first !== "CREATE") return NOT_ROUTED;
  let i = 1;
  const unique = isKw(toks[i], "UNIQUE");
  if (unique) i++;
  const what = toks[i]?.kind === "word" ? toks[i].text.toUpperCase() : "";
  if (unique && what !== "INDEX") return NOT_ROUTED;
  const j = afterIfNotExists(toks, i + 1);
  if (j < 0) return NOT_ROUTED;
  const name = nameAt(toks, j);
  if (name === undefined) return NOT_ROUTED;
  switch (what) {
    case "TABLE":
      // `.dump`'s sqlite_sequence and friends are listed, not run
      if (name.startsWith("sqlite_")) return undefined;
      return toks[j + 1]?.kind === "lparen" ? { defines: [`r:${name}`], names: [] } : NOT_ROUTED;
    case "INDEX": {
      if (!isKw(toks[j + 1], "ON")) return NOT_ROUTED;
      const table = nameAt(toks, j + 2);
      if (table === undefined || toks[j + 3]?.kind !== "lparen") return NOT_ROUTED;
      return { defines: [`r:${name}`], names: [`r:${table}`] };
    }
    case "VIEW":
      return suspicious(toks) ? NOT_ROUTED : { defines: [`r:${name}`], names: [], body: toks };
    case "TRIGGER": {
      // the table after the first ON must not be qualified (a temp table's trigger is temporary)
      let k = j + 1;
      while (k < toks.length && !isKw(toks[k], "ON")) k++;
      if (nameAt(toks, k + 1) === undefined || suspicious(toks)) return NOT_ROUTED;
      return { defines: [`t:${name}`], names: [], body: toks };
    }
  }
  return NOT_ROUTED;
}

/** A body naming SQLite's own tables or pragma functions (which differ between databases). */
function suspicious(toks: Token[]): boolean {
  for (const t of toks) {
    if (t.kind !== "word" && t.kind !== "qident" && t.kind !== "string") continue;
    const v = fold(identValue(t));
    if (v.startsWith("sqlite_") || v.startsWith("pragma_")) return true;
  }
  return false;
}

/** Union-find over string keys. */
class Groups {
  private parent = new Map<string, string>();
  find(k: string): string {
    const p = this.parent.get(k);
    if (p === undefined) {
      this.parent.set(k, k);
      return k;
    }
    if (p === k) return k;
    const root = this.find(p);
    this.parent.set(k, root);
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a), rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

/** Where each statement of a file runs. */
export interface Partition {
  /** The database (0 ... count-1) of each statement; -1 for a statement that does not run. */
  dbOf: Int32Array;
  /** How many databases. */
  count: number;
  /** The position in the file of the statement that first defines each key ({@link rowKey}). */
  definedAt: Map<string, number>;
  /** The group (0 ... groups-1, in order of first statement) of each statement; -1: not run. */
  groupOf: Int32Array;
  /** How many groups. */
  groups: number;
}

/**
 * Where each statement runs, or `undefined` when the file runs in one database. `group` is the
 * number of statements per database to aim at.
 */
export function partition(parts: SplitPart[], group = DEFAULT_GROUP): Partition | undefined {
  if (parts.length <= group) return undefined;
  const routes: (Routed | undefined)[] = [];
  const definedAt = new Map<string, number>();
  for (let i = 0; i < parts.length; i++) {
    const r = routeOf(parts[i].tokens);
    if (r === NOT_ROUTED) return undefined;
    routes.push(r);
    if (r) { for (const d of r.defines) if (!definedAt.has(d)) definedAt.set(d, i); }
  }
  const g = new Groups();
  for (const r of routes) {
    if (!r) continue;
    const own = r.defines[0];
    for (const n of r.names) g.union(own, n);
    if (r.body) {
      for (const t of r.body) {
        if (t.kind !== "word" && t.kind !== "qident" && t.kind !== "string") continue;
        const k = `r:${fold(identValue(t))}`;
        if (definedAt.has(k)) g.union(own, k);
      }
    }
  }
  // statements per group, then groups packed into databases in order of first statement
  const size = new Map<string, number>();
  const roots: (string | undefined)[] = routes.map((r) => r && g.find(r.defines[0]));
  for (const root of roots) if (root !== undefined) size.set(root, (size.get(root) ?? 0) + 1);
  const numbers = new Map<string, number>();
  const groupOf = new Int32Array(parts.length);
  const dbOf = new Int32Array(parts.length);
  const dbOfGroup: number[] = [];
  let db = -1, load = 0;
  for (let i = 0; i < roots.length; i++) {
    const root = roots[i];
    if (root === undefined) {
      dbOf[i] = groupOf[i] = -1;
      continue;
    }
    let k = numbers.get(root);
    if (k === undefined) {
      const n = size.get(root)!;
      if (db < 0 || (load > 0 && load + n > group)) {
        db++;
        load = 0;
      }
      load += n;
      numbers.set(root, k = dbOfGroup.length);
      dbOfGroup.push(db);
    }
    groupOf[i] = k;
    dbOf[i] = dbOfGroup[k];
  }
  if (db <= 0) return undefined;
  return { dbOf, count: db + 1, definedAt, groupOf, groups: dbOfGroup.length };
}

/**
 * The key of a `sqlite_schema` row, to order rows by the statement that created them:
 * `r:<name>` for tables, views and indexes (`r:<table>` for a constraint's automatic index),
 * `t:<name>` for triggers.
 */
export function rowKey(type: string, name: string, tblName: string): string {
  if (type === "trigger") return `t:${fold(name)}`;
  if (type === "index" && name.startsWith("sqlite_autoindex_")) return `r:${fold(tblName)}`;
  return `r:${fold(name)}`;
}

/**
 * The text of each group: its statements in file order. A group's statements depend on nothing
 * outside it, so a group written alike in the other file ends with the same catalog rows.
 */
export function groupTexts(parts: SplitPart[], plan: Partition): string[] {
  const texts: string[][] = Array.from({ length: plan.groups }, () => []);
  for (let i = 0; i < parts.length; i++) {
    const k = plan.groupOf[i];
    if (k >= 0) texts[k].push(parts[i].sql);
  }
  return texts.map((t) => t.join("\u0000"));
}
