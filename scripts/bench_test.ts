import assert from "node:assert/strict";
import type { Change } from "../src/diff/changes.ts";
import { growthOf, median, type PairResult, parseBenchArgs, tablesOf, vmHwmKb } from "./bench.ts";
import { type CpuProfile, summariseProfile } from "./bench_profile.ts";

Deno.test("bench: median of odd and even lists, unsorted input", () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
});

Deno.test("bench: options default to 1,000 and 10,000 tables, 5 runs; bad values are refused", () => {
  const o = parseBenchArgs([]);
  assert.deepEqual(o.sizes, [1000, 10000]);
  assert.deepEqual(o.dialects, ["postgresql", "sqlite", "mysql"]);
  // without --sizes: SQLite and MySQL get their 1,000-table pair, PostgreSQL both sizes
  assert.deepEqual(o.dialectSizes, {
    postgresql: [1000, 10000],
    sqlite: [1000],
    mysql: [1000],
  });
  assert.deepEqual(parseBenchArgs(["--sizes", "200"]).dialectSizes.sqlite, [200]);
  assert.deepEqual(parseBenchArgs(["--dialects", "sqlite,mysql"]).dialects, ["sqlite", "mysql"]);
  assert.equal(o.runs, 5);
  assert.equal(o.json, false);
  assert.equal(o.verifyBench, true);
  // generator and floor run on the tool's own V8 flags unless told otherwise
  assert.equal(o.v8Flags, "--liftoff-only");
  assert.equal(parseBenchArgs(["--v8-flags="]).v8Flags, "");
  assert.deepEqual(parseBenchArgs(["--tables", "200", "--json"]).sizes, [200]);
  assert.deepEqual(parseBenchArgs(["--sizes", "500,100,500"]).sizes, [100, 500]);
  assert.throws(() => parseBenchArgs(["--tables", "abc"]), /--tables/);
  assert.throws(() => parseBenchArgs(["--sizes", "100,x"]), /--sizes/);
  assert.throws(() => parseBenchArgs(["--runs", "0"]), /--runs/);
  assert.throws(() => parseBenchArgs(["--dialects", "oracle"]), /oracle/);
});

Deno.test("bench: growth from the smallest to the largest pair, against the input's", () => {
  const pair = (tables: number, bytes: number, ms: number, cpu: number) =>
    ({
      dialect: "postgresql",
      tables,
      pair: { bytes: { from: bytes / 2, to: bytes / 2 } },
      wholeProcess: {
        generator: { median: ms, min: ms, max: ms, cpuMs: { median: cpu, min: cpu, max: cpu } },
      },
    }) as unknown as PairResult;
  const [g] = growthOf([pair(10000, 10_000_000, 12000, 9000), pair(1000, 1_000_000, 1000, 1000)]);
  assert.equal(g.from, 1000);
  assert.equal(g.to, 10000);
  assert.equal(g.inputRatio, 10);
  assert.equal(g.wallRatio, 12);
  assert.equal(g.cpuRatio, 9);
  assert.equal(g.limit, 11);
  assert.equal(g.met, false);
  assert.deepEqual(growthOf([pair(1000, 1_000_000, 1000, 1000)]), []);
});

Deno.test("bench: VmHWM is read from /proc/<pid>/status text", () => {
  assert.equal(
    vmHwmKb("Name:\tdeno\nVmPeak:\t 999 kB\nVmHWM:\t  204800 kB\nVmRSS:\t 1 kB\n"),
    204800,
  );
  assert.equal(vmHwmKb("Name:\tdeno\n"), undefined);
});

Deno.test("bench: the tables a change touches", () => {
  const t = { schema: "public", name: "orders" };
  const col = { name: "x", type: { name: "int4", mods: [], arrayDims: 0 }, notNull: false };
  assert.deepEqual(
    tablesOf({ kind: "add_column", table: t, column: col } as unknown as Change),
    ["public.orders"],
  );
  assert.deepEqual(
    tablesOf({ kind: "drop_index", index: { table: t } } as unknown as Change),
    ["public.orders"],
  );
  assert.deepEqual(
    tablesOf({ kind: "add_enum_value", type: {}, value: "v" } as unknown as Change),
    [],
  );
});

Deno.test("bench: a profile is summarised as self and inclusive time per function", () => {
  // root -> a -> b ; samples: b, b, a (deltas in microseconds)
  const frame = (functionName: string) => ({
    functionName,
    url: "file:///repo/src/x.ts",
    lineNumber: 0,
  });
  const p: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: "(root)", url: "", lineNumber: -1 }, children: [2] },
      { id: 2, callFrame: frame("a"), children: [3] },
      { id: 3, callFrame: frame("b") },
    ],
    samples: [3, 3, 2],
    timeDeltas: [0, 1000, 2000, 3000],
  };
  const s = summariseProfile(p, "/repo");
  const by = new Map(s.map((e) => [e.name, e]));
  assert.equal(by.get("b (src/x.ts:1)")?.selfMs, 3);
  assert.equal(by.get("a (src/x.ts:1)")?.selfMs, 3);
  assert.equal(by.get("a (src/x.ts:1)")?.totalMs, 6);
  assert.equal(by.get("(root)")?.totalMs, 6);
});
