/**
 * Rendering of whole PostgreSQL definitions (CREATE TABLE, CREATE INDEX, constraint and
 * column definitions) from the model. Identifiers and literals are always quoted; expressions
 * are the user's own (deparsed).
 * @module
 */
import type {
  Column,
  Constraint,
  Index,
  QName,
  ReplicaIdentity,
  Sequence,
  Table,
} from "../../../model/schema.ts";
import type {
  CommentTarget,
  CompositeType,
  Domain,
  Func,
  FuncParam,
} from "../../../model/objects.ts";
import type { StorageChange } from "../../../diff/object_changes.ts";
import type { TypeFacts } from "../../../model/types.ts";
import { ident, literal, qident, renderType } from "./quote.ts";

const SERIAL_BY_TYPE: Record<string, string> = {
  int2: "smallserial",
  int4: "serial",
  int8: "bigserial",
};

/** A column definition after its name: type, collation, default, identity, NOT NULL. */
export function columnDef(
  c: Column,
  facts: TypeFacts,
  opts: { nullable?: boolean; noDefault?: boolean } = {},
): string {
  let s = c.serial && SERIAL_BY_TYPE[c.type.name] && !opts.nullable
    ? SERIAL_BY_TYPE[c.type.name]
    : renderType(c.type, facts);
  if (c.collation) s += ` COLLATE ${c.collation.split(".").map(ident).join(".")}`;
  if (c.generated) s += ` GENERATED ALWAYS AS (${c.generated.sql}) STORED`;
  else if (c.identity && !opts.nullable) {
    s += ` GENERATED ${c.identity.toUpperCase()} AS IDENTITY`;
    if (c.identityOptions) s += ` (${c.identityOptions})`;
  } else if (c.default && !c.serial && !opts.noDefault) s += ` DEFAULT ${c.default.sql}`;
  if (c.notNull && !opts.nullable && !c.serial && !c.identity) s += " NOT NULL";
  return s;
}

/** A constraint's definition (after `CONSTRAINT name`). */
export function constraintDef(c: Constraint): string {
  const cols = c.columns.map(ident).join(", ");
  let s: string;
  switch (c.kind) {
    case "primary":
      s = `PRIMARY KEY (${cols})`;
      break;
    case "unique":
      s = `UNIQUE${c.nullsNotDistinct ? " NULLS NOT DISTINCT" : ""} (${cols})`;
      break;
    case "check":
      s = `CHECK (${c.expr!.sql})`;
      break;
    case "foreign": {
      const r = c.ref!;
      s = `FOREIGN KEY (${cols}) REFERENCES ${qident(r.table)}` +
        ` (${r.columns.map(ident).join(", ")})`;
      if (c.match && c.match !== "SIMPLE") s += ` MATCH ${c.match}`;
      if (c.onUpdate && c.onUpdate !== "NO ACTION") s += ` ON UPDATE ${c.onUpdate}`;
      if (c.onDelete && c.onDelete !== "NO ACTION") s += ` ON DELETE ${c.onDelete}`;
      break;
    }
    default:
      s = c.rawDef ?? "";
  }
  if (c.deferrable) s += " DEFERRABLE";
  if (c.initiallyDeferred) s += " INITIALLY DEFERRED";
  return s;
}

/**
 * CREATE TABLE with columns and non-foreign-key constraints; a partition as `PARTITION OF`
 * its parent, an inheritance child with `INHERITS`, a partitioned table with `PARTITION BY`,
 * storage parameters with `WITH`.
 */
export function createTable(t: Table, facts: TypeFacts): string {
  const lines = t.columns.map((c) => `  ${ident(c.name)} ${columnDef(c, facts)}`);
  for (const c of t.constraints) {
    if (c.kind === "foreign") continue;
    lines.push(`  CONSTRAINT ${ident(c.name)} ${constraintDef(c)}`);
  }
  const head = `CREATE ${t.unlogged ? "UNLOGGED " : ""}TABLE ${qident(t)}`;
  let s: string;
  if (t.partitionOf) {
    s = `${head} PARTITION OF ${qident(t.partitionOf.parent)}` +
      (lines.length ? ` (\n${lines.join(",\n")}\n)` : "") + ` ${t.partitionOf.bound}`;
  } else {
    s = `${head} (\n${lines.join(",\n")}\n)`;
    if (t.inherits?.length) s += ` INHERITS (${t.inherits.map((p) => qident(p)).join(", ")})`;
  }
  if (t.partitionBy) s += ` PARTITION BY ${t.partitionBy.sql}`;
  if (t.options && Object.keys(t.options).length) s += ` WITH (${storageParams(t.options)})`;
  return s + ";";
}

/** `ALTER TABLE ... REPLICA IDENTITY ...` (undefined: DEFAULT). */
export function replicaIdentitySql(t: QName, r?: ReplicaIdentity): string {
  const what = !r
    ? "DEFAULT"
    : r.kind === "index"
    ? `USING INDEX ${ident(r.index ?? "")}`
    : r.kind.toUpperCase();
  return `ALTER TABLE ${qident(t)} REPLICA IDENTITY ${what};`;
}

/** `ALTER TABLE ... CLUSTER ON index` (undefined: SET WITHOUT CLUSTER). */
export function clusterSql(t: QName, index?: string): string {
  return index
    ? `ALTER TABLE ${qident(t)} CLUSTER ON ${ident(index)};`
    : `ALTER TABLE ${qident(t)} SET WITHOUT CLUSTER;`;
}

/** Storage parameters as SQL: `fillfactor = 70, autovacuum_enabled = false`. */
export function storageParams(options: Record<string, string>): string {
  return Object.entries(options).map(([k, v]) =>
    `${k.split(".").map(ident).join(".")} = ${/^[0-9.]+$|^(true|false)$/.test(v) ? v : literal(v)}`
  ).join(", ");
}

/** CREATE INDEX for a model index. */
export function createIndex(
  i: Index,
  opts: { concurrently?: boolean; ifNotExists?: boolean } = {},
): string {
  const keys = i.keys.map((k) => {
    const base = k.column !== undefined ? ident(k.column) : `(${k.expr!.sql})`;
    return k.options ? `${base} ${k.options}` : base;
  });
  let s = `CREATE ${i.unique ? "UNIQUE " : ""}INDEX ${opts.concurrently ? "CONCURRENTLY " : ""}` +
    `${opts.ifNotExists ? "IF NOT EXISTS " : ""}${ident(i.name)} ON ${qident(i.table)}`;
  if (i.method !== "btree") s += ` USING ${ident(i.method)}`;
  s += ` (${keys.join(", ")})`;
  if (i.include.length) s += ` INCLUDE (${i.include.map(ident).join(", ")})`;
  if (i.nullsNotDistinct) s += " NULLS NOT DISTINCT";
  if (i.options && Object.keys(i.options).length) s += ` WITH (${storageParams(i.options)})`;
  if (i.where) s += ` WHERE ${i.where.sql}`;
  return s + ";";
}

/** Sequence options (` AS bigint START WITH 1 ...`). */
export function sequenceOptions(s: Sequence, facts: TypeFacts): string {
  const parts: string[] = [];
  if (s.dataType) parts.push(`AS ${facts.display[s.dataType] ?? s.dataType}`);
  if (s.increment !== undefined) parts.push(`INCREMENT BY ${s.increment}`);
  if (s.minValue !== undefined) parts.push(`MINVALUE ${s.minValue}`);
  if (s.maxValue !== undefined) parts.push(`MAXVALUE ${s.maxValue}`);
  if (s.start !== undefined) parts.push(`START WITH ${s.start}`);
  if (s.cache !== undefined) parts.push(`CACHE ${s.cache}`);
  if (s.cycle) parts.push("CYCLE");
  return parts.length ? " " + parts.join(" ") : "";
}

/** `schema.name` of a qualified name, for messages. */
export function display(q: QName): string {
  return q.schema === "public" ? q.name : `${q.schema}.${q.name}`;
}

// ------------------------------------------------------------------------------------------
// Objects beyond tables (src/model/objects.ts)

/** A statement as written, with its terminating semicolon. */
export function statement(sql: string): string {
  const s = sql.trim();
  return s.endsWith(";") ? s : `${s};`;
}

/** A CREATE FUNCTION / PROCEDURE statement as written, turned into CREATE OR REPLACE. */
export function createOrReplace(sql: string): string {
  return statement(sql.trim().replace(/^CREATE\s+(OR\s+REPLACE\s+)?/i, "CREATE OR REPLACE "));
}

/** The argument list of a routine for DROP, ALTER and COMMENT: `(integer, VARIADIC text[])`. */
export function argsSql(params: FuncParam[]): string {
  return `(${
    params.filter((p) => p.mode !== "table" && p.mode !== "out")
      .map((p) => (p.mode === "in" ? "" : `${p.mode.toUpperCase()} `) + p.type).join(", ")
  })`;
}

/** `FUNCTION "s"."f"(integer)`, `PROCEDURE ...` or `AGGREGATE "cnt"(*)`. */
export function routineRef(f: Func): string {
  return `${f.kind.toUpperCase()} ${qident(f)}${routineArgsSql(f)}`;
}

/** The argument list of a routine; an aggregate without arguments is `(*)`. */
export function routineArgsSql(f: Func): string {
  return f.kind === "aggregate" && f.params.length === 0 ? "(*)" : argsSql(f.params);
}

function collate(c: string | undefined): string {
  return c ? ` COLLATE ${c.split(".").map(ident).join(".")}` : "";
}

/** CREATE DOMAIN from the model. */
export function createDomain(d: Domain, facts: TypeFacts): string {
  let s = `CREATE DOMAIN ${qident(d)} AS ${renderType(d.base, facts)}${collate(d.collation)}`;
  if (d.default) s += ` DEFAULT ${d.default.sql}`;
  if (d.notNull) s += " NOT NULL";
  for (const c of d.checks) s += ` CONSTRAINT ${ident(c.name)} CHECK (${c.expr.sql})`;
  return s + ";";
}

/** The statements that turn domain `a` into `b` (same base type). */
export function alterDomain(a: Domain, b: Domain): string {
  const d = `ALTER DOMAIN ${qident(b)}`;
  const out: string[] = [];
  if ((a.default?.key ?? "") !== (b.default?.key ?? "")) {
    out.push(b.default ? `${d} SET DEFAULT ${b.default.sql};` : `${d} DROP DEFAULT;`);
  }
  if (a.notNull !== b.notNull) out.push(`${d} ${b.notNull ? "SET" : "DROP"} NOT NULL;`);
  const same = (x: Domain["checks"][number], y: Domain["checks"][number]) =>
    x.name === y.name && x.expr.key === y.expr.key;
  for (const c of a.checks) {
    if (!b.checks.some((x) => same(x, c))) out.push(`${d} DROP CONSTRAINT ${ident(c.name)};`);
  }
  for (const c of b.checks) {
    if (!a.checks.some((x) => same(x, c))) {
      out.push(`${d} ADD CONSTRAINT ${ident(c.name)} CHECK (${c.expr.sql});`);
    }
  }
  return out.join("\n");
}

/** CREATE TYPE ... AS (...) from the model. */
export function createComposite(c: CompositeType, facts: TypeFacts): string {
  const attrs = c.attributes.map((a) =>
    `${ident(a.name)} ${renderType(a.type, facts)}${collate(a.collation)}`
  );
  return `CREATE TYPE ${qident(c)} AS (${attrs.join(", ")});`;
}

/**
 * The ALTER TYPE statements that turn composite `a` into `b`, or undefined when the attribute
 * order of `b` cannot be reached by dropping, altering and appending attributes.
 */
export function alterComposite(
  a: CompositeType,
  b: CompositeType,
  facts: TypeFacts,
): string | undefined {
  const kept = a.attributes.filter((x) => b.attributes.some((y) => y.name === x.name));
  const added = b.attributes.filter((y) => !a.attributes.some((x) => x.name === y.name));
  const order = [...kept, ...added].map((x) => x.name).join(",");
  if (order !== b.attributes.map((x) => x.name).join(",")) return undefined;
  const t = `ALTER TYPE ${qident(b)}`;
  const ops: string[] = [];
  for (const x of a.attributes) {
    if (!kept.includes(x)) ops.push(`DROP ATTRIBUTE ${ident(x.name)}`);
  }
  for (const x of kept) {
    const y = b.attributes.find((z) => z.name === x.name)!;
    if (JSON.stringify([x.type, x.collation]) !== JSON.stringify([y.type, y.collation])) {
      ops.push(
        `ALTER ATTRIBUTE ${ident(x.name)} TYPE ${renderType(y.type, facts)}${collate(y.collation)}`,
      );
    }
  }
  for (const y of added) {
    ops.push(`ADD ATTRIBUTE ${ident(y.name)} ${renderType(y.type, facts)}${collate(y.collation)}`);
  }
  return ops.length ? `${t} ${ops.join(", ")};` : "";
}

/** What `COMMENT ON` names: `TABLE "users"`, `COLUMN "users"."email"`, `FUNCTION "f"(integer)`. */
export function commentObject(t: CommentTarget): string {
  const q = qident({ schema: t.schema, name: t.name });
  switch (t.kind) {
    case "schema":
      return `SCHEMA ${ident(t.name)}`;
    case "column":
      return `COLUMN ${q}.${ident(t.sub!)}`;
    case "trigger":
    case "policy":
    case "constraint":
      return `${t.kind.toUpperCase()} ${ident(t.sub!)} ON ${q}`;
    case "domain constraint":
      return `CONSTRAINT ${ident(t.sub!)} ON DOMAIN ${q}`;
    case "function":
    case "procedure":
    case "aggregate":
      return `${t.kind.toUpperCase()} ${q}${t.argsSql ?? "()"}`;
    default:
      return `${t.kind.toUpperCase()} ${q}`;
  }
}

/** `ALTER TABLE ... ENABLE/DISABLE ROW LEVEL SECURITY` (and FORCE) from one state to another. */
export function alterRls(
  t: QName,
  a: { enabled: boolean; forced: boolean },
  b: { enabled: boolean; forced: boolean },
): string {
  const out: string[] = [];
  if (a.enabled !== b.enabled) {
    out.push(`ALTER TABLE ${qident(t)} ${b.enabled ? "ENABLE" : "DISABLE"} ROW LEVEL SECURITY;`);
  }
  if (a.forced !== b.forced) {
    out.push(`ALTER TABLE ${qident(t)} ${b.forced ? "FORCE" : "NO FORCE"} ROW LEVEL SECURITY;`);
  }
  return out.join("\n");
}

/** Default storage of a type (`SET STORAGE` has no DEFAULT before PostgreSQL 16). */
function defaultStorage(type: string): string {
  const plain = [
    "int2",
    "int4",
    "int8",
    "float4",
    "float8",
    "bool",
    "date",
    "time",
    "timetz",
    "timestamp",
    "timestamptz",
    "interval",
    "uuid",
    "money",
    "oid",
    "macaddr",
  ];
  if (plain.includes(type)) return "plain";
  if (["numeric", "inet", "cidr"].includes(type)) return "main";
  return "extended";
}

/** The statements that turn a table's storage settings from one side of `ch` to the other. */
export function alterStorage(t: QName, ch: StorageChange, direction: "up" | "down"): string {
  const side = <T>(v: { from: T; to: T }) => (direction === "up" ? v.to : v.from);
  const other = <T>(v: { from: T; to: T }) => (direction === "up" ? v.from : v.to);
  const table = `ALTER TABLE ${qident(t)}`;
  const out: string[] = [];
  if (ch.unlogged) out.push(`${table} SET ${side(ch.unlogged) ? "UNLOGGED" : "LOGGED"};`);
  const want = side(ch.options), have = other(ch.options);
  const set = Object.fromEntries(Object.entries(want).filter(([k, v]) => have[k] !== v));
  const reset = Object.keys(have).filter((k) => !(k in want));
  if (Object.keys(set).length) out.push(`${table} SET (${storageParams(set)});`);
  if (reset.length) {
    out.push(`${table} RESET (${reset.map((k) => k.split(".").map(ident).join(".")).join(", ")});`);
  }
  for (const c of ch.columns) {
    const col = `${table} ALTER COLUMN ${ident(c.name)}`;
    if (c.storage) {
      const s = side({ from: c.storage.from, to: c.storage.to }) ?? defaultStorage(c.type);
      out.push(`${col} SET STORAGE ${s.toUpperCase()};`);
    }
    if (c.statistics) {
      out.push(
        `${col} SET STATISTICS ${side({ from: c.statistics.from, to: c.statistics.to }) ?? -1};`,
      );
    }
  }
  return out.join("\n");
}
