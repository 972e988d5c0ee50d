/**
 * The benchmark's floor: a bare Deno process that only reads two schema files and parses them
 * with libpg-query (`loadModule`, then `parseSync`). No model, diff, rules or output. The
 * generator's whole-process time is compared with this one's.
 *
 * `deno run --allow-read --config deno.json scripts/bench_floor.ts <from.sql> <to.sql>`
 * prints the statement counts as JSON.
 * @module
 */
import { loadModule, parseSync } from "libpg-query";

if (import.meta.main) {
  const [fromPath, toPath] = Deno.args;
  if (!fromPath || !toPath) {
    console.error("usage: bench_floor.ts <from.sql> <to.sql>");
    Deno.exit(2);
  }
  const from = Deno.readTextFileSync(fromPath);
  const to = Deno.readTextFileSync(toPath);
  await loadModule();
  const a = parseSync(from), b = parseSync(to);
  console.log(JSON.stringify({ from: a.stmts?.length ?? 0, to: b.stmts?.length ?? 0 }));
}
