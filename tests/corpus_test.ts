/**
 * The schema-pair corpus (`tests/corpus/<kind>/<case>.yaml`), data-driven: for every pair the
 * generated `migration.sql` turns a database loaded with the from-schema into the catalog of the
 * to-schema, and `rollback.sql` turns it back into the catalog of the from-schema, on a real
 * PostgreSQL. Pairs marked `equivalent` are one schema written two ways: no change at all.
 * The last test prints the number of pairs and passes per object kind.
 * @module
 */
import { loadCorpus, roundTrip } from "./corpus/roundtrip.ts";

const cases = await loadCorpus();
const tally = new Map<string, { pairs: number; passed: number }>();

for (const c of cases) {
  Deno.test(`corpus: ${c.kind}/${c.name}`, async () => {
    const t = tally.get(c.kind) ?? { pairs: 0, passed: 0 };
    tally.set(c.kind, t);
    t.pairs++;
    const { problems, result } = await roundTrip(c);
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
  });
}

Deno.test("corpus: pairs and passes per object kind", () => {
  const rows = [...tally].sort(([a], [b]) => a.localeCompare(b));
  const total = rows.reduce((s, [, t]) => ({ pairs: s.pairs + t.pairs, passed: s.passed + t.passed }), {
    pairs: 0,
    passed: 0,
  });
  console.log(
    rows.map(([k, t]) => `  ${k.padEnd(22)} ${t.passed}/${t.pairs}`).join("\n") +
      `\n  ${"total".padEnd(22)} ${total.passed}/${total.pairs}`,
  );
  if (cases.length === 0) throw new Error("the corpus is empty");
});
