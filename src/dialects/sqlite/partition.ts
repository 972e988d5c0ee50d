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
 * file that would fill one database anyway. Groups are packed, in order of their first
 * statement, into databases of about {@link DEFAULT_GROUP} statements. Statements still run in
 * file order, so the first refused statement and SQLite's message are those of one database.
 * A group's statements depend on nothing outside it: a group the other version's file wrote
 * alike is not run again, its catalog rows are reused ({@link groupTexts}, parse.ts).
 * @module
 */
import { fold } from "./expr.ts";
import { identValue, isKw, isName, type Token } from "./lex.ts";
import type { SplitPart } from "./split.ts";
import { NOT_SCHEMA } from "./statements.ts";

/**
 * Statements per database. On the 1,000-table benchmark file, running its statements takes
 * about 300 ms in one database and 75-85 ms with 8 to 128 per database (SQLite's own cost per
 * statement then dominates); 64 keeps the databases few.
 */
export const DEFAULT_GROUP = 64;

/** First words of statements that are listed without running (see statements.ts). */
const NOT_RUN = new Set([...Object.keys(NOT_SCHEMA), "ATTACH", "DETACH"]);

/** What a statement defines and names, for routing (names folded). */
export interface Routed {
  /** The name it defines: a table, view or index (`trigger` false) or a trigger. */
  name: string;
  trigger: boolean;
  /** The table an index is on. */
  on?: string;
  /** Every identifier or string of a view or trigger: it joins any relation of that name. */
  names?: string[];
}

const NOT_ROUTED = null;

/**
 * How a statement is routed: {@link Routed}, `undefined` when it does not run, `null` when the
 * router does not understand it (the file then runs in one database).
 */
export type Route = Routed | undefined | null;

/** The folded values of a statement's identifiers and strings. */
function namesOf(toks: Token[]): string[] {
  const out: string[] = [];
  for (const t of toks) {
    if (t.kind === "word" || t.kind === "qident" || t.kind === "string") {
      out.push(fold(identValue(t)));
    }
  }
  return out;
}

/** The name token at `j` (unqualified: a dot after it is not understood), folded. */
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

/** Text naming SQLite's own tables or pragma functions (which differ between databases). */
const SUSPICIOUS = /sqlite_|pragma_/i;

/** How one statement is routed (see {@link Route}); read from its tokens. */
export function routeOf(part: SplitPart): Route {
  const toks = part.tokens;
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
      return toks[j + 1]?.kind === "lparen" ? { name, trigger: false } : NOT_ROUTED;
    case "INDEX": {
      if (!isKw(toks[j + 1], "ON")) return NOT_ROUTED;
      const on = nameAt(toks, j + 2);
      if (on === undefined || toks[j + 3]?.kind !== "lparen") return NOT_ROUTED;
      return { name, trigger: false, on };
    }
    case "VIEW":
      return SUSPICIOUS.test(part.sql)
        ? NOT_ROUTED
        : { name, trigger: false, names: namesOf(toks) };
    case "TRIGGER": {
      // the table after the first ON must not be qualified (a temp table's trigger is temporary)
      let k = j + 1;
      while (k < toks.length && !isKw(toks[k], "ON")) k++;
      if (nameAt(toks, k + 1) === undefined || SUSPICIOUS.test(part.sql)) return NOT_ROUTED;
      return { name, trigger: true, names: namesOf(toks) };
    }
  }
  return NOT_ROUTED;
}

/** Union-find over statement positions. */
class Groups {
  private parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(i: number): number {
    const p = this.parent;
    let r = i;
    while (p[r] !== r) r = p[r];
    while (p[i] !== r) {
      const next = p[i];
      p[i] = r;
      i = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a), rb = this.find(b);
    // the earlier statement is the root: groups are numbered in order of first statement
    if (ra < rb) this.parent[rb] = ra;
    else if (rb < ra) this.parent[ra] = rb;
  }
}

/** Where each statement of a file runs. */
export interface Partition {
  /** The database (0 ... count-1) of each statement; -1 for a statement that does not run. */
  dbOf: Int32Array;
  /** How many databases. */
  count: number;
  /**
   * The position in the file of the statement that first defines each table, view or index
   * (`relations`) and trigger (`triggers`), by folded name.
   */
  relations: Map<string, number>;
  triggers: Map<string, number>;
  /** The group (0 ... groups-1, in order of first statement) of each statement; -1: not run. */
  groupOf: Int32Array;
  /** How many groups. */
  groups: number;
}

/**
 * Where each statement runs, given how each is routed ({@link routeOf}), or `undefined` when
 * the file runs in one database. `group` is the number of statements per database to aim at.
 */
export function partition(routes: readonly Route[], group = DEFAULT_GROUP): Partition | undefined {
  const n = routes.length;
  if (n <= group) return undefined;
  const relations = new Map<string, number>();
  const triggers = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const r = routes[i];
    if (r === NOT_ROUTED) return undefined;
    if (r) {
      const m = r.trigger ? triggers : relations;
      if (!m.has(r.name)) m.set(r.name, i);
    }
  }
  // each statement with the first statement defining its name (a clash or IF NOT EXISTS), the
  // table of an index, and every relation a view or trigger may name
  const g = new Groups(n);
  for (let i = 0; i < n; i++) {
    const r = routes[i];
    if (!r) continue;
    g.union(i, (r.trigger ? triggers : relations).get(r.name)!);
    if (r.on !== undefined) {
      const at = relations.get(r.on);
      if (at !== undefined) g.union(i, at);
    }
    for (const name of r.names ?? []) {
      const at = relations.get(name);
      if (at !== undefined) g.union(i, at);
    }
  }
  // statements per group, then groups packed into databases in order of first statement
  const size = new Int32Array(n);
  const roots = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    roots[i] = routes[i] ? g.find(i) : -1;
    if (roots[i] >= 0) size[roots[i]]++;
  }
  const numbers = new Int32Array(n).fill(-1);
  const groupOf = new Int32Array(n);
  const dbOf = new Int32Array(n);
  const dbOfGroup: number[] = [];
  let db = -1, load = 0;
  for (let i = 0; i < n; i++) {
    const root = roots[i];
    if (root < 0) {
      dbOf[i] = groupOf[i] = -1;
      continue;
    }
    if (numbers[root] < 0) {
      if (db < 0 || (load > 0 && load + size[root] > group)) {
        db++;
        load = 0;
      }
      load += size[root];
      numbers[root] = dbOfGroup.length;
      dbOfGroup.push(db);
    }
    groupOf[i] = numbers[root];
    dbOf[i] = dbOfGroup[numbers[root]];
  }
  if (db <= 0) return undefined;
  return { dbOf, count: db + 1, relations, triggers, groupOf, groups: dbOfGroup.length };
}

/**
 * The position in the file of the statement that created a `sqlite_schema` row (type, name,
 * table name), or -1 for SQLite's own rows (sqlite_sequence).
 */
export function createdAt(plan: Partition, type: string, name: string, tblName: string): number {
  const at = type === "trigger" ? plan.triggers.get(fold(name)) : plan.relations.get(
    fold(type === "index" && name.startsWith("sqlite_autoindex_") ? tblName : name),
  );
  return at ?? -1;
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
