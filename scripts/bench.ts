/**
 * `deno task bench`: how fast and how lean the generator is on large, realistic schema pairs,
 * against a floor that only reads and parses the same files.
 *
 * 1. For each dialect (PostgreSQL, SQLite, MySQL) and size (default: 1,000 and 10,000 tables
 *    for PostgreSQL, 1,000 for the others; `--sizes` sets them for all), generates a pair
 *    (about 10% of the tables changed, the spec declaring the dialect;
 *    `scripts/gen_bench_schema.ts`) into a temporary project.
 * 2. Whole process, for each pair: the CLI with `--no-verify --quiet` against the dialect's
 *    floor (a bare Deno process that only reads and parses both files with the dialect's parser:
 *    `scripts/bench_floor.ts`), fresh processes run in turn (alternating who goes first), median
 *    of >= 5 after a warm-up: wall time, CPU time (user + system) and peak RSS (`/usr/bin/time`
 *    when installed, else `VmHWM` of `/proc/<pid>/status` sampled), and the ratios.
 * 3. In-process, on the smallest size: the pipeline (`src/pipeline.ts`) per stage, median of
 *    several runs after a warm-up, with peak memory (`Deno.memoryUsage()`).
 * 4. How the cost grows: the largest size's median time over the smallest's, against the
 *    growth of the input (linear: at most 1.1x the size ratio).
 * 5. The verification benchmark (`scripts/bench_verify.ts`).
 * Prints a table and whether each goal is met (issue 14: generator <= 1.2x the floor's time for
 * PostgreSQL, <= 1.3x for SQLite and MySQL, <= 1.3x its peak memory; linear cost); `--json` prints one JSON document instead. Missed goals
 * do not fail the run: the exit code is non-zero only on errors (including a generated pair the
 * tool does not turn into a complete migration).
 *
 * Options: `--sizes 1000,10000 --dialects postgresql,sqlite,mysql --seed S --runs R --warmup W
 * --json --keep --profile --rss time|proc --no-verify-bench --v8-flags=F` (`--tables N` is
 * `--sizes N`; `--v8-flags` sets the V8 flags of every measured process alike, by default the
 * tool's own, `src/cli/v8_flags.ts`, and `--v8-flags=` V8's defaults).
 * `--profile` also runs the CLI once per pair under `--cpu-prof` and lists the hottest functions.
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Change } from "../src/diff/changes.ts";
import { archiveTagOf, initDialect, loadRules, runPipeline } from "../src/pipeline.ts";
import { parseSpec } from "../src/spec/spec.ts";
import { generateSchemaPair, type GenStats, type SchemaPair } from "./gen_bench_schema.ts";
import { readNewestProfile, summariseProfile } from "./bench_profile.ts";
import { V8_FLAGS } from "../src/cli/v8_flags.ts";

const REPO = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");

/**
 * Goals of issue 14: against the floor of the same pair (time: 1.2x for PostgreSQL, 1.3x for
 * the dialects added later, as the issue sets them; peak memory 1.3x), and growth with the input.
 */
export const GOALS = {
  ratio: { postgresql: 1.2, sqlite: 1.3, mysql: 1.3 } as Record<BenchDialect, number>,
  rssRatio: 1.3,
  growthSlack: 1.1,
} as const;

/** Dialects the benchmark can measure: those with a pair generator, a floor and a CLI. */
export const BENCH_DIALECTS = ["postgresql", "sqlite", "mysql"] as const;
/** A dialect the benchmark measures. */
export type BenchDialect = typeof BENCH_DIALECTS[number];

/** Sizes of each dialect's pairs when `--sizes` is not given (issues 9, 10, 14). */
export const DEFAULT_SIZES: Record<BenchDialect, number[]> = {
  postgresql: [1000, 10000],
  sqlite: [1000],
  mysql: [1000],
};

/** Benchmark options. */
export interface BenchOptions {
  /** Table counts of the pairs, smallest first (all dialects, `--sizes`). */
  sizes: number[];
  /** Table counts of each dialect's pairs: `sizes` when given, else `DEFAULT_SIZES`. */
  dialectSizes: Record<BenchDialect, number[]>;
  dialects: BenchDialect[];
  seed: number;
  runs: number;
  warmup: number;
  json: boolean;
  keep: boolean;
  profile: boolean;
  /** How to measure a child's peak RSS: `time` (/usr/bin/time, when installed) or `proc`. */
  rss: "time" | "proc";
  /** Run the verification benchmark too. */
  verifyBench: boolean;
  /**
   * V8 flags of the generator, the floor and the verifying processes alike (as `deno run
   * --v8-flags=` takes them): by default the tool's own ({@link V8_FLAGS}), the runtime it ships
   * with, given to the floor too so that both run on the same engine settings; "" for V8's
   * defaults.
   */
  v8Flags: string;
}

/** Parses the command line. */
export function parseBenchArgs(args: string[]): BenchOptions {
  const { values } = parseArgs({
    args,
    options: {
      sizes: { type: "string" },
      tables: { type: "string" },
      dialects: { type: "string", default: BENCH_DIALECTS.join(",") },
      "no-verify-bench": { type: "boolean", default: false },
      seed: { type: "string", default: "42" },
      runs: { type: "string", default: "5" },
      warmup: { type: "string", default: "1" },
      json: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      profile: { type: "boolean", default: false },
      rss: { type: "string", default: "time" },
      "v8-flags": { type: "string" },
    },
  });
  if (values.rss !== "time" && values.rss !== "proc") throw new Error("--rss needs time or proc");
  const int = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} needs an integer >= ${min}`);
    return n;
  };
  const given = values.tables ?? values.sizes;
  const sizes = (given ?? "1000,10000").split(",").map((v) =>
    int(values.tables ? "tables" : "sizes", v.trim(), 10)
  ).sort((a, b) => a - b);
  const dialects = values.dialects.split(",").map((d) => d.trim()).filter(Boolean);
  for (const d of dialects) {
    if (!(BENCH_DIALECTS as readonly string[]).includes(d)) {
      throw new Error(`--dialects: ${d} has no benchmark pair yet (${BENCH_DIALECTS.join(", ")})`);
    }
  }
  const unique = [...new Set(sizes)];
  const dialectSizes = Object.fromEntries(
    BENCH_DIALECTS.map((d) => [d, given ? unique : DEFAULT_SIZES[d]]),
  ) as Record<BenchDialect, number[]>;
  return {
    sizes: unique,
    dialectSizes,
    dialects: dialects as BenchDialect[],
    verifyBench: !values["no-verify-bench"],
    seed: int("seed", values.seed, 0),
    runs: int("runs", values.runs, 1),
    warmup: int("warmup", values.warmup, 0),
    json: values.json,
    keep: values.keep,
    profile: values.profile,
    rss: values.rss,
    v8Flags: values["v8-flags"] ?? V8_FLAGS.slice("--v8-flags=".length),
  };
}

// ------------------------------------------------------------------ statistics

/** Median of a non-empty list. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median, min and max of a list of milliseconds (rounded to 0.1). */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

function spread(xs: number[]): Spread {
  const r = (x: number) => Math.round(x * 10) / 10;
  return { median: r(median(xs)), min: r(Math.min(...xs)), max: r(Math.max(...xs)) };
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024 * 10) / 10;

// ------------------------------------------------------------------ the pair

/** Paths of the temporary bench project (relative to its root). */
const SPEC = "specs/bench/spec.md";
const FROM = "db/from.sql";
const TO = "db/to.sql";

function writeProject(root: string, pair: SchemaPair): void {
  for (const [rel, text] of [[SPEC, pair.spec], [FROM, pair.from], [TO, pair.to]]) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

/** The tables a change touches (`schema.name`), for "how many tables changed". */
export function tablesOf(change: Change): string[] {
  const q = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;
  const c = change as unknown as Record<string, unknown>;
  const table = c.table as { schema: string; name: string } | undefined;
  if (table?.name) return [q(table)];
  const index = c.index as { table: { schema: string; name: string } } | undefined;
  if (index) return [q(index.table)];
  if (change.kind === "rename_index") return [q(change.to.table)];
  if (change.kind === "rename_table") return [q(change.from), q(change.to)];
  return [];
}

// ------------------------------------------------------------------ in-process

/** Result of the in-process benchmark. */
export interface InProcessResult {
  runs: number;
  warmup: number;
  stages: Record<"parse" | "diff" | "classify" | "render" | "total", Spread>;
  rulesLoadMs: number;
  initMs: number;
  peak: { rssMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number };
  changes: number;
  blocked: number;
  tablesChanged: number;
}

async function benchInProcess(
  pair: SchemaPair,
  opts: BenchOptions,
  name: BenchDialect,
): Promise<InProcessResult> {
  let t = performance.now();
  const dialect = await initDialect(name);
  const initMs = performance.now() - t;
  t = performance.now();
  const rules = loadRules();
  const rulesLoadMs = performance.now() - t;
  const spec = parseSpec(pair.spec, SPEC, "bench");
  const peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0 };
  const sample = () => {
    const m = Deno.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.heapTotal = Math.max(peak.heapTotal, m.heapTotal);
    peak.external = Math.max(peak.external, m.external);
  };
  const once = () => {
    const t0 = performance.now();
    const result = runPipeline({
      dialect,
      spec,
      from: { path: FROM, text: pair.from },
      to: { path: TO, text: pair.to },
      rules,
      runId: "bench",
      archiveTag: archiveTagOf("bench"),
      tool: "smartspec_data_migration_generator",
      version: "bench",
    });
    sample();
    return { result, total: performance.now() - t0 };
  };
  for (let i = 0; i < opts.warmup; i++) once();
  const times: Record<string, number[]> = {
    parse: [],
    diff: [],
    classify: [],
    render: [],
    total: [],
  };
  let last: ReturnType<typeof once> | undefined;
  for (let i = 0; i < opts.runs; i++) {
    last = once();
    for (const k of ["parse", "diff", "classify", "render"] as const) {
      times[k].push(last.result.timings[k]);
    }
    times.total.push(last.total);
  }
  const steps = last!.result.steps;
  const tables = new Set(steps.flatMap((s) => tablesOf(s.item.change)));
  return {
    runs: opts.runs,
    warmup: opts.warmup,
    stages: {
      parse: spread(times.parse),
      diff: spread(times.diff),
      classify: spread(times.classify),
      render: spread(times.render),
      total: spread(times.total),
    },
    rulesLoadMs: Math.round(rulesLoadMs * 10) / 10,
    initMs: Math.round(initMs * 10) / 10,
    peak: {
      rssMb: mb(peak.rss),
      heapUsedMb: mb(peak.heapUsed),
      heapTotalMb: mb(peak.heapTotal),
      externalMb: mb(peak.external),
    },
    changes: steps.length,
    blocked: steps.filter((s) => s.item.blocked).length,
    tablesChanged: tables.size,
  };
}

// ------------------------------------------------------------------ whole process

/** One measured child process. */
export interface ProcessRun {
  ms: number;
  /** Peak resident set size in MB, when it could be measured. */
  peakRssMb?: number;
  /** User + system CPU time in ms (with /usr/bin/time only): less sensitive to other load. */
  cpuMs?: number;
  code: number;
  stderr: string;
}

const TIME_BIN = "/usr/bin/time";

function hasTimeBin(): boolean {
  try {
    return Deno.statSync(TIME_BIN).isFile;
  } catch {
    return false;
  }
}

/** `VmHWM` (peak RSS) in kB from a `/proc/<pid>/status` text. */
export function vmHwmKb(status: string): number | undefined {
  const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) : undefined;
}

/** Runs a command, timing it from spawn to exit and measuring its peak RSS from outside. */
async function measure(
  cmd: string[],
  cwd: string,
  scratch: string,
  useTime: boolean,
): Promise<ProcessRun> {
  const rssFile = join(scratch, `rss-${crypto.randomUUID()}.txt`);
  const argv = useTime ? [TIME_BIN, "-f", "%M %U %S", "-o", rssFile, ...cmd] : cmd;
  const t0 = performance.now();
  const child = new Deno.Command(argv[0], {
    args: argv.slice(1),
    cwd,
    stdout: "null",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  let hwm = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  if (!useTime) {
    const poll = () => {
      try {
        hwm = Math.max(hwm, vmHwmKb(Deno.readTextFileSync(`/proc/${child.pid}/status`)) ?? 0);
      } catch { /* exited */ }
    };
    poll();
    timer = setInterval(poll, 5);
  }
  const [status, err] = await Promise.all([child.status, child.stderr.arrayBuffer()]);
  const ms = performance.now() - t0;
  if (timer !== undefined) clearInterval(timer);
  let peakKb: number | undefined = hwm || undefined;
  let cpuMs: number | undefined;
  if (useTime) {
    try {
      const lines = Deno.readTextFileSync(rssFile).trim().split("\n");
      const [kb, user, sys] = lines[lines.length - 1].split(" ").map(Number);
      peakKb = kb || undefined;
      cpuMs = Number.isFinite(user + sys) ? Math.round((user + sys) * 1000) : undefined;
      Deno.removeSync(rssFile);
    } catch { /* no file: time failed to start */ }
  }
  return {
    ms,
    peakRssMb: peakKb ? Math.round(peakKb / 1024 * 10) / 10 : undefined,
    cpuMs,
    code: status.code,
    stderr: new TextDecoder().decode(err),
  };
}

/** One side (generator or floor) of the whole-process benchmark: medians of its runs. */
export interface ProcessSide extends Spread {
  /** Median peak RSS in MB (when it could be measured). */
  peakRssMb?: number;
  /** Largest peak RSS of the runs in MB. */
  maxPeakRssMb?: number;
  /** User + system CPU time in ms (with /usr/bin/time only): less sensitive to other load. */
  cpuMs?: Spread;
}

/** Result of the whole-process benchmark of one pair. */
export interface WholeProcessResult {
  runs: number;
  rssMethod: "/usr/bin/time" | "/proc VmHWM sampling";
  generator: ProcessSide;
  floor: ProcessSide;
  /** Ratio of the median wall times (the goal's measure). */
  ratio: number;
  /** Ratio of the fastest runs: less sensitive to other load on the machine. */
  ratioMin: number;
  /** Ratio of the median CPU times. */
  ratioCpu?: number;
  /** Ratio of the median peak RSS. */
  ratioRss?: number;
  /** What the last generator run wrote in summary.json. */
  summary: {
    status: string;
    counts: Record<string, number>;
    timings_ms?: Record<string, number>;
  };
}

/** `--v8-flags=...` for `deno run`, nothing for V8's defaults. */
const v8Arg = (flags: string) => flags ? [`--v8-flags=${flags}`] : [];

function generatorCmd(runId: string, v8Flags: string, extra: string[] = []): string[] {
  return [
    Deno.execPath(),
    "run",
    ...v8Arg(v8Flags),
    ...extra,
    "--allow-read",
    "--allow-write",
    "--allow-env",
    "--config",
    join(REPO, "deno.json"),
    join(REPO, "main.ts"),
    SPEC,
    "--from-schema",
    FROM,
    "--to-schema",
    TO,
    "--no-verify",
    "--quiet",
    "--run-id",
    runId,
  ];
}

function floorCmd(dialect: BenchDialect, v8Flags: string): string[] {
  return [
    Deno.execPath(),
    "run",
    ...v8Arg(v8Flags),
    "--allow-read",
    "--config",
    join(REPO, "deno.json"),
    join(REPO, "scripts", "bench_floor.ts"),
    `--dialect=${dialect}`,
    FROM,
    TO,
  ];
}

function check(run: ProcessRun, what: string): ProcessRun {
  if (run.code !== 0) {
    throw new Error(`${what} exited with ${run.code}:\n${run.stderr.trim()}`);
  }
  return run;
}

async function benchWholeProcess(
  project: string,
  scratch: string,
  opts: BenchOptions,
  dialect: BenchDialect,
): Promise<WholeProcessResult> {
  let n = 0;
  const useTime = opts.rss === "time" && hasTimeBin();
  const measure_ = (cmd: string[]) => measure(cmd, project, scratch, useTime);
  const gen = async () =>
    check(await measure_(generatorCmd(`bench-${++n}`, opts.v8Flags)), "generator");
  const floor = async () => check(await measure_(floorCmd(dialect, opts.v8Flags)), "floor");
  // at least one warm-up fills Deno's module cache for both
  for (let i = 0; i < Math.max(1, opts.warmup); i++) {
    await floor();
    await gen();
  }
  const g: ProcessRun[] = [], f: ProcessRun[] = [];
  const runs = Math.max(5, opts.runs);
  for (let i = 0; i < runs; i++) {
    // interleaved, alternating who goes first, so drift hits both alike
    if (i % 2) {
      g.push(await gen());
      f.push(await floor());
    } else {
      f.push(await floor());
      g.push(await gen());
    }
  }
  const rssOf = (rs: ProcessRun[]) =>
    rs.map((r) => r.peakRssMb).filter((x): x is number => x !== undefined);
  const cpu = (rs: ProcessRun[]) => {
    const xs = rs.map((r) => r.cpuMs).filter((x): x is number => x !== undefined);
    return xs.length ? spread(xs) : undefined;
  };
  const side = (rs: ProcessRun[]): ProcessSide => {
    const rss = rssOf(rs);
    return {
      ...spread(rs.map((r) => r.ms)),
      peakRssMb: rss.length ? Math.round(median(rss) * 10) / 10 : undefined,
      maxPeakRssMb: rss.length ? Math.max(...rss) : undefined,
      cpuMs: cpu(rs),
    };
  };
  const summary = JSON.parse(
    Deno.readTextFileSync(
      join(project, ".spec/reports/data-migration-generator", `bench-${n}`, "summary.json"),
    ),
  );
  const gs = side(g), fs = side(f);
  const ratio = (a?: number, b?: number) =>
    a !== undefined && b !== undefined && b > 0 ? Math.round(a / b * 100) / 100 : undefined;
  return {
    runs,
    rssMethod: useTime ? "/usr/bin/time" : "/proc VmHWM sampling",
    generator: gs,
    floor: fs,
    ratio: ratio(gs.median, fs.median)!,
    ratioMin: ratio(gs.min, fs.min)!,
    ratioCpu: ratio(gs.cpuMs?.median, fs.cpuMs?.median),
    ratioRss: ratio(gs.peakRssMb, fs.peakRssMb),
    summary: { status: summary.status, counts: summary.counts, timings_ms: summary.timings_ms },
  };
}

async function profileOnce(
  project: string,
  scratch: string,
  v8Flags: string,
): Promise<{ self: { name: string; ms: number }[]; src: { name: string; ms: number }[] }> {
  const dir = join(scratch, "cpu-prof");
  mkdirSync(dir, { recursive: true });
  check(
    await measure(
      generatorCmd("bench-profile", v8Flags, ["--cpu-prof", `--cpu-prof-dir=${dir}`]),
      project,
      scratch,
      false,
    ),
    "generator (profiled)",
  );
  const entries = summariseProfile(readNewestProfile(dir), REPO);
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    self: entries.slice(0, 15).map((e) => ({ name: e.name, ms: r(e.selfMs) })),
    src: entries.filter((e) => /^\S+ \((src|rules)\//.test(e.name))
      .sort((a, b) => b.totalMs - a.totalMs).slice(0, 20)
      .map((e) => ({ name: e.name, ms: r(e.totalMs) })),
  };
}

// ------------------------------------------------------------------ extension point

/** What an extra benchmark section gets. */
export interface BenchContext {
  options: BenchOptions;
}

/** An extra benchmark section: printed after the built-in ones and added to `--json`. */
export interface BenchSection {
  name: string;
  run(ctx: BenchContext): Promise<{ lines: string[]; data: unknown }>;
}

/**
 * Extra sections: the embedded verification benchmark (issue 4) on its own 50-table schema
 * with about 1,000 generated rows (`scripts/bench_verify.ts`, also runnable alone).
 */
export const EXTRA_SECTIONS: BenchSection[] = [{
  name: "verification (50 tables, ~1,000 rows, fresh processes)",
  async run(ctx) {
    const { benchVerify, formatVerifyBench } = await import("./bench_verify.ts");
    const v = await benchVerify({
      tables: 50,
      rowsPerTable: 20,
      runs: Math.min(ctx.options.runs, 3),
      v8Flags: ctx.options.v8Flags,
    });
    return { lines: formatVerifyBench(v).split("\n"), data: v };
  },
}];

// ------------------------------------------------------------------ report

/** Everything measured on one pair. */
export interface PairResult {
  dialect: BenchDialect;
  tables: number;
  pair: GenStats & { bytes: { from: number; to: number } };
  /** The in-process stages (smallest size only). */
  inProcess?: InProcessResult;
  wholeProcess: WholeProcessResult;
  profile?: Awaited<ReturnType<typeof profileOnce>>;
  goals: {
    ratio: { value: number; limit: number; met: boolean };
    rssRatio: { value?: number; limit: number; met: boolean };
  };
}

/** How the cost grows from the smallest pair to the largest of a dialect. */
export interface Growth {
  dialect: BenchDialect;
  from: number;
  to: number;
  /** Input growth (bytes of both files). */
  inputRatio: number;
  wallRatio: number;
  cpuRatio?: number;
  /** At most `growthSlack` times the input growth (10,000 tables: at most 11x 1,000). */
  limit: number;
  met: boolean;
}

/** Everything the benchmark measured (the `--json` document). */
export interface BenchReport {
  options: BenchOptions;
  deno: string;
  pairs: PairResult[];
  growth: Growth[];
  extra: Record<string, unknown>;
}

/** The cost growth between the smallest and the largest pair of each dialect. */
export function growthOf(pairs: PairResult[]): Growth[] {
  const out: Growth[] = [];
  for (const d of new Set(pairs.map((p) => p.dialect))) {
    const ps = pairs.filter((p) => p.dialect === d).sort((a, b) => a.tables - b.tables);
    if (ps.length < 2) continue;
    const a = ps[0], b = ps[ps.length - 1];
    const bytes = (p: PairResult) => p.pair.bytes.from + p.pair.bytes.to;
    const r = (x: number) => Math.round(x * 100) / 100;
    const inputRatio = r(bytes(b) / bytes(a));
    const wallRatio = r(b.wholeProcess.generator.median / a.wholeProcess.generator.median);
    const ca = a.wholeProcess.generator.cpuMs?.median, cb = b.wholeProcess.generator.cpuMs?.median;
    const cpuRatio = ca && cb ? r(cb / ca) : undefined;
    const limit = r(GOALS.growthSlack * b.tables / a.tables);
    out.push({
      dialect: d,
      from: a.tables,
      to: b.tables,
      inputRatio,
      wallRatio,
      cpuRatio,
      limit,
      met: wallRatio <= limit,
    });
  }
  return out;
}

const pad = (s: string | number, w: number) => String(s).padStart(w);

function formatInProcess(ip: InProcessResult, expectedTotal: number, changed: number): string[] {
  const out: string[] = [];
  out.push(`  in-process pipeline, ms (median of ${ip.runs} after ${ip.warmup} warm-up)`);
  out.push(`    ${"stage".padEnd(10)}${pad("median", 9)}${pad("min", 9)}${pad("max", 9)}`);
  for (const [k, s] of Object.entries(ip.stages)) {
    out.push(`    ${k.padEnd(10)}${pad(s.median, 9)}${pad(s.min, 9)}${pad(s.max, 9)}`);
  }
  out.push(`    once: parser init ${ip.initMs} ms, built-in rules ${ip.rulesLoadMs} ms`);
  out.push(
    `    peak memory: rss ${ip.peak.rssMb} MB, heap used ${ip.peak.heapUsedMb} MB ` +
      `(heap total ${ip.peak.heapTotalMb} MB, external ${ip.peak.externalMb} MB)`,
  );
  out.push(
    `    result: ${ip.changes} changes (expected ${expectedTotal}), ` +
      `${ip.tablesChanged} tables changed (expected ${changed}), ${ip.blocked} blocked`,
  );
  return out;
}

/** The human-readable report. */
export function formatReport(r: BenchReport, extraLines: string[] = []): string {
  const out: string[] = [];
  const wp0 = r.pairs[0]?.wholeProcess;
  out.push(
    `bench: deno ${r.deno}; fresh processes run in turn, median of ${wp0?.runs ?? 0} after ` +
      `${Math.max(1, r.options.warmup)} warm-up; peak RSS via ${wp0?.rssMethod ?? "n/a"}; ` +
      `V8 flags of generator and floor alike: ${r.options.v8Flags || "V8's defaults"}`,
  );
  for (const p of r.pairs) {
    const wp = p.wholeProcess;
    out.push("");
    out.push(
      `${p.dialect}, ${p.tables} tables (seed ${p.pair.seed}): ` +
        `${p.pair.statements.from}/${p.pair.statements.to} statements, ` +
        `${Math.round((p.pair.bytes.from + p.pair.bytes.to) / 1024)} KiB, ` +
        `${p.pair.changedTables} tables changed, ${p.pair.expectedTotal} changes expected`,
    );
    out.push(
      `  ${"".padEnd(22)}${pad("wall ms", 9)}${pad("min", 9)}${pad("max", 9)}${pad("CPU ms", 9)}${
        pad("peak RSS", 11)
      }`,
    );
    const row = (name: string, s: ProcessSide) =>
      `  ${name.padEnd(22)}${pad(s.median, 9)}${pad(s.min, 9)}${pad(s.max, 9)}${
        pad(s.cpuMs ? s.cpuMs.median : "n/a", 9)
      }${pad(s.peakRssMb !== undefined ? `${s.peakRssMb} MB` : "n/a", 11)}`;
    out.push(row("generator --no-verify", wp.generator));
    out.push(row("floor (read + parse)", wp.floor));
    out.push(
      `  ${"ratio".padEnd(22)}${pad(`${wp.ratio}x`, 9)}${pad(`${wp.ratioMin}x`, 9)}${pad("", 9)}${
        pad(wp.ratioCpu !== undefined ? `${wp.ratioCpu}x` : "n/a", 9)
      }${pad(wp.ratioRss !== undefined ? `${wp.ratioRss}x` : "n/a", 11)}`,
    );
    const c = wp.summary.counts;
    out.push(
      `  run: status ${wp.summary.status}; ${c.total} changes: ${c.safe} safe, ${c.review} ` +
        `review, ${c.destructive} destructive, ${c.blocked} blocked; stages (ms) ${
          Object.entries(wp.summary.timings_ms ?? {}).map(([k, v]) => `${k} ${v}`).join(", ")
        }`,
    );
    const g = p.goals;
    out.push(
      `  goal time <= ${g.ratio.limit}x the floor: ${g.ratio.value}x -> ${
        g.ratio.met ? "met" : "NOT met"
      }; goal peak RSS <= ${g.rssRatio.limit}x: ${g.rssRatio.value ?? "n/a"}x -> ${
        g.rssRatio.met ? "met" : "NOT met"
      }`,
    );
    if (p.inProcess) {
      out.push(...formatInProcess(p.inProcess, p.pair.expectedTotal, p.pair.changedTables));
    }
    if (p.profile) {
      out.push("  profile of one generator run: self time, ms");
      for (const e of p.profile.self) out.push(`    ${pad(e.ms, 8)}  ${e.name}`);
      out.push("  profile: inclusive time in src/, ms");
      for (const e of p.profile.src) out.push(`    ${pad(e.ms, 8)}  ${e.name}`);
    }
  }
  for (const g of r.growth) {
    out.push("");
    out.push(
      `growth ${g.dialect} ${g.from} -> ${g.to} tables (input x${g.inputRatio}): wall x${g.wallRatio}` +
        (g.cpuRatio !== undefined ? `, CPU x${g.cpuRatio}` : "") +
        `; goal <= x${g.limit} -> ${g.met ? "met" : "NOT met"}`,
    );
  }
  if (extraLines.length) out.push("", ...extraLines);
  return out.join("\n");
}

/** Runs the whole benchmark; returns the process exit code. */
export async function runBench(args: string[]): Promise<number> {
  const opts = parseBenchArgs(args);
  const work = await Deno.makeTempDir({ prefix: "smartspec-bench-" });
  const log = (s: string) => {
    if (!opts.json) console.error(s);
  };
  const problems: string[] = [];
  try {
    const pairs: PairResult[] = [];
    for (const dialect of opts.dialects) {
      for (const [i, tables] of opts.dialectSizes[dialect].entries()) {
        const project = join(work, `${dialect}-${tables}`);
        log(`${dialect}, ${tables} tables: generating into ${project} ...`);
        const pair = generateSchemaPair({ tables, seed: opts.seed, dialect });
        writeProject(project, pair);
        let inProcess: InProcessResult | undefined;
        if (i === 0) {
          log("  in-process pipeline ...");
          inProcess = await benchInProcess(pair, opts, dialect);
        }
        log("  whole process (generator and floor, in turn) ...");
        const wholeProcess = await benchWholeProcess(project, work, opts, dialect);
        const profile = opts.profile ? await profileOnce(project, work, opts.v8Flags) : undefined;
        const wp = wholeProcess;
        pairs.push({
          dialect,
          tables,
          pair: { ...pair.stats, bytes: { from: pair.from.length, to: pair.to.length } },
          inProcess,
          wholeProcess,
          profile,
          goals: {
            ratio: {
              value: wp.ratio,
              limit: GOALS.ratio[dialect],
              met: wp.ratio <= GOALS.ratio[dialect],
            },
            rssRatio: {
              value: wp.ratioRss,
              limit: GOALS.rssRatio,
              met: wp.ratioRss !== undefined && wp.ratioRss <= GOALS.rssRatio,
            },
          },
        });
        // a pair the tool does not turn into a complete migration is an error of the benchmark
        const what = `${dialect} ${tables} tables`;
        if (wp.summary.status !== "ok") {
          problems.push(`${what}: the generator's status is ${wp.summary.status}, not ok`);
        }
        if (wp.summary.counts.total !== pair.stats.expectedTotal) {
          problems.push(
            `${what}: the generator found ${wp.summary.counts.total} changes, the pair has ` +
              `${pair.stats.expectedTotal}`,
          );
        }
        if (inProcess?.blocked) problems.push(`${what}: ${inProcess.blocked} change(s) blocked`);
      }
    }
    const extra: Record<string, unknown> = {};
    const extraLines: string[] = [];
    for (const s of opts.verifyBench ? EXTRA_SECTIONS : []) {
      log(`${s.name} ...`);
      const res = await s.run({ options: opts });
      extra[s.name] = res.data;
      extraLines.push(`${s.name}:`, ...res.lines.map((l) => `  ${l}`));
    }
    const report: BenchReport = {
      options: opts,
      deno: Deno.version.deno,
      pairs,
      growth: growthOf(pairs),
      extra,
    };
    if (opts.json) console.log(JSON.stringify(report, null, 2));
    else console.log(formatReport(report, extraLines));
    for (const p of problems) console.error(`bench: error: ${p}`);
    return problems.length ? 1 : 0;
  } finally {
    if (opts.keep) console.error(`bench: kept ${work}`);
    else Deno.removeSync(work, { recursive: true });
  }
}

if (import.meta.main) {
  try {
    Deno.exit(await runBench(Deno.args));
  } catch (e) {
    console.error(`bench: error: ${(e as Error).message}`);
    Deno.exit(1);
  }
}
