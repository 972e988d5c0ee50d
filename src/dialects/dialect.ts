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
import type { BackfillSettings, DescribeContext, Described } from "../classify/described.ts";
import type { Change, ChangeKind } from "../diff/changes.ts";
import type { Column, Expr, QName, Schema, Table } from "../model/schema.ts";
import type { TypeFacts } from "../model/types.ts";
import type { Step } from "../plan/plan.ts";
import type { MigrationFiles, MigrationMeta } from "../render/files.ts";
import type { VerificationResult } from "../verify/result.ts";

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
  /**
   * Index names (and those of primary keys, unique and exclusion constraints) are unique per
   * schema, together with tables and sequences (PostgreSQL), not per table.
   */
  indexNamesPerSchema?: boolean;
  /**
   * A change of how a table is partitioned is made by rebuilding the table (PostgreSQL cannot
   * change it in place); without it the change stays one `alter_partitioning`.
   */
  rebuildsPartitioning?: boolean;
  /**
   * Rows per batch of an online backfill when neither `--batch-size` nor `online_batch_size`
   * gives one (default: DEFAULT_BACKFILL's). MySQL/MariaDB: a batch holds its rows' locks until
   * it commits, and 1,000-row batches kept writers waiting a quarter of what 10,000-row ones did.
   */
  backfillBatchSize?: number;
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
  renameColumns(expr: Expr, renames: Map<string, string>): Expr;
  /** The sequence a default takes its values from (`nextval('s')`), for dialects with them. */
  sequenceOf?(expr: Expr): QName | undefined;
  /** Functions an expression calls, as `schema.name` keys (for dependency order). */
  calls?(expr: Expr): string[];
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

/** How a dialect writes names and literals (rule templates use it for `ident` and `lit`). */
export interface Quoting {
  /** Quotes an identifier. */
  ident(name: string): string;
  /** Quotes a qualified name (the default schema may be left out). */
  qualified(q: QName): string;
  /** Quotes a string literal. */
  literal(value: string): string;
  /** A qualified name as people read it (`users`, `app.users`). */
  display(q: QName): string;
}

/** The rows a guard stops on, for its message: `FROM table WHERE where` (quoted SQL). */
export interface GuardSample {
  /** The table as in the guard's FROM. */
  table: string;
  /** Its unqualified name, for a whole-row reference. */
  rel: string;
  where: string;
  /** The guarded columns (quoted) whose values are shown next to the row's key. */
  columns: string[];
}

/** What rendering the files needs besides the plan. */
export interface RenderContext {
  from: Schema;
  to: Schema;
  archiveTag: string;
  /** Online backfills: rows per batch, pause (ms), lock retries per batch (config / CLI). */
  backfill?: BackfillSettings;
}

/** What verification gets from the run. */
export interface VerifyInput {
  fromSql: string;
  toSql: string;
  migrationSql: string;
  rollbackSql: string;
  from: Schema;
  to: Schema;
  steps: Step[];
  /**
   * Columns whose values the spec accepts to lose (`accept_loss:` intents, names of the
   * to-schema; `table` may be schema-qualified): left out of the data comparisons, with reason.
   */
  acceptLoss?: { table: string; column: string; reason: string }[];
  /** `--dev-url`: verify on this server (loopback only) instead of an embedded engine. */
  devUrl?: string;
  /** The files say every part can run again: verification runs each once more. */
  rerunnable?: boolean;
}

/** A dialect: see the module documentation. */
export interface SqlDialect {
  readonly name: DialectName;
  readonly caps: DialectCaps;
  /** Loads what the parser needs (WASM, grammars); idempotent. */
  init(): Promise<void>;
  /**
   * Parses a schema file into the model; throws InputError naming file and line. `reference`
   * is the other version's model, for dialects whose names compare case-insensitively (a name
   * that differs from a reference name only in case takes the reference's spelling).
   */
  parse(text: string, path: string, reference?: Schema): Schema;
  /** Splits SQL text into statements. */
  split(sql: string): SplitStatement[];
  readonly typeFacts: TypeFacts;
  readonly expr: ExprHelpers;
  /** Type attributes of the dialect's own that differ (MySQL ENUM values, UNSIGNED ...). */
  typeDiffers?(from: Column, to: Column): boolean;
  /** Other column attributes of the dialect's own that differ, by name (MySQL: `comment` ...). */
  columnOptionsDiffer?(from: Column, to: Column, moved: boolean): string[];
  /** Table attributes of the dialect's own that differ, by name (MySQL: `engine` ...). */
  tableOptionsDiffer?(from: Table, to: Table): string[];
  readonly quoting: Quoting;
  /** A line comment that is safe for any text (no line end of this dialect survives in it). */
  comment(text: string): string;
  /** Describes a change for the rules: target, facts and the template variables. */
  describe(change: Change, ctx: DescribeContext): Described;
  /** Template variables a rule of this dialect may use for a change kind. */
  varsOf(kind: ChangeKind): string[];
  /**
   * A statement that stops the migration with `message` when `query` returns a row; with
   * `sample`, the message also says how many rows violate it and shows up to 3 of them.
   */
  guard(query: string, message: string, sample?: GuardSample): string;
  /** Composes `migration.sql` and `rollback.sql` from the plan. */
  render(steps: Step[], meta: MigrationMeta, ctx: RenderContext): MigrationFiles;
  /**
   * Starts the verification engine in the background at the beginning of a run that will
   * verify, so that its start (and loading the from-schema, `fromSql`) overlaps parsing and
   * diffing (with `toSql`, the to-schema's too); {@link SqlDialect.verify} takes it over. A run that does not verify after all
   * calls `dispose`. Optional: a dialect whose engine starts at no cost has none. The run starts
   * it through `startVerifyEngine` (registry.ts), before the dialect itself loads.
   */
  prepareVerify?(
    input: { fromSql: string; toSql?: string; devUrl?: string },
  ): PreparedVerify | undefined;
  /**
   * Proves the files on the dialect's verification engine; undefined when the dialect has none
   * (the run then says it was not verified and why). `prepared` is what `prepareVerify`
   * returned in this run; verification then owns it (and stops it when done).
   */
  verify?(input: VerifyInput, prepared?: PreparedVerify): Promise<VerificationResult>;
}

/** A verification engine started ahead of time ({@link SqlDialect.prepareVerify}). */
export interface PreparedVerify {
  /** Stops the engine (when verification does not run); safe to call twice. */
  dispose(): Promise<void>;
}

/** Re-exported for dialect implementations. */
export type { Change, Schema, TypeFacts };
