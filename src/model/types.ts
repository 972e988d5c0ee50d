/**
 * Type facts as data (`rules/types/<dialect>.yaml`): normalising type spellings, writing
 * canonical types back, and classifying type changes as widen / narrow / convert.
 * @module
 */
// parsed from rules/types/<dialect>.yaml by scripts/gen_rule_catalog.ts: no YAML parsing at run time
import catalog from "../../rules/catalog.json" with { type: "json" };
import type { ColumnType, Dialect } from "./schema.ts";

/** One entry of the `changes` list of a type-facts file. */
export interface TypeChangeFact {
  from: string;
  to: string;
  /**
   * `by_fsp`: the only modifier counts fractional-second digits and is 0 when absent (MySQL's
   * `datetime(6)`): more digits widen, fewer narrow.
   */
  class: "widen" | "narrow" | "convert" | "by_length" | "by_precision" | "by_fsp";
  rewrite?: boolean;
  guard?: "length" | "range" | "precision" | "cast";
  cast?: boolean;
}

/** A dialect's type facts. */
export interface TypeFacts {
  dialect: Dialect;
  aliases: Record<string, string>;
  serial: string[];
  display: Record<string, string>;
  unbounded_when_no_length: string[];
  ranges: Record<string, [number | string, number | string]>;
  changes: TypeChangeFact[];
  volatile_functions: string[];
}

/** Result of classifying a type change. */
export interface TypeChangeClass {
  class: "widen" | "narrow" | "convert";
  /** Whether the database rewrites the table for it. */
  rewrite: boolean;
  /** Which precheck a narrowing (or cast conversion) needs. */
  guard?: "length" | "range" | "precision" | "cast";
  /** A plain cast converts the values (USING col::type). */
  cast: boolean;
  /** The fact that decided it; undefined when no fact is listed. */
  fact?: TypeChangeFact;
}

const factsCache = new Map<Dialect, TypeFacts>();

/** The dialects whose facts files, `rules/types/<dialect>.yaml`, this module reads. */
const FACTS_OF = new Set<Dialect>(["postgresql"]);

/**
 * The type facts of a dialect. A dialect without its own facts file is an error: another
 * dialect's facts would classify its type changes wrongly.
 */
export function typeFacts(dialect: Dialect): TypeFacts {
  let f = factsCache.get(dialect);
  if (!f) {
    const parsed = (catalog as { types?: Record<string, unknown> }).types?.[dialect];
    f = FACTS_OF.has(dialect) ? parsed as TypeFacts | undefined : undefined;
    if (f === undefined) {
      throw new Error(`no type facts for ${dialect} (rules/types/${dialect}.yaml)`);
    }
    if (f.dialect !== dialect) {
      throw new Error(`rules/types/${dialect}.yaml says dialect ${f.dialect}`);
    }
    factsCache.set(dialect, f);
  }
  return f;
}

/** Canonical name of a built-in type spelling, or undefined when it is not a known built-in. */
export function canonicalTypeName(spelling: string, facts: TypeFacts): string | undefined {
  let known = canonicalNames.get(facts);
  if (!known) canonicalNames.set(facts, known = new Map());
  let name = known.get(spelling);
  if (name === undefined && !known.has(spelling)) {
    name = facts.aliases[spelling.toLowerCase().replace(/\s+/g, " ")];
    known.set(spelling, name);
  }
  return name;
}

/** {@link canonicalTypeName} by spelling, per facts (asked once per column of a schema). */
const canonicalNames = new WeakMap<TypeFacts, Map<string, string | undefined>>();

/** True when the spelling is a serial pseudo-type. */
export function isSerialSpelling(spelling: string, facts: TypeFacts): boolean {
  return facts.serial.includes(spelling.toLowerCase());
}

/** Two column types are the same type. */
export function sameType(a: ColumnType, b: ColumnType): boolean {
  return a.name === b.name && (a.schema ?? "") === (b.schema ?? "") &&
    a.arrayDims === b.arrayDims && a.mods.join(",") === b.mods.join(",");
}

function lengthOf(t: ColumnType, facts: TypeFacts): number {
  if (t.mods.length === 0) {
    return facts.unbounded_when_no_length.includes(t.name) ? Infinity : 1;
  }
  return t.mods[0];
}

/** Classifies a change from one column type to another with the dialect's facts. */
export function classifyTypeChange(
  from: ColumnType,
  to: ColumnType,
  facts: TypeFacts,
): TypeChangeClass {
  const fact = from.arrayDims === to.arrayDims && !from.schema && !to.schema
    ? facts.changes.find((c) => c.from === from.name && c.to === to.name)
    : undefined;
  if (!fact) return { class: "convert", rewrite: true, cast: false };
  const rewrite = fact.rewrite ?? true;
  const cast = fact.cast ?? (fact.class !== "convert");
  switch (fact.class) {
    case "by_length": {
      const a = lengthOf(from, facts), b = lengthOf(to, facts);
      if (b >= a) {
        // Growing a varchar does not rewrite; a char(n) change always does.
        return { class: "widen", rewrite: from.name === to.name ? rewrite : rewrite, cast, fact };
      }
      return { class: "narrow", rewrite, guard: fact.guard, cast, fact };
    }
    case "by_precision": {
      if (from.mods.length === 0 && to.mods.length === 0) {
        return { class: "widen", rewrite: false, cast, fact };
      }
      if (to.mods.length === 0) return { class: "widen", rewrite: false, cast, fact };
      if (from.mods.length === 0) {
        return { class: "narrow", rewrite, guard: fact.guard, cast, fact };
      }
      const [p1, s1 = 0] = from.mods, [p2, s2 = 0] = to.mods;
      if (s2 >= s1 && p2 - s2 >= p1 - s1) {
        return { class: "widen", rewrite: s2 !== s1, cast, fact };
      }
      return { class: "narrow", rewrite, guard: fact.guard, cast, fact };
    }
    case "by_fsp": {
      if ((to.mods[0] ?? 0) >= (from.mods[0] ?? 0)) return { class: "widen", rewrite, cast, fact };
      return { class: "narrow", rewrite, guard: fact.guard, cast, fact };
    }
    case "narrow":
      return { class: "narrow", rewrite, guard: fact.guard, cast, fact };
    case "widen":
      return { class: "widen", rewrite, cast, fact };
    default:
      return {
        class: "convert",
        rewrite,
        guard: fact.guard ?? (cast ? "cast" : undefined),
        cast,
        fact,
      };
  }
}

/** Integer range of a canonical type, as strings (exact for int8). */
export function typeRange(name: string, facts: TypeFacts): [string, string] | undefined {
  const r = facts.ranges[name];
  return r ? [String(r[0]), String(r[1])] : undefined;
}
