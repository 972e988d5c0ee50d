import assert from "node:assert/strict";
import { parse as parseYaml } from "yaml";
import { diffSchemas } from "../../diff/diff.ts";
import { createIndexSql, createTableSql, defaultSql, isPlainDefault } from "./ddl.ts";
import { renameColumns } from "./expr.ts";
import { parseSqlite } from "./parse.ts";
import { sqliteTypeFacts } from "./types.ts";

const cases = parseYaml(
  Deno.readTextFileSync(new URL("./testdata/ddl_cases.yaml", import.meta.url)),
) as { name: string; sql: string }[];

for (const c of cases) {
  Deno.test(`ddl round trip: ${c.name}`, () => {
    const a = parseSqlite(c.sql, "a.sql");
    const text = [
      ...[...a.tables.values()].map((t) => createTableSql(t) + ";"),
      ...[...a.indexes.values()].map((i) => createIndexSql(i) + ";"),
    ].join("\n");
    const b = parseSqlite(text, "b.sql");
    const { changes } = diffSchemas(a, b, {
      intents: [],
      specPath: "spec.md",
      facts: sqliteTypeFacts(),
      expr: { renameColumns },
      defaultSchema: "main",
    });
    assert.deepEqual(changes.map((x) => x.kind), [], text);
    for (const t of a.tables.values()) {
      const u = b.tables.get(`main.${t.name}`)!;
      assert.deepEqual(u.sqlite, t.sqlite, `${t.name} options\n${text}`);
      assert.deepEqual(
        u.columns.map((x) => [x.name, x.collation, x.sqlite]),
        t.columns.map((x) => [x.name, x.collation, x.sqlite]),
      );
    }
  });
}

Deno.test("defaults: literals as written, expressions in parentheses", () => {
  for (const d of ["0", "-1.5", "'it''s'", "NULL", "CURRENT_TIMESTAMP", "X'00'", "TRUE"]) {
    assert.ok(isPlainDefault(d), d);
    assert.equal(defaultSql(d), d);
  }
  assert.equal(defaultSql("lower('X')"), "(lower('X'))");
  assert.equal(defaultSql("(1) + (2)"), "((1) + (2))");
  assert.equal(defaultSql("(1 + 2)"), "(1 + 2)");
});
