import assert from "node:assert/strict";
import { typeFacts } from "../../../model/types.ts";
import type { Table } from "../../../model/schema.ts";
import {
  alterComposite,
  alterDomain,
  alterStorage,
  commentObject,
  createOrReplace,
  createTable,
} from "./ddl.ts";

const facts = typeFacts("postgresql");
const int = { name: "int4", mods: [], arrayDims: 0 };

Deno.test("partitions, partitioned tables, inheritance children and storage parameters", () => {
  const part: Table = {
    schema: "public",
    name: "m1",
    columns: [],
    constraints: [],
    line: 1,
    partitionOf: {
      parent: { schema: "public", name: "m" },
      bound: "FOR VALUES FROM (1) TO (2)",
      key: "",
    },
  };
  assert.equal(
    createTable(part, facts),
    'CREATE TABLE "m1" PARTITION OF "m" FOR VALUES FROM (1) TO (2);',
  );
  const parent: Table = {
    schema: "app",
    name: "m",
    columns: [{ name: "k", type: int, notNull: true, line: 1 }],
    constraints: [],
    line: 1,
    unlogged: true,
    partitionBy: { sql: 'RANGE ("k")', key: "" },
    options: { fillfactor: "70" },
  };
  assert.equal(
    createTable(parent, facts),
    'CREATE UNLOGGED TABLE "app"."m" (\n  "k" integer NOT NULL\n) PARTITION BY RANGE ("k") WITH ("fillfactor" = 70);',
  );
  const child: Table = {
    ...parent,
    name: "c",
    partitionBy: undefined,
    unlogged: false,
    options: undefined,
    inherits: [{ schema: "app", name: "m" }],
  };
  assert.match(createTable(child, facts), /\) INHERITS \("app"\."m"\);$/);
});

Deno.test("storage changes render both ways", () => {
  const ch = {
    options: { from: { fillfactor: "90" }, to: { autovacuum_enabled: "false" } },
    unlogged: { from: false, to: true },
    columns: [{ name: "b", type: "text", storage: { to: "external" }, statistics: { from: 100 } }],
  };
  const t = { schema: "public", name: "t" };
  assert.equal(
    alterStorage(t, ch, "up"),
    'ALTER TABLE "t" SET UNLOGGED;\nALTER TABLE "t" SET ("autovacuum_enabled" = false);\n' +
      'ALTER TABLE "t" RESET ("fillfactor");\nALTER TABLE "t" ALTER COLUMN "b" SET STORAGE EXTERNAL;\n' +
      'ALTER TABLE "t" ALTER COLUMN "b" SET STATISTICS -1;',
  );
  assert.match(
    alterStorage(t, ch, "down"),
    /SET LOGGED;[\s\S]*SET STORAGE EXTENDED;[\s\S]*STATISTICS 100;/,
  );
});

Deno.test("COMMENT ON targets are quoted per kind", () => {
  assert.equal(
    commentObject({ kind: "column", schema: "app", name: "t", sub: "Col" }),
    'COLUMN "app"."t"."Col"',
  );
  assert.equal(
    commentObject({
      kind: "function",
      schema: "public",
      name: "f",
      args: ["int4"],
      argsSql: "(integer)",
    }),
    'FUNCTION "f"(integer)',
  );
  assert.equal(
    commentObject({ kind: "domain constraint", schema: "public", name: "d", sub: "c" }),
    'CONSTRAINT "c" ON DOMAIN "d"',
  );
});

Deno.test("routines become CREATE OR REPLACE; domains and composites alter in place", () => {
  assert.equal(
    createOrReplace("create function f() returns int language sql as 'select 1'"),
    "CREATE OR REPLACE function f() returns int language sql as 'select 1';",
  );
  const expr = (sql: string) => ({ sql, key: sql, columns: [] });
  const d = { schema: "public", name: "d", base: int, notNull: false, checks: [], line: 1 };
  assert.equal(
    alterDomain(d, {
      ...d,
      notNull: true,
      default: expr("1"),
      checks: [{ name: "c", implicitName: false, expr: expr("VALUE > 0") }],
    }),
    'ALTER DOMAIN "d" SET DEFAULT 1;\nALTER DOMAIN "d" SET NOT NULL;\nALTER DOMAIN "d" ADD CONSTRAINT "c" CHECK (VALUE > 0);',
  );
  const c = {
    schema: "public",
    name: "c",
    attributes: [{ name: "a", type: int }, { name: "b", type: int }],
    line: 1,
  };
  assert.equal(
    alterComposite(
      c,
      { ...c, attributes: [{ name: "a", type: int }, { name: "z", type: int }] },
      facts,
    ),
    'ALTER TYPE "c" DROP ATTRIBUTE "b", ADD ATTRIBUTE "z" integer;',
  );
  assert.equal(
    alterComposite(c, { ...c, attributes: [...c.attributes].reverse() }, facts),
    undefined,
  );
});
