import assert from "node:assert/strict";
import { join } from "node:path";
import { ACCEPTANCE_DIR } from "./cli.ts";
import {
  argValue,
  checkChanges,
  diffQueryRows,
  expectedRow,
  fromSchemaPath,
  loadBadInputCases,
  loadProjects,
  parseExpectation,
  sqlWithoutComments,
} from "./expect.ts";

Deno.test("expect: every acceptance project's expect.yaml parses", async () => {
  const projects = await loadProjects(ACCEPTANCE_DIR);
  assert.deepEqual(projects.map((p) => p.name), [
    "accounts_mysql",
    "archive_drop",
    "catalog_rename",
    "no_changes",
    "notes_sqlite",
    "orders",
    "user_profile",
  ]);
  const orders = projects.find((p) => p.name === "orders")!.expect;
  assert.equal(orders.dialect, "postgresql");
  assert.equal(orders.violating_seed, "seed_violating.sql");
  assert.deepEqual(orders.after_up?.[0].rows[1], [2, 2, 300, "new", null]);
  const noChanges = projects.find((p) => p.name === "no_changes")!.expect;
  assert.deepEqual(noChanges.changes, []);
  assert.equal(noChanges.migration_has_no_statements, true);
});

Deno.test("expect: bad_inputs cases parse", async () => {
  const cases = await loadBadInputCases(join(ACCEPTANCE_DIR, "bad_inputs", "cases.yaml"));
  assert.ok(cases.length >= 10);
  const unknown = cases.find((c) => c.name === "unknown flag")!;
  assert.deepEqual(unknown.stderr_has, ["--form-schema"]);
  const syntax = cases.find((c) => c.name === "SQL syntax error is located")!;
  assert.deepEqual(syntax.stderr_has, ["db/syntax_error.sql", "3"]);
});

Deno.test("expect: malformed expectations are reported with the file", () => {
  assert.throws(
    () => parseExpectation("dialect: postgresql\nexit: 0\n", "x.yaml"),
    /x\.yaml: args/,
  );
  assert.throws(
    () => parseExpectation("dialect: postgresql\nexit: 0\nargs: []\nchanges: [{kind: x}]\n", "y"),
    /y: changes\[0\] needs kind and target/,
  );
});

Deno.test("expect: the from-schema comes from --from-schema, else from the spec", async () => {
  assert.equal(argValue(["a", "--from-schema", "db/v1.sql"], "--from-schema"), "db/v1.sql");
  assert.equal(argValue(["--from-schema=db/v1.sql"], "--from-schema"), "db/v1.sql");
  assert.equal(argValue(["--from-schema"], "--from-schema"), undefined);
  const dir = join(ACCEPTANCE_DIR, "user_profile");
  const viaSpec = await fromSchemaPath(dir, {
    dialect: "postgresql",
    exit: 0,
    args: ["specs/data/user_profile/spec.md"],
  });
  assert.equal(viaSpec, "db/schema_v1.sql");
});

Deno.test("expect: checkChanges matches kind, target, safety and class", () => {
  const reported = [
    { kind: "rename_column", target: "users.username -> users.login", safety: "safe" },
    { kind: "alter_column_type", target: "users.id", safety: "review", class: "widen" },
    { kind: "drop_column", target: "users.legacy_flag", safety: "destructive" },
  ];
  assert.deepEqual(
    checkChanges(
      [
        { kind: "rename_column", target: "users.username  ->  users.login", safety: "safe" },
        { kind: "alter_column_type", target: "users.id", class: "widen" },
      ],
      ["drop_table"],
      reported,
    ),
    [],
  );
  assert.deepEqual(
    checkChanges(
      [{ kind: "alter_column_type", target: "users.id", class: "narrow" }],
      [],
      reported,
    ),
    [
      "expected change {kind: alter_column_type, target: users.id, class: narrow} not reported; " +
      "closest: {kind: alter_column_type, target: users.id, safety: review, class: widen}",
    ],
  );
  assert.deepEqual(checkChanges([], undefined, []), []);
  assert.equal(checkChanges([], undefined, reported)[0], "no change expected, but 3 reported:");
  assert.deepEqual(checkChanges(undefined, ["drop_column"], reported), [
    "change of kind drop_column must not be reported: " +
    "{kind: drop_column, target: users.legacy_flag, safety: destructive}",
  ]);
});

Deno.test("expect: sqlWithoutComments keeps statements, drops comments", () => {
  assert.equal(sqlWithoutComments("-- nothing\n\n/* nor /* nested */ this */\n  -- x\n"), "");
  assert.equal(sqlWithoutComments("-- up\nBEGIN;\nCOMMIT;\n"), "BEGIN;\nCOMMIT;");
  assert.equal(sqlWithoutComments("SELECT '--not a comment';"), "SELECT '--not a comment';");
});

Deno.test("expect: YAML rows compare as PostgreSQL text", () => {
  assert.deepEqual(expectedRow([1, "ada", null, "19.90", true, 1250]), [
    "1",
    "ada",
    null,
    "19.90",
    "t",
    "1250",
  ]);
  assert.equal(diffQueryRows([["1", null]], [["1", null]]), undefined);
  assert.match(
    diffQueryRows([["1", null]], [["1", ""]]) ?? "",
    /\[\"1\", null\][\s\S]*\[\"1\", \"\"\]/,
  );
  assert.match(diffQueryRows([["1"]], []) ?? "", /\(no rows\)/);
});
