/**
 * The schema-pair corpus (`tests/corpus/<kind>/<case>.yaml`), data-driven: for every pair the
 * generated `migration.sql` turns a database loaded with the from-schema into the catalog of the
 * to-schema, and `rollback.sql` turns it back into the catalog of the from-schema, on a real
 * PostgreSQL. Pairs marked `equivalent` are one schema written two ways: no change at all.
 * Pairs run a few at a time (one test each); the last test prints pairs and passes per kind.
 * `CORPUS_VERBOSE=1` adds the generated SQL to failures.
 * @module
 */
import { engineKind } from "./helpers/pg_server.ts";
import { closeIdleDatabases, type CorpusCase, loadCorpus, roundTrip } from "./corpus/roundtrip.ts";
import type { RoundTrip } from "./corpus/roundtrip.ts";

const CONCURRENCY = 4;
/** `CORPUS_FILTER=<regex>` runs only the cases whose `kind/name` matches. */
const filter = Deno.env.get("CORPUS_FILTER");
const cases = (await loadCorpus()).filter((c) =>
  !filter || new RegExp(filter).test(`${c.kind}/${c.name}`)
);

/**
 * Results by case. A case starts when its test asks for it, together with the next few cases
 * (so that they run while the test waits), at most `CONCURRENCY` at a time.
 */
const results = new Map<CorpusCase, Promise<RoundTrip>>();
let running = 0;
const waiting: (() => void)[] = [];

function start(c: CorpusCase): Promise<RoundTrip> {
  let p = results.get(c);
  if (p) return p;
  const slot = new Promise<void>((resolve) => {
    if (running < CONCURRENCY) {
      running++;
      resolve();
    } else waiting.push(resolve);
  });
  p = slot.then(() => roundTrip(c))
    .catch((e): RoundTrip => ({ problems: [`error: ${(e as Error).message}`] }))
    .finally(() => {
      const next = waiting.shift();
      if (next) next();
      else running--;
    });
  results.set(c, p);
  return p;
}

function resultOf(c: CorpusCase): Promise<RoundTrip> {
  const i = cases.indexOf(c);
  for (const next of cases.slice(i + 1, i + CONCURRENCY)) start(next);
  return start(c);
}

/** PGlite bundles no contrib extensions: pairs that create one need the real server. */
const needsServer = (c: CorpusCase) => /\bCREATE\s+EXTENSION\b/i.test(`${c.from}\n${c.to}`);
const engine = await engineKind();

const tally = new Map<string, { pairs: number; passed: number }>();
/** Cases where a guard stopped the migration even on rows fitted to the to-schema. */
const guardedCases: string[] = [];
for (const c of cases) {
  if (engine !== "server" && needsServer(c)) {
    Deno.test({ name: `corpus: ${c.kind}/${c.name}`, ignore: true, fn() {} });
    continue;
  }
  const t = tally.get(c.kind) ?? { pairs: 0, passed: 0 };
  tally.set(c.kind, t);
  t.pairs++;
  Deno.test({
    name: `corpus: ${c.kind}/${c.name}`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const { problems, result, guarded } = await resultOf(c);
      if (guarded) guardedCases.push(`${c.kind}/${c.name}: ${guarded}`);
      if (problems.length) {
        const files = result
          ? `\n--- migration.sql\n${result.files.migration}\n--- rollback.sql\n${result.files.rollback}`
          : "";
        throw new Error(
          `${c.kind}/${c.name}${c.description ? ` (${c.description})` : ""}:\n  ` +
            problems.join("\n  ") + (Deno.env.get("CORPUS_VERBOSE") ? files : ""),
        );
      }
      t.passed++;
    },
  });
}

Deno.test({
  name: "corpus: pairs and passes per object kind",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await closeIdleDatabases();
    const rows = [...tally].sort(([a], [b]) => a.localeCompare(b));
    const total = rows.reduce(
      (s, [, t]) => ({ pairs: s.pairs + t.pairs, passed: s.passed + t.passed }),
      { pairs: 0, passed: 0 },
    );
    console.log(
      rows.map(([k, t]) => `  ${k.padEnd(22)} ${t.passed}/${t.pairs}`).join("\n") +
        `\n  ${"total".padEnd(22)} ${total.passed}/${total.pairs}` +
        (guardedCases.length
          ? `\n  guarded even on fitted rows (run without rows):\n    ${
            guardedCases.join("\n    ")
          }`
          : ""),
    );
    if (cases.length === 0) throw new Error("the corpus is empty");
  },
});
