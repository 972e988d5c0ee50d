/**
 * The rule catalog's data-driven tests: every built-in rule has `rules/tests/<rule-id>.yaml`,
 * whose `match:` cases it must decide (with the rendered SQL asserted) and whose `no_match:`
 * cases (near misses) another rule must decide. Also: `rules/catalog.json` and `docs/rules.md`
 * are current.
 * @module
 */
import { basename, join } from "node:path";
import { readdirSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { checkCase, parseRuleTests, runCase } from "../src/classify/rule_cases.ts";
import { initDialect, loadRules } from "../src/pipeline.ts";
import { factsOf } from "../src/plan/kind_facts.ts";
import { renderCatalog } from "../scripts/gen_rule_catalog.ts";
import { renderRulesDoc } from "../scripts/gen_rules_doc.ts";
import { describeRun, REPO_ROOT, runTool } from "./helpers/cli.ts";

const TESTS_DIR = join(REPO_ROOT, "rules", "tests");

const dialects = {
  postgresql: await initDialect("postgresql"),
  sqlite: await initDialect("sqlite"),
  mysql: await initDialect("mysql"),
  mariadb: await initDialect("mariadb"),
};
const rules = loadRules();
/** The dialect a rule's cases run in: the first it names. */
function dialectOf(ruleId: string) {
  const d = builtin.find((r) => r.id === ruleId)?.match.dialects?.[0] ?? "postgresql";
  return dialects[d as keyof typeof dialects] ?? dialects.postgresql;
}
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
        const result = runCase(c, rules, dialectOf(rule));
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

Deno.test("rules: rules/catalog.json is current (deno task rules:catalog)", () => {
  const have = readFileSync(join(REPO_ROOT, "rules", "catalog.json"), "utf8");
  if (have !== renderCatalog()) {
    throw new Error("rules/catalog.json is out of date: run deno task rules:catalog");
  }
});

Deno.test("rules: docs/rules.md is current (deno task rules:doc)", () => {
  const have = readFileSync(join(REPO_ROOT, "docs", "rules.md"), "utf8");
  if (have !== renderRulesDoc(builtin)) {
    throw new Error("docs/rules.md is out of date: run deno task rules:doc");
  }
});

/** A scratch project with a spec, two schemas and optional extra files. */
async function scratch(files: Record<string, string>): Promise<AsyncDisposable & { dir: string }> {
  const dir = await Deno.makeTempDir({ prefix: "smartspec-rules-" });
  const all: Record<string, string> = {
    "specs/data/idx/spec.md": "# Index\n\nSpec ID: idx\n",
    "db/schema_v1.sql": "CREATE TABLE t (id int PRIMARY KEY, email text);\n",
    "db/schema_v2.sql":
      "CREATE TABLE t (id int PRIMARY KEY, email text);\nCREATE INDEX t_email_idx ON t (email);\n",
    ...files,
  };
  for (const [p, text] of Object.entries(all)) {
    await Deno.mkdir(join(dir, p, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, p), text);
  }
  return { dir, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

const OVERRIDE = `id: pg.index.add
code: SDM150
summary: Our own index rule
match: { kind: add_index, when: { unique: false } }
safety: review
reversibility: lossless
message: "index {{text:target}} (our rule)"
help: Ours.
up: "{{sql:create_index}}"
down: "DROP INDEX {{ident:index}};"
`;

Deno.test("cli: --list-rules --json lists the effective catalog, user overrides applied", async () => {
  await using p = await scratch({ ".spec/migration-rules/index.yaml": OVERRIDE });
  const run = await runTool(p.dir, ["--list-rules", "--json"]);
  if (run.code !== 0) throw new Error(describeRun(run));
  const doc = JSON.parse(run.stdout);
  if (doc.count !== builtin.length) throw new Error(`count ${doc.count}, ${builtin.length} rules`);
  const mine = doc.rules.find((r: { id: string }) => r.id === "pg.index.add");
  if (mine.origin !== "user" || mine.safety !== "review") {
    throw new Error(`override not applied: ${JSON.stringify(mine)}`);
  }
  const text = await runTool(p.dir, ["--list-rules"]);
  if (!text.stdout.includes(`SDM150  pg.index.add  [review, lossless, user: `)) {
    throw new Error(describeRun(text));
  }
});

Deno.test("cli: --list-rules with a broken user rule exits 2 naming the file and line", async () => {
  await using p = await scratch({
    ".spec/migration-rules/bad.yaml": OVERRIDE.replace("{{ident:index}}", "{{ident:indx}}"),
  });
  const run = await runTool(p.dir, ["--list-rules"]);
  if (
    run.code !== 2 || !run.stderr.includes(".spec/migration-rules/bad.yaml:10: unknown placeholder")
  ) {
    throw new Error(describeRun(run));
  }
});

Deno.test("cli: --online (or online: true in the config) builds the index CONCURRENTLY", async () => {
  const variants: { args: string[]; config: string }[] = [
    { args: ["--online"], config: "" },
    { args: [], config: "data_migration_generator:\n  online: true\n" },
  ];
  for (const { args, config } of variants) {
    await using p = await scratch(config ? { ".spec/smartspec.config.yaml": config } : {});
    const run = await runTool(p.dir, [
      "specs/data/idx/spec.md",
      "--json",
      "--no-verify",
      "--run-id",
      "online",
      ...args,
    ]);
    if (run.code !== 0) throw new Error(describeRun(run));
    const doc = JSON.parse(run.stdout);
    const rule = doc.changes.map((c: { rule: string }) => c.rule).join(",");
    if (rule !== "pg.index.add.concurrently" || !doc.sql.migration.includes("CONCURRENTLY")) {
      throw new Error(`${args.join(" ") || "config"}: rule ${rule}\n${doc.sql.migration}`);
    }
  }
});

Deno.test("rules: the type facts follow rules/types.schema.json", () => {
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, "rules", "types.schema.json"), "utf8"));
  const facts = parseYaml(
    readFileSync(join(REPO_ROOT, "rules", "types", "postgresql.yaml"), "utf8"),
  ) as Record<string, unknown>;
  const problems: string[] = [];
  for (const k of Object.keys(facts)) {
    if (!(k in schema.properties)) problems.push(`unknown key ${k}`);
  }
  for (const k of schema.required) if (!(k in facts)) problems.push(`missing ${k}`);
  const item = schema.properties.changes.items;
  for (const [i, c] of (facts.changes as Record<string, unknown>[]).entries()) {
    for (const [k, v] of Object.entries(c)) {
      const spec = item.properties[k];
      if (!spec) problems.push(`changes[${i}]: unknown key ${k}`);
      else if (spec.enum && !spec.enum.includes(v)) problems.push(`changes[${i}].${k}: ${v}`);
      else if (spec.type && typeof v !== spec.type) problems.push(`changes[${i}].${k}: ${v}`);
    }
    for (const k of item.required) if (!(k in c)) problems.push(`changes[${i}]: missing ${k}`);
  }
  fail(problems, "rules/types/postgresql.yaml");
});
