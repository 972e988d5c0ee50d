/**
 * Changes of schema objects beyond tables, columns, constraints, indexes, enums and sequences
 * (views, functions, triggers, domains ...). Each member has a unique `kind`.
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
} from "../model/objects.ts";
import type {
  Constraint,
  PartitionOf,
  QName,
  ReplicaIdentity,
  Sequence,
  Table,
} from "../model/schema.ts";
import type { AclEntry, DefaultAcl, PrivTarget } from "../model/privileges.ts";

interface Base {
  /** Spec line of the intent behind the change, when there is one. */
  intentLine?: number;
}

/** Storage settings of a table that changed (each side's value; undefined = default). */
export interface StorageChange {
  options: { from: Record<string, string>; to: Record<string, string> };
  unlogged?: { from: boolean; to: boolean };
  columns: {
    name: string;
    type: string;
    storage?: { from?: string; to?: string };
    statistics?: { from?: number; to?: number };
  }[];
}

/** Row-level security flags of a table. */
export interface RlsFlags {
  enabled: boolean;
  forced: boolean;
}

/** Object changes. */
export type ObjectChange =
  | Base & { kind: "create_view"; view: View }
  | Base & { kind: "drop_view"; view: View; recreated: boolean }
  | Base & { kind: "create_materialized_view"; view: View }
  | Base & { kind: "drop_materialized_view"; view: View; recreated: boolean }
  | Base & { kind: "create_function"; func: Func }
  | Base & {
    /** A new function that needs tables or views of the migration (created after them). */
    kind: "create_dependent_function";
    func: Func;
  }
  | Base & { kind: "drop_function"; func: Func }
  | Base & {
    /** A function that needs tables or views: dropped before them (created again after them). */
    kind: "drop_dependent_function";
    func: Func;
  }
  | Base & { kind: "replace_function"; from: Func; to: Func }
  | Base & {
    /** Same identity, but a signature CREATE OR REPLACE cannot change: dropped and created. */
    kind: "recreate_function";
    from: Func;
    to: Func;
  }
  | Base & { kind: "create_trigger"; trigger: Trigger }
  | Base & { kind: "drop_trigger"; trigger: Trigger; recreated: boolean }
  | Base & { kind: "create_policy"; policy: Policy }
  | Base & { kind: "drop_policy"; policy: Policy; recreated: boolean }
  | Base & { kind: "alter_rls"; table: QName; from: RlsFlags; to: RlsFlags }
  | Base & { kind: "create_domain"; domain: Domain }
  | Base & { kind: "drop_domain"; domain: Domain }
  | Base & { kind: "alter_domain"; from: Domain; to: Domain }
  | Base & { kind: "create_composite_type"; type: CompositeType }
  | Base & { kind: "drop_composite_type"; type: CompositeType }
  | Base & { kind: "alter_composite_type"; from: CompositeType; to: CompositeType }
  | Base & { kind: "create_range_type"; type: RangeType }
  | Base & { kind: "drop_range_type"; type: RangeType }
  | Base & {
    /** A range type whose definition changes: dropped and created (while nothing uses it). */
    kind: "replace_range_type";
    from: RangeType;
    to: RangeType;
  }
  | Base & { kind: "create_collation"; collation: Collation }
  | Base & { kind: "drop_collation"; collation: Collation }
  | Base & {
    /** Sets (or removes) a comment on an object that exists after the migration. */
    kind: "set_comment";
    /** The target as named after the migration. */
    comment: Comment;
    from?: string;
    to?: string;
  }
  | Base & {
    /** Removes a comment before its object is dropped or re-created (the rollback restores it). */
    kind: "drop_comment";
    comment: Comment;
  }
  | Base & { kind: "alter_table_storage"; table: QName; storage: StorageChange }
  | Base & {
    /** A constraint added NOT VALID that the target schema has valid: VALIDATE CONSTRAINT. */
    kind: "validate_constraint";
    table: QName;
    constraint: Constraint;
  }
  | Base & {
    /**
     * REPLICA IDENTITY or the index a table is clustered on changes (index names as after the
     * migration; a side that is undefined is the default, or set elsewhere: a dropped index's
     * marks come back with the index).
     */
    kind: "alter_replica_cluster";
    table: QName;
    replica?: { from?: ReplicaIdentity; to?: ReplicaIdentity };
    cluster?: { from?: string; to?: string };
  }
  | Base & { kind: "attach_partition"; table: QName; partition: PartitionOf }
  | Base & { kind: "detach_partition"; table: QName; partition: PartitionOf }
  | Base & {
    /**
     * A table whose partitioning changes together with changes of its columns: not possible in
     * place, and not rebuilt (the column changes want their own migration).
     */
    kind: "alter_partitioning";
    from: Table;
    to: Table;
  }
  | Base & {
    /**
     * A table rebuilt because its partitioning changes (PARTITION BY key or strategy,
     * partitioned to plain or back): the old table and its partitions go to the archive, the
     * new one is created with its partitions and the rows are moved into it.
     */
    kind: "rebuild_table";
    from: Table;
    to: Table;
    /** Partitions of the old table (and theirs), parents first. */
    fromParts: Table[];
    /** Partitions of the new table (and theirs), parents first. */
    toParts: Table[];
    /** Old column name -> new column name (every column of both tables). */
    columns: [string, string][];
  }
  | Base & {
    kind: "alter_sequence_owner";
    sequence: Sequence;
    from?: { table: QName; column: string };
    to?: { table: QName; column: string };
  }
  | Base & {
    /** The privileges of one grantee on an object that exists after the migration. */
    kind: "alter_privileges";
    /** The object as named after the migration. */
    target: PrivTarget;
    /** A role name, or `PUBLIC`. */
    grantee: string;
    from: AclEntry;
    to: AclEntry;
    /** The object is created (or created again) by the migration. */
    newObject: boolean;
    /**
     * The new object may hold privileges of the grantee from ALTER DEFAULT PRIVILEGES: revoke
     * all of them first (`from` is then empty).
     */
    reset?: boolean;
  }
  | Base & {
    /**
     * An object that the migration drops or creates again gets its default privileges first
     * (the rollback grants them back once the object is there again).
     */
    kind: "reset_privileges";
    target: PrivTarget;
    grantee: string;
    from: AclEntry;
    to: AclEntry;
  }
  | Base & {
    /** The owner of an object that exists after the migration (undefined: CURRENT_USER). */
    kind: "alter_owner";
    target: PrivTarget;
    from?: string;
    to?: string;
    newObject: boolean;
  }
  | Base & {
    /** An object that the migration drops or creates again: its owner back to CURRENT_USER. */
    kind: "reset_owner";
    target: PrivTarget;
    from: string;
  }
  | Base & {
    /** `ALTER DEFAULT PRIVILEGES` for one grantee in one scope. */
    kind: "alter_default_privileges";
    scope: Pick<DefaultAcl, "role" | "schema" | "objects">;
    grantee: string;
    from: AclEntry;
    to: AclEntry;
  };

/** Kinds of object changes. */
export type ObjectChangeKind = ObjectChange["kind"];
