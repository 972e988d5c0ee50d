/**
 * When object changes (views, functions, triggers, policies, domains, comments ...) run
 * relative to the core changes of tables and columns: the plan's order, the same for every
 * dialect.
 * @module
 */
import type { ObjectChange } from "../diff/object_changes.ts";

/**
 * Execution phase per object change kind (see PHASE in plan.ts: create_schema 0, types and
 * sequences 1, drops of constraints and indexes 2, renames 3-5, create_table 6, add_column 7,
 * data changes 8-11, add_index 12, add_constraint 13, drop_column 14, drop_table 15,
 * drop_enum_value 16, drop_type 17, drop_schema 18). Comments are cleared first and set last;
 * views, triggers and policies are dropped before any core change and created after all of
 * them but the final drops (enum swaps included, which change the type of columns they read).
 * Privileges and owners of objects that go are reset first; those of the objects after the
 * migration are set last; default privileges change before anything is created.
 */
export const OBJECT_PHASE: Record<ObjectChange["kind"], number> = {
  // an object about to be dropped or created again: owner and privileges back to defaults
  reset_owner: -10.6,
  reset_privileges: -10.5,
  drop_comment: -10,
  drop_trigger: -9,
  drop_policy: -9,
  drop_view: -8,
  drop_materialized_view: -8,
  detach_partition: -7,
  drop_dependent_function: -7,
  // after CREATE SCHEMA (0), before anything is created: new objects get the new defaults
  alter_default_privileges: 0.3,
  create_collation: 0.5,
  create_domain: 1,
  // after the drops of foreign keys to the table (2) and the renames (3-5), before new tables
  rebuild_table: 5.9,
  create_composite_type: 1,
  create_range_type: 1,
  replace_range_type: 1.1,
  create_function: 1,
  alter_composite_type: 1.1,
  recreate_function: 1.2,
  attach_partition: 14.5,
  alter_table_storage: 7.5,
  alter_domain: 12.5,
  // before the indexes (12) that may call it: an index is built with the new body
  replace_function: 11.9,
  alter_sequence_owner: 13.8,
  // after the indexes (12) and key constraints (13) it names are built
  alter_replica_cluster: 13.7,
  validate_constraint: 13.5,
  alter_partitioning: 13.9,
  create_dependent_function: 16.1,
  create_view: 16.2,
  create_materialized_view: 16.2,
  create_trigger: 16.3,
  create_policy: 16.3,
  alter_rls: 16.4,
  drop_function: 16.5,
  drop_domain: 17,
  drop_composite_type: 17,
  drop_range_type: 17,
  drop_collation: 17.5,
  // once every object exists: privileges, then owners (the rollback: owners first)
  alter_privileges: 29,
  alter_owner: 29.5,
  set_comment: 30,
};
