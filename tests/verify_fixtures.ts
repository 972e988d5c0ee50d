/**
 * Helpers for the verification tests: a migration planned by the real pipeline from two schema
 * texts and an intents block, ready to verify (and to break on purpose), and one embedded engine
 * shared by the tests of a module.
 * @module
 */
import { archiveTagOf, initDialect, loadRules, runPipeline } from "../src/pipeline.ts";
import { parseSpec } from "../src/spec/spec.ts";
import { type EmbeddedDb, startEmbedded } from "../src/dialects/postgresql/verify/engine.ts";
import type { VerifyInput } from "../src/dialects/postgresql/verify/verify.ts";
import { postgresql } from "../src/dialects/postgresql/mod.ts";

/** The verification input of the migration between two schemas, with optional intents. */
export async function planMigration(
  fromSql: string,
  toSql: string,
  intentsYaml = "",
): Promise<VerifyInput> {
  await initDialect("postgresql");
  const specText = `# test\n\nSpec ID: verify_test\n\n` +
    (intentsYaml ? "```yaml migration\nintents:\n" + intentsYaml + "\n```\n" : "");
  const spec = parseSpec(specText, "specs/data/verify_test/spec.md", "verify_test");
  const runId = "verify-test";
  const r = runPipeline({
    dialect: postgresql,
    spec,
    from: { path: "db/from.sql", text: fromSql },
    to: { path: "db/to.sql", text: toSql },
    rules: loadRules(),
    runId,
    archiveTag: archiveTagOf(runId),
    tool: "test",
    version: "0",
  });
  const blocked = r.steps.filter((s) => s.item.blocked);
  if (blocked.length) {
    throw new Error(`the plan is blocked: ${blocked.map((s) => s.item.blocked).join("; ")}`);
  }
  return {
    dialect: "postgresql",
    fromSql,
    toSql,
    migrationSql: r.files.migration,
    rollbackSql: r.files.rollback,
    from: r.from,
    to: r.to,
    steps: r.steps,
  };
}

/**
 * Removes the statements of step `n` (from its `-- [n]` comment to the next blank line) from
 * a generated script; throws when the step is not there, so that a test cannot pass vacuously.
 */
export function withoutStep(script: string, n: number, match?: RegExp): string {
  const lines = script.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`-- [${n}] `));
  if (start < 0) throw new Error(`step ${n} not found in:\n${script}`);
  let end = start;
  while (end < lines.length && lines[end].trim() !== "") end++;
  if (!match) return [...lines.slice(0, start), ...lines.slice(end)].join("\n");
  const kept = lines.slice(start, end).filter((l) => !match.test(l));
  if (kept.length === end - start) throw new Error(`nothing matched ${match} in step ${n}`);
  return [...lines.slice(0, start), ...kept, ...lines.slice(end)].join("\n");
}

/** The number of the first step of a change kind (throws when there is none). */
export function stepOf(input: VerifyInput, kind: string): number {
  const s = input.steps.find((x) => x.item.change.kind === kind);
  if (!s) throw new Error(`no ${kind} step in the plan`);
  return s.n;
}

let shared: Promise<EmbeddedDb> | undefined;

/** One embedded engine for the whole test module (closed when the process unloads). */
export function sharedEngine(): Promise<EmbeddedDb> {
  if (!shared) {
    shared = startEmbedded();
    globalThis.addEventListener("unload", () => {
      shared?.then((db) => db.close()).catch(() => {});
    });
  }
  return shared;
}

/** Removes the guard (`DO $smartspec$ ... $smartspec$;`) of step `n` from a generated script. */
export function withoutGuard(script: string, n: number): string {
  const start = script.indexOf(`-- [${n}] `);
  if (start < 0) throw new Error(`step ${n} not found`);
  const next = script.indexOf("\n\n", start);
  const end = next < 0 ? script.length : next;
  const section = script.slice(start, end);
  const cut = section.replace(/DO \$smartspec\$[\s\S]*?\$smartspec\$;\n/, "");
  if (cut === section) throw new Error(`step ${n} has no guard`);
  return script.slice(0, start) + cut + script.slice(end);
}
