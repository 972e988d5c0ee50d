/**
 * The rule catalog's data-driven tests: every built-in rule has `rules/tests/<rule-id>.yaml`,
 * whose `match:` cases it must decide (with the rendered SQL asserted) and whose `no_match:`
 * cases (near misses) another rule must decide. Also: `rules/catalog.ts` and `docs/rules.md`
 * are current.
 * @module
 */
import { basename, join } from "node:path";
import { readdirSync, readFileSync } from "node:fs";
import { checkCase, parseRuleTests, runCase } from "../src/classify/rule_cases.ts";
import { initDialect, loadRules } from "../src/pipeline.ts";
import { factsOf } from "../src/plan/kind_facts.ts";
import { renderCatalog } from "../scripts/gen_rule_catalog.ts";
import { renderRulesDoc } from "../scripts/gen_rules_doc.ts";
import { REPO_ROOT } from "./helpers/cli.ts";

const TESTS_DIR = join(REPO_ROOT, "rules", "tests");

await initDialect("postgresql");
const rules = loadRules();
const builtin = rules.all();
const testFiles = readdirSync(TESTS_DIR).filter((f) => f.endsWith(".yaml")).sort();

function fail(problems: string[], what: string): void {
  if (problems.length) {
    const err = new Error(`${what}:\n  ${problems.join("\n  ").replaceAll("\n", "\n  ")}`);
    err.stack = err.message; // the message says it all; no harness stack trace
    throw err;
  }
}

Deno.test("rules: every built-in rule has a test file with match cases", () => {
  const problems: string[] = [];
  const files = new Set(testFiles.map((f) => basename(f, ".yaml")));
  for (const r of builtin) {
    if (!files.has(r.id)) problems.push(`${r.id} (${r.source}): no rules/tests/${r.id}.yaml`);
  }
  for (const f of files) {
    if (!builtin.some((r) => r.id === f)) problems.push(`rules/tests/${f}.yaml: no rule ${f}`);
  }
  for (const f of testFiles) {
    const path = `rules/tests/${f}`;
    const parsed = parseRuleTests(readFileSync(join(TESTS_DIR, f), "utf8"), path, f);
    if (!parsed.cases.some((c) => c.group === "match")) problems.push(`${path}: no match case`);
  }
  fail(problems, "rule tests missing");
});

for (const f of testFiles) {
  const path = `rules/tests/${f}`;
  const rule = basename(f, ".yaml");
  Deno.test(`rule ${rule}`, async (t) => {
    const parsed = parseRuleTests(readFileSync(join(TESTS_DIR, f), "utf8"), path, rule);
    for (const c of parsed.cases) {
      await t.step(`${c.group}: ${c.name}`, () => {
        const result = runCase(c, rules);
        const problems = checkCase(c, rule, result);
        // every fact a change offers is declared (docs/rules.md lists them; rules are checked)
        for (const s of result.steps) {
          const declared = factsOf(s.item.change.kind);
          if (!declared) continue;
          for (const f of Object.keys(s.item.described.facts)) {
            if (!(f in declared)) problems.push(`${s.item.change.kind} has undeclared fact ${f}`);
          }
        }
        fail(problems, `${path}:${c.line}: ${c.name}`);
      });
    }
  });
}

Deno.test("rules: rules/catalog.ts is current (deno task rules:catalog)", () => {
  const have = readFileSync(join(REPO_ROOT, "rules", "catalog.ts"), "utf8");
  if (have !== renderCatalog()) {
    throw new Error("rules/catalog.ts is out of date: run deno task rules:catalog");
  }
});

Deno.test("rules: docs/rules.md is current (deno task rules:doc)", () => {
  const have = readFileSync(join(REPO_ROOT, "docs", "rules.md"), "utf8");
  if (have !== renderRulesDoc(builtin)) {
    throw new Error("docs/rules.md is out of date: run deno task rules:doc");
  }
});
