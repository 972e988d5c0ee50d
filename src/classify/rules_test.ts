import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { InputError } from "../errors.ts";
import { loadRule, RuleSet, TOP_KEYS } from "./rules.ts";

interface BadRule {
  name: string;
  line: number;
  error: string;
  rule: string;
}

const BAD: BadRule[] = parse(
  readFileSync(new URL("./testdata/bad_rules.yaml", import.meta.url), "utf8"),
);

const GOOD = `id: x.add
code: SDM901
summary: Add a column
match: { kind: add_column, dialects: [postgresql], when: { not_null: false } }
safety: safe
reversibility: lossless
message: "new column {{text:target}}"
help: h
up: |
  ALTER TABLE {{ident:table}} ADD COLUMN {{ident:column}} {{sql:column_def}};
down: |
  ALTER TABLE {{ident:table}} DROP COLUMN {{ident:column}};
`;

for (const c of BAD) {
  Deno.test(`rules: a rule with ${c.name} is a load error at its line`, () => {
    let err: unknown;
    try {
      loadRule(c.rule, "my-rules/x.yaml", "user");
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof InputError, `${c.name}: loaded without an error`);
    assert.ok(
      err.message.startsWith(`my-rules/x.yaml:${c.line}: `),
      `${c.name}: ${err.message} (expected line ${c.line})`,
    );
    assert.ok(err.message.includes(c.error), `${c.name}: ${err.message}`);
  });
}

Deno.test("rules: a valid rule loads with its defaults", () => {
  const r = loadRule(GOOD, "my-rules/x.yaml", "user");
  assert.equal(r.id, "x.add");
  assert.deepEqual(r.match.kind, ["add_column"]);
  assert.deepEqual(r.match.when, { not_null: false });
  assert.equal(r.priority, 0);
  assert.equal(r.transaction, true);
  assert.equal(r.origin, "user");
});

Deno.test("rules: a duplicate id within one layer names both files", () => {
  const set = new RuleSet();
  const a = loadRule(GOOD, "a.yaml", "user");
  const b = loadRule(GOOD.replace("SDM901", "SDM902"), "b.yaml", "user");
  assert.throws(
    () => set.addLayer([a, b]),
    /b\.yaml:1: duplicate rule id x\.add \(also in a\.yaml\)/,
  );
});

Deno.test("rules: a duplicate code within one layer is an error", () => {
  const a = loadRule(GOOD, "a.yaml", "user");
  const b = loadRule(GOOD.replace("id: x.add", "id: y.add"), "b.yaml", "user");
  assert.throws(
    () => new RuleSet().addLayer([a, b]),
    /b\.yaml:1: duplicate rule code SDM901 \(also used by x\.add in a\.yaml\)/,
  );
});

Deno.test("rules: rule.schema.json allows exactly the keys the loader reads", () => {
  const schema = JSON.parse(
    readFileSync(new URL("../../rules/rule.schema.json", import.meta.url), "utf8"),
  );
  assert.deepEqual(Object.keys(schema.properties).sort(), [...TOP_KEYS].sort());
  assert.equal(schema.additionalProperties, false);
});

Deno.test("rules: a later layer overrides a rule by id; a reused code is an error", () => {
  const set = new RuleSet();
  set.addLayer([loadRule(GOOD, "builtin.yaml", "builtin")]);
  set.addLayer([loadRule(GOOD.replace("Add a column", "Mine"), "mine.yaml", "user")]);
  assert.equal(set.all().length, 1);
  assert.equal(set.all()[0].summary, "Mine");
  const other = loadRule(GOOD.replace("id: x.add", "id: y.add"), "other.yaml", "user");
  assert.throws(() => set.addLayer([other]), /other\.yaml:1: rule code SDM901 is already used/);
});
