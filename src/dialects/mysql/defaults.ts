/**
 * Canonical column defaults: a literal default is written the way the server stores it for the
 * column's type, so that `DEFAULT 0`, `DEFAULT '0.00'` and `DEFAULT 0.00` on a DECIMAL(8,2) are one
 * default, and a number on a VARCHAR is the string it becomes. Expression defaults are kept.
 * @module
 */
import type { ColumnType } from "../../model/schema.ts";
import { isWord, significant, unquoteString } from "./lex.ts";

const INTEGER = new Set(["tinyint", "smallint", "mediumint", "int", "bigint", "year"]);
const FLOATS = new Set(["float", "double"]);
/** The character types: the ones that take a charset and collation. */
export const CHARACTER_TYPES: ReadonlySet<string> = new Set([
  "char",
  "varchar",
  "tinytext",
  "text",
  "mediumtext",
  "longtext",
  "enum",
  "set",
]);
const STRINGS = new Set([
  ...CHARACTER_TYPES,
  "date",
  "datetime",
  "timestamp",
  "time",
  "json",
]);

/** The value of a one-literal default: a string, a (signed) number or TRUE/FALSE. */
function literal(sql: string): { kind: "string" | "number"; value: string } | undefined {
  let toks = significant(sql);
  while (toks.length >= 2 && toks[0].text === "(" && toks[toks.length - 1].text === ")") {
    toks = toks.slice(1, -1);
  }
  if (toks.length === 1 && toks[0].kind === "string") {
    return { kind: "string", value: unquoteString(toks[0].text) };
  }
  if (toks.length === 1 && isWord(toks[0], "TRUE", "FALSE")) {
    return { kind: "number", value: isWord(toks[0], "TRUE") ? "1" : "0" };
  }
  const sign = toks.length === 2 && (toks[0].text === "-" || toks[0].text === "+")
    ? toks[0].text
    : "";
  const num = toks[sign ? 1 : 0];
  if (toks.length === (sign ? 2 : 1) && num.kind === "number" && !/^0[xb]/i.test(num.text)) {
    return { kind: "number", value: (sign === "-" ? "-" : "") + num.text };
  }
  return undefined;
}

/** A decimal number's text with exactly `scale` digits after the point (no rounding). */
function fixedScale(v: string, scale: number): string | undefined {
  const m = /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(v.trim());
  if (!m) return undefined;
  const int = (m[2] || "0").replace(/^0+(?=\d)/, "");
  const frac = (m[3] ?? "").padEnd(scale, "0").slice(0, scale);
  const neg = m[1] === "-" && /[1-9]/.test(int + frac);
  return `${neg ? "-" : ""}${int}${scale > 0 ? "." + frac : ""}`;
}

function quote(v: string): string {
  return `'${v.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}

/**
 * The canonical SQL of a default for a column type, or undefined to keep it as written (an
 * expression, or a literal whose canonical form is not known).
 */
export function canonicalDefaultSql(sql: string, type: ColumnType): string | undefined {
  if (type.name === "bit") return bitLiteral(sql);
  const lit = literal(sql);
  if (!lit) return undefined;
  const v = lit.value;
  if (INTEGER.has(type.name)) {
    if (!/^\s*[-+]?\d+(\.\d*)?\s*$/.test(v)) return undefined;
    return fixedScale(v, 0);
  }
  if (type.name === "decimal") {
    if (!/^\s*[-+]?\d*(\.\d*)?\s*$/.test(v)) return undefined;
    return fixedScale(v, type.mods[1] ?? 0);
  }
  if (FLOATS.has(type.name)) {
    const n = Number(v);
    return Number.isFinite(n) && v.trim() !== "" ? String(n) : undefined;
  }
  if (STRINGS.has(type.name)) return quote(v);
  return undefined;
}

/** A BIT default as `b'<binary digits without leading zeros>'` (how the server shows it). */
function bitLiteral(sql: string): string | undefined {
  const toks = significant(sql);
  let n: bigint | undefined;
  try {
    if (toks.length === 2 && isWord(toks[0], "B") && toks[1].kind === "string") {
      n = BigInt("0b" + (unquoteString(toks[1].text) || "0"));
    } else if (toks.length === 2 && isWord(toks[0], "X") && toks[1].kind === "string") {
      n = BigInt("0x" + (unquoteString(toks[1].text) || "0"));
    } else if (toks.length === 1 && toks[0].kind === "number") n = BigInt(toks[0].text);
  } catch {
    return undefined;
  }
  return n === undefined ? undefined : `b'${n.toString(2)}'`;
}
