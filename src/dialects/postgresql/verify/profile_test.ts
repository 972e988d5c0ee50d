import assert from "node:assert/strict";
import { typeFacts } from "../../../model/types.ts";
import { archiveTagOf, initDialect, loadRules, runPipeline } from "../../../pipeline.ts";
import { parseSpec } from "../../../spec/spec.ts";
import { NameMap } from "./names.ts";
import { type ProfileMode, type TablePlan, tablePlans } from "./profile.ts";
import { postgresql } from "../mod.ts";

const facts = typeFacts("postgresql");

async function plans(from: string, to: string, intents: string, mode: ProfileMode) {
  await initDialect("postgresql");
  const spec = parseSpec(
    intents ? "```yaml migration\nintents:\n" + intents + "\n```\n" : "",
    "specs/data/t/spec.md",
    "t",
  );
  const r = runPipeline({
    dialect: postgresql,
    spec,
    from: { path: "a.sql", text: from },
    to: { path: "b.sql", text: to },
    rules: loadRules(),
    runId: "t",
    archiveTag: archiveTagOf("t"),
    tool: "t",
    version: "0",
  });
  const changes = r.steps.map((s) => s.item.change);
  const out = tablePlans(r.from, r.to, changes, new NameMap(changes), facts, mode);
  return (name: string) => out.find((p) => p.table.name === name)!;
}

const column = (p: TablePlan, name: string) => p.columns.find((c) => c.name === name)!;

const V1 = `
CREATE TABLE customers (id int PRIMARY KEY);
CREATE TABLE orders (id int PRIMARY KEY, note varchar(500), customer_id int, code text,
  amount text, qty int);`;
const V2 = `
CREATE TABLE customers (id int PRIMARY KEY);
CREATE TABLE tags (id int PRIMARY KEY);
CREATE TABLE orders (id int PRIMARY KEY, note varchar(100), customer_id int NOT NULL
  REFERENCES customers (id), code text UNIQUE, amount_cents bigint NOT NULL,
  qty int CHECK (qty > 0), tag_id int REFERENCES tags (id));`;
const TRANSFORM = `  - transform: orders.amount -> orders.amount_cents
    up: "round(amount::numeric * 100)::bigint"
    down: "to_char(amount_cents / 100.0, 'FM999999990.00')"
    samples: ["1.00", "2.50"]`;

Deno.test("profile: raw mode follows the from-schema only, with the transform's samples", async () => {
  const orders = (await plans(V1, V2, TRANSFORM, "raw"))("orders");
  assert.deepEqual(column(orders, "note").type.mods, [500]);
  assert.equal(column(orders, "customer_id").notNull, false);
  assert.equal(column(orders, "code").unique, false);
  assert.deepEqual(column(orders, "amount").samples, ["1.00", "2.50"]);
  assert.match(
    column(orders, "amount").readBy ?? "",
    /^transform orders\.amount -> orders\.amount_cents/,
  );
  assert.equal(column(orders, "amount").notNull, false);
  assert.equal(orders.foreign.length, 0);
  assert.equal(orders.checks.length, 0);
});

Deno.test("profile: fit mode adds what the to-schema demands of the same columns", async () => {
  const orders = (await plans(V1, V2, TRANSFORM, "fit"))("orders");
  assert.deepEqual(column(orders, "note").type.mods, [100], "the narrower type");
  assert.deepEqual(column(orders, "note").declared.mods, [500], "inserted as declared");
  assert.equal(column(orders, "customer_id").notNull, true);
  assert.deepEqual(orders.foreign, [{
    columns: ["customer_id"],
    parent: { schema: "public", name: "customers" },
    parentColumns: ["id"],
  }]);
  assert.equal(column(orders, "code").unique, true);
  assert.equal(column(orders, "amount").notNull, true, "the transform's target is NOT NULL");
  assert.deepEqual(orders.checks.map((c) => [c.sql, c.columns?.map((x) => x.from)]), [
    ["qty > 0", ["qty"]],
  ]);
});

Deno.test("profile: fit mode follows renames, and a key to a new table leaves only NULL", async () => {
  const get = await plans(
    `CREATE TABLE product (id int PRIMARY KEY, title varchar(50), cat int);`,
    `CREATE TABLE categories (id int PRIMARY KEY);
     CREATE TABLE products ( -- @renamed from=product
       id int PRIMARY KEY,
       name varchar(20) NOT NULL, -- @renamed from=title
       cat int REFERENCES categories (id));`,
    "",
    "fit",
  );
  const p = get("product");
  assert.deepEqual(column(p, "title").type.mods, [20]);
  assert.equal(column(p, "title").notNull, true);
  assert.equal(column(p, "cat").nullOnly, true);
});
