import assert from "node:assert/strict";
import { parse } from "yaml";
import catalog from "../../rules/catalog.json" with { type: "json" };
import th from "./rules_th.yaml" with { type: "text" };

const placeholders = (s: string | undefined) =>
  [...(s ?? "").matchAll(/\{\{[^}]+\}\}/g)].map((m) => m[0]).sort();

Deno.test("every PostgreSQL rule has Thai text with the same placeholders", () => {
  const texts = parse(th) as Record<string, { message?: string; blocked?: string; help?: string }>;
  const rules =
    (catalog.rules as { id: string; message: string; blocked?: string; help?: string }[])
      .filter((r) => r.id.startsWith("pg."));
  assert.ok(rules.length > 100);
  for (const r of rules) {
    const t = texts[r.id];
    assert.ok(t?.message && t.help, `${r.id}: Thai message and help`);
    assert.match(t.message!, /[\u0E00-\u0E7F]/, r.id);
    assert.deepEqual(placeholders(t.message), placeholders(r.message), `${r.id} message`);
    if (r.blocked) {
      assert.deepEqual(placeholders(t.blocked), placeholders(r.blocked), `${r.id} blocked`);
    }
  }
});
