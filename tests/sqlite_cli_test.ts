/**
 * The CLI on SQLite projects: bad SQLite input is exit 2 naming the file and line (and, for a
 * PostgreSQL file given as SQLite, the statement SQLite refused); a change that must not go
 * through is refused; a guard on existing data stops the migration in both runners with the
 * database left as it was.
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describeRun, runTool } from "./helpers/cli.ts";
import { haveSqliteShell, type SqliteRunner, SqliteTestDb } from "./helpers/sqlite_db.ts";

/** A project folder with a spec and two schema files, removed when disposed. */
async function project(
  from: string,
  to: string,
  intents = "",
): Promise<{ dir: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "smartspec-sqlite-cli-" });
  await Deno.mkdir(join(dir, "specs/data/app"), { recursive: true });
  await Deno.mkdir(join(dir, "db"));
  await Deno.writeTextFile(join(dir, "db/schema_v1.sql"), from);
  await Deno.writeTextFile(join(dir, "db/schema_v2.sql"), to);
  await Deno.writeTextFile(
    join(dir, "specs/data/app/spec.md"),
    "# App\n\nSpec ID: app\n\n```yaml migration\ndialect: sqlite\n" +
      "from_schema: db/schema_v1.sql\nto_schema: db/schema_v2.sql\n" +
      (intents ? `intents:\n${intents}` : "") + "```\n",
  );
  return { dir, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

const SPEC = ["specs/data/app/spec.md", "--no-verify"];

Deno.test("sqlite cli: a syntax error is exit 2 naming the file and line", async () => {
  await using p = await project(
    "CREATE TABLE a (id INTEGER PRIMARY KEY);\n",
    "CREATE TABLE a (id INTEGER PRIMARY KEY);\n\nCREATE TABLE b (id INTEGER PRIMARY KEY,, x);\n",
  );
  const run = await runTool(p.dir, SPEC);
  assert.equal(run.code, 2, describeRun(run));
  assert.match(run.stderr, /db\/schema_v2\.sql:3\b/, describeRun(run));
  assert.doesNotMatch(run.stderr, /\bat .*\.ts:\d+/, "no stack trace");
});

Deno.test("sqlite cli: a PostgreSQL file given as SQLite names the statement and the dialect", async () => {
  await using p = await project(
    "CREATE TABLE a (id INTEGER PRIMARY KEY);\n",
    "CREATE TYPE mood AS ENUM ('ok', 'sad');\nCREATE TABLE a (id serial PRIMARY KEY, m mood);\n",
  );
  const run = await runTool(p.dir, SPEC);
  assert.equal(run.code, 2, describeRun(run));
  assert.match(run.stderr, /schema_v2\.sql:1\b/);
  assert.match(run.stderr, /PostgreSQL/);
});

for (const runner of ["node:sqlite", "sqlite3"] as SqliteRunner[]) {
  Deno.test({
    name: `sqlite cli: a NOT NULL without default stops on NULLs, nothing changes (${runner})`,
    ignore: runner === "sqlite3" && !(await haveSqliteShell()),
    async fn() {
      const from = "CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT);\n" +
        "CREATE TABLE c (id INTEGER PRIMARY KEY, t_id INTEGER REFERENCES t (id) ON DELETE CASCADE);\n";
      const to = "CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n" +
        "CREATE TABLE c (id INTEGER PRIMARY KEY, t_id INTEGER REFERENCES t (id) ON DELETE CASCADE);\n";
      await using p = await project(from, to);
      const dir = p.dir;
      const run = await runTool(dir, [...SPEC, "--run-id", "r"]);
      assert.equal(run.code, 0, describeRun(run));
      const migration = await Deno.readTextFile(
        join(dir, ".spec/reports/data-migration-generator/r/migration.sql"),
      );
      await using db = await SqliteTestDb.create();
      db.exec(from);
      db.exec("INSERT INTO t VALUES (1, 'a@b.c'), (2, NULL); INSERT INTO c VALUES (1, 1), (2, 2);");
      const before = { catalog: db.catalog(), rows: db.rows() };
      await assert.rejects(() => db.applyScript(migration, runner), /t\.email/);
      assert.deepEqual(db.catalog(), before.catalog);
      assert.deepEqual(db.rows(), before.rows);

      // the same file goes through once the data fits, and the child rows survive the rebuild
      db.exec("UPDATE t SET email = 'x@y.z' WHERE id = 2;");
      await db.applyScript(migration, runner);
      assert.deepEqual(db.query("SELECT id, t_id FROM c ORDER BY id"), [["1", "1"], ["2", "2"]]);
      assert.deepEqual(
        db.query("SELECT \"notnull\" FROM pragma_table_info('t') WHERE name = 'email'"),
        [["1"]],
      );
    },
  });
}

Deno.test("sqlite cli: names that differ only in case are no change (SQLite compares them so)", async () => {
  await using p = await project(
    "CREATE TABLE Notes (Id INTEGER PRIMARY KEY, Title TEXT);\nCREATE INDEX Notes_Title ON Notes (Title);\n",
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT);\nCREATE INDEX notes_title ON notes (title);\n",
  );
  const run = await runTool(p.dir, [...SPEC, "--json"]);
  assert.equal(run.code, 0, describeRun(run));
  assert.deepEqual(JSON.parse(run.stdout).changes, []);
});

Deno.test("sqlite cli: a user rule with its own statements runs inside the checked transaction", async () => {
  await using p = await project(
    "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);\n",
    "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);\nCREATE INDEX t_a ON t (a DESC);\n",
  );
  await Deno.mkdir(join(p.dir, ".spec/migration-rules"), { recursive: true });
  await Deno.writeTextFile(
    join(p.dir, ".spec/migration-rules/index.yaml"),
    [
      "id: sqlite.index.add",
      "code: SDM901",
      "summary: Our own index statement",
      "match: { kind: add_index, dialects: [sqlite], when: { unique: false } }",
      "safety: safe",
      "reversibility: lossless",
      'message: "own index {{text:target}}"',
      "help: written by the team",
      'up: CREATE INDEX {{ident:index}} ON {{ident:table}} ("a" DESC);',
      "down: DROP INDEX {{ident:index}};",
      "",
    ].join("\n"),
  );
  const run = await runTool(p.dir, ["specs/data/app/spec.md", "--run-id", "r"]);
  assert.equal(run.code, 0, describeRun(run));
  const migration = await Deno.readTextFile(
    join(p.dir, ".spec/reports/data-migration-generator/r/migration.sql"),
  );
  const own = migration.indexOf('CREATE INDEX "t_a" ON "t" ("a" DESC);');
  assert.ok(own > 0, migration);
  assert.ok(own < migration.indexOf('"_smartspec_gate" (k) VALUES'), "before the final check");
  await using db = await SqliteTestDb.create();
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);");
  await db.applyScript(migration, "node:sqlite");
  assert.deepEqual(db.query("SELECT \"desc\" FROM pragma_index_xinfo('t_a') WHERE key = 1"), [[
    "1",
  ]]);
});
