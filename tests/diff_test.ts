/**
 * Differ and classifier cases as data (tests/diff/cases.yaml): each case is run through the
 * pipeline and the reported changes are compared with the expected ones.
 */
import assert from "node:assert/strict";
import { parse as parseYaml } from "yaml";
import { archiveTagOf, initDialect, loadRules, runPipeline } from "../src/pipeline.ts";
import type { Intent } from "../src/spec/spec.ts";
import { parseSpec } from "../src/spec/spec.ts";
import { changeEntries } from "../src/report/summary.ts";
import { postgresql } from "../src/dialects/postgresql/mod.ts";

interface Expected {
  kind: string;
  target: string;
  safety?: string;
  class?: string;
  rule?: string;
  via?: string;
  blocked?: boolean;
}
interface Case {
  name: string;
  from: string;
  to: string;
  intents?: unknown[];
  changes: Expected[];
  not_reported?: string[];
  exact?: boolean;
  pending?: string;
}

const file = new URL("./diff/cases.yaml", import.meta.url);
const { cases } = parseYaml(Deno.readTextFileSync(file)) as { cases: Case[] };
await initDialect("postgresql");
const rules = loadRules();

function intentsOf(c: Case): Intent[] {
  if (!c.intents) return [];
  const md = "```yaml migration\n" + `intents: ${JSON.stringify(c.intents)}\n` + "```\n";
  return parseSpec(md, "spec.md", "case").intents;
}

for (const c of cases) {
  Deno.test({
    name: `diff: ${c.name}`,
    ignore: !!c.pending,
    fn() {
      const result = runPipeline({
        dialect: postgresql,
        spec: { path: "spec.md", id: "case", intents: intentsOf(c) },
        from: { path: "from.sql", text: c.from },
        to: { path: "to.sql", text: c.to },
        rules,
        runId: "case",
        archiveTag: archiveTagOf("case"),
        tool: "test",
        version: "0",
      });
      const got = changeEntries(result.steps);
      const show = () =>
        got.map((g) => `${g.kind} ${g.target} [${g.rule}, ${g.safety}]`).join("\n");
      for (const e of c.changes) {
        const hit = got.find((g) => g.kind === e.kind && g.target === e.target);
        assert.ok(hit, `missing ${e.kind} ${e.target}; reported:\n${show()}`);
        if (e.safety) assert.equal(hit.safety, e.safety, `${e.target} safety`);
        if (e.class) assert.equal(hit.class, e.class, `${e.target} class`);
        if (e.rule) assert.equal(hit.rule, e.rule, `${e.target} rule`);
        if (e.via) assert.equal(hit.via, e.via, `${e.target} via`);
        if (e.blocked !== undefined) assert.equal(!!hit.blocked, e.blocked, `${e.target} blocked`);
      }
      for (const k of c.not_reported ?? []) {
        assert.ok(!got.some((g) => g.kind === k), `${k} must not be reported:\n${show()}`);
      }
      if (c.exact) assert.equal(got.length, c.changes.length, `exactly these changes:\n${show()}`);
      // every reported change names the rule that decided it
      for (const g of got) {
        assert.ok(g.rule && g.rule !== "none", `${g.kind} ${g.target} has no rule`);
      }
    },
  });
}
