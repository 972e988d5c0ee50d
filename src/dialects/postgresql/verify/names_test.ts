import assert from "node:assert/strict";
import type { Change } from "../../../diff/changes.ts";
import type { Column } from "../../../model/schema.ts";
import { NameMap } from "./names.ts";

const col = (name: string): Column => ({
  name,
  type: { name: "int4", mods: [], arrayDims: 0 },
  notNull: false,
  line: 1,
});

Deno.test("names: table and column renames map both ways; others stay", () => {
  const changes = [
    {
      kind: "rename_table",
      from: { schema: "public", name: "product" },
      to: { schema: "public", name: "products" },
      via: "hint",
    },
    {
      kind: "rename_column",
      table: { schema: "public", name: "products" },
      from: col("title"),
      to: col("name"),
      via: "hint",
    },
  ] as Change[];
  const m = new NameMap(changes);
  const product = { schema: "public", name: "product" };
  const products = { schema: "public", name: "products" };
  assert.deepEqual(m.toTable(product), products);
  assert.deepEqual(m.fromTable(products), product);
  assert.equal(m.toColumn(product, "title"), "name");
  assert.equal(m.toColumn(product, "price"), "price");
  assert.equal(m.fromColumn(products, "name"), "title");
  assert.equal(m.fromColumn(products, "price"), "price");
  const other = { schema: "public", name: "other" };
  assert.deepEqual(m.toTable(other), other);
  assert.equal(m.toColumn(other, "title"), "title");
});
