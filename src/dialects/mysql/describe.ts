/**
 * What the MySQL/MariaDB rules see of a change: the target as the report writes it and the facts
 * that `match.when` tests (the same fact names as the other dialects, plus `algorithm`: the
 * cheapest ALTER algorithm the server can use, instant, inplace or copy). MySQL rules are
 * `lowered` (the dialect writes the statements: a table's changes become one ALTER TABLE, see
 * lower.ts), so the template variables are only the names that messages use.
 * @module
 */
import type { DescribeContext, Described, Facts } from "../../classify/described.ts";
import { describeLowered, loweredVarsOf, type Naming } from "../../classify/describe_lowered.ts";
import type { Change } from "../../diff/changes.ts";
import { type Column, type QName, rowKey, type Table } from "../../model/schema.ts";
import { MYSQL_DEFAULT_SCHEMA } from "./names.ts";
import { colExt, effectiveCharset, typeSql } from "./ddl_model.ts";
import { sameType } from "../../model/types.ts";
import type { MysqlTypeChangeFact } from "./types.ts";

/** `users`, or `other.users` for a table of another database. */
export function display(q: QName): string {
  return q.schema === MYSQL_DEFAULT_SCHEMA ? q.name : `${q.schema}.${q.name}`;
}

/** Template variables of a kind for MySQL rules (common ones included). */
export const mysqlVarsOf = loweredVarsOf;

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
  if (!!ef.unsigned !== !!et.unsigned || effectiveCharset(from) !== effectiveCharset(to)) {
    return "copy";
  }
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
  if (sameType(from.type, to.type) && effectiveCharset(from) !== effectiveCharset(to)) {
    return charsetClass(from, to);
  }
  return base;
}

/** Charsets every character of which utf8mb4 holds. */
const INTO_UTF8MB4 = new Set(["utf8mb3", "ascii", "latin1", "ucs2", "utf16", "utf32"]);

/**
 * A change of charset or collation of the same type: a new collation, or a charset that holds
 * every character of the old one (utf8mb3 -> utf8mb4), widens; other charsets narrow (the
 * preflight checks that every value converts).
 */
function charsetClass(from: Column, to: Column): string {
  const a = effectiveCharset(from).split("/")[0], b = effectiveCharset(to).split("/")[0];
  if (a === b || (b === "utf8mb4" && INTO_UTF8MB4.has(a))) return "widen";
  return "narrow";
}

/** How the server can add a column: instant at the end or anywhere (8.0.29+, MariaDB 10.4+). */
function addColumnAlgorithm(c: Column): string {
  if (c.generated && colExt(c).storage === "stored") return "copy";
  if (colExt(c).autoIncrement) return "copy";
  return "instant";
}

const NAMING: Naming = {
  defaultSchema: MYSQL_DEFAULT_SCHEMA,
  typeText: (c) => typeSql(c),
  hasRowKey,
};

/** MySQL's facts on top of the common ones: the ALTER algorithm, its own type classes. */
function mysqlFacts(ch: Change, ctx: DescribeContext): Facts {
  switch (ch.kind) {
    case "add_column":
      return { algorithm: addColumnAlgorithm(ch.column) };
    case "drop_column":
      return { not_null: ch.column.notNull, algorithm: "instant" };
    case "rename_column":
    case "set_default":
    case "drop_default":
      return { algorithm: "instant" };
    case "alter_column_type": {
      const algorithm = typeAlgorithm(ch.from, ch.to, ctx);
      return {
        class: mysqlTypeClass(ch.from, ch.to, ch.typeClass.class),
        rewrite: algorithm === "copy",
        algorithm,
      };
    }
    case "set_not_null":
      return { algorithm: "copy" };
    case "alter_column_options":
      // a comment, ON UPDATE or INVISIBLE changes only the definition; a move or AUTO_INCREMENT copies
      return {
        algorithm: ch.options.some((o) => o === "position" || o === "auto_increment")
          ? "copy"
          : "instant",
      };
    case "alter_table_options":
      return {
        algorithm: ch.options.some((o) => o === "engine" || o === "row_format" || o === "charset")
          ? "copy"
          : "instant",
      };
    case "drop_not_null":
      return { algorithm: "inplace" };
    default:
      return {};
  }
}

/** Describes one change for the MySQL/MariaDB rules. */
export function describeMysql(ch: Change, ctx: DescribeContext): Described {
  const d = describeLowered(ch, ctx, NAMING);
  return { ...d, facts: { ...d.facts, ...mysqlFacts(ch, ctx) } };
}
