/**
 * `accept_loss: table.column` with a `reason:`: the spec accepts that the values of a column are
 * not restored exactly (a deliberate cleanup such as '' -> NULL), so verification leaves the
 * column out of its data comparisons (saying so, with the reason) instead of failing forever.
 * @module
 */
import { InputError } from "../errors.ts";
import type { Schema } from "../model/schema.ts";
import type { Spec } from "./spec.ts";

/** A column whose loss the spec accepts. */
export interface AcceptedLoss {
  /** Table as written in the intent (possibly schema-qualified). */
  table: string;
  column: string;
  reason: string;
}

/** The accept_loss intents of a spec, checked against the to-schema (InputError at the line). */
export function acceptedLosses(spec: Spec, to: Schema, defaultSchema = "public"): AcceptedLoss[] {
  const out: AcceptedLoss[] = [];
  for (const i of spec.intents) {
    if (i.kind !== "accept_loss") continue;
    const parts = i.target.table.split(".");
    const [schema, name] = parts.length > 1
      ? [parts[0], parts.slice(1).join(".")]
      : [defaultSchema, parts[0]];
    const table = [...to.tables.values()].find((t) => t.schema === schema && t.name === name);
    if (!table?.columns.some((c) => c.name === i.target.column)) {
      throw new InputError(
        `accept_loss names ${i.target.table}.${i.target.column}, which is not a column of ` +
          `${to.file}`,
        { file: spec.path, line: i.line },
      );
    }
    out.push({ table: i.target.table, column: i.target.column, reason: i.reason });
  }
  return out;
}
