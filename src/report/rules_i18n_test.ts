/**
 * The Thai rule texts (rules_th*.yaml) against the rule catalog: every rule of every dialect has
 * them with the rule's placeholders, and none is stale. rules/catalog.json is the compiled rules;
 * tests/rules_test.ts fails when it is older than rules/ (regenerate: deno task rules:catalog).
 * @module
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import catalog from "../../rules/catalog.json" with { type: "json" };
import thSqlite from "./rules_th_sqlite.yaml" with { type: "text" };
import thMysql from "./rules_th_mysql.yaml" with { type: "text" };
import { ruleCatalog, ruleTexts } from "./rules_i18n.ts";
import type { Step } from "../plan/plan.ts";
import type { Quoting } from "../dialects/dialect.ts";

const THAI = /[\u0E00-\u0E7F]/;
const FIELDS = ["message", "blocked", "help"] as const;

interface CatalogRule {
  id: string;
  message: string;
  blocked?: string;
  help?: string;
}
const RULES = catalog.rules as CatalogRule[];

const placeholders = (s: string | undefined) =>
  [...(s ?? "").matchAll(/\{\{[^}]+\}\}/g)].map((m) => m[0]).sort();

/** What is wrong with the Thai text of one rule (empty when nothing). */
function problems(r: CatalogRule, t: Record<string, unknown> | undefined): string[] {
  if (!t) return [`${r.id}: no Thai text`];
  const out: string[] = [];
  for (const k of Object.keys(t)) {
    if (!(FIELDS as readonly string[]).includes(k)) out.push(`${r.id}: unknown field ${k}`);
  }
  for (const f of FIELDS) {
    const en = r[f];
    const th = t[f];
    if (f === "blocked" && !en) {
      if (th !== undefined) out.push(`${r.id}: Thai blocked, but the rule has none`);
      continue;
    }
    if (typeof th !== "string" || !th.trim()) {
      out.push(`${r.id}: no Thai ${f}`);
      continue;
    }
    if (!THAI.test(th)) out.push(`${r.id}: ${f} is not Thai`);
    const [a, b] = [placeholders(th), placeholders(en)];
    if (a.join() !== b.join()) {
      out.push(`${r.id}: ${f} placeholders ${a.join(" ")} but the rule has ${b.join(" ")}`);
    }
  }
  return out;
}

Deno.test("every rule of every dialect has Thai text with the same placeholders", () => {
  const th = ruleCatalog("th")!;
  for (const prefix of ["pg.", "sqlite.", "mysql."]) {
    assert.ok(RULES.filter((r) => r.id.startsWith(prefix)).length > 25, prefix);
  }
  const found = RULES.flatMap((r) => problems(r, th[r.id] as Record<string, unknown>));
  assert.deepEqual(found, [], `rules_th*.yaml:\n${found.join("\n")}`);
});

Deno.test("Thai text exists only for rules that exist (no stale translations)", () => {
  const ids = new Set(RULES.map((r) => r.id));
  const stale = Object.keys(ruleCatalog("th")!).filter((id) => !ids.has(id));
  assert.deepEqual(stale, [], `rules_th*.yaml has text for rules that do not exist`);
});

Deno.test("each dialect's Thai file holds that dialect's rules only", () => {
  for (const [text, prefix] of [[thSqlite, "sqlite."], [thMysql, "mysql."]]) {
    const ids = Object.keys(parse(text) as Record<string, unknown>);
    assert.ok(ids.length > 25, prefix);
    assert.deepEqual(ids.filter((id) => !id.startsWith(prefix)), [], prefix);
  }
});

Deno.test("the problems check catches a missing, stale or mismatched text", () => {
  const rule: CatalogRule = {
    id: "x.rule",
    message: "{{text:target}} is {{text:what}}",
    help: "plain",
  };
  assert.deepEqual(problems(rule, undefined), ["x.rule: no Thai text"]);
  assert.deepEqual(
    problems(rule, { message: "{{text:target}} เป็น", help: "ข้อความ", blocked: "ไม่", mesage: "" }),
    [
      "x.rule: unknown field mesage",
      "x.rule: message placeholders {{text:target}} but the rule has {{text:target}} {{text:what}}",
      "x.rule: Thai blocked, but the rule has none",
    ],
  );
  assert.deepEqual(
    problems({ ...rule, blocked: "no" }, { message: "{{text:what}} {{text:target}} เป็น" }),
    ["x.rule: no Thai blocked", "x.rule: no Thai help"],
  );
  assert.deepEqual(problems(rule, { message: "{{text:target}} {{text:what}}", help: "plain" }), [
    "x.rule: message is not Thai",
    "x.rule: help is not Thai",
  ]);
});

Deno.test("a SQLite rule's Thai message is rendered with the step's variables", () => {
  const quoting = { ident: (s: string) => `"${s}"` } as unknown as Quoting;
  const step = {
    n: 3,
    item: {
      ruleId: "sqlite.type.narrow",
      blocked: false,
      change: { kind: "alter_column_type" },
      described: { target: "t.c", vars: { from_type: "TEXT", to_type: "INTEGER" } },
    },
  } as unknown as Step;
  const texts = ruleTexts([step], "th", quoting);
  const m = texts.messages.get(3)!;
  assert.match(m, THAI);
  for (const v of ["t.c", "TEXT", "INTEGER"]) assert.ok(m.includes(v), `${m}: ${v}`);
  assert.doesNotMatch(m, /\{\{/);
  assert.match(texts.help.get("sqlite.type.narrow")!, THAI);
  assert.equal(texts.blocked.size, 0);
});

Deno.test("a probable rename's evidence is said in Thai in its message and decision", () => {
  const quoting = { ident: (s: string) => `"${s}"` } as unknown as Quoting;
  const evidence = {
    score: 0.93,
    nameSimilarity: 0.89,
    sameType: true,
    samePosition: true,
    intentLine: "- rename: t.a -> t.b",
  };
  for (const ruleId of ["sqlite.column.rename.probable", "mysql.column.rename.probable"]) {
    const step = {
      n: 1,
      item: {
        ruleId,
        blocked: "looks like a rename",
        change: { kind: "rename_column", via: "probable", evidence },
        described: {
          target: "t.a -> t.b",
          vars: {
            evidence: "name similarity 0.89, same type",
            intent_line: evidence.intentLine,
            from_name: "a",
            drop_target: "t.a",
          },
        },
      },
    } as unknown as Step;
    const texts = ruleTexts([step], "th", quoting);
    for (const m of [texts.messages.get(1)!, texts.blocked.get(1)!]) {
      assert.match(m, /ชื่อคล้ายกัน 0\.89, ชนิดเดียวกัน/, m);
      assert.doesNotMatch(m, /similarity|same type|\{\{/, m);
    }
    for (const part of ["`- rename: t.a -> t.b`", "from=a`", "`- drop: t.a`"]) {
      assert.ok(texts.blocked.get(1)!.includes(part), part);
    }
  }
});
