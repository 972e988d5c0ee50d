import assert from "node:assert/strict";
import { type Invocation, nextCommands, type NextState } from "./next_steps.ts";

const T = "smartspec_data_migration_generator";
const state = (s: Partial<NextState>): NextState => ({
  status: "ok",
  applied: false,
  apply: false,
  alreadyThere: false,
  destructive: false,
  ...s,
});
const BIN: Invocation = { prefix: [T], form: "binary" };
const TASK: Invocation = { prefix: ["deno", "task", "gen"], form: "task" };

Deno.test("next repeats the invocation and follows from the state", () => {
  const argv = ["specs/a/spec.md", "--run-id", "x1", "--platform", "cli", "--lang", "th"];
  const ok = nextCommands(argv, BIN, state({}), T);
  assert.equal(ok.cli, `${T} specs/a/spec.md --lang th --apply`);
  assert.equal(ok.kilo, `/${T}.md specs/a/spec.md --lang th --apply --platform kilo`);
  assert.equal(
    nextCommands(argv, TASK, state({ status: "blocked" }), T).cli,
    "deno task gen specs/a/spec.md --lang th",
  );
  const refused = nextCommands(
    [...argv, "--apply"],
    TASK,
    state({ status: "refused", apply: true, destructive: true }),
    T,
  );
  assert.equal(refused.cli, "deno task gen specs/a/spec.md --lang th --apply");
  assert.match(refused.why, /drop:/);
  const applied = nextCommands(
    argv,
    BIN,
    state({ applied: true, written: { tool: "dbmate", dir: "db/migrations" } }),
    T,
  );
  assert.equal(applied.cli, "dbmate --migrations-dir db/migrations up");
  assert.equal(
    nextCommands(["specs/my spec.md"], BIN, state({ status: "no_changes" }), T).cli,
    `${T} 'specs/my spec.md'`,
  );
});
