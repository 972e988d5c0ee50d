/**
 * Schema objects beyond tables, columns, constraints, indexes, enums and sequences: views,
 * materialized views, functions, procedures, triggers, policies, domains, composite types,
 * collations and comments. Objects whose definition is code (views, functions, triggers,
 * policies, collations) keep the statement that creates them, as written, plus a canonical key
 * for semantic comparison; structured objects (domains, composites) are modelled field by field.
 * @module
 */
import type { ColumnType, Expr, Index, QName } from "./schema.ts";

/** What a definition refers to, for ordering and for finding dependants. */
export interface References {
  /** Relations (tables, views, materialized views) read, as `schema.name` keys. */
  reads: string[];
  /** Functions called, as `schema.name` keys (without arguments). */
  calls: string[];
  /** User types named (casts, declarations), as `schema.name` keys. */
  types: string[];
}

/** Where a definition kept as written was written. */
export interface WrittenUnder {
  /**
   * The search path (as SQL) that the file set before the statement (`SET search_path`), when
   * not the default: the text names things relative to it, so it is created under it.
   */
  searchPath?: string;
}

/** A view or materialized view. */
export interface View extends QName, References, WrittenUnder {
  materialized: boolean;
  /** Canonical key of the definition (query, column names, options, check option). */
  key: string;
  /** The statement that creates it, as written. */
  sql: string;
  /** Indexes of a materialized view (recreated with it). */
  indexes: Index[];
  line: number;
}

/** One parameter of a function or procedure. */
export interface FuncParam {
  name?: string;
  /** `in`, `out`, `inout`, `variadic` or `table`. */
  mode: string;
  /** The type as SQL, canonical (`integer`, `text[]`, `"app"."mood"`). */
  type: string;
  /** Canonical type key (`int4`, `text[]`, `app.mood`). */
  typeKey: string;
  /** Default expression key, when there is one. */
  default?: string;
}

/** A function or procedure. The map key is {@link funcKey}. */
export interface Func extends QName, References, WrittenUnder {
  kind: "function" | "procedure" | "aggregate";
  params: FuncParam[];
  /** Canonical return type (functions), `setof ...` or `table(...)`. */
  returns: string;
  /** Everything CREATE OR REPLACE cannot change: parameters (names, modes, defaults), return. */
  signature: string;
  /** Canonical key of the whole definition (signature, options, body). */
  key: string;
  /** The statement that creates it, as written. */
  sql: string;
  /** A `BEGIN ATOMIC` / `RETURN` body, which PostgreSQL checks when the function is created. */
  atomic?: boolean;
  line: number;
}

/** A trigger on a table or view. */
export interface Trigger extends References, WrittenUnder {
  table: QName;
  name: string;
  /** The trigger function, as a `schema.name` key. */
  func: string;
  /** Columns named by `UPDATE OF` and the `WHEN` condition. */
  columns: string[];
  /** `O` enabled (default), `D` disabled, `R` replica, `A` always. */
  enabled: "O" | "D" | "R" | "A";
  /** Canonical key (without the table name, so that it follows table renames). */
  key: string;
  sql: string;
  line: number;
}

/** A row-level security policy. */
export interface Policy extends References, WrittenUnder {
  table: QName;
  name: string;
  /** Columns its expressions read. */
  columns: string[];
  /** Canonical key (without the table name). */
  key: string;
  sql: string;
  line: number;
}

/** A CHECK constraint of a domain. */
export interface DomainCheck {
  name: string;
  implicitName: boolean;
  expr: Expr;
}

/** A domain type. */
export interface Domain extends QName {
  base: ColumnType;
  collation?: string;
  notNull: boolean;
  default?: Expr;
  checks: DomainCheck[];
  line: number;
}

/** An attribute of a composite type. */
export interface CompositeAttribute {
  name: string;
  type: ColumnType;
  collation?: string;
}

/** A composite type (`CREATE TYPE x AS (...)`). */
export interface CompositeType extends QName {
  attributes: CompositeAttribute[];
  line: number;
}

/** A range type (`CREATE TYPE ... AS RANGE`), kept as written. */
export interface RangeType extends QName {
  key: string;
  sql: string;
  line: number;
}

/** A collation (`CREATE COLLATION`). */
export interface Collation extends QName {
  key: string;
  sql: string;
  line: number;
}

/** Kinds of objects a comment can be on. */
export type CommentKind =
  | "schema"
  | "table"
  | "view"
  | "materialized view"
  | "foreign table"
  | "index"
  | "sequence"
  | "column"
  | "type"
  | "function"
  | "procedure"
  | "aggregate"
  | "trigger"
  | "policy"
  | "constraint"
  | "domain constraint"
  | "collation";

/** What a comment is on. */
export interface CommentTarget {
  kind: CommentKind;
  /** Schema of the object (of its table for columns, constraints, triggers, policies). */
  schema: string;
  /** Object name (table name for columns, constraints, triggers, policies). */
  name: string;
  /** Column, constraint, trigger or policy name. */
  sub?: string;
  /** Canonical argument type keys of a function or procedure. */
  args?: string[];
  /** Argument list as SQL, for functions and procedures (`(integer, text)`). */
  argsSql?: string;
}

/** A comment on an object. */
export interface Comment {
  target: CommentTarget;
  text: string;
  line: number;
}

/** The map key of a function: `schema.name(argtype,...)`. */
export function funcKey(schema: string, name: string, argTypes: string[]): string {
  return `${schema}.${name}(${argTypes.join(",")})`;
}

/** The identity argument types of a function (IN, INOUT and VARIADIC parameters). */
export function identityArgs(params: FuncParam[]): string[] {
  return params.filter((p) => p.mode === "in" || p.mode === "inout" || p.mode === "variadic")
    .map((p) => p.typeKey);
}

/** The map key of a comment's target. */
export function commentKey(t: CommentTarget): string {
  const args = t.args ? `(${t.args.join(",")})` : "";
  const sub = t.sub !== undefined ? `.${t.sub}` : "";
  return `${t.kind}:${t.schema}.${t.name}${sub}${args}`;
}
