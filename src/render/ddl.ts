/**
 * Rendering of whole PostgreSQL definitions (CREATE TABLE, CREATE INDEX, constraint and
 * column definitions) from the model. Identifiers and literals are always quoted; expressions
 * are the user's own (deparsed).
 * @module
 */
import type { Column, Constraint, Index, QName, Sequence, Table } from "../model/schema.ts";
import type { TypeFacts } from "../model/types.ts";
import { ident, qident, renderType } from "./quote.ts";

const SERIAL_BY_TYPE: Record<string, string> = {
  int2: "smallserial",
  int4: "serial",
  int8: "bigserial",
};

/** A column definition after its name: type, collation, default, identity, NOT NULL. */
export function columnDef(
  c: Column,
  facts: TypeFacts,
  opts: { nullable?: boolean; noDefault?: boolean } = {},
): string {
  let s = c.serial && SERIAL_BY_TYPE[c.type.name] && !opts.nullable
    ? SERIAL_BY_TYPE[c.type.name]
    : renderType(c.type, facts);
  if (c.collation) s += ` COLLATE ${c.collation.split(".").map(ident).join(".")}`;
  if (c.generated) s += ` GENERATED ALWAYS AS (${c.generated.sql}) STORED`;
  else if (c.identity && !opts.nullable) s += ` GENERATED ${c.identity.toUpperCase()} AS IDENTITY`;
  else if (c.default && !c.serial && !opts.noDefault) s += ` DEFAULT ${c.default.sql}`;
  if (c.notNull && !opts.nullable && !c.serial && !c.identity) s += " NOT NULL";
  return s;
}

/** A constraint's definition (after `CONSTRAINT name`). */
export function constraintDef(c: Constraint): string {
  const cols = c.columns.map(ident).join(", ");
  let s: string;
  switch (c.kind) {
    case "primary":
      s = `PRIMARY KEY (${cols})`;
      break;
    case "unique":
      s = `UNIQUE (${cols})`;
      break;
    case "check":
      s = `CHECK (${c.expr!.sql})`;
      break;
    case "foreign": {
      const r = c.ref!;
      s = `FOREIGN KEY (${cols}) REFERENCES ${qident(r.table)}` +
        ` (${r.columns.map(ident).join(", ")})`;
      if (c.match && c.match !== "SIMPLE") s += ` MATCH ${c.match}`;
      if (c.onUpdate && c.onUpdate !== "NO ACTION") s += ` ON UPDATE ${c.onUpdate}`;
      if (c.onDelete && c.onDelete !== "NO ACTION") s += ` ON DELETE ${c.onDelete}`;
      break;
    }
    default:
      s = c.rawDef ?? "";
  }
  if (c.deferrable) s += " DEFERRABLE";
  if (c.initiallyDeferred) s += " INITIALLY DEFERRED";
  return s;
}

/** CREATE TABLE with columns and non-foreign-key constraints. */
export function createTable(t: Table, facts: TypeFacts): string {
  const lines = t.columns.map((c) => `  ${ident(c.name)} ${columnDef(c, facts)}`);
  for (const c of t.constraints) {
    if (c.kind === "foreign") continue;
    lines.push(`  CONSTRAINT ${ident(c.name)} ${constraintDef(c)}`);
  }
  return `CREATE TABLE ${qident(t)} (\n${lines.join(",\n")}\n);`;
}

/** CREATE INDEX for a model index. */
export function createIndex(i: Index, opts: { concurrently?: boolean } = {}): string {
  const keys = i.keys.map((k) => {
    const base = k.column !== undefined ? ident(k.column) : `(${k.expr!.sql})`;
    return k.options ? `${base} ${k.options}` : base;
  });
  let s = `CREATE ${i.unique ? "UNIQUE " : ""}INDEX ${opts.concurrently ? "CONCURRENTLY " : ""}` +
    `${ident(i.name)} ON ${qident(i.table)}`;
  if (i.method !== "btree") s += ` USING ${ident(i.method)}`;
  s += ` (${keys.join(", ")})`;
  if (i.include.length) s += ` INCLUDE (${i.include.map(ident).join(", ")})`;
  if (i.where) s += ` WHERE ${i.where.sql}`;
  return s + ";";
}

/** Sequence options (` AS bigint START WITH 1 ...`). */
export function sequenceOptions(s: Sequence, facts: TypeFacts): string {
  const parts: string[] = [];
  if (s.dataType) parts.push(`AS ${facts.display[s.dataType] ?? s.dataType}`);
  if (s.increment !== undefined) parts.push(`INCREMENT BY ${s.increment}`);
  if (s.minValue !== undefined) parts.push(`MINVALUE ${s.minValue}`);
  if (s.maxValue !== undefined) parts.push(`MAXVALUE ${s.maxValue}`);
  if (s.start !== undefined) parts.push(`START WITH ${s.start}`);
  if (s.cache !== undefined) parts.push(`CACHE ${s.cache}`);
  if (s.cycle) parts.push("CYCLE");
  return parts.length ? " " + parts.join(" ") : "";
}

/** `schema.name` of a qualified name, for messages. */
export function display(q: QName): string {
  return q.schema === "public" ? q.name : `${q.schema}.${q.name}`;
}
