/**
 * The PostgreSQL files as units (what `--apply` formats write) say exactly what the files say:
 * for every PostgreSQL rule test case, online and not, the units the renderer gives, written
 * back as a script (BEGIN/COMMIT around transactional units, settings before the others), are
 * the same statements as the rendered file, split by PostgreSQL's own parser. So a migration
 * tool runs the same statements, with the same transactions, as psql would. (Reading units back
 * from the file text, as --apply once did, breaks on `BEGIN ATOMIC ... END;` function bodies.)
 * @module
 */
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import { readdirSync, readFileSync } from "node:fs";
import { parseRuleTests, runCase } from "../src/classify/rule_cases.ts";
import { initDialect, loadRules } from "../src/pipeline.ts";
import { splitScript } from "../src/dialects/postgresql/verify/statements.ts";
import { needsNoTransaction } from "../src/dialects/postgresql/render/non_transactional.ts";
import type { FileUnit } from "../src/render/files.ts";
import { REPO_ROOT } from "./helpers/cli.ts";

const postgresql = await initDialect("postgresql");
const rules = loadRules();
const dir = join(REPO_ROOT, "rules", "tests");

/**
 * The statements of a script, as PostgreSQL splits them, whitespace folded; transaction control
 * left out (a tool wraps a transactional unit in its own, and one statement on its own commits
 * by itself).
 */
const statements = (script: string) =>
  splitScript(script).map((s) => s.sql.replace(/\s+/g, " ").trim())
    .filter((s) => s !== "" && !/^(BEGIN|COMMIT)$/i.test(s));

/** The units as the script a tool runs: settings, then the unit. */
const script = (units: FileUnit[]) =>
  units.map((u) => [...u.settings, u.sql].join("\n")).join("\n");

/** Statements PostgreSQL refuses inside a transaction must be in units that run outside one. */
function outsideWhereNeeded(units: FileUnit[]): boolean {
  return units.every((u) =>
    !u.transactional || !needsNoTransaction(u.sql.replace(/^--.*\n/gm, ""))
  );
}

Deno.test("units: the renderer's units are the files' units, for every PostgreSQL rule case", () => {
  let compared = 0, nonTransactional = 0;
  for (const f of readdirSync(dir).filter((f) => f.startsWith("pg.") && f.endsWith(".yaml"))) {
    const parsed = parseRuleTests(readFileSync(join(dir, f), "utf8"), f, basename(f, ".yaml"));
    for (const c of parsed.cases) {
      for (const online of [false, true]) {
        const files = runCase({ ...c, online }, rules, postgresql).files;
        if (!files.steps) continue;
        const where = `${f}:${c.line} ${c.name} (online: ${online})`;
        assert.ok(files.units, `${where}: no units`);
        assert.deepEqual(statements(script(files.units.up)), statements(files.migration), where);
        assert.deepEqual(statements(script(files.units.down)), statements(files.rollback), where);
        assert.ok(
          outsideWhereNeeded(files.units.up) && outsideWhereNeeded(files.units.down),
          where,
        );
        compared++;
        if (files.units.up.some((u) => !u.transactional)) nonTransactional++;
      }
    }
  }
  // the comparison covered the cases that matter: many runs, some with parts outside a transaction
  assert.ok(compared > 300, `only ${compared} runs compared`);
  assert.ok(nonTransactional > 5, `only ${nonTransactional} runs with non-transactional units`);
});
