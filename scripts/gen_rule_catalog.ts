/**
 * Compiles the built-in rule files into `rules/catalog.json`: every rule parsed and validated
 * (the same loader as user rules, so a broken built-in rule fails here, with its file and line),
 * stored as data that the program imports through the module graph (so the compiled binary
 * contains it and no run pays for YAML parsing and validation). The type facts
 * (`rules/types/<dialect>.yaml`) are stored under `types`, parsed, for the same reason.
 * Run: `deno task rules:catalog`.
 * `--check` exits 1 when the file is out of date (used by the tests).
 * @module
 */
import { join, relative } from "node:path";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { loadRule } from "../src/classify/rules.ts";

const root = new URL("..", import.meta.url).pathname;
const rulesDir = join(root, "rules");

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name === "types" || name === "tests") continue;
      out.push(...walk(p));
    } else if (name.endsWith(".yaml")) out.push(p);
  }
  return out;
}

/** The text catalog.json should have. */
export function renderCatalog(): string {
  const files = walk(rulesDir).map((p) => relative(rulesDir, p));
  const rules = files.map((f) =>
    loadRule(readFileSync(join(rulesDir, f), "utf8"), `rules/${f}`, "builtin")
  );
  const typesDir = join(rulesDir, "types");
  const types = Object.fromEntries(
    readdirSync(typesDir).filter((n) => n.endsWith(".yaml")).sort().map((n) => [
      n.replace(/\.yaml$/, ""),
      parseYaml(readFileSync(join(typesDir, n), "utf8")),
    ]),
  );
  return JSON.stringify({ generated_by: "scripts/gen_rule_catalog.ts", rules, types }, null, 2) +
    "\n";
}

if (import.meta.main) {
  const path = join(rulesDir, "catalog.json");
  const want = renderCatalog();
  if (Deno.args.includes("--check")) {
    let have = "";
    try {
      have = readFileSync(path, "utf8");
    } catch { /* missing */ }
    if (have !== want) {
      console.error("rules/catalog.json is out of date: run deno task rules:catalog");
      Deno.exit(1);
    }
  } else {
    writeFileSync(path, want);
    console.log(`rules/catalog.json: ${JSON.parse(want).rules.length} rules`);
  }
}
