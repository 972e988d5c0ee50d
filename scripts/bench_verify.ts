/**
 * Verification benchmark: how long embedded round-trip verification takes, and how much memory,
 * on a 50-table schema pair with about 1,000 generated rows (goals: at most 1.5 s and 600 MB).
 *
 * The pair comes from `scripts/gen_bench_schema.ts` (same generator as `deno task bench`); each
 * run is a fresh Deno process (so that the engine's start, including compiling PGlite's
 * WebAssembly, is counted) that does what the CLI does: starts the engines ahead
 * (`startVerifyEngine`, before the dialect's parser loads: the from-schema's in a worker, the
 * to-schema's in a second once the first is up), runs the pipeline, then verifies. It reports how long the run waited for verification after the pipeline (`ms`,
 * the goal's measure), the pipeline plus verification (`totalMs`), the steps and the peak
 * resident memory (`VmHWM`).
 * `--no-ahead` starts the engine after the pipeline, as before issue 14. Prints the median of
 * the runs; `--json` prints one JSON document instead.
 *
 * Options: `--tables 50 --rows 20 --seed 42 --runs 3 --json --v8-flags=<flags>` (the last for
 * the verifying processes; by default the tool's own, src/cli/v8_flags.ts, and `--v8-flags=`
 * for V8's defaults).
 * From another script: `import { benchVerify } from "./bench_verify.ts"` and
 * `await benchVerify({ tables: 50 })` returns the {@link VerifyBench} figures.
 * @module
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { archiveTagOf, initDialect, loadRules, runPipeline } from "../src/pipeline.ts";
import { parseSpec } from "../src/spec/spec.ts";
import {
  DEFAULT_ROWS_PER_TABLE,
  type VerificationResult,
  verifyMigration,
} from "../src/dialects/postgresql/verify/verify.ts";
import { generateSchemaPair } from "./gen_bench_schema.ts";
import { postgresql } from "../src/dialects/postgresql/mod.ts";
import { startVerifyEngine } from "../src/dialects/registry.ts";
import { V8_FLAGS } from "../src/cli/v8_flags.ts";

const SELF = fileURLToPath(import.meta.url);
const CONFIG = fileURLToPath(new URL("../deno.json", import.meta.url));

/** Goals of issues 4 and 14. */
export const VERIFY_GOALS = { ms: 1500, peakRssMb: 600 } as const;

/** Benchmark options. */
export interface VerifyBenchOptions {
  tables?: number;
  rowsPerTable?: number;
  seed?: number;
  runs?: number;
  /**
   * V8 flags for the verifying processes, e.g. `--liftoff-only` (as `deno run --v8-flags=`);
   * by default the tool's own ({@link V8_FLAGS}), "" for V8's defaults.
   */
  v8Flags?: string;
  /** Start the engine at the beginning of the run, as the CLI does (default true). */
  ahead?: boolean;
}

/** One verification in a fresh process. */
export interface VerifyRun {
  status: string;
  /** How long the run waited for verification once the pipeline was done. */
  ms: number;
  /** Pipeline and verification, from the engine's start (or the pipeline's, without ahead). */
  totalMs?: number;
  /** Peak resident memory of the process. */
  peakRssMb: number;
  /** CPU time of the whole child process (Linux), which includes more than verification. */
  processCpuMs?: number;
  /** CPU time (all threads, e.g. WebAssembly compilation too) of the pipeline and verification. */
  verifyCpuMs?: number;
  /**
   * CPU time of the whole process by thread (Linux): the main thread (pipeline, verification's
   * logic), the engine's worker (its start, every statement), V8's background threads
   * (WebAssembly tier-up, garbage collection) and the rest. Steadier than wall time on a busy
   * host, and it shows the critical path: the worker runs from the start to the end.
   */
  threadCpuMs?: { main: number; worker: number; v8: number; other: number };
  rows: number;
  tables: number;
  steps: { name: string; ms: number; result: string }[];
  reason?: string;
}

/** The benchmark's figures. */
export interface VerifyBench {
  tables: number;
  /** The engine started at the beginning of the run (as the CLI does). */
  ahead: boolean;
  v8Flags?: string;
  rowsPerTable: number;
  changes: number;
  runs: VerifyRun[];
  median: { ms: number; peakRssMb: number };
  goals: { ms: number; peakRssMb: number; met: boolean };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** CPU time (user + system) of this process so far, in ms: steadier than wall time on a busy host. */
function cpuMs(): number | undefined {
  try {
    const f = Deno.readTextFileSync("/proc/self/stat").split(") ")[1].split(" ");
    return Math.round(((Number(f[11]) + Number(f[12])) * 1000) / 100);
  } catch {
    return undefined;
  }
}

/** CPU time by thread of this process (Linux), see {@link VerifyRun.threadCpuMs}. */
function threadCpuMs(): VerifyRun["threadCpuMs"] {
  try {
    const out = { main: 0, worker: 0, v8: 0, other: 0 };
    for (const t of Deno.readDirSync("/proc/self/task")) {
      const stat = Deno.readTextFileSync(`/proc/self/task/${t.name}/stat`);
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ms = Math.round(((Number(f[11]) + Number(f[12])) * 1000) / 100);
      const kind = t.name === String(Deno.pid)
        ? "main"
        : name.startsWith("worker-")
        ? "worker"
        : name.startsWith("V8 ")
        ? "v8"
        : "other";
      out[kind] += ms;
    }
    return out;
  } catch {
    return undefined;
  }
}

function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(Deno.readTextFileSync("/proc/self/status"));
    if (m) return Math.round(Number(m[1]) / 1024);
  } catch { /* not Linux */ }
  return Math.round(Deno.memoryUsage().rss / 1e6);
}

/** The migration of the generated pair, ready to verify. */
async function prepare(tables: number, seed: number) {
  const pair = generateSchemaPair({ tables, seed });
  await initDialect("postgresql");
  const spec = parseSpec(pair.spec, "specs/data/bench/spec.md", "bench");
  const runId = "bench-verify";
  const r = runPipeline({
    dialect: postgresql,
    spec,
    from: { path: "db/from.sql", text: pair.from },
    to: { path: "db/to.sql", text: pair.to },
    rules: loadRules(),
    runId,
    archiveTag: archiveTagOf(runId),
    tool: "bench",
    version: "0",
  });
  return { pair, r };
}

/** One run in this process (the child side), as the CLI runs it. */
async function child(
  tables: number,
  rows: number,
  seed: number,
  ahead: boolean,
): Promise<VerifyRun> {
  const pair = generateSchemaPair({ tables, seed });
  const spec = parseSpec(pair.spec, "specs/data/bench/spec.md", "bench");
  const t0 = performance.now();
  const cpu0 = cpuMs();
  // as the CLI: the engine first, then the dialect's parser
  const prepared = ahead
    ? await startVerifyEngine("postgresql", { fromSql: pair.from, toSql: pair.to })
    : undefined;
  await initDialect("postgresql");
  const runId = "bench-verify";
  const r = runPipeline({
    dialect: postgresql,
    spec,
    from: { path: "db/from.sql", text: pair.from },
    to: { path: "db/to.sql", text: pair.to },
    rules: loadRules(),
    runId,
    archiveTag: archiveTagOf(runId),
    tool: "bench",
    version: "0",
  });
  const t1 = performance.now();
  const input = {
    fromSql: pair.from,
    toSql: pair.to,
    migrationSql: r.files.migration,
    rollbackSql: r.files.rollback,
    from: r.from,
    to: r.to,
    steps: r.steps,
  };
  const v: VerificationResult = rows === DEFAULT_ROWS_PER_TABLE
    ? await postgresql.verify!(input, prepared)
    : await verifyMigration({ dialect: "postgresql", ...input, rowsPerTable: rows });
  const t2 = performance.now();
  // before the engine's worker ends (verification closed it; its thread may linger)
  const threads = threadCpuMs();
  return {
    status: v.status,
    ms: Math.round(t2 - t1),
    totalMs: Math.round(t2 - t0),
    peakRssMb: peakRssMb(),
    processCpuMs: cpuMs(),
    verifyCpuMs: cpu0 === undefined ? undefined : cpuMs()! - cpu0,
    threadCpuMs: threads,
    rows: v.rows_generated ?? 0,
    tables: v.tables_filled ?? 0,
    steps: (v.steps ?? []).map((s) => ({ name: s.name, ms: s.ms, result: s.result })),
    reason: v.reason,
  };
}

/** Runs the benchmark: `runs` fresh processes, each verifying the same migration once. */
export async function benchVerify(opts: VerifyBenchOptions = {}): Promise<VerifyBench> {
  const tables = opts.tables ?? 50;
  const rowsPerTable = opts.rowsPerTable ?? 20;
  const seed = opts.seed ?? 42;
  const { r } = await prepare(tables, seed);
  const v8Flags = opts.v8Flags ?? V8_FLAGS.slice("--v8-flags=".length);
  const runs: VerifyRun[] = [];
  for (let i = 0; i < (opts.runs ?? 3); i++) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        // all: the child reads /proc/self for its CPU time and peak memory
        "--allow-all",
        ...(v8Flags ? [`--v8-flags=${v8Flags}`] : []),
        `--config=${CONFIG}`,
        SELF,
        "--child",
        `--tables=${tables}`,
        `--rows=${rowsPerTable}`,
        `--seed=${seed}`,
        ...(opts.ahead === false ? ["--no-ahead"] : []),
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout).trim();
    if (!out.success || !text) {
      throw new Error(`verification run failed: ${new TextDecoder().decode(out.stderr)}`);
    }
    runs.push(JSON.parse(text.split("\n").pop()!));
  }
  const ms = median(runs.map((x) => x.ms));
  const rss = median(runs.map((x) => x.peakRssMb));
  return {
    tables,
    ahead: opts.ahead !== false,
    rowsPerTable,
    v8Flags,
    changes: r.steps.length,
    runs,
    median: { ms, peakRssMb: rss },
    goals: {
      ...VERIFY_GOALS,
      met: ms <= VERIFY_GOALS.ms && rss <= VERIFY_GOALS.peakRssMb,
    },
  };
}

/** A short human report. */
export function formatVerifyBench(b: VerifyBench): string {
  const L = [
    `verification benchmark: ${b.tables} tables, ${b.runs[0]?.rows ?? 0} generated rows, ` +
    `${b.changes} changes, ${b.runs.length} fresh process(es), engine started ` +
    (b.ahead ? "at the beginning of the run" : "after the pipeline") +
    (b.v8Flags ? `, --v8-flags=${b.v8Flags}` : ""),
  ];
  for (const [i, r] of b.runs.entries()) {
    L.push(
      `  run ${i + 1}: ${r.status}, ${r.ms} ms after the pipeline` +
        (r.totalMs !== undefined ? ` (${r.totalMs} ms with it)` : "") +
        `, peak RSS ${r.peakRssMb} MB` +
        (r.verifyCpuMs !== undefined ? `, CPU ${r.verifyCpuMs} ms` : "") +
        (r.threadCpuMs
          ? ` (main ${r.threadCpuMs.main}, engine worker ${r.threadCpuMs.worker}, ` +
            `V8 ${r.threadCpuMs.v8}, other ${r.threadCpuMs.other})`
          : "") +
        (r.reason ? ` (${r.reason})` : ""),
    );
  }
  const first = b.runs[0];
  if (first) {
    L.push("  steps of run 1:");
    for (const s of first.steps) {
      L.push(`    ${String(s.ms).padStart(5)} ms  ${s.name} (${s.result})`);
    }
  }
  L.push(
    `median: ${b.median.ms} ms (goal <= ${b.goals.ms}), peak RSS ${b.median.peakRssMb} MB ` +
      `(goal <= ${b.goals.peakRssMb}): ${b.goals.met ? "met" : "NOT met"}`,
  );
  return L.join("\n");
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      tables: { type: "string", default: "50" },
      rows: { type: "string", default: "20" },
      seed: { type: "string", default: "42" },
      runs: { type: "string", default: "3" },
      json: { type: "boolean", default: false },
      "v8-flags": { type: "string" },
      child: { type: "boolean", default: false },
      "no-ahead": { type: "boolean", default: false },
    },
  });
  const tables = Number(values.tables), rows = Number(values.rows), seed = Number(values.seed);
  if (values.child) {
    console.log(JSON.stringify(await child(tables, rows, seed, !values["no-ahead"])));
  } else {
    const b = await benchVerify({
      tables,
      rowsPerTable: rows,
      seed,
      runs: Number(values.runs),
      v8Flags: values["v8-flags"],
      ahead: !values["no-ahead"],
    });
    console.log(values.json ? JSON.stringify(b, null, 2) : formatVerifyBench(b));
  }
}
