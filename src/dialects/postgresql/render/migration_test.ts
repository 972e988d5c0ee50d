import assert from "node:assert/strict";
import type { Classified } from "../../../classify/classify.ts";
import type { Step } from "../../../plan/plan.ts";
import { renderMigration, segments } from "./migration.ts";

function step(n: number, up: string, transactional = true, blocked?: string): Step {
  const item = {
    change: { kind: "create_schema", name: `s${n}` },
    described: { target: `s${n}`, facts: {}, vars: {} },
    ruleId: `rule.${n}`,
    safety: "safe",
    reversibility: "lossless",
    message: "m",
    blocked,
  } as unknown as Classified;
  return { n, item, up, down: `-- down ${n}`, transactional };
}

const meta = {
  tool: "tool",
  version: "1",
  runId: "r",
  spec: "specs/x/spec.md",
  from: "a.sql",
  to: "b.sql",
  lockTimeout: "5s",
};

const statements = (sql: string) => sql.split("\n").filter((l) => l && !l.startsWith("--"));

Deno.test("migration: one transaction with the timeouts set locally", () => {
  const f = renderMigration([step(1, "SELECT 1;"), step(2, "SELECT 2;")], {
    ...meta,
    statementTimeout: "1min",
  });
  assert.deepEqual(statements(f.migration), [
    "BEGIN;",
    "SET LOCAL lock_timeout = '5s';",
    "SET LOCAL statement_timeout = '1min';",
    "SELECT 1;",
    "SELECT 2;",
    "COMMIT;",
  ]);
  assert.match(f.migration, /run it as one transaction/);
  assert.match(f.rollback, /BEGIN;[\s\S]*-- down 2\n[\s\S]*-- down 1\n[\s\S]*COMMIT;/);
  assert.equal(f.steps, 2);
});

Deno.test("migration: steps outside a transaction split the file in plan order", () => {
  const steps = [
    step(1, "A;"),
    step(2, "CONC 2;", false),
    step(3, "CONC 3;", false),
    step(4, "B;"),
  ];
  assert.deepEqual(segments(steps).map((s) => [s.transactional, s.steps.map((x) => x.n)]), [
    [true, [1]],
    [false, [2, 3]],
    [true, [4]],
  ]);
  const f = renderMigration(steps, meta);
  assert.deepEqual(statements(f.migration), [
    "BEGIN;",
    "SET LOCAL lock_timeout = '5s';",
    "A;",
    "COMMIT;",
    "SET lock_timeout = '5s';",
    "CONC 2;",
    "CONC 3;",
    "BEGIN;",
    "SET LOCAL lock_timeout = '5s';",
    "B;",
    "COMMIT;",
  ]);
  assert.match(f.migration, /runs in 3 parts/);
  assert.match(f.migration, /NOT ATOMIC/);
  assert.match(f.migration, /-- part 2 of 3: outside a transaction/);
  assert.match(f.migration, /rule rule\.2: safe, lossless, outside a transaction/);
  // the rollback runs the downs in reverse, split the same way
  assert.match(
    f.rollback,
    /-- down 4[\s\S]*COMMIT;[\s\S]*-- down 3\n[\s\S]*-- down 2\n[\s\S]*BEGIN;/,
  );
});

Deno.test("migration: a blocked step leaves both files without statements", () => {
  const f = renderMigration([step(1, "A;"), step(2, "", true, "needs a decision")], meta);
  assert.deepEqual(statements(f.migration), []);
  assert.match(
    f.migration,
    /NOT GENERATED: 1 change\(s\) need a decision first:\n-- - \[2\] needs a decision/,
  );
  assert.equal(f.steps, 0);
});

Deno.test("migration: a transaction ends after an enum value that a later step uses", () => {
  const steps = [
    step(1, `ALTER TYPE "s" ADD VALUE 'paid' AFTER 'placed';`),
    step(2, `ALTER TYPE "s" ADD VALUE 'gone';`),
    step(3, `CREATE INDEX "i" ON "t" ("c") WHERE s IN ('cart', 'paid');`),
    step(4, "B;"),
  ];
  // 'paid' is used by step 3: committed first; 'gone' is used by nothing after it
  assert.deepEqual(segments(steps).map((s) => [s.transactional, s.steps.map((x) => x.n)]), [
    [true, [1]],
    [true, [2, 3, 4]],
  ]);
  const f = renderMigration(steps, meta);
  assert.deepEqual(statements(f.migration).filter((l) => /^(BEGIN|COMMIT)/.test(l)), [
    "BEGIN;",
    "COMMIT;",
    "BEGIN;",
    "COMMIT;",
  ]);
  assert.match(f.migration, /runs in 2 parts/);
  // nothing uses a value: one transaction
  assert.equal(segments(steps.slice(1, 2).concat(steps.slice(3))).length, 1);
});
