/**
 * The implicit names the generator predicts (`users_pkey`, `posts_a_b_key`, `t_c_idx1`,
 * `users_id_seq` ...) are the names PostgreSQL really chooses: every case of
 * tests/names/cases.yaml is parsed and also executed on the test database.
 */
import assert from "node:assert/strict";
import { parse as parseYaml } from "yaml";
import { initDialect } from "../src/pipeline.ts";
import { freshDatabase } from "./helpers/pg_server.ts";

interface Case {
  name: string;
  sql: string;
}
const { cases } = parseYaml(
  Deno.readTextFileSync(new URL("./names/cases.yaml", import.meta.url)),
) as { cases: Case[] };
const postgresql = await initDialect("postgresql");

const CATALOG_NAMES = `
  SELECT n.nspname || '.' || c.conname FROM pg_constraint c
    JOIN pg_namespace n ON n.oid = c.connamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND c.contype IN ('p','u','c','f','x')
  UNION
  SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND c.relkind IN ('i', 'S')
  ORDER BY 1`;

for (const c of cases) {
  Deno.test(`implicit names: ${c.name}`, async () => {
    const schema = postgresql.parse(c.sql, "case.sql");
    const predicted = new Set<string>();
    for (const t of schema.tables.values()) {
      for (const k of t.constraints) predicted.add(`${t.schema}.${k.name}`);
      // index-backed constraints also name an index
      for (const k of t.constraints) {
        if (k.kind === "primary" || k.kind === "unique" || k.kind === "exclude") {
          predicted.add(`${t.schema}.${k.name}`);
        }
      }
    }
    for (const i of schema.indexes.values()) predicted.add(`${i.schema}.${i.name}`);
    for (const s of schema.sequences.values()) predicted.add(`${s.schema}.${s.name}`);
    await using db = await freshDatabase();
    await db.exec(c.sql);
    const actual = (await db.query(CATALOG_NAMES)).map((r) => r[0]!);
    assert.deepEqual([...predicted].sort(), actual.sort());
  });
}
