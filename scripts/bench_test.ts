import assert from "node:assert/strict";
import type { Change } from "../src/diff/changes.ts";
import { median, parseBenchArgs, tablesOf, vmHwmKb } from "./bench.ts";
import { type CpuProfile, summariseProfile } from "./bench_profile.ts";

Deno.test("bench: median of odd and even lists, unsorted input", () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
});

Deno.test("bench: options default to 1000 tables, 5 runs; bad numbers are refused", () => {
  const o = parseBenchArgs([]);
  assert.equal(o.tables, 1000);
  assert.equal(o.runs, 5);
  assert.equal(o.json, false);
  assert.equal(parseBenchArgs(["--tables", "200", "--json"]).tables, 200);
  assert.throws(() => parseBenchArgs(["--tables", "abc"]), /--tables/);
  assert.throws(() => parseBenchArgs(["--runs", "0"]), /--runs/);
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
