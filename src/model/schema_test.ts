import assert from "node:assert/strict";
import { columnsOfType, emptySchema } from "./schema.ts";

Deno.test("columnsOfType: the columns of a user type, in table and column order", () => {
  const s = emptySchema("postgresql", "x.sql");
  const col = (name: string, type: string, schema?: string) => ({
    name,
    type: { name: type, schema, mods: [], arrayDims: 0 },
    notNull: false,
    line: 1,
  });
  s.tables.set("public.a", {
    schema: "public",
    name: "a",
    columns: [col("m1", "mood", "public"), col("n", "int4"), col("m2", "mood", "public")],
    constraints: [],
    line: 1,
  });
  s.tables.set("public.b", {
    schema: "public",
    name: "b",
    columns: [col("m", "mood", "other"), col("m3", "mood", "public")],
    constraints: [],
    line: 2,
  });
  const names = () =>
    columnsOfType(s, { schema: "public", name: "mood" }).map((u) =>
      `${u.table.name}.${u.column.name}`
    );
  assert.deepEqual(names(), ["a.m1", "a.m2", "b.m3"]);
  assert.deepEqual(columnsOfType(s, { schema: "other", name: "mood" }).map((u) => u.column.name), [
    "m",
  ]);
  assert.deepEqual(columnsOfType(s, { schema: "public", name: "int4" }), []);
  // a table added later is seen
  s.tables.set("public.c", {
    schema: "public",
    name: "c",
    columns: [col("m", "mood", "public")],
    constraints: [],
    line: 3,
  });
  assert.deepEqual(names(), ["a.m1", "a.m2", "b.m3", "c.m"]);
});
