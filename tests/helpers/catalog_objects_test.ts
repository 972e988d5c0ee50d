/**
 * The extra catalog objects are read and compared: each kind of difference is reported, and
 * two databases built the same way compare equal.
 * @module
 */
import { strict as assert } from "node:assert";
import { catalogSnapshot, diffCatalogs } from "./catalog.ts";
import { freshDatabase } from "./pg_server.ts";

const BASE = `
CREATE TABLE t (id int PRIMARY KEY, owner text, body text);
CREATE TABLE child (extra int) INHERITS (t);
`;

const VARIANTS: [string, string, RegExp][] = [
  [
    "policy",
    "ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t USING (owner = current_user);",
    /policy t\.p: missing/,
  ],
  [
    "rls",
    "ALTER TABLE t ENABLE ROW LEVEL SECURITY; ALTER TABLE t FORCE ROW LEVEL SECURITY;",
    /relation t: missing/,
  ],
  ["comment", "COMMENT ON COLUMN t.body IS 'text';", /comment on t\.body: missing/],
  ["options", "ALTER TABLE t SET (fillfactor = 70);", /relation t: missing/],
  [
    "storage",
    "ALTER TABLE t ALTER COLUMN body SET STORAGE EXTERNAL;",
    /column settings t\.body: missing/,
  ],
  [
    "statistics",
    "ALTER TABLE t ALTER COLUMN id SET STATISTICS 100;",
    /column settings t\.id: missing/,
  ],
  ["collation", "CREATE COLLATION c1 (provider = icu, locale = 'de-DE');", /collation c1: missing/],
];

Deno.test("catalog objects: equal databases compare equal", async () => {
  await using a = await freshDatabase();
  await using b = await freshDatabase();
  for (const db of [a, b]) await db.exec(BASE + VARIANTS.map((v) => v[1]).join("\n"));
  assert.deepEqual(diffCatalogs(await catalogSnapshot(a), await catalogSnapshot(b)), []);
  const cat = await catalogSnapshot(a);
  assert.deepEqual(cat.relations?.child?.inherits, ["t"]);
});

Deno.test("catalog objects: every kind of difference is reported", async () => {
  await using plain = await freshDatabase();
  await plain.exec(BASE);
  const base = await catalogSnapshot(plain);
  for (const [what, sql, expected] of VARIANTS) {
    await using db = await freshDatabase();
    await db.exec(BASE + sql);
    const diff = diffCatalogs(await catalogSnapshot(db), base);
    assert.ok(diff.some((d) => expected.test(d)), `${what}: ${diff.join("; ")}`);
  }
});
