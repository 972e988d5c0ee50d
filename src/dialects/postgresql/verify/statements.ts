/**
 * A generated script as its statements, each with the plan step it belongs to (from the
 * `-- [n] kind target` comment before the step), so that a failure names its step. Split with
 * the real PostgreSQL parser; run one statement at a time, as `psql -v ON_ERROR_STOP=1` does.
 * @module
 */
import { parsePgSync as parseSync } from "../parse/pg_wasm.ts";
import { initPostgresParser } from "../parse/postgres.ts";
import { SourceText } from "../../../parse/source.ts";

/** One statement of a script. */
export interface ScriptStatement {
  sql: string;
  /** 1-based line where it starts. */
  line: number;
  /** The plan step (its `n`) it belongs to; undefined for set-up statements and COMMIT. */
  step?: number;
  /**
   * A DO block that holds several steps (a part with a step ledger): each step's 0-based line
   * in `sql`, in order, so that a failure inside it names its step ({@link stepAtError}).
   */
  inner?: { line: number; step: number }[];
}

/** The header of a step inside a statement (indented in a DO block). */
const INNER_HEADER = /^\s+-- \[(\d+)\] /;

/** The steps whose headers a statement holds, by 0-based line. */
function innerSteps(sql: string): { line: number; step: number }[] {
  const out: { line: number; step: number }[] = [];
  sql.split("\n").forEach((l, line) => {
    const m = INNER_HEADER.exec(l);
    if (m) out.push({ line, step: +m[1] });
  });
  return out;
}

/**
 * The step a failed statement belongs to: for a DO block holding several steps, the one whose
 * lines hold the failing line of the block (the outermost `inline_code_block line N` of the
 * error's context; line 1 of a DO body is the rest of the `DO $tag$` line); otherwise its step.
 */
export function stepAtError(s: ScriptStatement, where: string | undefined): number | undefined {
  if (!s.inner?.length || !where) return s.step;
  const lines = [...where.matchAll(/inline_code_block line (\d+)/g)];
  if (!lines.length) return s.step;
  const at = +lines[lines.length - 1][1] - 1;
  const found = s.inner.filter((x) => x.line <= at).pop();
  return found?.step ?? s.step;
}

interface RawStmt {
  stmt_location?: number;
  stmt_len?: number;
}

/** Makes sure the parser is loaded (the CLI has loaded it already). */
export function initStatementSplitter(): Promise<void> {
  return initPostgresParser();
}

/** Splits a script into statements. Call {@link initStatementSplitter} first. */
export function splitScript(script: string): ScriptStatement[] {
  const src = new SourceText(script, "script");
  const tree = parseSync(script) as { stmts?: RawStmt[] };
  // step headers: byte offset -> step number
  const headers: { at: number; step: number }[] = [];
  const re = /^-- \[(\d+)\] /gm;
  const enc = new TextEncoder();
  let bytes = 0, last = 0;
  for (let m = re.exec(script); m; m = re.exec(script)) {
    bytes += enc.encode(script.slice(last, m.index)).length;
    last = m.index;
    headers.push({ at: bytes, step: +m[1] });
  }
  const out: ScriptStatement[] = [];
  let next = 0;
  let current: number | undefined;
  for (const raw of tree.stmts ?? []) {
    const start = src.skipBlank(raw.stmt_location ?? 0);
    const end = raw.stmt_len ? (raw.stmt_location ?? 0) + raw.stmt_len : undefined;
    const sql = src.sliceBytes(start, end).trim();
    if (!sql) continue;
    // headers and statements both come in file order: one pointer, not a scan per statement
    while (next < headers.length && headers[next].at <= start) current = headers[next++].step;
    let step: number | undefined = current;
    if (/^(COMMIT|END)\b/i.test(sql)) step = undefined;
    const inner = /^DO\b/i.test(sql) ? innerSteps(sql) : [];
    if (inner.length) step = inner[0].step;
    out.push({ sql, line: src.lineOfByte(start), step, ...(inner.length ? { inner } : {}) });
  }
  return out;
}
