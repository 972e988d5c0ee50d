/**
 * Quoting of identifiers, literals and types in generated PostgreSQL. Every identifier and
 * literal the generator writes goes through these functions.
 * @module
 */
import type { ColumnType, QName } from "../../../model/schema.ts";
import type { TypeFacts } from "../../../model/types.ts";

/** Quotes an identifier: `users` -> `"users"`, `a"b` -> `"a""b"`. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a qualified name; the default schema is left out. */
export function qident(q: QName, defaultSchema = "public"): string {
  return q.schema === defaultSchema ? ident(q.name) : `${ident(q.schema)}.${ident(q.name)}`;
}

/** Quotes a string literal (standard_conforming_strings on): `it's` -> `'it''s'`. */
export function literal(value: string): string {
  if (value.includes("\0")) throw new Error("NUL byte in a literal");
  return `'${value.replaceAll("'", "''")}'`;
}

/** Writes a column type in SQL: `varchar(50)`, `numeric(10,2)`, `"order_status"`, `integer[]`. */
export function renderType(t: ColumnType, facts: TypeFacts): string {
  let base: string;
  if (t.schema !== undefined) {
    base = qident({ schema: t.schema, name: t.name });
  } else {
    base = facts.display[t.name] ?? t.name;
  }
  if (t.mods.length) base += `(${t.mods.join(",")})`;
  return base + "[]".repeat(t.arrayDims);
}

/** Picks a dollar-quote tag that does not occur in the body. */
export function dollarTag(body: string, base = "smartspec"): string {
  let tag = `$${base}$`;
  for (let i = 1; body.includes(tag); i++) tag = `$${base}${i}$`;
  return tag;
}
