import assert from "node:assert/strict";
import { parseSqlite } from "./parse.ts";

const USERS = `CREATE TABLE users (
  id integer PRIMARY KEY,
  -- @renamed from=mail
  email text NOT NULL CONSTRAINT email_key UNIQUE,
  team_id int REFERENCES teams
);`;

Deno.test("parse cache: a table written alike in both files takes the from-file's lines and hints", () => {
  const to = parseSqlite(`CREATE TABLE teams (id integer PRIMARY KEY);\n${USERS}\n`, "to.sql");
  const fromText = `CREATE TABLE teams (uuid text PRIMARY KEY);\n\n\n` +
    `-- @renamed from=people\n${USERS}\n`;
  const from = parseSqlite(fromText, "from.sql", to);
  const alone = parseSqlite(fromText, "from.sql");
  // what the from-file says, as if it were read without the other file
  assert.deepEqual(from.tables.get("main.users"), alone.tables.get("main.users"));
  const users = from.tables.get("main.users")!;
  assert.equal(users.line, 5);
  assert.equal(users.renamedFrom, "people");
  assert.equal(users.columns.find((c) => c.name === "email")?.renamedFrom, "mail");
  // the foreign key without columns is the from-file's parent key, not the to-file's
  const fk = users.constraints.find((c) => c.kind === "foreign")!;
  assert.deepEqual(fk.ref?.columns, ["uuid"]);
  // the two models share no object
  const toUsers = to.tables.get("main.users")!;
  assert.notEqual(users.columns[0], toUsers.columns[0]);
  assert.deepEqual(
    to.tables.get("main.users")!.constraints.find((c) => c.kind === "foreign")!
      .ref?.columns,
    ["id"],
  );
});

Deno.test("parse cache: a temporary table shadowing a table's name in one file does not leak into the other", () => {
  const to = parseSqlite("CREATE TEMP TABLE t (a int);\nCREATE TABLE t (b int);\n", "to.sql");
  const from = parseSqlite("CREATE TABLE t (b int);\n", "from.sql", to);
  assert.deepEqual(from.tables.get("main.t")?.columns.map((c) => c.name), ["b"]);
  // the file holding the temporary table reads the main table's columns, not the shadow's
  assert.deepEqual(to.tables.get("main.t")?.columns.map((c) => c.name), ["b"]);
  const alone = parseSqlite(
    "CREATE TABLE t (b int);\nCREATE TEMP VIEW t AS SELECT 1 AS x;\n",
    "v.sql",
  );
  assert.deepEqual(alone.tables.get("main.t")?.columns.map((c) => c.name), ["b"]);
});
