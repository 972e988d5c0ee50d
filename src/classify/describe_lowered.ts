/**
 * What the rules of a lowered dialect see of a change (SQLite, MySQL: the dialect writes the
 * statements, so rule templates only name things in messages): the target as the report writes
 * it, the facts that `match.when` tests (the same names as PostgreSQL's, see
 * src/plan/kind_facts.ts) and the names messages use. No SQL: each dialect passes how it shows
 * names and types and whether a table has a key to match rows by, and may add facts of its own.
 * @module
 */
import type { DescribeContext, Described, Facts, VarValue } from "./described.ts";
import type { Change, ChangeKind } from "../diff/changes.ts";
import type { Column, QName, Table } from "../model/schema.ts";
import { classifyTypeChange, sameType } from "../model/types.ts";
import { renameEvidenceText } from "./rename_evidence.ts";

/** What a dialect tells the common describer. */
export interface Naming {
  /** The schema of unqualified names (left out when shown). */
  defaultSchema: string;
  /** A column's type as messages show it. */
  typeText(c: Column): string;
  /** The table has a key that archives can match its rows by. */
  hasRowKey(t: Table | undefined): boolean;
}

/** Variables every rule of a lowered dialect may use, by kind (messages only). */
const KIND_VARS: Partial<Record<ChangeKind, string[]>> = {
  add_column: ["table", "column", "type"],
  drop_column: ["table", "column"],
  rename_column: ["table", "from", "to", "from_name", "evidence", "intent_line", "drop_target"],
  alter_column_type: ["table", "column", "column_ref", "from_type", "to_type"],
  set_not_null: ["table", "column", "column_ref", "default"],
  drop_not_null: ["table", "column", "column_ref"],
  set_default: ["table", "column", "default", "old_default"],
  drop_default: ["table", "column", "old_default"],
  alter_column_options: ["table", "column", "options"],
  alter_table_options: ["table", "options"],
  split_column: ["table", "source"],
  merge_columns: ["table", "target_column"],
  transform_column: ["table", "source", "target_column", "up", "down"],
  create_table: ["table"],
  drop_table: ["table", "archive"],
  rename_table: ["from", "to"],
  add_index: ["index", "table"],
  drop_index: ["index", "table"],
  rename_index: ["from", "to"],
  add_constraint: ["table", "constraint", "constraint_kind"],
  drop_constraint: ["table", "constraint"],
  rename_constraint: ["table", "from", "to"],
};

/** Template variables of a kind (common ones included). */
export function loweredVarsOf(kind: ChangeKind): string[] {
  return ["target", "via", "table_name", ...(KIND_VARS[kind] ?? [])];
}

function tableOf(ctx: DescribeContext, q: QName, side: "from" | "to"): Table | undefined {
  return ctx[side].tables.get(`${q.schema}.${q.name}`);
}

function described(target: string, facts: Facts, vars: Record<string, VarValue>): Described {
  return { target, facts, vars };
}

/** Describes one change: target, facts and the names messages use. */
export function describeLowered(ch: Change, ctx: DescribeContext, naming: Naming): Described {
  const display = (q: QName) =>
    q.schema === naming.defaultSchema ? q.name : `${q.schema}.${q.name}`;
  const colRef = (t: QName, c: string) => `${display(t)}.${c}`;
  const typeText = naming.typeText;
  const hasRowKey = naming.hasRowKey;
  switch (ch.kind) {
    case "create_table":
      return described(display(ch.table), { columns: ch.table.columns.length }, {
        table: ch.table.name,
      });
    case "drop_table":
      return described(display(ch.table), { acknowledged: ch.acknowledged, rows_kept: true }, {
        table: ch.table.name,
        archive: `_smartspec_archive_${ch.table.name}`,
      });
    case "rename_table":
      return described(`${display(ch.from)} -> ${display(ch.to)}`, {
        via: ch.via,
        same_schema: ch.from.schema === ch.to.schema,
      }, { from: ch.from.name, to: ch.to.name });
    case "add_column": {
      const c = ch.column;
      const fills = !c.notNull || !!c.default || !!c.generated;
      return described(colRef(ch.table, c.name), {
        not_null: c.notNull,
        has_default: !!c.default,
        default_function: null,
        fills_existing_rows: fills,
        volatile_default: false,
        identity: false,
        serial: false,
      }, { table: ch.table.name, column: c.name, type: typeText(c) });
    }
    case "drop_column":
      return described(colRef(ch.table, ch.column.name), {
        acknowledged: ch.acknowledged,
        has_row_key: hasRowKey(tableOf(ctx, ch.table, "from")),
        generated: !!ch.column.generated,
      }, { table: ch.table.name, column: ch.column.name });
    case "rename_column":
      return described(`${colRef(ch.table, ch.from.name)} -> ${colRef(ch.table, ch.to.name)}`, {
        via: ch.via,
        confirmed: ch.via !== "probable",
        score: ch.evidence?.score ?? 1,
      }, {
        table: ch.table.name,
        from: ch.from.name,
        to: ch.to.name,
        from_name: ch.from.name,
        evidence: ch.evidence ? renameEvidenceText(ch.evidence) : "",
        intent_line: ch.evidence?.intentLine ?? "",
        drop_target: colRef(ch.table, ch.from.name),
      });
    case "alter_column_type": {
      const cls = classifyTypeChange(ch.from.type, ch.to.type, ctx.facts);
      const same = sameType(ch.from.type, ch.to.type);
      return described(colRef(ch.table, ch.to.name), {
        class: ch.typeClass.class,
        rewrite: true,
        cast: cls.cast,
        same_type: same,
        collation_change: (ch.from.collation ?? "") !== (ch.to.collation ?? ""),
        guard: cls.guard ?? null,
      }, {
        table: ch.table.name,
        column: ch.to.name,
        column_ref: colRef(ch.table, ch.to.name),
        from_type: typeText(ch.from),
        to_type: typeText(ch.to),
      });
    }
    case "set_not_null":
    case "drop_not_null":
      return described(
        colRef(ch.table, ch.to.name),
        ch.kind === "set_not_null"
          ? {
            has_default: !!ch.to.default,
            has_row_key: hasRowKey(tableOf(ctx, ch.table, "to")),
          }
          : {},
        {
          table: ch.table.name,
          column: ch.to.name,
          column_ref: colRef(ch.table, ch.to.name),
          default: ch.to.default?.sql ?? "",
        },
      );
    case "set_default":
    case "drop_default":
      return described(colRef(ch.table, ch.to.name), { had_default: !!ch.from.default }, {
        table: ch.table.name,
        column: ch.to.name,
        default: ch.to.default?.sql ?? "",
        old_default: ch.from.default?.sql ?? "",
      });
    case "alter_column_options":
      return described(colRef(ch.table, ch.to.name), {
        options: ch.options.join(","),
        position: ch.options.includes("position"),
        auto_increment: ch.options.includes("auto_increment"),
      }, { table: ch.table.name, column: ch.to.name, options: ch.options.join(", ") });
    case "alter_table_options":
      return described(display(ch.table), {
        options: ch.options.join(","),
        engine_change: ch.options.includes("engine"),
        charset_change: ch.options.includes("charset"),
      }, { table: ch.table.name, options: ch.options.join(", ") });
    case "split_column":
      return described(
        `${colRef(ch.table, ch.from.name)} -> ${
          ch.to.map((c) => colRef(ch.table, c.name)).join(", ")
        }`,
        {
          has_row_key: hasRowKey(tableOf(ctx, ch.table, "to")),
          parts: ch.to.length,
          keep_source: ch.keepSource,
          in_place: false,
        },
        { table: ch.table.name, source: ch.from.name },
      );
    case "merge_columns":
      return described(
        `${ch.from.map((c) => colRef(ch.table, c.name)).join(", ")} -> ${
          colRef(ch.table, ch.to.name)
        }`,
        {
          has_row_key: hasRowKey(tableOf(ctx, ch.table, "to")),
          parts: ch.from.length,
          keep_source: ch.keepSources,
          in_place: false,
        },
        { table: ch.table.name, target_column: ch.to.name },
      );
    case "transform_column":
      return described(`${colRef(ch.table, ch.from.name)} -> ${colRef(ch.table, ch.to.name)}`, {
        has_row_key: hasRowKey(tableOf(ctx, ch.table, "to")),
        keep_source: ch.keepSource,
        in_place: ch.from.name === ch.to.name,
      }, {
        table: ch.table.name,
        source: ch.from.name,
        target_column: ch.to.name,
        up: ch.up,
        down: ch.down,
      });
    case "add_index":
    case "drop_index":
      return described(ch.index.name, {
        unique: ch.index.unique,
        method: ch.index.method,
        partial: !!ch.index.where,
      }, { index: ch.index.name, table: ch.index.table.name });
    case "rename_index":
      return described(`${ch.from.name} -> ${ch.to.name}`, {
        via: ch.via,
        moves_with_table: false,
        same_name: ch.from.name === ch.to.name,
      }, { from: ch.from.name, to: ch.to.name });
    case "add_constraint":
    case "drop_constraint":
      return described(`${display(ch.table)}.${ch.constraint.name}`, {
        constraint_kind: ch.constraint.kind,
        table_is_new: ch.kind === "add_constraint" ? ch.tableIsNew : false,
      }, {
        table: ch.table.name,
        constraint: ch.constraint.name,
        constraint_kind: ch.constraint.kind,
      });
    case "rename_constraint":
      return described(
        `${display(ch.table)}.${ch.from.name} -> ${display(ch.table)}.${ch.to.name}`,
        { via: ch.via, constraint_kind: ch.to.kind },
        { table: ch.table.name, from: ch.from.name, to: ch.to.name },
      );
    default:
      return describeOther(ch, naming.defaultSchema);
  }
}

/** Changes of other objects (views, triggers ...): their name is the target. */
function describeOther(ch: Change, defaultSchema: string): Described {
  const c = ch as unknown as Record<string, unknown>;
  const obj = (c.view ?? c.trigger ?? c.func ?? c.to ?? c.from ?? c.object) as
    | { name?: string; schema?: string }
    | undefined;
  const target = obj?.name
    ? obj.schema && obj.schema !== defaultSchema ? `${obj.schema}.${obj.name}` : obj.name
    : ch.kind;
  return described(target, {}, {});
}
