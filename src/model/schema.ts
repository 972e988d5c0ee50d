/**
 * The normalised schema model shared by every dialect: what the parsers produce and the
 * differ compares. Names are stored folded (as the database stores them).
 * @module
 */

import type {
  Collation,
  Comment,
  CompositeType,
  Domain,
  Func,
  Policy,
  RangeType,
  Trigger,
  View,
} from "./objects.ts";
import type { DefaultAcl, ObjectAcl, ObjectOwner } from "./privileges.ts";
import type { SqliteColumnExt, SqliteTableExt } from "../dialects/sqlite/model.ts";
import type { MysqlColumnExt, MysqlTableExt } from "../dialects/mysql/model.ts";

export type {
  Collation,
  Comment,
  CompositeType,
  Domain,
  Func,
  Policy,
  RangeType,
  Trigger,
  View,
} from "./objects.ts";

/** Supported SQL dialects. */
export type Dialect = "postgresql" | "mysql" | "mariadb" | "sqlite";

/** A schema-qualified name. `schema` is "public" for unqualified PostgreSQL names. */
export interface QName {
  schema: string;
  name: string;
}

/** A parsed SQL expression: its normalised text and a location-free AST for comparisons. */
export interface Expr {
  /** Deparsed, normalised SQL text. */
  sql: string;
  /** Canonical JSON of the AST without locations (used for semantic equality). */
  key: string;
  /** Column names the expression reads (unqualified). */
  columns: string[];
  /** The AST itself (dialect specific), kept for rewriting column references. */
  ast?: unknown;
}

/** A column type, normalised (`int`/`integer`/`int4` are all `int4`). */
export interface ColumnType {
  /** Canonical base name (`int4`, `varchar`, `numeric`, or a user type's name). */
  name: string;
  /** Schema of a user-defined type (enum, domain); undefined for built-in types. */
  schema?: string;
  /** Type modifiers, e.g. `[50]` for varchar(50), `[10, 2]` for numeric(10,2). */
  mods: number[];
  /** Array dimensions (0 for scalars). */
  arrayDims: number;
}

/** A table column. */
export interface Column {
  name: string;
  type: ColumnType;
  notNull: boolean;
  default?: Expr;
  /** `always` / `by default` for identity columns. */
  identity?: "always" | "by default";
  /** Sequence options of an identity column, as SQL (`START WITH 10`), when not the defaults. */
  identityOptions?: string;
  /** Name of the sequence that a serial or identity column owns. */
  sequence?: string;
  /** True when declared with a serial pseudo-type. */
  serial?: boolean;
  /** Stored generated column expression. */
  generated?: Expr;
  collation?: string;
  /** `ALTER COLUMN ... SET STORAGE` when set explicitly (`plain`, `external` ...). */
  storage?: string;
  /** `ALTER COLUMN ... SET STATISTICS` target when set explicitly. */
  statistics?: number;
  /** 1-based line of the definition in its file. */
  line: number;
  /** `-- @renamed from=...` on this column. */
  renamedFrom?: string;
  /** SQLite-only attributes (generated STORED/VIRTUAL). */
  sqlite?: SqliteColumnExt;
  /** MySQL/MariaDB attributes (unsigned, charset, ENUM values, ON UPDATE ...). */
  mysql?: MysqlColumnExt;
}

/** Kinds of table constraints. */
export type ConstraintKind = "primary" | "unique" | "check" | "foreign" | "exclude";

/** A table constraint (PRIMARY KEY, UNIQUE, CHECK, FOREIGN KEY, EXCLUDE). */
export interface Constraint {
  name: string;
  /** True when the name was chosen by the database, not written by the user. */
  implicitName: boolean;
  kind: ConstraintKind;
  columns: string[];
  /** CHECK expression. */
  expr?: Expr;
  /** FOREIGN KEY target. */
  ref?: { table: QName; columns: string[] };
  onDelete?: string;
  onUpdate?: string;
  match?: string;
  deferrable?: boolean;
  initiallyDeferred?: boolean;
  /** Definition for constraints the model renders as is (EXCLUDE), without name. */
  rawDef?: string;
  /** Canonical key of `rawDef`. */
  rawKey?: string;
  /** `UNIQUE NULLS NOT DISTINCT`. */
  nullsNotDistinct?: boolean;
  /** Added `NOT VALID` (CHECK, FOREIGN KEY): existing rows were not checked. */
  notValid?: boolean;
  line: number;
  renamedFrom?: string;
}

/** A table. */
export interface Table extends QName {
  columns: Column[];
  constraints: Constraint[];
  line: number;
  renamedFrom?: string;
  /** Storage parameters (`WITH (fillfactor = 70)`), names lower case, values as text. */
  options?: Record<string, string>;
  /** An UNLOGGED table. */
  unlogged?: boolean;
  /** Row-level security enabled / forced. */
  rls?: boolean;
  forceRls?: boolean;
  /** `REPLICA IDENTITY` when not the default (`FULL`, `NOTHING`, `USING INDEX name`). */
  replicaIdentity?: ReplicaIdentity;
  /** The index the table is marked clustered on (`CLUSTER ON name`). */
  clusterOn?: string;
  /** `PARTITION BY ...` of a partitioned table, as SQL (`RANGE (logdate)`), and its key. */
  partitionBy?: { sql: string; key: string };
  /** The parent and bound of a partition; a partition's columns are its parent's. */
  partitionOf?: PartitionOf;
  /** Parents of an inheritance child (`INHERITS (...)`); `columns` holds its own columns only. */
  inherits?: QName[];
  /** SQLite-only attributes (STRICT, WITHOUT ROWID, AUTOINCREMENT, rowid alias). */
  sqlite?: SqliteTableExt;
  /** MySQL/MariaDB table options (engine, row format, charset, comment ...). */
  mysql?: MysqlTableExt;
}

/** A table's REPLICA IDENTITY other than the default. */
export interface ReplicaIdentity {
  kind: "full" | "nothing" | "index";
  /** The index of `USING INDEX`. */
  index?: string;
}

/** Where a partition belongs. */
export interface PartitionOf {
  parent: QName;
  /** `FOR VALUES ...` or `DEFAULT`, as SQL. */
  bound: string;
  /** Canonical key of the bound. */
  key: string;
}

/** One key element of an index. */
export interface IndexElem {
  column?: string;
  expr?: Expr;
  /** Collation, operator class, ordering, as SQL text (`DESC NULLS LAST`). */
  options: string;
}

/** An index not created by a constraint. */
export interface Index extends QName {
  implicitName: boolean;
  table: QName;
  unique: boolean;
  method: string;
  /** Key elements: a column or an expression, with collation/opclass/order options. */
  keys: IndexElem[];
  include: string[];
  where?: Expr;
  /** `NULLS NOT DISTINCT` (PostgreSQL 15). */
  nullsNotDistinct?: boolean;
  /** Storage parameters (`WITH (fillfactor = 70)`). */
  options?: Record<string, string>;
  /** Canonical definition key for semantic comparison (without the name). */
  key: string;
  line: number;
  renamedFrom?: string;
}

/** An enum type. */
export interface EnumType extends QName {
  values: string[];
  /** value -> previous value, from `-- @renamed from=` hints. */
  renamedValues: Record<string, string>;
  line: number;
  renamedFrom?: string;
}

/** A sequence (standalone, or owned by a serial/identity column). */
export interface Sequence extends QName {
  ownedBy?: { table: QName; column: string };
  /** True when implied by a serial or identity column. */
  implicit: boolean;
  dataType?: string;
  start?: string;
  increment?: string;
  minValue?: string;
  maxValue?: string;
  cache?: string;
  cycle?: boolean;
  line: number;
}

/** A statement the model does not manage: listed in the report, never dropped silently. */
export interface Unmanaged {
  /** Statement kind, e.g. `CreateFunctionStmt`. */
  kind: string;
  line: number;
  text: string;
  /** Why it is not managed (or "no catalog change" for session settings). */
  reason: string;
  /**
   * `ignored`: the statement changes nothing the generator compares (role membership, session
   * settings; privileges and owners with `privileges: ignore` / `owners: ignore`);
   * `unmanaged` (default): it would change the schema, but the generator cannot manage it.
   */
  category?: "ignored" | "unmanaged";
}

/** A whole parsed schema file. */
export interface Schema {
  dialect: Dialect;
  file: string;
  /** Schemas created explicitly (besides the default one). */
  schemas: string[];
  extensions: string[];
  tables: Map<string, Table>;
  indexes: Map<string, Index>;
  enums: Map<string, EnumType>;
  sequences: Map<string, Sequence>;
  /** Views and materialized views. */
  views: Map<string, View>;
  /** Functions and procedures, keyed `schema.name(argtypes)` ({@link funcKey}). */
  functions: Map<string, Func>;
  /** Triggers, keyed `schema.table.name`. */
  triggers: Map<string, Trigger>;
  /** Row-level security policies, keyed `schema.table.name`. */
  policies: Map<string, Policy>;
  domains: Map<string, Domain>;
  composites: Map<string, CompositeType>;
  ranges: Map<string, RangeType>;
  collations: Map<string, Collation>;
  /** Comments, keyed by {@link commentKey} of their target. */
  comments: Map<string, Comment>;
  /** Effective privileges that differ from an object's default, keyed like comments. */
  privileges: Map<string, ObjectAcl>;
  /** Declared owners (`OWNER TO`), keyed like comments. */
  owners: Map<string, ObjectOwner>;
  /** `ALTER DEFAULT PRIVILEGES`, keyed `role|schema|objects`. */
  defaultPrivileges: Map<string, DefaultAcl>;
  /** Every role the file names (grantees, owners, `FOR ROLE`), managed or not. */
  roles: Set<string>;
  /**
   * The statements behind privileges and owners, listed as ignored when a setting
   * (`privileges: ignore`, `owners: ignore`) leaves them out.
   */
  privilegeStatements: { privileges: Unmanaged[]; owners: Unmanaged[] };
  /** Set when privileges or owners were left out by a setting (not compared). */
  ignoredSettings?: { privileges?: boolean; owners?: boolean };
  unmanaged: Unmanaged[];
}

/** Map key of a qualified name. */
export function qkey(q: QName): string {
  return `${q.schema}.${q.name}`;
}

/** Display form: bare name in the default schema, `schema.name` elsewhere. */
export function qdisplay(q: QName, defaultSchema = "public"): string {
  return q.schema === defaultSchema ? q.name : `${q.schema}.${q.name}`;
}

/** An empty schema for a dialect. */
export function emptySchema(dialect: Dialect, file: string): Schema {
  return {
    dialect,
    file,
    schemas: [],
    extensions: [],
    tables: new Map(),
    indexes: new Map(),
    enums: new Map(),
    sequences: new Map(),
    views: new Map(),
    functions: new Map(),
    triggers: new Map(),
    policies: new Map(),
    domains: new Map(),
    composites: new Map(),
    ranges: new Map(),
    collations: new Map(),
    comments: new Map(),
    privileges: new Map(),
    owners: new Map(),
    defaultPrivileges: new Map(),
    roles: new Set(),
    privilegeStatements: { privileges: [], owners: [] },
    unmanaged: [],
  };
}

/** A column of a table, found by its type. */
export interface ColumnUse {
  table: Table;
  column: Column;
}

const usesByType = new WeakMap<
  Map<string, Table>,
  { size: number; uses: Map<string, ColumnUse[]> }
>();

/**
 * The columns whose type is the user-defined type `q` (an enum, a domain), in table and column
 * order. Indexed once per schema (the schemas do not change after parsing), so that asking for
 * every changed enum does not scan every column each time.
 */
export function columnsOfType(schema: Schema, q: QName): ColumnUse[] {
  let hit = usesByType.get(schema.tables);
  if (!hit || hit.size !== schema.tables.size) {
    const uses = new Map<string, ColumnUse[]>();
    for (const table of schema.tables.values()) {
      for (const column of table.columns) {
        if (column.type.schema === undefined) continue;
        const k = `${column.type.schema}.${column.type.name}`;
        const list = uses.get(k);
        if (list) list.push({ table, column });
        else uses.set(k, [{ table, column }]);
      }
    }
    hit = { size: schema.tables.size, uses };
    usesByType.set(schema.tables, hit);
  }
  // the list is checked against the columns' types as they are now
  return (hit.uses.get(`${q.schema}.${q.name}`) ?? []).filter((u) =>
    u.column.type.schema === q.schema && u.column.type.name === q.name
  );
}

/** Finds a column by name. */
export function findColumn(t: Table, name: string): Column | undefined {
  return t.columns.find((c) => c.name === name);
}

/** The primary key columns of a table, or the first UNIQUE whose columns are all NOT NULL. */
export function rowKey(t: Table): string[] | undefined {
  const pk = t.constraints.find((c) => c.kind === "primary");
  if (pk) return pk.columns;
  const uq = t.constraints.find((c) =>
    c.kind === "unique" && c.columns.every((n) => findColumn(t, n)?.notNull)
  );
  return uq?.columns;
}

/** Canonical key of an index definition (without its name). */
export function indexKey(i: Omit<Index, "key">): string {
  return JSON.stringify([
    qkey(i.table),
    i.unique,
    i.method,
    i.keys.map((k) => [k.column ?? null, k.expr?.key ?? null, k.options]),
    i.include,
    i.where?.key ?? null,
    !!i.nullsNotDistinct,
    i.options ?? null,
  ]);
}
