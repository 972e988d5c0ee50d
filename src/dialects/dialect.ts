/**
 * The dialect seam: everything the generic pipeline stages need to know about one database
 * family, behind one interface (a driver, in Atlas' terms). Generic stages (diff, classify,
 * plan, render, report, verify orchestration, apply) take a {@link SqlDialect} and hold no SQL of
 * any dialect; each dialect lives in `src/dialects/<name>/` and adding one touches no other.
 *
 * What a dialect provides:
 * - identity and capabilities ({@link DialectCaps});
 * - a parser from schema file text to the common model ({@link Schema}), with errors that name
 *   the file and line ({@link InputError});
 * - a statement splitter (for verification and tools that run statements one by one);
 * - expression helpers the differ uses ({@link ExprHelpers});
 * - type facts (`rules/types/<dialect>.yaml`);
 * - quoting;
 * - the description of a change for the rules (facts, target, template variables: the SQL
 *   fragments that its rule templates in `rules/<dialect>/` insert);
 * - lowering: how the classified changes (grouped per table) become statements, in units that
 *   run inside a transaction or not ({@link Lowered});
 * - the file frame (header, transaction control, settings) around those units;
 * - a verification engine and catalog reader (optional: a dialect without one says so).
 * @module
 */
import type { Change } from "../diff/changes.ts";
import type { Schema } from "../model/schema.ts";
import type { TypeFacts } from "../model/types.ts";

/** Names of the supported dialects (`--dialect`). */
export type DialectName = "postgresql" | "sqlite" | "mysql" | "mariadb";

/** What a dialect can do; generic stages branch on these, never on the dialect's name. */
export interface DialectCaps {
  /** Schema of unqualified names (`public`, `main`; the database name is not known for MySQL). */
  defaultSchema: string;
  /** DDL runs inside a transaction and rolls back with it (PostgreSQL, SQLite; not MySQL). */
  transactionalDdl: boolean;
  /** Named schemas besides the default one. */
  schemas: boolean;
  /** Named enum types (`CREATE TYPE ... AS ENUM`). */
  namedEnums: boolean;
  /** Standalone sequences. */
  sequences: boolean;
  /** Longest identifier, in bytes (PostgreSQL 63, MySQL 64; SQLite has no limit). */
  identifierLimit: number;
}

/** One statement of a schema or migration file, with its 1-based first line. */
export interface SplitStatement {
  sql: string;
  line: number;
}

/** Expression helpers the differ needs (expressions are dialect ASTs or texts). */
export interface ExprHelpers {
  /**
   * The expression's SQL and key after renaming columns (`old -> new`), so that a CHECK, an
   * index expression or a default that follows a column rename compares equal.
   */
  renameColumns(
    expr: { sql: string; key: string; columns: string[]; ast?: unknown },
    renames: Map<string, string>,
  ): { sql: string; key: string; columns: string[]; ast?: unknown };
}

/** A statement of the generated SQL with the plan step it belongs to. */
export interface UnitStatement {
  /** 1-based plan step, or 0 for statements of the frame (setup, checks). */
  step: number;
  sql: string;
}

/** Statements that run together: one transaction, or each on its own (autocommit). */
export interface Unit {
  transactional: boolean;
  /** Comment lines written before the unit (without `--`), e.g. `part 2 of 3: ...`. */
  note?: string;
  statements: UnitStatement[];
}

/** A migration direction as units. */
export interface Lowered {
  units: Unit[];
  /** Statements before the first unit that a tool must run outside any transaction. */
  before?: string[];
  /** Statements after the last unit, outside any transaction. */
  after?: string[];
}

/** A dialect: see the module documentation. */
export interface SqlDialect {
  readonly name: DialectName;
  readonly caps: DialectCaps;
  /** Loads what the parser needs (WASM, grammars); idempotent. */
  init(): Promise<void>;
  /** Parses a schema file into the model; throws InputError naming file and line. */
  parse(text: string, path: string): Schema;
  /** Splits SQL text into statements (comments kept with the statement that follows). */
  split(sql: string): SplitStatement[];
  readonly typeFacts: TypeFacts;
  readonly expr: ExprHelpers;
  /** Quotes an identifier. */
  ident(name: string): string;
  /** Quotes a string literal. */
  literal(value: string): string;
  /** A line comment that is safe for any text (no line end of this dialect survives in it). */
  comment(text: string): string;
}

/** Re-exported for dialect implementations. */
export type { Change, Schema, TypeFacts };
