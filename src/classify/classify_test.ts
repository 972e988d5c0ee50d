import assert from "node:assert/strict";
import type { Change } from "../diff/changes.ts";
import { emptySchema } from "../model/schema.ts";
import { typeFacts } from "../model/types.ts";
import { classify, pickRule } from "./classify.ts";
import { loadRule, type Rule, RuleSet } from "./rules.ts";
import { postgresql } from "../dialects/postgresql/mod.ts";

function rule(
  id: string,
  extra: string,
  origin: Rule["origin"] = "builtin",
  code = "SDM901",
): Rule {
  return loadRule(
    `id: ${id}
code: ${code}
summary: s
match: { kind: create_schema${extra} }
safety: safe
reversibility: lossless
message: "rule ${id} for {{text:target}}"
help: h
up: CREATE SCHEMA {{ident:schema}};
down: DROP SCHEMA {{ident:schema}};
`,
    `${id}.yaml`,
    origin,
  );
}

const ctx = {
  facts: typeFacts("postgresql"),
  from: emptySchema("postgresql", "a.sql"),
  to: emptySchema("postgresql", "b.sql"),
  archiveTag: "t1",
};
const change: Change = { kind: "create_schema", name: "billing" };

Deno.test("classify: a change no rule matches is review, blocked, with the facts", () => {
  const set = new RuleSet();
  set.addLayer([rule("x.offline", ", when: { online: false }")]);
  const [c] = classify([change], set, postgresql, { ...ctx, online: true });
  assert.equal(c.ruleId, "none");
  assert.equal(c.safety, "review");
  assert.match(c.message, /no rule matches create_schema billing \(online=true\)/);
  assert.match(c.blocked!, /no rule can make create_schema of billing safe for postgresql/);
});

Deno.test("classify: the matching rule decides and renders its message", () => {
  const set = new RuleSet();
  set.addLayer([
    rule("x.online", ", when: { online: true }"),
    rule("x.any", "", "builtin", "SDM902"),
  ]);
  const [c] = classify([change], set, postgresql, { ...ctx, online: true });
  assert.equal(c.ruleId, "x.online");
  assert.equal(c.message, "rule x.online for billing");
  const [d] = classify([change], set, postgresql, ctx);
  assert.equal(d.ruleId, "x.any");
});

Deno.test("classify: priority, then user over built-in, then more conditions, then id", () => {
  const a = rule("a", "");
  const b = rule("b", ", when: { online: false }");
  const user = rule("c", "", "user");
  const high = rule("d", "", "builtin");
  assert.equal(pickRule([a, b])?.id, "b");
  assert.equal(pickRule([a, b, user])?.id, "c");
  assert.equal(pickRule([a, rule("aa", "")])?.id, "a");
  assert.equal(pickRule([])?.id, undefined);
  const prio = { ...high, priority: 5 };
  assert.equal(pickRule([a, b, user, prio])?.id, "d");
});
