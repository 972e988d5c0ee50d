/**
 * Which `ALTER TABLE ... ALGORITHM` the server can use for a change: `instant` (metadata only),
 * `inplace` (no table copy, but maybe a rebuild or an index build; writes go on) or `copy` (the
 * table is copied and writes wait). A fused `ALTER TABLE` of several changes takes the most
 * expensive of its parts ({@link fusedAlgorithm}); writing it as `ALGORITHM=<that>` makes the
 * server refuse rather than silently copy a big table.
 *
 * MariaDB's answers are checked against MariaDB 10.11 by the tests (each case is run with every
 * algorithm); MySQL's follow the MySQL 8.0 online DDL tables (8.0.29+ for instant column drops
 * and positions).
 * @module
 */
import type { Column } from "../../model/schema.ts";
import type { MysqlFlavor } from "./expr.ts";

/** How the server can run a change. */
export type Algorithm = "instant" | "inplace" | "copy";

const ORDER: Algorithm[] = ["instant", "inplace", "copy"];

/** The algorithm of a fused ALTER: the most expensive of its parts (instant when empty). */
export function fusedAlgorithm(parts: Algorithm[]): Algorithm {
  return parts.reduce<Algorithm>(
    (a, b) => (ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a),
    "instant",
  );
}

/** One change of an ALTER TABLE. */
export type AlterOp =
  | { op: "modify_column"; from: Column; to: Column }
  | { op: "add_column"; column: Column }
  | { op: "drop_column" }
  | { op: "rename_column" }
  | { op: "add_index"; method: string; unique: boolean }
  | { op: "drop_index" }
  | { op: "rename_index" }
  | { op: "add_check" }
  | { op: "drop_check" }
  | { op: "add_foreign_key"; foreignKeyChecks?: boolean }
  | { op: "drop_foreign_key" }
  | { op: "table_comment" };

/** Bytes per character of a charset (utf8mb4 when unknown). */
function maxBytes(charset: string | undefined): number {
  switch (charset) {
    case "latin1":
    case "ascii":
    case "binary":
    case "latin2":
    case "cp1250":
    case "cp1251":
    case "cp1252":
      return 1;
    case "ucs2":
      return 2;
    case "utf8":
    case "utf8mb3":
      return 3;
    default:
      return 4;
  }
}

function byteLength(c: Column, defaultCharset: string): number {
  const chars = c.type.mods[0] ?? 1;
  return c.type.name === "varbinary" ? chars : chars * maxBytes(c.mysql?.charset ?? defaultCharset);
}

/** Growing a VARCHAR: in place while InnoDB's length prefix is unchanged. */
function varcharGrowth(
  from: Column,
  to: Column,
  flavor: MysqlFlavor,
  defaultCharset: string,
): Algorithm {
  const a = byteLength(from, defaultCharset), b = byteLength(to, defaultCharset);
  if (b < a) return "copy";
  if (flavor === "mariadb") {
    // Values below 128 bytes have a 1-byte length either way; above 255 bytes both use 2.
    return a <= 127 || a > 255 || b <= 255 ? "instant" : "copy";
  }
  return (a <= 255) === (b <= 255) ? "inplace" : "copy";
}

function sameList(a: string[] | undefined, b: string[] | undefined): boolean {
  return (a ?? []).join("\u0000") === (b ?? []).join("\u0000");
}

/** The parts of a column definition that change, compared. */
function modifyColumn(
  from: Column,
  to: Column,
  flavor: MysqlFlavor,
  defaultCharset: string,
): Algorithm {
  const f = from.mysql ?? {}, t = to.mysql ?? {};
  const parts: Algorithm[] = [];
  const sameBase = from.type.name === to.type.name && !!f.unsigned === !!t.unsigned &&
    !!f.zerofill === !!t.zerofill && (f.charset ?? "") === (t.charset ?? "") &&
    (from.collation ?? "") === (to.collation ?? "");
  if (!sameBase) return "copy";
  if (from.type.mods.join(",") !== to.type.mods.join(",")) {
    if (from.type.name === "varchar" || from.type.name === "varbinary") {
      parts.push(varcharGrowth(from, to, flavor, defaultCharset));
    } else return "copy";
  }
  if (from.type.name === "enum" || from.type.name === "set") {
    const a = f.values ?? [], b = t.values ?? [];
    const appended = b.length >= a.length && a.every((v, i) => b[i] === v);
    if (!appended) return "copy";
    if (b.length > a.length) parts.push("instant");
  } else if (!sameList(f.values, t.values)) return "copy";
  if ((from.generated?.key ?? "") !== (to.generated?.key ?? "") || f.storage !== t.storage) {
    return "copy";
  }
  if (from.notNull !== to.notNull) parts.push("inplace");
  if (!!f.autoIncrement !== !!t.autoIncrement) return "copy";
  // Defaults, comments, ON UPDATE and visibility are metadata.
  return fusedAlgorithm(parts);
}

/**
 * The cheapest algorithm the server accepts for one change. `defaultCharset` is the table's
 * charset (for VARCHAR byte lengths).
 */
export function alterAlgorithm(
  op: AlterOp,
  flavor: MysqlFlavor,
  defaultCharset = "utf8mb4",
): Algorithm {
  switch (op.op) {
    case "modify_column":
      return modifyColumn(op.from, op.to, flavor, defaultCharset);
    case "add_column":
      // A stored generated column or an AUTO_INCREMENT computes every row.
      if (op.column.generated && op.column.mysql?.storage === "stored") return "copy";
      if (op.column.mysql?.autoIncrement) return "copy";
      return "instant";
    case "drop_column":
    case "rename_column":
    case "rename_index":
    case "table_comment":
      return "instant";
    case "add_index":
      return "inplace";
    case "drop_index":
      return flavor === "mariadb" ? "inplace" : "inplace";
    case "add_check":
      return "copy";
    case "drop_check":
      return "instant";
    case "add_foreign_key":
      return op.foreignKeyChecks === false ? "inplace" : "copy";
    case "drop_foreign_key":
      return flavor === "mariadb" ? "instant" : "inplace";
  }
}
