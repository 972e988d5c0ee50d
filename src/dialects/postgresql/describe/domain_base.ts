/**
 * A domain whose base type (or collation) changes, which ALTER DOMAIN cannot do: the new
 * definition is created under a temporary name, every column of the domain is converted to it
 * behind a guard, the old domain is dropped and the new one takes its name. The guard stops
 * the migration on the rows whose value would not come back unchanged (a cast that fails,
 * truncates or rounds) or would violate the new domain's constraints, counting them and showing
 * up to 3 by key with their values; so the rollback, the same recipe the other way, restores
 * every value exactly.
 * @module
 */
import { columnsOfType, type Domain, type Schema } from "../../../model/schema.ts";
import type { TypeFacts } from "../../../model/types.ts";
import { renameColumnsInExpr } from "../parse/pg_expr.ts";
import { createDomain, display } from "../render/ddl.ts";
import { dollarTag, ident, literal, qident, renderType } from "../render/quote.ts";
import { CASTABLE_FN, guardBlock } from "./helpers.ts";

/** The session's table of column defaults kept across a domain's conversion. */
const DEFAULTS = "pg_temp.smartspec_domain_defaults";

/** Suffix of the temporary name a domain's new definition is created under. */
const TMP = "_smartspec_new";

/**
 * True when every use of the domain is a plain column that stays (no arrays of it, no other
 * domain or composite type over it, as many columns of it before as after): only then can
 * the columns be converted and the old domain dropped.
 */
export function convertible(a: Domain, b: Domain, from: Schema, to: Schema): boolean {
  const uses = (s: Schema, d: Domain) => columnsOfType(s, d);
  const plain = (s: Schema, d: Domain) => uses(s, d).every((u) => u.column.type.arrayDims === 0);
  const over = (s: Schema, d: Domain) =>
    [...s.domains.values()].some((x) => x.base.schema === d.schema && x.base.name === d.name) ||
    [...s.composites.values()].some((c) =>
      c.attributes.some((x) => x.type.schema === d.schema && x.type.name === d.name)
    );
  return plain(from, a) && plain(to, b) && !over(from, a) && !over(to, b) &&
    uses(from, a).length === uses(to, b).length;
}

/** The SQL that turns domain `a` into `b` over the columns of `schema` (names at that time). */
export function convertDomain(a: Domain, b: Domain, schema: Schema, facts: TypeFacts): string {
  const tmpName = b.name.slice(0, 63 - TMP.length) + TMP;
  const tmp = { ...b, name: tmpName };
  const newBase = renderType(b.base, facts) +
    (b.collation ? ` COLLATE ${b.collation.split(".").map(ident).join(".")}` : "");
  const oldBase = renderType(a.base, facts);
  const out: string[] = [];
  const uses = columnsOfType(schema, b);
  for (const { table, column } of uses) {
    const c = ident(column.name);
    const where = [
      `CASE WHEN ${c} IS NULL THEN ${b.notNull ? "true" : "false"} ` +
      `WHEN NOT ${CASTABLE_FN}(${c}::text, ${literal(renderType(b.base, facts))}) THEN true ` +
      `ELSE ${c}::${renderType(b.base, facts)}::${oldBase} IS DISTINCT FROM ${c}::${oldBase} END`,
      ...b.checks.map((k) =>
        `(${renameColumnsInExpr(k.expr, new Map([["value", column.name]])).sql}) IS FALSE`
      ),
    ].join(" OR ");
    out.push(guardBlock(
      `SELECT 1 FROM ${qident(table)} WHERE ${where}`,
      `${display(table)}.${column.name} has values that domain ${display(b)} ` +
        `(${renderType(b.base, facts)}) cannot hold unchanged`,
      { table: qident(table), rel: ident(table.name), where, columns: [c] },
    ));
  }
  out.push(createDomain(tmp, facts));
  const alter = (u: (typeof uses)[number]) =>
    `ALTER TABLE ${qident(u.table)} ALTER COLUMN ${ident(u.column.name)}`;
  // a column's own default may name the domain (`'x'::code`): kept as the server prints it,
  // dropped, and set again from that text once the new domain has the name
  const withDefault = uses.filter((u) => u.column.default);
  if (withDefault.length) {
    out.push(
      `CREATE TEMP TABLE IF NOT EXISTS ${DEFAULTS} (rel regclass, col name, expr text);`,
      ...withDefault.map((u) =>
        `INSERT INTO ${DEFAULTS} SELECT d.adrelid::regclass, a.attname, ` +
        `pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a ` +
        `ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = ${
          literal(qident(u.table))
        }::regclass AND a.attname = ${literal(u.column.name)};`
      ),
      ...withDefault.map((u) => `${alter(u)} DROP DEFAULT;`),
    );
  }
  for (const u of uses) {
    out.push(`${alter(u)} TYPE ${qident(tmp)} USING ${ident(u.column.name)}::${newBase};`);
  }
  out.push(`DROP DOMAIN ${qident(a)};`);
  out.push(`ALTER DOMAIN ${qident(tmp)} RENAME TO ${ident(b.name)};`);
  if (withDefault.length) {
    const body = `\nDECLARE\n  r record;\nBEGIN\n  FOR r IN SELECT * FROM ${DEFAULTS} LOOP\n` +
      `    EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET DEFAULT %s', r.rel, r.col, r.expr);\n` +
      `  END LOOP;\n  DELETE FROM ${DEFAULTS};\nEND\n`;
    const tag = dollarTag(body);
    out.push(`DO ${tag}${body}${tag};`);
  }
  return out.join("\n");
}
