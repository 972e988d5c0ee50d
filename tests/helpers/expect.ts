/**
 * The acceptance projects' `expect.yaml` files, and the comparisons they call for.
 * @module
 */
import { join } from "node:path";
import { parse } from "yaml";
import type { TextRow } from "./pg_server.ts";

/** A change an acceptance case expects the run to report. */
export interface ExpectedChange {
  kind: string;
  target: string;
  safety?: string;
  class?: string;
}

/** A query whose rows must be exactly these after the migration. */
export interface ExpectedQuery {
  sql: string;
  rows: unknown[][];
}

/** The contents of an acceptance project's `expect.yaml`. */
export interface Expectation {
  dialect: string;
  args: string[];
  exit: number;
  changes?: ExpectedChange[];
  not_reported?: string[];
  migration_has_no_statements?: boolean;
  schema_after_up_equals?: string;
  after_up?: ExpectedQuery[];
  schema_after_down_equals?: string;
  after_down_data_equals_seed?: boolean;
  violating_seed?: string;
  violating_up_fails_and_changes_nothing?: boolean;
  /** Not in the shared files yet: the column(s) a violating seed's error must name. */
  violating_columns?: string[];
}

/** An acceptance project: its folder and expectations. */
export interface AcceptanceProject {
  name: string;
  dir: string;
  expect: Expectation;
}

/** One case of `bad_inputs/cases.yaml`. */
export interface BadInputCase {
  name: string;
  args: string[];
  exit: number;
  stderr_has?: string[];
}

/**
 * A failed check: its message says everything, so it carries no stack trace of the harness
 * (which would only point at the line that throws it).
 */
export class CheckFailed extends Error {
  /** @param message what was expected and what was found */
  constructor(message: string) {
    super(message);
    this.name = "CheckFailed";
    this.stack = `${this.name}: ${message}`;
  }
}

function fail(file: string, msg: string): never {
  throw new Error(`${file}: ${msg}`);
}

function stringList(file: string, field: string, v: unknown): string[] {
  if (!Array.isArray(v)) fail(file, `${field} must be a list`);
  return v.map((x) => String(x));
}

/** Parses and checks an `expect.yaml` text. */
export function parseExpectation(text: string, file = "expect.yaml"): Expectation {
  const doc = parse(text) as Record<string, unknown> | null;
  if (!doc || typeof doc !== "object") fail(file, "not a mapping");
  if (typeof doc.dialect !== "string") fail(file, "dialect missing");
  if (typeof doc.exit !== "number") fail(file, "exit missing");
  const e: Expectation = {
    ...(doc as unknown as Expectation),
    args: stringList(file, "args", doc.args),
  };
  if (e.changes !== undefined) {
    if (!Array.isArray(e.changes)) fail(file, "changes must be a list");
    e.changes = e.changes.map((c, i) => {
      if (!c || typeof c.kind !== "string" || c.target === undefined) {
        fail(file, `changes[${i}] needs kind and target`);
      }
      return { ...c, target: String(c.target) };
    });
  }
  if (e.not_reported !== undefined) {
    e.not_reported = stringList(file, "not_reported", e.not_reported);
  }
  if (e.after_up !== undefined) {
    if (!Array.isArray(e.after_up)) fail(file, "after_up must be a list");
    for (const [i, q] of e.after_up.entries()) {
      if (typeof q?.sql !== "string" || !Array.isArray(q.rows)) {
        fail(file, `after_up[${i}] needs sql and rows`);
      }
    }
  }
  return e;
}

/** Every acceptance project (folders with an `expect.yaml`), sorted by name. */
export async function loadProjects(acceptanceDir: string): Promise<AcceptanceProject[]> {
  const out: AcceptanceProject[] = [];
  for await (const entry of Deno.readDir(acceptanceDir)) {
    if (!entry.isDirectory) continue;
    const dir = join(acceptanceDir, entry.name);
    const file = join(dir, "expect.yaml");
    let text: string;
    try {
      text = await Deno.readTextFile(file);
    } catch {
      continue;
    }
    out.push({ name: entry.name, dir, expect: parseExpectation(text, file) });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The cases of a `cases.yaml` file. */
export async function loadBadInputCases(file: string): Promise<BadInputCase[]> {
  const doc = parse(await Deno.readTextFile(file)) as { cases?: unknown } | null;
  if (!doc || !Array.isArray(doc.cases)) fail(file, "cases must be a list");
  return doc.cases.map((c: Record<string, unknown>, i: number) => {
    if (typeof c?.name !== "string" || typeof c.exit !== "number") {
      fail(file, `cases[${i}] needs name and exit`);
    }
    return {
      name: c.name,
      args: stringList(file, `cases[${i}].args`, c.args),
      exit: c.exit,
      stderr_has: c.stderr_has === undefined
        ? undefined
        : stringList(file, `cases[${i}].stderr_has`, c.stderr_has),
    };
  });
}

/** The value following `flag` in an argument list. */
export function argValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i >= 0 && i + 1 < args.length) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`${flag}=`));
  return eq?.slice(flag.length + 1);
}

/**
 * The from-schema of a case: `--from-schema` in its args, else `from_schema:` of the spec's
 * `yaml migration` block. Relative to the project root.
 */
export async function fromSchemaPath(projectDir: string, e: Expectation): Promise<string> {
  const fromArg = argValue(e.args, "--from-schema");
  if (fromArg) return fromArg;
  const spec = e.args.find((a) => !a.startsWith("-"));
  if (spec) {
    const text = await Deno.readTextFile(join(projectDir, spec));
    const block = /^```yaml migration[^\n]*\n([\s\S]*?)^```/m.exec(text);
    if (block) {
      const doc = parse(block[1]) as { from_schema?: unknown } | null;
      if (typeof doc?.from_schema === "string") return doc.from_schema;
    }
  }
  throw new Error("cannot tell the from-schema: no --from-schema and no from_schema in the spec");
}

// ---------------------------------------------------------------------------------------------
// changes[]

/** The part of a reported change the expectations look at. */
export interface ReportedChange {
  kind?: unknown;
  target?: unknown;
  safety?: unknown;
  class?: unknown;
  [key: string]: unknown;
}

function normTarget(t: unknown): string {
  return String(t ?? "").trim().replace(/\s+/g, " ");
}

function describeChange(c: ReportedChange | ExpectedChange): string {
  const parts = [`kind: ${c.kind}`, `target: ${c.target}`];
  if (c.safety !== undefined) parts.push(`safety: ${c.safety}`);
  if (c.class !== undefined) parts.push(`class: ${c.class}`);
  return `{${parts.join(", ")}}`;
}

/**
 * Problems with a run's `changes[]` against the expectations, empty when it is fine: every
 * expected change reported (same kind and target, and safety and class where given), no kind of
 * `notReported`, and nothing at all when `expected` is an empty list.
 */
export function checkChanges(
  expected: ExpectedChange[] | undefined,
  notReported: string[] | undefined,
  actual: ReportedChange[],
): string[] {
  const problems: string[] = [];
  if (expected !== undefined && expected.length === 0 && actual.length > 0) {
    problems.push(`no change expected, but ${actual.length} reported:`);
    for (const c of actual) problems.push(`  ${describeChange(c)}`);
  }
  for (const e of expected ?? []) {
    const found = actual.some((a) =>
      a.kind === e.kind && normTarget(a.target) === normTarget(e.target) &&
      (e.safety === undefined || a.safety === e.safety) &&
      (e.class === undefined || a.class === e.class)
    );
    if (found) continue;
    const near = actual.filter((a) =>
      normTarget(a.target) === normTarget(e.target) || a.kind === e.kind
    );
    problems.push(
      `expected change ${describeChange(e)} not reported` +
        (near.length ? `; closest: ${near.map(describeChange).join("; ")}` : ""),
    );
  }
  for (const kind of notReported ?? []) {
    for (const a of actual.filter((c) => c.kind === kind)) {
      problems.push(`change of kind ${kind} must not be reported: ${describeChange(a)}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// SQL text and rows

/**
 * The SQL left once comments (`-- ...` and nested `/* ... *\/`) and blank space are removed,
 * trimmed; empty when the script holds no statement.
 */
export function sqlWithoutComments(sql: string): string {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    if (sql.startsWith("--", i)) {
      const nl = sql.indexOf("\n", i);
      i = nl < 0 ? sql.length : nl;
    } else if (sql.startsWith("/*", i)) {
      let depth = 1;
      i += 2;
      while (i < sql.length && depth > 0) {
        if (sql.startsWith("/*", i)) {
          depth++;
          i += 2;
        } else if (sql.startsWith("*/", i)) {
          depth--;
          i += 2;
        } else i++;
      }
      out += " ";
    } else if (sql[i] === "'" || sql[i] === '"') {
      // Copy a quoted literal or identifier whole, so "--" inside it is not a comment.
      const q = sql[i];
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === q && sql[j + 1] === q) j += 2;
        else if (sql[j] === q) break;
        else j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else {
      out += sql[i++];
    }
  }
  return out.trim();
}

/**
 * An expected row from YAML as the text PostgreSQL prints: YAML null stays null, booleans
 * become `t`/`f` (boolean output), everything else `String(value)`. Quote values in YAML whose
 * text form matters (`"19.90"`, not `19.90`).
 */
export function expectedRow(row: unknown[]): TextRow {
  return row.map((v) => {
    if (v === null || v === undefined) return null;
    if (typeof v === "boolean") return v ? "t" : "f";
    return String(v);
  });
}

/** Why `actual` rows are not exactly `expected` (order included), or undefined when they are. */
export function diffQueryRows(expected: TextRow[], actual: TextRow[]): string | undefined {
  const show = (rows: TextRow[]) =>
    rows.map((r) => `    [${r.map((v) => (v === null ? "null" : JSON.stringify(v))).join(", ")}]`)
      .join("\n") || "    (no rows)";
  if (JSON.stringify(expected) === JSON.stringify(actual)) return undefined;
  return `expected rows:\n${show(expected)}\n  actual rows:\n${show(actual)}`;
}
