/**
 * Reading a SmartSpec `spec.md`: its id and the fenced ```yaml migration``` block of intents.
 * @module
 */
import { isMap, isSeq, LineCounter, parseDocument } from "yaml";
import { InputError } from "../errors.ts";
import { expressionProblem } from "./expression_check.ts";
import { checkIntentConflicts } from "./intent_conflicts.ts";
import { plainYaml } from "./yaml_plain.ts";
import type { Dialect } from "../model/schema.ts";

/** `table.column`, with the table possibly schema-qualified. */
export interface ColRef {
  table: string;
  column: string;
}

/** One intent of the spec: what the schemas alone cannot say. */
export type Intent =
  | { kind: "rename"; from: ColRef; to: ColRef; line: number }
  | { kind: "rename_table"; from: string; to: string; line: number }
  | { kind: "split"; from: ColRef; to: ColRef[]; separator: string; line: number }
  | { kind: "merge"; from: ColRef[]; to: ColRef; separator: string; line: number }
  | {
    kind: "transform";
    from: ColRef;
    to: ColRef;
    up: string;
    down: string;
    samples?: string[];
    line: number;
  }
  | { kind: "drop"; target: string; line: number }
  | { kind: "accept_loss"; target: ColRef; reason: string; line: number };

/** A parsed spec. */
export interface Spec {
  /** Path relative to the project root. */
  path: string;
  id: string;
  dialect?: Dialect;
  fromSchema?: string;
  toSchema?: string;
  intents: Intent[];
  /** 1-based line of the intents block's first content line, when there is one. */
  blockLine?: number;
}

const DIALECTS = ["postgresql", "mysql", "mariadb", "sqlite"];
const INTENT_KEYS = [
  "rename",
  "rename_table",
  "split",
  "merge",
  "transform",
  "drop",
  "accept_loss",
];

/** Folds an unquoted SQL name to lower case; keeps a "quoted" one as written. */
export function foldName(s: string): string {
  const t = s.trim();
  if (t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replaceAll('""', '"');
  return t.toLowerCase();
}

function splitQualified(s: string): string[] {
  const parts: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '"') {
      if (quoted && s[i + 1] === '"') {
        cur += '""';
        i++;
        continue;
      }
      quoted = !quoted;
      cur += ch;
    } else if (ch === "." && !quoted) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map(foldName);
}

/** Parses `schema.table.column` / `table.column`. */
export function parseColRef(s: string, where: () => InputError): ColRef {
  const parts = splitQualified(s.trim());
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === "")) throw where();
  const column = parts.pop()!;
  return { table: parts.join("."), column };
}

/** Longest spec id (it is part of every run folder's name). */
export const MAX_SPEC_ID = 100;

/** Parses a spec file's text. `path` is relative to the project root. */
export function parseSpec(text: string, path: string, folderName: string): Spec {
  // horizontal blanks only: `\s*` at every line start backtracks over long runs of blank lines
  const idMatch =
    /^[ \t]*[-*]?[ \t]*(?:\*\*)?Spec[ _-]?ID(?:\*\*)?[ \t]*:[ \t]*(?:\*\*)?[ \t]*`?([A-Za-z0-9_.-]+)`?/im
      .exec(text);
  const rawId = idMatch?.[1] ?? folderName;
  if (rawId.length > MAX_SPEC_ID) {
    throw new InputError(
      idMatch
        ? `the Spec ID is ${rawId.length} characters long; at most ${MAX_SPEC_ID} (it names run folders)`
        : `the spec folder name is ${rawId.length} characters long, too long for a spec id ` +
          `(at most ${MAX_SPEC_ID}); add a "Spec ID: <id>" line`,
      { file: path, line: idMatch ? text.slice(0, idMatch.index).split("\n").length : undefined },
    );
  }
  const id = sanitizeId(rawId);
  const spec: Spec = { path, id, intents: [] };
  const block = findIntentBlock(text);
  if (!block) return spec;
  spec.blockLine = block.line;
  const lc = new LineCounter();
  const doc = parseDocument(block.body, { lineCounter: lc, prettyErrors: false });
  const at = (offset: number | undefined) =>
    offset === undefined ? block.line : block.line + lc.linePos(offset).line - 1;
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new InputError(
      `the \`yaml migration\` block is not valid YAML: ${e.message.split("\n")[0]}`,
      { file: path, line: at(e.pos[0]) },
    );
  }
  const root = doc.contents;
  if (root === null || root === undefined) return spec;
  if (!isMap(root)) {
    throw new InputError("the `yaml migration` block must be a mapping", {
      file: path,
      line: block.line,
    });
  }
  const fail = (msg: string, offset?: number) =>
    new InputError(msg, { file: path, line: at(offset) });
  for (const pair of root.items) {
    const key = String((pair.key as { value?: unknown })?.value ?? pair.key);
    const keyOffset = (pair.key as { range?: number[] })?.range?.[0];
    const value = pair.value as { value?: unknown; range?: number[] } | null;
    switch (key) {
      case "dialect": {
        const d = String(value?.value ?? "").toLowerCase();
        if (!DIALECTS.includes(d)) {
          throw fail(`dialect must be one of ${DIALECTS.join(", ")}, not "${d}"`, keyOffset);
        }
        spec.dialect = d as Dialect;
        break;
      }
      case "from_schema":
      case "to_schema": {
        const v = value?.value;
        if (typeof v !== "string" || !v) throw fail(`${key} must be a file path`, keyOffset);
        if (key === "from_schema") spec.fromSchema = v;
        else spec.toSchema = v;
        break;
      }
      case "intents": {
        if (value === null || value === undefined || value.value === null) break; // empty
        if (!isSeq(value)) throw fail("intents must be a list", keyOffset);
        for (const item of value.items) {
          const off = (item as { range?: number[] }).range?.[0];
          spec.intents.push(parseIntent(plainYaml(doc, item, path, at(off)), at(off), path));
        }
        checkIntentConflicts(spec.intents, path);
        break;
      }
      default:
        throw fail(
          `unknown key "${key}" in the \`yaml migration\` block ` +
            `(expected dialect, from_schema, to_schema, intents)`,
          keyOffset,
        );
    }
  }
  return spec;
}

function sanitizeId(s: string): string {
  const id = s.toLowerCase().replace(/[^a-z0-9_.-]+/g, "-").replace(/^-+|-+$/g, "");
  return id || "spec";
}

/** Finds the ```yaml migration``` fenced block. */
export function findIntentBlock(text: string): { body: string; line: number } | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(`{3,}|~{3,})\s*ya?ml\s+migration\s*$/i.exec(lines[i]);
    if (!m) continue;
    const fence = m[2];
    const body: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      if (lines[j].trim().startsWith(fence) && lines[j].trim().replace(/[`~]/g, "") === "") {
        return { body: body.join("\n"), line: i + 2 };
      }
      body.push(lines[j]);
    }
    return { body: body.join("\n"), line: i + 2 };
  }
  return undefined;
}

function parseIntent(raw: unknown, line: number, file: string): Intent {
  const fail = (msg: string) => new InputError(msg, { file, line });
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    throw fail(`an intent must be a mapping like "rename: users.a -> users.b"`);
  }
  const o = raw as Record<string, unknown>;
  const kinds = Object.keys(o).filter((k) => INTENT_KEYS.includes(k));
  if (kinds.length !== 1) {
    throw fail(
      kinds.length
        ? `an intent has exactly one of ${INTENT_KEYS.join(", ")}; found ${kinds.join(" and ")}`
        : `unknown intent ${Object.keys(o).map((k) => `"${k}"`).join(", ")} ` +
          `(expected one of ${INTENT_KEYS.join(", ")})`,
    );
  }
  const kind = kinds[0];
  const allowed: Record<string, string[]> = {
    rename: [],
    rename_table: [],
    drop: [],
    split: ["separator"],
    merge: ["separator"],
    transform: ["up", "down", "samples"],
    accept_loss: ["reason"],
  };
  for (const k of Object.keys(o)) {
    if (k !== kind && !allowed[kind].includes(k)) {
      throw fail(`"${k}" does not belong to a ${kind} intent`);
    }
  }
  const spec = o[kind];
  if (typeof spec !== "string" || !spec.trim()) {
    throw fail(`${kind} needs a target such as "users.a -> users.b"`);
  }
  const arrow = (s: string): [string, string] => {
    const parts = s.split("->");
    if (parts.length !== 2 || !parts[0].trim() || !parts[1].trim()) {
      throw fail(`${kind} target "${s}" must have the form "<from> -> <to>"`);
    }
    return [parts[0].trim(), parts[1].trim()];
  };
  const col = (s: string) =>
    parseColRef(s, () => fail(`"${s}" is not a column reference of the form table.column`));
  const sep = () => {
    const v = o.separator ?? " ";
    if (typeof v !== "string" || v === "") throw fail("separator must be a non-empty string");
    if (v.includes("\0")) throw fail("separator must not hold a NUL character");
    return v;
  };
  switch (kind) {
    case "rename": {
      const [a, b] = arrow(spec);
      const from = col(a), to = col(b);
      if (from.table !== to.table) {
        throw fail(`rename keeps the table (${from.table} vs ${to.table}); use rename_table`);
      }
      return { kind, from, to, line };
    }
    case "rename_table": {
      const [a, b] = arrow(spec);
      return { kind, from: splitQualified(a).join("."), to: splitQualified(b).join("."), line };
    }
    case "split": {
      const [a, b] = arrow(spec);
      const to = b.split(",").map(col);
      if (to.length < 2) throw fail("split needs at least two target columns");
      return { kind, from: col(a), to, separator: sep(), line };
    }
    case "merge": {
      const [a, b] = arrow(spec);
      const from = a.split(",").map(col);
      if (from.length < 2) throw fail("merge needs at least two source columns");
      return { kind, from, to: col(b), separator: sep(), line };
    }
    case "transform": {
      const [a, b] = arrow(spec);
      if (typeof o.up !== "string" || !o.up.trim()) {
        throw fail("transform needs an `up` expression");
      }
      if (typeof o.down !== "string" || !o.down.trim()) {
        throw fail("transform needs a `down` expression (its rollback)");
      }
      for (const k of ["up", "down"] as const) {
        const problem = expressionProblem(o[k] as string);
        if (problem) throw fail(`transform ${k} must be one SQL expression: ${problem}`);
      }
      let samples: string[] | undefined;
      if (o.samples !== undefined) {
        if (!Array.isArray(o.samples)) throw fail("samples must be a list of values");
        samples = o.samples.map((v) => v === null ? "" : String(v));
      }
      return { kind, from: col(a), to: col(b), up: o.up, down: o.down, samples, line };
    }
    case "accept_loss": {
      if (typeof o.reason !== "string" || !o.reason.trim()) {
        throw fail("accept_loss needs a `reason:` (why losing these values is intended)");
      }
      return { kind, target: col(spec), reason: o.reason.trim(), line };
    }
    default: {
      const parts = splitQualified(spec);
      return { kind: "drop", target: parts.join("."), line };
    }
  }
}
