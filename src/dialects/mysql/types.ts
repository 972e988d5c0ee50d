/**
 * MySQL/MariaDB type facts (`rules/types/mysql.yaml`, with `rules/types/mariadb.yaml` on top for
 * MariaDB) and the normalisation of a written column type to the model's canonical type.
 * @module
 */
// Parsed from rules/types/{mysql,mariadb}.yaml by scripts/gen_rule_catalog.ts (no YAML at run time).
import catalog from "../../../rules/catalog.json" with { type: "json" };
import type { ColumnType } from "../../model/schema.ts";
import type { TypeChangeFact, TypeFacts } from "../../model/types.ts";
import type { MysqlFlavor } from "./expr.ts";

/** A type fact of MySQL/MariaDB: the common fields plus the cheapest ALTER algorithm. */
export interface MysqlTypeChangeFact extends Omit<TypeChangeFact, "class" | "guard"> {
  class: TypeChangeFact["class"] | "by_values";
  guard?: TypeChangeFact["guard"] | "exact" | "values" | "none";
  algorithm?: "instant" | "inplace" | "copy";
}

const cache = new Map<MysqlFlavor, TypeFacts>();

/**
 * The type facts of MySQL or MariaDB (MariaDB's file extends MySQL's: its aliases and display
 * entries are added or replace, a change with the same from/to replaces, others are added).
 */
export function mysqlTypeFacts(flavor: MysqlFlavor): TypeFacts {
  let f = cache.get(flavor);
  if (f) return f;
  const types = (catalog as { types?: Record<string, unknown> }).types ?? {};
  const base = types.mysql as TypeFacts | undefined;
  if (!base) throw new Error("no type facts for mysql (rules/types/mysql.yaml)");
  if (flavor === "mysql") {
    f = base;
  } else {
    const over = (types.mariadb ?? {}) as Partial<TypeFacts>;
    const changes = [...base.changes];
    for (const c of over.changes ?? []) {
      const i = changes.findIndex((b) => b.from === c.from && b.to === c.to);
      if (i >= 0) changes[i] = c;
      else changes.push(c);
    }
    f = {
      ...base,
      dialect: "mariadb",
      aliases: { ...base.aliases, ...over.aliases },
      display: { ...base.display, ...over.display },
      changes,
    };
  }
  cache.set(flavor, f);
  return f;
}

/** A written type: its words (`double precision`), its arguments, its attributes. */
export interface WrittenType {
  /** The type name as written, lower case, words joined by one blank. */
  spelling: string;
  /** Numeric arguments (`(12,2)`); ENUM/SET values go to `values`. */
  args: number[];
  values?: string[];
  unsigned?: boolean;
  zerofill?: boolean;
}

const INTEGER_TYPES = new Set(["tinyint", "smallint", "mediumint", "int", "bigint"]);
const FSP_TYPES = new Set(["datetime", "timestamp", "time"]);
const LENGTH_DEFAULT_ONE = new Set(["char", "binary", "bit"]);

/** The canonical type of a written one, or undefined when the spelling is not a MySQL type. */
export function canonicalMysqlType(
  w: WrittenType,
  facts: TypeFacts,
): { type: ColumnType; displayWidth?: number } | undefined {
  const name = facts.aliases[w.spelling];
  if (!name) return undefined;
  const t: ColumnType = { name, mods: [], arrayDims: 0 };
  let displayWidth: number | undefined;
  if (w.spelling === "bool" || w.spelling === "boolean") displayWidth = 1;
  if (INTEGER_TYPES.has(name)) {
    if (w.args.length > 0) displayWidth = w.args[0];
  } else if (name === "decimal") {
    t.mods = [w.args[0] ?? 10, w.args[1] ?? 0];
  } else if (name === "float" || name === "double") {
    if (name === "float" && w.args.length === 1) {
      // FLOAT(p): single precision up to 24, double above.
      if (w.args[0] > 24) t.name = "double";
    } else if (w.args.length === 2) t.mods = [w.args[0], w.args[1]];
  } else if (FSP_TYPES.has(name)) {
    if ((w.args[0] ?? 0) > 0) t.mods = [w.args[0]];
  } else if (name === "year") {
    // YEAR(4) is YEAR.
  } else if (LENGTH_DEFAULT_ONE.has(name)) {
    t.mods = [w.args[0] ?? 1];
  } else if (name === "varchar" || name === "varbinary") {
    if (w.args.length > 0) t.mods = [w.args[0]];
  } else if (name === "text" || name === "blob") {
    // TEXT(n) picks the smallest type that holds n characters; without n it is TEXT.
    if (w.args.length > 0) {
      const n = w.args[0];
      const tiny = name === "text" ? "tinytext" : "tinyblob";
      const medium = name === "text" ? "mediumtext" : "mediumblob";
      const long = name === "text" ? "longtext" : "longblob";
      t.name = n < 256 ? tiny : n < 65536 ? name : n < 16777216 ? medium : long;
    }
  }
  return { type: t, displayWidth };
}

/** How a canonical type is written in SQL (`decimal(12,2)`, `enum('a','b')`). */
export function mysqlTypeSql(
  t: ColumnType,
  ext: { values?: string[]; unsigned?: boolean; zerofill?: boolean } = {},
  quote: (s: string) => string = (s) => `'${s.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`,
): string {
  let s = t.name;
  if ((t.name === "enum" || t.name === "set") && ext.values) {
    s += `(${ext.values.map(quote).join(",")})`;
  } else if (t.mods.length > 0) s += `(${t.mods.join(",")})`;
  if (ext.unsigned) s += " unsigned";
  if (ext.zerofill) s += " zerofill";
  return s;
}
