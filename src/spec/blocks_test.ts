import assert from "node:assert/strict";
import { looseBlockWarning, looseIntentBlocks } from "./blocks.ts";
import { findIntentBlock, parseSpec } from "./spec.ts";

const SPEC = [
  "# Users", // 1
  "", // 2
  "```yaml", // 3
  "intents:", // 4
  "  - rename: users.a -> users.b", // 5
  "```", // 6
  "", // 7
  "```yaml", // 8
  "name: not intents", // 9
  "```", // 10
  "```yml title", // 11
  "from_schema: db/a.sql", // 12
  "```", // 13
  "```sql", // 14
  "intents: 1", // 15
  "```", // 16
  "```yaml migration", // 17
  "intents:", // 18
  "```", // 19
].join("\n");

Deno.test("yaml/yml blocks that look like intents without `migration` are found by line", () => {
  const blocks = looseIntentBlocks(SPEC);
  assert.deepEqual(blocks, [{ line: 3, info: "yaml" }, { line: 11, info: "yml title" }]);
  assert.match(
    looseBlockWarning("specs/x/spec.md", blocks[0]),
    /^specs\/x\/spec\.md:3: the ```yaml block looks like migration intents but is not read/,
  );
});

Deno.test("```yml migration is the intents block; an empty intents: is no error", () => {
  const text = "# x\n\n```yml migration\nintents:\n  - rename: users.a -> users.b\n```\n";
  assert.equal(findIntentBlock(text)?.line, 4);
  const spec = parseSpec(text, "specs/x/spec.md", "x");
  assert.equal(spec.intents.length, 1);
  assert.equal(parseSpec(SPEC, "specs/x/spec.md", "x").intents.length, 0);
  assert.equal(parseSpec("```yaml migration\nintents: []\n```\n", "s", "x").intents.length, 0);
  assert.equal(parseSpec("```yaml migration\n# none yet\n```\n", "s", "x").intents.length, 0);
});

Deno.test("accept_loss names a column and needs a reason", () => {
  const spec = (body: string) =>
    parseSpec("```yaml migration\nintents:\n" + body + "```\n", "specs/x/spec.md", "x");
  const s = spec("  - accept_loss: users.nick\n    reason: cleanup of empty nicknames\n");
  assert.deepEqual(s.intents, [{
    kind: "accept_loss",
    target: { table: "users", column: "nick" },
    reason: "cleanup of empty nicknames",
    line: 3,
  }]);
  assert.throws(() => spec("  - accept_loss: users.nick\n"), /specs\/x\/spec\.md:3: .*reason/);
  assert.throws(() => spec("  - accept_loss: users\n    reason: x\n"), /table\.column/);
});
