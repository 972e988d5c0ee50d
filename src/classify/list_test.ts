import assert from "node:assert/strict";
import { conditionText, ruleListing, ruleListingText, whenText } from "./list.ts";
import { loadRule } from "./rules.ts";

const r = (id: string, code: string, extra = "", origin: "builtin" | "user" = "builtin") =>
  loadRule(
    `id: ${id}
code: ${code}
summary: Summary of ${id}
match: { kind: [add_index, drop_index], when: { unique: false${extra} } }
safety: safe
reversibility: lossless
message: m
help: h
up: "{{sql:create_index}}"
down: "DROP INDEX {{ident:index}};"
`,
    `${id}.yaml`,
    origin,
  );

Deno.test("list: conditions are written as in a rule file", () => {
  assert.equal(conditionText(true), "true");
  assert.equal(conditionText({ in: ["a", 1] }), '{ in: ["a", 1] }');
  assert.equal(conditionText({ not: null }), "{ not: null }");
  assert.equal(whenText({ a: 1, b: { gte: 2, lte: 3 } }), "a=1, b={ gte: 2, lte: 3 }");
});

Deno.test("list: rules sorted by code, with kinds, conditions and flags", () => {
  const rules = [r("z.second", "SDM902", ", online: true"), r("a.first", "SDM901", "", "user")];
  const text = ruleListingText(rules);
  assert.equal(
    text,
    `2 rule(s)

SDM901  a.first  [safe, lossless, user: a.first.yaml]
    add_index, drop_index when unique=false
    Summary of a.first
SDM902  z.second  [safe, lossless]
    add_index, drop_index when unique=false, online=true
    Summary of z.second
`,
  );
  const json = ruleListing(rules, "tool", "1.0");
  assert.equal(json.count, 2);
  assert.deepEqual(json.rules.map((x) => x.id), ["a.first", "z.second"]);
  assert.deepEqual(json.rules[1].when, { unique: false, online: true });
  assert.equal(json.rules[0].origin, "user");
  assert.equal(json.rules[0].transaction, true);
});
