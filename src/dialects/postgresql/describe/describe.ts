/**
 * What the rules see of a change: its target (as the report writes it), its facts (what
 * `match.when` tests) and its template variables (what `{{mode:name}}` placeholders insert).
 * One function per change kind; pure.
 * @module
 */
import type { Change, ChangeKind, CoreChangeKind } from "../../../diff/changes.ts";
import { describeObject, OBJECT_KIND_VARS } from "./objects.ts";
import { COLUMN_EXTRA_VARS, describeColumnExtra } from "./describe_columns.ts";
import { GUARDED_CONVERSION_VARS } from "./guarded.ts";
import { ONLINE_TYPE_VARS } from "./type_change_online.ts";
import type { DescribeContext, Described } from "../../../classify/described.ts";
import { describeMerge, describeSplit, describeTransform } from "./data_moves.ts";
import {
  describeCreateExtension,
  describeCreateSchema,
  describeCreateTable,
  describeDropTable,
  describeRenameTable,
} from "./tables.ts";
import {
  describeAddColumn,
  describeAlterColumnType,
  describeDropColumn,
  describeRenameColumn,
  describeSetDefault,
  describeSetNotNull,
} from "./columns.ts";
import {
  describeAddConstraint,
  describeAddIndex,
  describeRenameConstraint,
  describeRenameIndex,
} from "./indexes.ts";
import {
  describeAddEnumValue,
  describeAlterSequence,
  describeCreateSequence,
  describeCreateType,
  describeDropEnumValue,
  describeDropSequence,
  describeRenameEnumValue,
  describeRenameSequence,
  describeRenameType,
} from "./types.ts";
import { ARCHIVE_SCHEMA, archiveName } from "./helpers.ts";
export type { DescribeContext, Described, Facts, VarValue } from "../../../classify/described.ts";
export {
  alterSequenceOptions,
  ARCHIVE_SCHEMA,
  archiveName,
  CASTABLE_FN,
  CASTABLE_FN_DEF,
  defaultFunction,
  guardBlock,
  narrowViolation,
  ROUNDTRIP_FN,
  ROUNDTRIP_FN_DEF,
} from "./helpers.ts";

/** Variables every change has. */
const COMMON = ["target", "via", "table_name"];

/** Template variables available per change kind (checked when rules load). */
export const KIND_VARS: Record<CoreChangeKind, string[]> = {
  create_schema: ["schema"],
  drop_schema: ["schema"],
  create_extension: ["extension"],
  drop_extension: ["extension"],
  create_table: ["table", "create_table"],
  drop_table: [
    "table",
    "archive",
    "archive_name",
    "archive_schema",
    "renamed",
    "table_schema",
    "bare_name",
    "drop_foreign_keys",
    "restore_foreign_keys",
    "detach_types",
    "attach_types",
  ],
  rename_table: [
    "from",
    "to",
    "from_name",
    "to_name",
    "from_schema",
    "to_schema",
    "rename_moved",
    "rename_back",
    "intent_line",
    "drop_target",
  ],
  add_column: ["table", "column", "column_def", "type", "default", "note"],
  drop_column: [
    "table",
    "column",
    "column_def",
    "archive",
    "archive_select",
    "column_def_nullable",
    "archived_value",
    "key_join",
    "restore_not_null",
    "archive_rows",
    "restore_rows",
    "sequence_keep",
    "sequence_back",
  ],
  rename_column: ["table", "from", "to", "from_name", "evidence", "intent_line", "drop_target"],
  alter_column_type: [
    "table",
    "column",
    "column_ref",
    "from_type",
    "to_type",
    "violation",
    "down_violation",
    "down_using",
    ...GUARDED_CONVERSION_VARS,
    ...ONLINE_TYPE_VARS,
  ],
  set_not_null: [
    "table",
    "column",
    "column_ref",
    "check_name",
    "default",
    "archive",
    "key_columns",
    "key_join",
    "online_fill",
    "online_fill_contract",
    "online_unfill",
    "online_unfill_cleanup",
  ],
  drop_not_null: ["table", "column", "column_ref", "check_name"],
  ...COLUMN_EXTRA_VARS,
  set_default: ["table", "column", "default", "old_default"],
  alter_column_options: ["table", "column"],
  alter_table_options: ["table"],
  drop_default: ["table", "column", "old_default"],
  split_column: [
    "table",
    "source",
    "archive",
    "separator_text",
    "add_targets",
    "split_assignments",
    "archive_select",
    "targets_not_null",
    "drop_source",
    "add_source",
    "join_expr",
    "archived_source",
    "key_join",
    "unchanged",
    "source_not_null",
    "drop_targets",
    "online_expand",
    "online_contract",
    "online_restore",
    "online_uncontract",
  ],
  merge_columns: [
    "table",
    "target_column",
    "archive",
    "separator_text",
    "add_target",
    "merge_expr",
    "archive_select",
    "target_not_null",
    "drop_sources",
    "add_sources",
    "split_assignments",
    "restore_assignments",
    "key_join",
    "unchanged",
    "sources_not_null",
    "drop_target",
    "online_expand",
    "online_contract",
    "online_restore",
    "online_uncontract",
  ],
  transform_column: [
    "table",
    "source",
    "target_column",
    "archive",
    "up",
    "down",
    "from_type",
    "to_type",
    "target_def_nullable",
    "archive_select",
    "target_not_null",
    "drop_source",
    "add_source",
    "archived_source",
    "key_join",
    "source_not_null",
    "online_expand",
    "online_contract",
    "online_restore",
    "online_uncontract",
  ],
  add_index: [
    "index",
    "index_name",
    "table",
    "create_index",
    "create_index_concurrently",
    "build_index_concurrently",
    "swap_index",
    "create_swap_concurrently",
    "create_replaced_swap_concurrently",
    "duplicates",
    "columns_ref",
  ],
  drop_index: [
    "index",
    "index_name",
    "table",
    "create_index",
    "create_index_concurrently",
    "build_index_concurrently",
  ],
  rename_index: ["from", "to", "from_name", "to_name"],
  add_constraint: [
    "table",
    "constraint",
    "definition",
    "orphans",
    "duplicates",
    "expr",
    "index",
    "unique_index_concurrently",
    "using_index",
    "add_using_index",
    "duplicates_what",
    "columns_ref",
    "ref_ref",
    "constraint_kind",
  ],
  drop_constraint: ["table", "constraint", "definition"],
  rename_constraint: ["table", "from", "to"],
  create_type: ["type", "values"],
  rename_type: ["from", "to", "from_name", "to_name"],
  drop_type: ["type", "values"],
  add_enum_value: [
    "type",
    "type_name",
    "value",
    "value_text",
    "position",
    "swap_back",
    "usage_from",
    "usage_where",
  ],
  drop_enum_value: [
    "type",
    "type_name",
    "values_text",
    "swap",
    "swap_back",
    "usage_from",
    "usage_where",
  ],
  rename_enum_value: ["type", "from", "to"],
  create_sequence: ["sequence", "options"],
  drop_sequence: [
    "sequence",
    "archive",
    "archive_name",
    "archive_schema",
    "renamed",
    "sequence_schema",
    "sequence_name",
  ],
  rename_sequence: ["from", "to", "from_name", "to_name"],
  alter_sequence: ["sequence", "options", "old_options"],
};

/** All variable names of a kind, common ones included. */
export function varsOf(kind: ChangeKind): string[] {
  return [...COMMON, ...(ALL_KIND_VARS[kind] ?? [])];
}

/** Template variables of every change kind, objects included. */
export const ALL_KIND_VARS: Record<ChangeKind, string[]> = { ...KIND_VARS, ...OBJECT_KIND_VARS };

/** Describes one change for the rules: one function per change kind. */
export function describe(ch: Change, ctx: DescribeContext): Described {
  switch (ch.kind) {
    case "create_schema":
    case "drop_schema":
      return describeCreateSchema(ch, ctx);
    case "create_extension":
    case "drop_extension":
      return describeCreateExtension(ch, ctx);
    case "create_table":
      return describeCreateTable(ch, ctx);
    case "drop_table":
      return describeDropTable(ch, ctx);
    case "rename_table":
      return describeRenameTable(ch, ctx);
    case "add_column":
      return describeAddColumn(ch, ctx);
    case "drop_column":
      return describeDropColumn(ch, ctx);
    case "rename_column":
      return describeRenameColumn(ch, ctx);
    case "alter_column_type":
      return describeAlterColumnType(ch, ctx);
    case "set_not_null":
    case "drop_not_null":
      return describeSetNotNull(ch, ctx);
    case "set_default":
    case "drop_default":
      return describeSetDefault(ch, ctx);
    case "add_identity":
    case "drop_identity":
    case "alter_identity":
    case "add_serial":
    case "drop_serial":
    case "alter_generated":
      return describeColumnExtra(ch, {
        ...ctx,
        archiveSchema: ARCHIVE_SCHEMA,
        archiveName,
      });
    case "split_column":
      return describeSplit(ch, ctx);
    case "merge_columns":
      return describeMerge(ch, ctx);
    case "transform_column":
      return describeTransform(ch, ctx);
    case "add_index":
    case "drop_index":
      return describeAddIndex(ch, ctx);
    case "rename_index":
      return describeRenameIndex(ch, ctx);
    case "add_constraint":
    case "drop_constraint":
      return describeAddConstraint(ch, ctx);
    case "rename_constraint":
      return describeRenameConstraint(ch, ctx);
    case "create_type":
    case "drop_type":
      return describeCreateType(ch, ctx);
    case "add_enum_value":
      return describeAddEnumValue(ch, ctx);
    case "drop_enum_value":
      return describeDropEnumValue(ch, ctx);
    case "rename_type":
      return describeRenameType(ch, ctx);
    case "rename_enum_value":
      return describeRenameEnumValue(ch, ctx);
    case "create_sequence":
      return describeCreateSequence(ch, ctx);
    case "drop_sequence":
      return describeDropSequence(ch, ctx);
    case "rename_sequence":
      return describeRenameSequence(ch, ctx);
    case "alter_sequence":
      return describeAlterSequence(ch, ctx);
    case "alter_column_options":
    case "alter_table_options":
      // attributes of MySQL's own: PostgreSQL's differ never reports them
      return { target: ch.table.name, facts: {}, vars: { table: ch.table.name } };
    default:
      return describeObject(ch, ctx);
  }
}
