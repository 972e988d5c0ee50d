import assert from "node:assert/strict";
import { alterAlgorithm, fusedAlgorithm } from "./algorithm.ts";
import { ALGORITHM_CASES, caseOp } from "./algorithm_cases.ts";

for (const c of ALGORITHM_CASES) {
  Deno.test(`mysql algorithm: ${c.change} (from ${c.from})`, () => {
    for (const flavor of ["mysql", "mariadb"] as const) {
      assert.equal(alterAlgorithm(caseOp(c, flavor), flavor), c[flavor], flavor);
    }
  });
}

Deno.test("mysql algorithm: a fused ALTER takes its most expensive part", () => {
  assert.equal(fusedAlgorithm([]), "instant");
  assert.equal(fusedAlgorithm(["instant", "inplace", "instant"]), "inplace");
  assert.equal(fusedAlgorithm(["instant", "copy", "inplace"]), "copy");
});
