/**
 * The facts each change kind offers to `match.when` (what `describe()` computes), with what they
 * mean. Rules are checked against this list when they load, so that a misspelt fact is an error
 * instead of a condition that never holds; docs/rules.md is generated from it.
 * @module
 */
import type { CoreChangeKind } from "../diff/changes.ts";

/** Facts every change has. */
export const COMMON_FACTS: Record<string, string> = {
  online: "the online mode is on (--online or `online: true` in the config)",
};

const VIA = "how the pairing was found: intent, hint, follows, definition or probable";

const ALGORITHM = "MySQL/MariaDB: the cheapest ALTER algorithm the server can use: " +
  "instant, inplace or copy (copy rebuilds the table and blocks writes)";

/** Facts per core change kind: name -> meaning. */
export const KIND_FACTS: Record<CoreChangeKind, Record<string, string>> = {
  create_schema: {},
  drop_schema: {},
  create_extension: {},
  drop_extension: {},
  create_table: { columns: "number of columns" },
  drop_table: {
    acknowledged: "a `drop:` intent names the table",
    rows_kept: "the rows are kept (always true: the table moves to smartspec_archive)",
    dropped_types: "a column's enum type is dropped by the same migration",
  },
  rename_table: {
    via: VIA,
    same_schema: "the table stays in its schema (false: it moves to another one)",
  },
  add_column: {
    algorithm: ALGORITHM,
    not_null: "the column is NOT NULL",
    has_default: "the column has a DEFAULT",
    default_function: "the function the default calls (now, gen_random_uuid ...), or null",
    fills_existing_rows:
      "existing rows get a value (nullable, default, serial, identity, generated)",
    volatile_default:
      "the default differs per row (volatile function, serial, identity, generated)",
    identity: "GENERATED ... AS IDENTITY",
    serial: "declared serial / bigserial / smallserial",
  },
  drop_column: {
    algorithm: ALGORITHM,
    acknowledged: "a `drop:` intent names the column",
    has_row_key: "the table has a primary key (or NOT NULL unique key) without this column",
    not_null: "the column is NOT NULL",
    generated: "a stored generated column (its values can be recomputed)",
  },
  rename_column: {
    algorithm: ALGORITHM,
    via: VIA,
    confirmed: "confirmed by an intent, a hint or an identical definition (false: probable)",
    score: "probable-rename score (1 when confirmed)",
  },
  alter_column_type: {
    algorithm: ALGORITHM,
    class: "widen, narrow or convert (rules/types/<dialect>.yaml)",
    rewrite: "the database rewrites the table",
    cast: "a plain cast converts the values",
    guard: "what the precheck tests: length, range, precision, cast, exact, none (or null)",
    from_type: "the old type as SQL",
    to_type: "the new type as SQL",
    same_type: "only the collation changes",
    collation_change: "the collation changes",
    has_row_key:
      "the table has a key (not the column itself) to keep the original values by for the rollback",
    online_swap:
      "PostgreSQL, online mode: the column can be swapped for a new one (expand / backfill / contract)",
    online_blocked: "why it cannot (empty when it can)",
  },
  set_not_null: {
    algorithm: ALGORITHM,
    has_default: "the column has a DEFAULT in the target schema (its NULLs can be filled with it)",
    has_row_key: "the table has a primary key (or NOT NULL unique key) to remember filled rows by",
    single_key:
      "the table has a one-column key (primary key or unique NOT NULL) to fill by in batches",
  },
  drop_not_null: { algorithm: ALGORITHM },
  add_identity: { identity: "always or by default" },
  drop_identity: { identity: "always or by default (before the change)" },
  alter_identity: { identity: "always or by default (after the change)" },
  add_serial: {
    sequence_exists: "a standalone sequence of that name exists already (the column takes it over)",
  },
  drop_serial: {},
  alter_generated: {
    generated_change: "add (a plain column becomes generated), drop or change (new expression)",
  },
  set_default: { had_default: "the column had a default before", algorithm: ALGORITHM },
  alter_column_options: {
    options: "the attributes that change, comma-separated: comment, on_update, " +
      "auto_increment, invisible, srid, position",
    position: "the column moves (MODIFY ... AFTER)",
    auto_increment: "AUTO_INCREMENT is added or removed",
    algorithm: ALGORITHM,
  },
  alter_table_options: {
    options: "the attributes that change, comma-separated: engine, charset, row_format, " +
      "comment, options",
    engine_change: "the storage engine changes (the table is copied)",
    charset_change: "the default charset or collation changes (its character columns follow)",
    algorithm: ALGORITHM,
  },
  drop_default: {
    had_default: "the column had a default before (always true)",
    algorithm: ALGORITHM,
  },
  split_column: {
    has_row_key: "the table has a primary key (or NOT NULL unique key)",
    parts: "number of target columns",
    keep_source: "the source column stays in the target schema",
    in_place: "always false",
    single_key:
      "the table has a one-column key (primary key or unique NOT NULL) to backfill by in batches",
  },
  merge_columns: {
    has_row_key: "the table has a primary key (or NOT NULL unique key)",
    parts: "number of source columns",
    keep_source: "every source column stays in the target schema",
    in_place: "always false",
    single_key:
      "the table has a one-column key (primary key or unique NOT NULL) to backfill by in batches",
  },
  transform_column: {
    has_row_key: "the table has a primary key (or NOT NULL unique key)",
    in_place: "source and target are the same column (its type changes)",
    keep_source: "the source column stays in the target schema",
    has_samples: "the intent gives `samples:`",
    single_key:
      "the table has a one-column key (primary key or unique NOT NULL) to backfill by in batches",
  },
  add_index: {
    unique: "a unique index",
    method: "btree, gin, gist, brin, hash ...",
    partial: "the index has a WHERE clause",
    table_is_new: "the table is created by the same migration",
    replaced: "an index of the same name is dropped by the same migration (a new definition)",
  },
  drop_index: {
    unique: "a unique index",
    method: "btree, gin, gist, brin, hash ...",
    partial: "the index has a WHERE clause",
    table_is_new: "always false",
    replaced: "an index of the same name is created by the same migration (a new definition)",
  },
  rename_index: {
    via: VIA,
    moves_with_table: "the index moves to another schema with its table",
    same_name: "the index keeps its name",
  },
  add_constraint: {
    constraint_kind: "primary, unique, check, foreign or exclude",
    table_is_new: "the table is created by the same migration",
    not_valid: "the target schema adds it NOT VALID (existing rows are not checked)",
    ref_partitioned:
      "a foreign key to a partitioned table (VALIDATE CONSTRAINT leaves its partitions' copies NOT VALID)",
  },
  drop_constraint: {
    constraint_kind: "primary, unique, check, foreign or exclude",
    table_is_new: "always false",
    not_valid: "the constraint was NOT VALID",
    ref_partitioned: "a foreign key to a partitioned table",
  },
  rename_constraint: { via: VIA, constraint_kind: "primary, unique, check, foreign or exclude" },
  create_type: {},
  rename_type: { via: VIA, same_schema: "the type stays in its schema" },
  drop_type: {},
  add_enum_value: {},
  drop_enum_value: { reorder_only: "no value goes, only the order changes" },
  rename_enum_value: { via: VIA },
  create_sequence: {},
  drop_sequence: {},
  rename_sequence: {
    via: VIA,
    moves_with_table: "an owned sequence that moves to another schema with its table",
    same_name: "the sequence keeps its name",
  },
  alter_sequence: {},
};

/** The facts of a kind, common ones included; undefined for kinds that declare none here. */
export function factsOf(kind: string): Record<string, string> | undefined {
  const own = (KIND_FACTS as Record<string, Record<string, string>>)[kind];
  return own ? { ...COMMON_FACTS, ...own } : undefined;
}
