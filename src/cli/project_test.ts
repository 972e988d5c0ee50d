import assert from "node:assert/strict";
import { join } from "node:path";
import { InputError } from "../errors.ts";
import type { Spec } from "../spec/spec.ts";
import { detectSchemas, resolveSpecPath } from "./project.ts";

function project(files: Record<string, string>): string {
  const root = Deno.makeTempDirSync({ prefix: "smartspec-project-" });
  for (const [p, text] of Object.entries(files)) {
    Deno.mkdirSync(join(root, p, ".."), { recursive: true });
    Deno.writeTextFileSync(join(root, p), text);
  }
  return root;
}

const spec = (extra: Partial<Spec> = {}): Spec => ({
  path: "specs/data/x/spec.md",
  id: "x",
  intents: [],
  ...extra,
});

Deno.test("the spec must resolve under specs/", () => {
  const root = project({ "specs/data/x/spec.md": "# x", "docs/spec.md": "# d" });
  try {
    assert.equal(resolveSpecPath(root, "specs/data/x/spec.md"), "specs/data/x/spec.md");
    assert.equal(resolveSpecPath(root, "./specs/data/../data/x/spec.md"), "specs/data/x/spec.md");
    for (const bad of ["docs/spec.md", "specs/../docs/spec.md", "/etc/hostname", "specsx/a.md"]) {
      assert.throws(() => resolveSpecPath(root, bad), InputError, bad);
    }
    assert.throws(() => resolveSpecPath(root, "specs/data/none/spec.md"), /not found/);
    // a symlink under specs/ that points outside is refused
    Deno.symlinkSync(join(root, "docs/spec.md"), join(root, "specs/link.md"));
    assert.throws(() => resolveSpecPath(root, "specs/link.md"), /not under specs/);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("schema detection follows the documented order", async () => {
  const root = project({
    "specs/data/x/spec.md": "# x",
    "specs/data/x/schema_v1.sql": "",
    "specs/data/x/schema_v2.sql": "",
    "specs/data/x/schema_v10.sql": "",
    "db/schema_v3.sql": "",
    "db/schema_v4.sql": "",
    "db/a.sql": "",
    "db/b.sql": "",
  });
  const R = ".spec/reports/data-migration-generator";
  try {
    // 1. flags win, each on its own
    let r = await detectSchemas(root, "specs/data/x/spec.md", spec(), { from: "db/a.sql" }, R);
    assert.deepEqual(r.from, { path: "db/a.sql", chosenBy: "--from-schema" });
    assert.equal(r.to.path, "specs/data/x/schema_v10.sql");
    // 2. the spec's block
    r = await detectSchemas(
      root,
      "specs/data/x/spec.md",
      spec({ fromSchema: "db/a.sql", toSchema: "db/b.sql" }),
      {},
      R,
    );
    assert.deepEqual([r.from.chosenBy, r.to.chosenBy], ["spec from_schema", "spec to_schema"]);
    // 3. the spec folder: the two highest versions (numerically)
    r = await detectSchemas(root, "specs/data/x/spec.md", spec(), {}, R);
    assert.deepEqual([r.from.path, r.to.path], [
      "specs/data/x/schema_v2.sql",
      "specs/data/x/schema_v10.sql",
    ]);
    // 4. the project's db/
    Deno.removeSync(join(root, "specs/data/x/schema_v10.sql"));
    Deno.removeSync(join(root, "specs/data/x/schema_v2.sql"));
    r = await detectSchemas(root, "specs/data/x/spec.md", spec(), {}, R);
    assert.deepEqual([r.from.path, r.to.path], ["db/schema_v3.sql", "db/schema_v4.sql"]);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("db/schema.sql is compared with the last applied run's to-schema snapshot", async () => {
  const R = ".spec/reports/data-migration-generator";
  const applied = JSON.stringify({ status: "ok", applied: true });
  const preview = JSON.stringify({ status: "ok", applied: false });
  const root = project({
    "specs/data/x/spec.md": "# x",
    "db/schema.sql": "",
    [`${R}/20240101-000000Z-x/to-schema.sql`]: "",
    [`${R}/20240101-000000Z-x/summary.json`]: applied,
    [`${R}/20240201-000000Z-x/to-schema.sql`]: "",
    [`${R}/20240201-000000Z-x/summary.json`]: applied,
    [`${R}/20240301-000000Z-x/to-schema.sql`]: "",
    [`${R}/20240301-000000Z-x/summary.json`]: preview,
    [`${R}/20240302-000000Z-x/to-schema.sql`]: "",
    [`${R}/20240302-000000Z-x/summary.json`]: JSON.stringify({ status: "blocked" }),
    [`${R}/20240401-000000Z-other/to-schema.sql`]: "",
    [`${R}/20240401-000000Z-other/summary.json`]: applied,
  });
  try {
    const r = await detectSchemas(root, "specs/data/x/spec.md", spec(), {}, R);
    assert.equal(r.from.path, `${R}/20240201-000000Z-x/to-schema.sql`);
    assert.equal(r.from.baselineRun, "20240201-000000Z-x");
    assert.match(r.from.chosenBy, /run 20240201-000000Z-x/);
    assert.equal(r.to.path, "db/schema.sql");
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("db/schema.sql without an applied run: the empty schema, unless migrations exist", async () => {
  const R = ".spec/reports/data-migration-generator";
  const root = project({
    "specs/data/x/spec.md": "# x",
    "db/schema.sql": "",
    [`${R}/20240301-000000Z-x/to-schema.sql`]: "",
    [`${R}/20240301-000000Z-x/summary.json`]: JSON.stringify({ status: "ok", applied: false }),
  });
  try {
    const r = await detectSchemas(root, "specs/data/x/spec.md", spec(), {}, R);
    assert.equal(r.from.text, "");
    assert.match(r.from.chosenBy, /empty schema.*1 preview or blocked run/);
    Deno.mkdirSync(join(root, "db/migrations"));
    Deno.writeTextFileSync(join(root, "db/migrations/20240101000000_init.sql"), "-- migrate:up\n");
    await assert.rejects(
      () => detectSchemas(root, "specs/data/x/spec.md", spec(), {}, R),
      /no run of this spec wrote its migration yet.*--from-schema/,
    );
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("nothing found names what was looked for", async () => {
  const root = project({ "specs/data/x/spec.md": "# x" });
  try {
    await assert.rejects(
      () => detectSchemas(root, "specs/data/x/spec.md", spec(), {}, ".spec/reports"),
      /cannot find the from- and to-schema.*schema_v<N>\.sql.*db\/schema\.sql/,
    );
    await assert.rejects(
      () => detectSchemas(root, "specs/data/x/spec.md", spec(), { from: "db/missing.sql" }, "r"),
      /db\/missing\.sql/,
    );
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
