/**
 * Values for generated rows, per column type: first the edge values that break naive
 * transforms (NULL, empty strings, separators at the ends, maximum lengths, extreme numbers,
 * non-ASCII text, special floats and dates), then ordinary values that differ per row. Values
 * are PostgreSQL text input (the caller quotes and casts them); `null` is SQL NULL.
 * @module
 */
import type { ColumnType } from "../../../model/schema.ts";
import { type TypeFacts, typeRange } from "../../../model/types.ts";

/** What a column's values must respect. */
export interface ValueSpec {
  /** The type whose values are generated (the column's, or a narrower one that it must fit). */
  type: ColumnType;
  notNull: boolean;
  /** No two rows may hold the same value. */
  unique: boolean;
  /** Enum labels, for enum types. */
  labels?: string[];
  /** Realistic values from the intent (`samples:`): used instead of generated ones. */
  samples?: string[];
  /** A separator a split or merge cuts at: edge values put it at the ends and twice. */
  separator?: string;
  /** Only NULL fits (e.g. a new foreign key to a table the migration creates empty). */
  nullOnly?: boolean;
}

/** Characters of varied UTF-8 lengths (2, 3 and 4 bytes), so that bytes and characters differ. */
const NON_ASCII = "Zoë Ünïcødé — 日本語 🙂";

function codePoints(s: string): string[] {
  return Array.from(s);
}

/** Cuts a string to at most `n` characters (code points, as PostgreSQL counts them). */
export function clip(s: string, n: number): string {
  const cps = codePoints(s);
  return cps.length <= n ? s : cps.slice(0, n).join("");
}

/** The declared maximum length in characters of a string type, or undefined when unbounded. */
export function maxLength(t: ColumnType): number | undefined {
  if (t.name === "varchar") return t.mods[0];
  if (t.name === "bpchar") return t.mods[0] ?? 1;
  return undefined;
}

function textEdges(t: ColumnType, sep: string | undefined): string[] {
  const n = maxLength(t);
  const out = [
    "",
    " ",
    " leading space",
    "trailing space ",
    NON_ASCII,
    `O'Brien "quoted" back\\slash`,
    "line one\nline two\ttab",
    "NULL",
    "%_*?",
  ];
  if (sep !== undefined && sep !== "") {
    out.push(
      sep,
      `${sep}starts with separator`,
      `ends with separator${sep}`,
      `two${sep}${sep}separators`,
      `Mary${sep}Ann${sep}Smith`,
      `no_separator_here`,
    );
  }
  // the maximum length, in characters of two bytes each
  const longest = n ?? 1000;
  out.push("é".repeat(longest), "x".repeat(longest));
  const seen = new Set<string>();
  return out.map((s) => (n === undefined ? s : clip(s, n))).filter((s) => {
    if (seen.has(s)) return false;
    seen.add(s);
    return true;
  });
}

function textRegular(t: ColumnType, i: number, sep: string | undefined): string {
  const n = maxLength(t);
  const s = sep ? `First${i}${sep}Last ${i}` : `value ${i} ${["α", "ß", "ç", "ø"][i % 4]}`;
  // the row number first when clipping, so that values stay distinct
  return n === undefined ? s : clip(`${i}:${s}`, n);
}

/** `numeric(p, s)`: largest value with p digits, s of them after the point. */
function numericEdges(t: ColumnType): string[] {
  if (!t.mods.length) {
    return [
      "0",
      "-1.5",
      "123456789012345678901234567890.123456789",
      "-0.000000001",
      "1e-20",
      "NaN",
      "Infinity",
      "-Infinity",
    ];
  }
  const [p, s = 0] = t.mods;
  const intDigits = Math.max(0, p - s);
  const max = (intDigits ? "9".repeat(intDigits) : "0") + (s > 0 ? "." + "9".repeat(s) : "");
  const out = ["0", max, `-${max}`];
  if (s > 0) out.push(`0.${"0".repeat(s - 1)}1`, `-0.${"0".repeat(s - 1)}1`);
  if (intDigits >= 1) out.push("1", "-1");
  return out;
}

/** Small positive numbers: ordinary rows should pass ordinary checks (`>= 0`, `< 100`). */
function numericRegular(t: ColumnType, i: number): string {
  if (!t.mods.length) return `${2 + i}.25`;
  const [p, s = 0] = t.mods;
  const intDigits = Math.max(0, p - s);
  const limit = intDigits ? 10 ** Math.min(intDigits, 15) : 1;
  const whole = limit > 1 ? (2 + (i % 90)) % limit : 0;
  if (s === 0) return String(whole);
  const frac = String((i * 37 + 5) % 10 ** Math.min(s, 6)).padStart(Math.min(s, 6), "0");
  return `${whole}.${frac}`;
}

function intEdges(t: ColumnType, facts: TypeFacts): string[] {
  const r = typeRange(t.name, facts);
  return r ? ["0", "1", "-1", r[1], r[0]] : ["0", "1", "-1"];
}

const FLOAT_EDGES: Record<string, string[]> = {
  float4: ["0", "-1.5", "3.4028235e+38", "-3.4028235e+38", "1e-45", "NaN", "Infinity", "-Infinity"],
  float8: [
    "0",
    "-1.5",
    "1.7976931348623157e+308",
    "-1.7976931348623157e+308",
    "5e-324",
    "NaN",
    "Infinity",
    "-Infinity",
  ],
};

function pad(n: number | string, w = 2): string {
  return String(n).padStart(w, "0");
}

function dateOf(i: number): string {
  const d = new Date(Date.UTC(2001, 0, 1) + i * 86_400_000 * 3);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function timeOf(i: number): string {
  return `${pad((i * 7) % 24)}:${pad((i * 13) % 60)}:${pad((i * 17) % 60)}`;
}

function uuidOf(i: number): string {
  const hex = (i + 1).toString(16).padStart(12, "0");
  return `00000000-0000-4000-8000-${hex}`;
}

interface Gen {
  edges: string[];
  regular: (i: number) => string;
}

function scalarGen(t: ColumnType, facts: TypeFacts, spec: ValueSpec): Gen | undefined {
  if (spec.labels) {
    const labels = spec.labels;
    return labels.length ? { edges: labels, regular: (i) => labels[i % labels.length] } : undefined;
  }
  if (t.schema !== undefined) return undefined; // a user type verification cannot fill
  switch (t.name) {
    case "int2":
    case "int4":
    case "int8":
    case "oid": {
      const r = typeRange(t.name, facts);
      const max = r ? Number(r[1]) : 2 ** 31;
      return {
        edges: t.name === "oid" ? ["0", "4294967295"] : intEdges(t, facts),
        regular: (i) => String((2 + i) % max),
      };
    }
    case "numeric":
      return { edges: numericEdges(t), regular: (i) => numericRegular(t, i) };
    case "float4":
    case "float8":
      return { edges: FLOAT_EDGES[t.name], regular: (i) => `${i}.25` };
    case "money":
      return {
        edges: ["0", "-92233720368547758.08", "92233720368547758.07", "0.01"],
        regular: (i) => `${i}.50`,
      };
    case "bool":
      return { edges: ["true", "false"], regular: (i) => (i % 2 ? "true" : "false") };
    case "text":
    case "varchar":
    case "bpchar":
    case "citext":
    case "name":
      return {
        edges: textEdges(t, spec.separator),
        regular: (i) => textRegular(t, i, spec.separator),
      };
    case "date":
      return {
        edges: ["2000-01-01", "1970-01-01", "2024-02-29", "0001-01-01", "9999-12-31", "infinity"],
        regular: dateOf,
      };
    case "timestamp":
    case "timestamptz": {
      const z = t.name === "timestamptz" ? "+00" : "";
      return {
        edges: [
          `2000-01-01 00:00:00${z}`,
          `1970-01-01 00:00:00${z}`,
          `2024-02-29 12:34:56.789${z}`,
          `0001-01-01 00:00:00${z}`,
          `9999-12-31 23:59:59${z}`,
          "infinity",
          "-infinity",
        ],
        regular: (i) => `${dateOf(i)} ${timeOf(i)}${z}`,
      };
    }
    case "time":
      return { edges: ["00:00:00", "23:59:59.999999", "24:00:00"], regular: timeOf };
    case "timetz":
      return { edges: ["00:00:00+00", "23:59:59-12", "12:00:00+14"], regular: (i) => timeOf(i) };
    case "interval":
      return {
        edges: ["0", "-1 years -2 mons", "1 day 00:00:01", "1000 years"],
        regular: (i) => `${i + 1} minutes`,
      };
    case "uuid":
      return {
        edges: ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"],
        regular: uuidOf,
      };
    case "json":
    case "jsonb":
      return {
        edges: ["{}", "[]", "null", '""', `{"k": "${NON_ASCII}", "n": [1, 2.5, null]}`],
        regular: (i) => `{"i": ${i}}`,
      };
    case "bytea":
      return { edges: ["\\x", "\\x00", "\\xdeadbeef"], regular: (i) => `\\x${pad(i % 256, 2)}ff` };
    case "inet":
      return {
        edges: ["0.0.0.0", "255.255.255.255", "::1", "192.168.0.1/24"],
        regular: (i) => `10.${(i >> 8) & 255}.${i & 255}.1`,
      };
    case "cidr":
      return {
        edges: ["0.0.0.0/0", "::/0", "10.0.0.0/8"],
        regular: (i) => `10.${(i >> 8) & 255}.${i & 255}.0/24`,
      };
    case "macaddr":
      return {
        edges: ["00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff"],
        regular: (i) => `08:00:2b:01:${pad((i >> 8).toString(16))}:${pad((i & 255).toString(16))}`,
      };
    case "bit": {
      const n = t.mods[0] ?? 1;
      return {
        edges: ["0".repeat(n), "1".repeat(n)],
        regular: (i) => (i % 2 ** Math.min(n, 30)).toString(2).padStart(n, "0"),
      };
    }
    case "varbit": {
      const n = t.mods[0];
      const fit = (s: string) => (n === undefined ? s : s.slice(0, n));
      return { edges: ["", fit("1"), fit("0101")], regular: (i) => fit((i + 2).toString(2)) };
    }
    case "xml":
      return { edges: ["<a/>", `<t>${NON_ASCII}</t>`], regular: (i) => `<r i="${i}"/>` };
    case "tsvector":
      return { edges: ["", "'a' 'b'"], regular: (i) => `'w${i}'` };
    default:
      return undefined;
  }
}

/** Quotes one array element for an array literal. */
function arrayElement(v: string | null): string {
  if (v === null) return "NULL";
  return `"${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

function arrayGen(elem: Gen, dims: number): Gen {
  const nest = (inner: string) => "{".repeat(dims - 1) + inner + "}".repeat(dims - 1);
  return {
    edges: ["{}", nest(`{${arrayElement(elem.edges[0] ?? null)},NULL}`)],
    regular: (i) => nest(`{${arrayElement(elem.regular(i))},${arrayElement(elem.regular(i + 1))}}`),
  };
}

/** True when verification can generate values of this type. */
export function canGenerate(spec: ValueSpec, facts: TypeFacts): boolean {
  return !!spec.samples?.length ||
    scalarGen({ ...spec.type, arrayDims: 0 }, facts, spec) !== undefined;
}

/**
 * `count` values for a column: with samples, NULL first (when allowed) then the samples in
 * turn; otherwise NULL, the type's edge values, then ordinary values. Unique columns never
 * repeat a value (so they may return fewer rows' worth: the rest is `undefined`).
 */
export function columnValues(
  spec: ValueSpec,
  count: number,
  facts: TypeFacts,
): (string | null | undefined)[] {
  const out: (string | null | undefined)[] = [];
  if (spec.nullOnly) return Array.from({ length: count }, () => (spec.notNull ? undefined : null));
  const seen = new Set<string>();
  let nullUsed = false;
  const push = (v: string | null) => {
    if (v === null) {
      if (spec.notNull || (spec.unique && nullUsed)) return false;
      nullUsed = true;
      out.push(null);
      return true;
    }
    if (spec.unique && seen.has(v)) return false;
    seen.add(v);
    out.push(v);
    return true;
  };
  if (spec.samples?.length) {
    push(null);
    for (let i = 0; out.length < count && i < count * 2; i++) {
      const v = spec.samples[i % spec.samples.length];
      if (!push(v) && spec.unique && i >= spec.samples.length) break;
    }
    while (out.length < count) out.push(undefined);
    return out;
  }
  const base = scalarGen({ ...spec.type, arrayDims: 0 }, facts, spec);
  if (!base) {
    for (let i = 0; i < count; i++) out.push(spec.notNull ? undefined : null);
    return out;
  }
  const gen = spec.type.arrayDims > 0 ? arrayGen(base, spec.type.arrayDims) : base;
  push(null);
  for (const e of gen.edges) {
    if (out.length >= count) break;
    push(e);
  }
  for (let i = 0, misses = 0; out.length < count && misses < count * 4; i++) {
    if (!push(gen.regular(i))) misses++;
  }
  while (out.length < count) out.push(undefined);
  return out;
}
