/**
 * Intents that contradict each other or the schemas: two intents that move the same column
 * (two renames, a rename and a split, ...), two that write the same target column, a split into
 * a column that exists already, a `drop:` of a column that the target schema still has. Each is
 * an input error naming the spec lines of the intents involved.
 * @module
 */
import { InputError } from "../errors.ts";
import { qkey, type Schema, type Table } from "../model/schema.ts";
import type { ColRef, Intent } from "./spec.ts";

/** `table.column` with the default schema left out, for comparing references. */
function refKey(r: ColRef): string {
  return `${r.table.replace(/^public\./, "")}.${r.column}`;
}

/** The column references an intent reads from (sources) and writes to (targets). */
function sides(i: Intent): { sources: ColRef[]; targets: ColRef[] } {
  switch (i.kind) {
    case "rename":
    case "transform":
      return { sources: [i.from], targets: [i.to] };
    case "split":
      return { sources: [i.from], targets: i.to };
    case "merge":
      return { sources: i.from, targets: [i.to] };
    default:
      return { sources: [], targets: [] };
  }
}

const verb = (i: Intent) => i.kind === "rename_table" ? "rename_table" : i.kind;

/**
 * Throws when two intents of a spec conflict: the same source column moved twice, the same
 * target column written twice, or a dropped column that another intent moves.
 */
export function checkIntentConflicts(intents: Intent[], specPath: string): void {
  const fail = (a: Intent, b: Intent, what: string) =>
    new InputError(
      `the ${verb(b)} intent conflicts with the ${verb(a)} intent of line ${a.line}: ${what}`,
      { file: specPath, line: b.line },
    );
  const readBy = new Map<string, Intent>();
  const writtenBy = new Map<string, Intent>();
  for (const i of intents) {
    const { sources, targets } = sides(i);
    const mine = new Set<string>();
    for (const s of sources) {
      const k = refKey(s);
      const prev = readBy.get(k);
      if (prev && prev !== i) throw fail(prev, i, `both change ${k}`);
      readBy.set(k, i);
      mine.add(k);
    }
    for (const t of targets) {
      const k = refKey(t);
      const prev = writtenBy.get(k);
      if (prev && prev !== i) throw fail(prev, i, `both write ${k}`);
      writtenBy.set(k, i);
    }
  }
  for (const i of intents) {
    if (i.kind !== "drop") continue;
    const k = i.target.replace(/^public\./, "");
    const other = readBy.get(k) ?? writtenBy.get(k);
    if (other) throw fail(other, i, `${k} is dropped and also moved`);
  }
}

function table(schema: Schema, name: string): Table | undefined {
  const parts = name.split(".");
  const q = parts.length > 1
    ? { schema: parts[0], name: parts[1] }
    : { schema: "public", name: parts[0] };
  return schema.tables.get(qkey(q));
}

const hasColumn = (t: Table | undefined, c: string) => !!t?.columns.some((x) => x.name === c);

/**
 * Throws when an intent contradicts the schemas: a split whose target column exists already in
 * the from-schema (its values would be overwritten), or a `drop:` of a column or table that the
 * to-schema still has.
 */
export function checkIntentsAgainstSchemas(
  intents: Intent[],
  from: Schema,
  to: Schema,
  specPath: string,
): void {
  for (const i of intents) {
    const fail = (msg: string) => new InputError(msg, { file: specPath, line: i.line });
    if (i.kind === "split") {
      for (const t of i.to) {
        if (t.column === i.from.column && t.table === i.from.table) continue;
        if (hasColumn(table(from, t.table), t.column)) {
          throw fail(
            `split target ${refKey(t)} exists already in ${from.file}: the split would ` +
              `overwrite its values; split into new columns (or drop ${refKey(t)} first)`,
          );
        }
      }
    }
    if (i.kind === "drop") {
      const parts = i.target.split(".");
      if (parts.length >= 2) {
        const col = parts[parts.length - 1];
        const t = table(to, parts.slice(0, -1).join("."));
        if (hasColumn(t, col) && hasColumn(table(from, parts.slice(0, -1).join(".")), col)) {
          throw fail(
            `drop intent names ${i.target}, which ${to.file} still has; remove the intent or ` +
              `the column`,
          );
        }
      }
      if (table(to, i.target) && table(from, i.target)) {
        throw fail(
          `drop intent names table ${i.target}, which ${to.file} still has; remove the intent ` +
            `or the table`,
        );
      }
    }
  }
}
