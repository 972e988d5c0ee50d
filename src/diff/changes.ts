/**
 * The closed set of changes between two schema models: the differ produces them, the rules
 * classify them, the planner turns them into reversible steps.
 * @module
 */
import type {
  Column,
  Constraint,
  EnumType,
  Index,
  QName,
  Sequence,
  Table,
} from "../model/schema.ts";
import type { TypeChangeClass } from "../model/types.ts";
import type { ObjectChange } from "./object_changes.ts";

/** How a rename (or another pairing) was established. */
export type Via =
  | "intent" // the spec's yaml migration block
  | "hint" // -- @renamed from=... in the schema file
  | "follows" // an implicit name that follows a table or column rename
  | "definition" // same definition under another name
  | "probable"; // inferred from similarity; not confirmed, never applied silently

/** Evidence for a probable rename. */
export interface RenameEvidence {
  score: number;
  nameSimilarity: number;
  sameType: boolean;
  typeClass?: string;
  samePosition: boolean;
  /**
   * True when the names are unlike (`username` -> `handle`): the only column the table loses and
   * the only one it gains, of a compatible type.
   */
  unlikeNames?: boolean;
  /** Both NOT NULL or both nullable (reported for unlike names). */
  sameNullability?: boolean;
  /** The same DEFAULT (or none on both). */
  sameDefault?: boolean;
  /** The same kinds of constraints on the column (primary, unique, foreign, check). */
  sameConstraints?: boolean;
  /** The intent line that would confirm it. */
  intentLine: string;
}

interface Base {
  /** Spec line of the intent behind the change, when there is one. */
  intentLine?: number;
}

/** One schema change. Table names are the names at the moment the change executes. */
export type Change = CoreChange | ObjectChange;

/** Changes of tables, columns, constraints, indexes, enums, sequences, schemas, extensions. */
export type CoreChange =
  | Base & { kind: "create_schema"; name: string }
  | Base & { kind: "drop_schema"; name: string }
  | Base & { kind: "create_extension"; name: string }
  | Base & { kind: "drop_extension"; name: string }
  | Base & { kind: "create_table"; table: Table }
  | Base & {
    kind: "drop_table";
    table: Table;
    acknowledged: boolean;
    /** The target uses one of its names again: it goes before creations and renames. */
    early?: boolean;
  }
  | Base & { kind: "rename_table"; from: QName; to: QName; via: Via }
  | Base & { kind: "add_column"; table: QName; column: Column; tableRowKey?: string[] }
  | Base & {
    kind: "drop_column";
    table: QName;
    column: Column;
    acknowledged: boolean;
    rowKey?: string[];
  }
  | Base & {
    kind: "rename_column";
    table: QName;
    from: Column;
    to: Column;
    via: Via;
    evidence?: RenameEvidence;
  }
  | Base & {
    kind: "alter_column_type";
    table: QName;
    from: Column;
    to: Column;
    typeClass: TypeChangeClass;
  }
  | Base & { kind: "set_not_null"; table: QName; from: Column; to: Column }
  | Base & { kind: "drop_not_null"; table: QName; from: Column; to: Column }
  | Base & {
    kind: "add_identity";
    table: QName;
    from: Column;
    to: Column;
    sequence?: Sequence;
    /**
     * The standalone sequence of the column's old `nextval()` default, which nothing else in
     * the target uses: the identity takes its place (and position), it goes to the archive.
     */
    replaces?: Sequence;
  }
  | Base & { kind: "drop_identity"; table: QName; from: Column; to: Column; sequence?: Sequence }
  | Base & { kind: "alter_identity"; table: QName; from: Column; to: Column }
  | Base & { kind: "add_serial"; table: QName; from: Column; to: Column; sequence?: Sequence }
  | Base & { kind: "drop_serial"; table: QName; from: Column; to: Column; sequence?: Sequence }
  | Base & {
    /** A stored generated column's expression changes, appears or goes. */
    kind: "alter_generated";
    table: QName;
    from: Column;
    to: Column;
  }
  | Base & { kind: "set_default"; table: QName; from: Column; to: Column }
  | Base & {
    /**
     * Attributes of a column that are neither its type, default nor NULL-ability and that the
     * dialect reports (MySQL: comment, ON UPDATE, AUTO_INCREMENT, INVISIBLE, position).
     */
    kind: "alter_column_options";
    table: QName;
    from: Column;
    to: Column;
    /** Which attributes change (`comment`, `on_update`, `position` ...). */
    options: string[];
  }
  | Base & {
    /** Table attributes the dialect reports (MySQL: engine, charset, collation, comment ...). */
    kind: "alter_table_options";
    table: QName;
    from: Table;
    to: Table;
    /** Which attributes change (`engine`, `charset`, `comment` ...). */
    options: string[];
  }
  | Base & { kind: "drop_default"; table: QName; from: Column; to: Column }
  | Base & {
    kind: "split_column";
    table: QName;
    from: Column;
    to: Column[];
    separator: string;
    /** The source column stays in the target schema. */
    keepSource: boolean;
    rowKey?: string[];
  }
  | Base & {
    kind: "merge_columns";
    table: QName;
    from: Column[];
    to: Column;
    separator: string;
    keepSources: boolean;
    rowKey?: string[];
  }
  | Base & {
    kind: "transform_column";
    table: QName;
    from: Column;
    to: Column;
    up: string;
    down: string;
    samples?: string[];
    keepSource: boolean;
    rowKey?: string[];
  }
  | Base & { kind: "add_index"; index: Index }
  | Base & { kind: "drop_index"; index: Index }
  | Base & { kind: "rename_index"; from: Index; to: Index; via: Via }
  | Base & { kind: "add_constraint"; table: QName; constraint: Constraint; tableIsNew: boolean }
  | Base & { kind: "drop_constraint"; table: QName; constraint: Constraint }
  | Base & {
    kind: "rename_constraint";
    table: QName;
    from: Constraint;
    to: Constraint;
    via: Via;
  }
  | Base & { kind: "create_type"; type: EnumType }
  | Base & { kind: "rename_type"; from: EnumType; to: EnumType; via: Via }
  | Base & { kind: "drop_type"; type: EnumType }
  | Base & {
    kind: "add_enum_value";
    type: EnumType;
    value: string;
    before?: string;
    after?: string;
  }
  | Base & {
    kind: "drop_enum_value";
    from: EnumType;
    to: EnumType;
    values: string[];
    usedBy: EnumUse[];
  }
  | Base & { kind: "rename_enum_value"; type: EnumType; from: string; to: string; via: Via }
  | Base & {
    kind: "create_sequence";
    sequence: Sequence;
    /** Its name is freed by a dropped table or a renamed sequence: created after those. */
    afterDrops?: boolean;
  }
  | Base & { kind: "drop_sequence"; sequence: Sequence }
  | Base & { kind: "rename_sequence"; from: Sequence; to: Sequence; via: Via }
  | Base & { kind: "alter_sequence"; from: Sequence; to: Sequence };

/** A column that uses an enum type (for type swaps). */
export interface EnumUse {
  table: QName;
  column: Column;
}

/** All change kinds. */
export type ChangeKind = Change["kind"];

/** Kinds of core changes. */
export type CoreChangeKind = CoreChange["kind"];
