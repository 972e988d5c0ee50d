import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { classifyTypeChange, type TypeFacts } from "../../model/types.ts";
import { checkTypeFacts, declaredType, sqliteTypeFacts } from "./types.ts";

Deno.test("sqlite type facts: valid against rules/types.schema.json, aliases canonical", () => {
  const schema = JSON.parse(
    readFileSync(new URL("../../../rules/types.schema.json", import.meta.url), "utf8"),
  );
  const facts = sqliteTypeFacts() as unknown as Record<string, unknown>;
  const problems: string[] = [];
  for (const k of Object.keys(facts)) {
    if (!(k in schema.properties)) problems.push(`unknown key ${k}`);
  }
  const item = schema.properties.changes.items;
  for (const [i, c] of (facts.changes as Record<string, unknown>[]).entries()) {
    for (const [k, v] of Object.entries(c)) {
      const spec = item.properties[k];
      if (!spec) problems.push(`changes[${i}]: unknown key ${k}`);
      else if (spec.enum && !spec.enum.includes(v)) problems.push(`changes[${i}].${k}: ${v}`);
    }
  }
  const f = facts as unknown as TypeFacts;
  const canonical = new Set(Object.values(f.aliases));
  for (const c of f.changes) {
    if (!canonical.has(c.from)) problems.push(`change from ${c.from}: not canonical`);
    if (!canonical.has(c.to)) problems.push(`change to ${c.to}: not canonical`);
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(checkTypeFacts(f), []);
});

Deno.test("checkTypeFacts: an alias to a name that is not canonical is reported", () => {
  const f = parseYaml("dialect: sqlite\naliases: { int: integer, integer: int4 }\n") as TypeFacts;
  assert.equal(checkTypeFacts(f).length, 2);
});

Deno.test("declaredType: spellings and modifiers", () => {
  const cases: [string, string, number[]][] = [
    ["INTEGER", "integer", []],
    ["int", "int", []],
    ["VARCHAR(50)", "varchar", [50]],
    ["character  varying (20)", "varchar", [20]],
    ["NUMERIC(10, 2)", "numeric", [10, 2]],
    ["DOUBLE PRECISION", "double", []],
    ["", "", []],
    ["VARCHAR(MAX)", "varchar(max)", []],
    ["mystery", "mystery", []],
  ];
  for (const [spelling, name, mods] of cases) {
    assert.deepEqual(declaredType(spelling), { name, mods, arrayDims: 0 }, spelling);
  }
});

Deno.test("sqlite type facts classify the changes the generator guards", () => {
  const f = sqliteTypeFacts();
  const t = (s: string) => declaredType(s, f);
  assert.equal(classifyTypeChange(t("varchar(100)"), t("varchar(50)"), f).class, "narrow");
  assert.equal(classifyTypeChange(t("varchar(100)"), t("varchar(50)"), f).guard, "length");
  assert.equal(classifyTypeChange(t("varchar(50)"), t("varchar(100)"), f).class, "widen");
  assert.equal(classifyTypeChange(t("integer"), t("text"), f).class, "widen");
  const conv = classifyTypeChange(t("text"), t("integer"), f);
  assert.deepEqual([conv.class, conv.guard, conv.cast], ["convert", "cast", true]);
  assert.equal(classifyTypeChange(t("real"), t("integer"), f).class, "narrow");
  assert.equal(classifyTypeChange(t("bigint"), t("smallint"), f).guard, "range");
  assert.equal(classifyTypeChange(t("text"), t("varchar(10)"), f).class, "narrow");
});
