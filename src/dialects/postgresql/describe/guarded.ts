/**
 * Guarded conversions: what the rules see of a type change that has no lossless path (text to
 * integer, one enum to another): the rows that would not convert (the guard counts them and
 * shows up to 3 keys and values), the conversion through the text form, and the archive of the
 * values that would not come back unchanged, so that the rollback restores them exactly ('007'
 * comes back as '007', not '7').
 * @module
 */
import type { Column, ColumnType } from "../../../model/schema.ts";
import type { TypeFacts } from "../../../model/types.ts";
import { ident, renderType } from "../render/quote.ts";
import { NUMBER_TYPES, roundTripCheck } from "./helpers.ts";

/**
 * How a guarded conversion goes: numbers convert as values (numeric 2.50 to integer 3), anything
 * else through its text (`::text`, written between the value and the cast to the new type).
 */
export function conversionVia(from: ColumnType, to: ColumnType): string {
  const byValue = !from.arrayDims && !to.arrayDims && NUMBER_TYPES.has(from.name) &&
    NUMBER_TYPES.has(to.name);
  return byValue ? "" : "::text";
}

/** The variables of a guarded conversion of `column` from `from` to `to` (see the module). */
export function guardedConversionVars(
  column: string,
  from: ColumnType,
  to: ColumnType,
  key: string[] | undefined,
  facts: TypeFacts,
  castable: (col: string, t: ColumnType) => string,
  lengthCheck: (cond: string) => string,
): Record<string, string> {
  const c = ident(column);
  const toT = renderType(to, facts), fromT = renderType(from, facts);
  const via = conversionVia(from, to);
  const byValue = via === "";
  const back = `${c}${via}::${toT}${via}::${fromT}`;
  return {
    convert_violation: lengthCheck(
      byValue ? roundTripCheck(column, from, to, facts, false) : castable(column, to),
    ),
    convert_back_violation: byValue
      ? roundTripCheck(column, to, from, facts, false)
      : castable(column, from),
    convert_using: `${c}${via}::${toT}`,
    convert_back_using: `${c}${via}::${fromT}`,
    // rows whose value would not come back unchanged from the conversion and its reverse
    // (numbers through the helper: a value that rounds to the edge may not fit back)
    lossy_rows: byValue
      ? roundTripCheck(column, from, to, facts, true)
      : `${c} IS NOT NULL AND (${back})::text IS DISTINCT FROM ${c}::text`,
    archive_columns: key?.length ? [...key.map(ident), `${c}::text AS ${c}`].join(", ") : "",
    restored_value: `a.${c}::${fromT}`,
  };
}

/** The variable names of {@link guardedConversionVars}. */
export const GUARDED_CONVERSION_VARS = [
  "convert_violation",
  "convert_back_violation",
  "convert_using",
  "convert_back_using",
  "lossy_rows",
  "archive_columns",
  "restored_value",
  "archive",
  "key_join",
  "default_off",
  "default_on",
  "default_back_on",
];

/** True when `key` can match archived rows back after `column` changes type. */
export function usableKey(key: string[] | undefined, column: Column): key is string[] {
  return !!key?.length && !key.includes(column.name);
}

/**
 * Archive and restore of a column dropped from a table without a key: the archive keeps every
 * row (the column's value and the other columns as text, numbered among rows with the same
 * other columns by physical position); the rollback matches rows by those columns and pairs
 * duplicates by position (`row_number()` over the same columns), so every value comes back.
 * `others` are the columns the table keeps unchanged (same name and type) at that step.
 */
export function wholeRowArchive(
  table: string,
  column: string,
  others: string[],
  archive: string,
  restoredValue: string,
): { archive_rows: string; restore_rows: string } {
  const c = ident(column);
  const texts = others.map((o) => `${ident(o)}::text`);
  const number = `row_number() OVER (${
    texts.length ? `PARTITION BY ${texts.join(", ")} ` : ""
  }ORDER BY tableoid, ctid)`;
  const archiveRows = `SELECT ${
    [...others.map((o) => `${ident(o)}::text AS ${ident(o)}`), c].join(", ")
  }, ${number} AS "smartspec_n" FROM ${table}`;
  const joined = [
    `a."smartspec_n" = r."smartspec_n"`,
    ...others.map((o) => `a.${ident(o)} IS NOT DISTINCT FROM r.${ident(o)}`),
  ].join(" AND ");
  const current = `SELECT tableoid AS "smartspec_oid", ctid AS "smartspec_ctid", ${
    [...others.map((o) => `${ident(o)}::text AS ${ident(o)}`), `${number} AS "smartspec_n"`]
      .join(", ")
  } FROM ${table}`;
  const restore = `UPDATE ${table} AS t SET ${c} = m.${c} FROM (SELECT r."smartspec_oid", ` +
    `r."smartspec_ctid", ${restoredValue} AS ${c} FROM (${current}) AS r JOIN ${archive} AS a ` +
    `ON ${joined}) AS m WHERE t.tableoid = m."smartspec_oid" AND t.ctid = m."smartspec_ctid";`;
  return { archive_rows: archiveRows, restore_rows: restore };
}
