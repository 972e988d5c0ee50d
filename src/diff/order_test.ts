import assert from "node:assert/strict";
import { dependencyOrder } from "./order.ts";

Deno.test("dependencies come first, otherwise the given order", () => {
  const deps: Record<string, string[]> = { a: ["c"], b: [], c: ["b"], d: [] };
  assert.deepEqual(dependencyOrder(["a", "b", "c", "d"], (k) => deps[k]), ["b", "c", "a", "d"]);
});

Deno.test("unknown dependencies are ignored and cycles keep the given order", () => {
  const deps: Record<string, string[]> = { a: ["b", "zzz"], b: ["a"] };
  assert.deepEqual(dependencyOrder(["a", "b"], (k) => deps[k]), ["b", "a"]);
  assert.deepEqual(dependencyOrder(["x"], () => ["x"]), ["x"]);
});
