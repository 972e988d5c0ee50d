/**
 * What the MySQL/MariaDB rules see of a change: the target as the report writes it and the facts
 * that `match.when` tests (the same fact names as the other dialects, plus `algorithm`: the
 * cheapest ALTER algorithm the server can use, instant, inplace or copy). MySQL rules are
 * `lowered` (the dialect writes the statements: a table's changes become one ALTER TABLE, see
 * lower.ts), so the template variables are only the names that messages use.
 * @module
 */
import type { DescribeContext, Described, Facts, VarValue } from "../../classify/described.ts";
import type { Change, ChangeKind } from "../../diff/changes.ts";
import { type Column, type QName, rowKey, type Table } from "../../model/schema.ts";
import { classifyTypeChange, sameType } from "../../model/types.ts";
import { MYSQL_DEFAULT_SCHEMA } from "./names.ts";
import { colExt, typeSql } from "./ddl_model.ts";
import type { MysqlTypeChangeFact } from "./types.ts";

/** `users`, or `other.users` for a table of another database. */
export function display(q: QName): string {
  return q.schema === MYSQL_DEFAULT_SCHEMA ? q.name : `${q.schema}.${q.name}`;
}

const colRef = (t: QName, c: string) => `${display(t)}.${c}`;

/** Variables every MySQL rule may use, by kind (messages only: the SQL is lowered). */
const KIND_VARS: Partial<Record<ChangeKind, string[]>> = {
  add_column: ["table", "column", "type"],
  drop_column: ["table", "column"],
  rename_column: ["table", "from", "to", "evidence", "intent_line"],
  alter_column_type: ["table", "column", "column_ref", "from_type", "to_type"],
  set_not_null: ["table", "column", "column_ref", "default"],
  drop_not_null: ["table", "column", "column_ref"],
  set_default: ["table", "column", "default", "old_default"],
  drop_default: ["table", "column", "old_default"],
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

/** Template variables of a kind for MySQL rules (common ones included). */
export function mysqlVarsOf(kind: ChangeKind): string[] {
  return ["target", "via", "table_name", ...(KIND_VARS[kind] ?? [])];
}

function typeText(c: Column): string {
  return typeSql(c);
}

/** The table has a primary key (or NOT NULL unique key) that archives match rows by. */
function hasRowKey(t: Table | undefined): boolean {
  return !t || !!rowKey(t);
}

/**
 * The cheapest algorithm of a column type change: the type facts' `algorithm`; a change of
 * UNSIGNED, charset or collation copies the table; ENUM/SET values appended at the end are
 * instant, others copy.
 */
function typeAlgorithm(from: Column, to: Column, ctx: DescribeContext): string {
  const ef = colExt(from), et = colExt(to);
  if (!!ef.unsigned !== !!et.unsigned || (ef.charset ?? "") !== (et.charset ?? "")) return "copy";
  if ((from.collation ?? "") !== (to.collation ?? "")) return "copy";
  if (from.type.name === "enum" || from.type.name === "set") {
    const a = ef.values ?? [], b = et.values ?? [];
    return from.type.name === to.type.name && a.every((v, i) => b[i] === v) ? "instant" : "copy";
  }
  const fact = ctx.facts.changes.find((c) => c.from === from.type.name && c.to === to.type.name) as
    | MysqlTypeChangeFact
    | undefined;
  if (from.type.name === "varchar" && to.type.name === "varchar") {
    // the length prefix grows from 1 to 2 bytes at 256 bytes (4 bytes a character in utf8mb4)
    const [a = 0] = from.type.mods, [b = 0] = to.type.mods;
    if (b < a) return "copy";
    if ((a * 4 < 256) !== (b * 4 < 256)) return "copy";
  }
  return fact?.algorithm ?? "copy";
}

/**
 * The class of a type change with MySQL's own attributes: ENUM/SET values appended at the end
 * widen, a removed or reordered value narrows; a change of UNSIGNED narrows (negative values, or
 * the upper half, no longer fit); otherwise the type facts' class.
 */
function mysqlTypeClass(from: Column, to: Column, base: string): string {
  const ef = colExt(from), et = colExt(to);
  if ((from.type.name === "enum" || from.type.name === "set") && from.type.name === to.type.name) {
    const a = ef.values ?? [], b = et.values ?? [];
    return a.every((v, i) => b[i] === v) ? "widen" : "narrow";
  }
  if (!!ef.unsigned !== !!et.unsigned) return "narrow";
  return base;
}

/** How the server can add a column: instant at the end or anywhere (8.0.29+, MariaDB 10.4+). */
function addColumnAlgorithm(c: Column): string {
  if (c.generated && colExt(c).storage === "stored") return "copy";
  if (colExt(c).autoIncrement) return "copy";
  return "instant";
}

function tableOf(ctx: DescribeContext, q: QName, side: "from" | "to"): Table | undefined {
  return ctx[side].tables.get(`${q.schema}.${q.name}`);
}

function described(target: string, facts: Facts, vars: Record<string, VarValue>): Described {
  return { target, facts, vars };
}

/** Describes one change for the SQLite rules. */
export function describeMysql(ch: Change, ctx: DescribeContext): Described {
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
        algorithm: addColumnAlgorithm(c),
      }, { table: ch.table.name, column: c.name, type: typeText(c) });
    }
    case "drop_column":
      return described(colRef(ch.table, ch.column.name), {
        acknowledged: ch.acknowledged,
        has_row_key: hasRowKey(tableOf(ctx, ch.table, "from")),
        not_null: ch.column.notNull,
        generated: !!ch.column.generated,
        algorithm: "instant",
      }, { table: ch.table.name, column: ch.column.name });
    case "rename_column":
      return described(`${colRef(ch.table, ch.from.name)} -> ${colRef(ch.table, ch.to.name)}`, {
        via: ch.via,
        confirmed: ch.via !== "probable",
        score: ch.evidence?.score ?? 1,
        algorithm: "instant",
      }, {
        table: ch.table.name,
        from: ch.from.name,
        to: ch.to.name,
        evidence: ch.evidence ? JSON.stringify(ch.evidence) : "",
        intent_line: ch.evidence?.intentLine ?? "",
      });
    case "alter_column_type": {
      const cls = classifyTypeChange(ch.from.type, ch.to.type, ctx.facts);
      const same = sameType(ch.from.type, ch.to.type);
      return described(colRef(ch.table, ch.to.name), {
        class: mysqlTypeClass(ch.from, ch.to, ch.typeClass.class),
        rewrite: typeAlgorithm(ch.from, ch.to, ctx) === "copy",
        cast: cls.cast,
        same_type: same,
        collation_change: (ch.from.collation ?? "") !== (ch.to.collation ?? ""),
        guard: cls.guard ?? null,
        algorithm: typeAlgorithm(ch.from, ch.to, ctx),
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
            algorithm: "copy",
          }
          : { algorithm: "inplace" },
        {
          table: ch.table.name,
          column: ch.to.name,
          column_ref: colRef(ch.table, ch.to.name),
          default: ch.to.default?.sql ?? "",
        },
      );
    case "set_default":
    case "drop_default":
      return described(colRef(ch.table, ch.to.name), {
        had_default: !!ch.from.default,
        algorithm: "instant",
      }, {
        table: ch.table.name,
        column: ch.to.name,
        default: ch.to.default?.sql ?? "",
        old_default: ch.from.default?.sql ?? "",
      });
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
      return describeOther(ch);
  }
}

/** Changes of other objects (views, triggers ...): their name is the target. */
function describeOther(ch: Change): Described {
  const c = ch as unknown as Record<string, unknown>;
  const obj = (c.view ?? c.trigger ?? c.func ?? c.to ?? c.from ?? c.object) as
    | { name?: string; schema?: string }
    | undefined;
  const target = obj?.name
    ? obj.schema && obj.schema !== MYSQL_DEFAULT_SCHEMA ? `${obj.schema}.${obj.name}` : obj.name
    : ch.kind;
  return described(target, {}, {});
}
