/**
 * SQLite type facts (`rules/types/sqlite.yaml`) and the reading of a declared column type
 * (`VARCHAR(50)`, `unsigned big int`, none at all) into the model's {@link ColumnType}.
 * @module
 */
// parsed from rules/types/sqlite.yaml by scripts/gen_rule_catalog.ts: no YAML parsing at run time
import catalog from "../../../rules/catalog.json" with { type: "json" };
import type { ColumnType } from "../../model/schema.ts";
import type { TypeFacts } from "../../model/types.ts";
import { tokenize } from "./lex.ts";

let cached: TypeFacts | undefined;

/**
 * Checks a type-facts document: the dialect, and that every alias target is canonical (an alias
 * of itself), so that normalising twice changes nothing. Returns the problems found.
 */
export function checkTypeFacts(f: TypeFacts): string[] {
  const problems: string[] = [];
  if (f.dialect !== "sqlite") problems.push(`dialect is ${f.dialect}, not sqlite`);
  for (const [spelling, target] of Object.entries(f.aliases ?? {})) {
    if (f.aliases[target] !== target) {
      problems.push(`alias ${spelling} -> ${target}: ${target} is not a canonical name`);
    }
  }
  return problems;
}

/** SQLite's type facts, parsed once and validated (a broken file is a programming error). */
export function sqliteTypeFacts(): TypeFacts {
  if (cached) return cached;
  const parsed = (catalog as { types?: Record<string, unknown> }).types?.sqlite;
  if (!parsed) throw new Error("no type facts for sqlite (rules/types/sqlite.yaml)");
  const f = parsed as TypeFacts;
  f.serial ??= [];
  f.display ??= {};
  f.unbounded_when_no_length ??= [];
  f.ranges ??= {};
  f.changes ??= [];
  f.volatile_functions ??= [];
  const problems = checkTypeFacts(f);
  if (problems.length) throw new Error(`rules/types/sqlite.yaml: ${problems.join("; ")}`);
  return cached = f;
}

/**
 * The model type of a declared SQLite type: the words folded to lower case with single blanks
 * and mapped through the aliases (an unknown name is kept as folded), numeric modifiers in
 * `mods`. No declared type is the name `""`. A modifier that is not a number (`VARCHAR(MAX)`)
 * keeps the whole declaration as the name.
 */
export function declaredType(declared: string, facts: TypeFacts = sqliteTypeFacts()): ColumnType {
  // a schema spells few distinct types: each is read once per set of facts
  let memo = memos.get(facts);
  if (!memo) memos.set(facts, memo = new Map());
  let t = memo.get(declared);
  if (!t) memo.set(declared, t = readDeclaredType(declared, facts));
  return { name: t.name, mods: [...t.mods], arrayDims: t.arrayDims };
}

const memos = new WeakMap<TypeFacts, Map<string, ColumnType>>();

function readDeclaredType(declared: string, facts: TypeFacts): ColumnType {
  const text = declared.trim();
  if (text === "") return { name: "", mods: [], arrayDims: 0 };
  let toks;
  try {
    toks = tokenize(text);
  } catch {
    return { name: text.toLowerCase(), mods: [], arrayDims: 0 };
  }
  const open = toks.findIndex((t) => t.kind === "lparen");
  const words = (open < 0 ? toks : toks.slice(0, open)).map((t) =>
    t.kind === "qident" ? t.text.slice(1, -1) : t.text
  );
  const spelling = words.join(" ").toLowerCase().replace(/\s+/g, " ");
  const name = facts.aliases[spelling] ?? spelling;
  const mods: number[] = [];
  if (open >= 0) {
    let sign = 1;
    for (const t of toks.slice(open + 1)) {
      if (t.kind === "rparen") break;
      if (t.kind === "comma") continue;
      if (t.kind === "op" && (t.text === "-" || t.text === "+")) {
        sign = t.text === "-" ? -1 : 1;
        continue;
      }
      const v = Number(t.text.replaceAll("_", ""));
      if (t.kind !== "number" || !Number.isFinite(v)) {
        return { name: text.toLowerCase().replace(/\s+/g, " "), mods: [], arrayDims: 0 };
      }
      mods.push(sign * v);
      sign = 1;
    }
  }
  return { name, mods, arrayDims: 0 };
}
