/**
 * The online mode as a user meets it (`--online`): an index whose definition changes is built
 * under a temporary name and swapped (never a moment without it), an index on a table created by
 * the same migration stays plain, a rewriting type change becomes expand / backfill / contract,
 * one that cannot (an expression index over the column) is flagged with its lock and the recipe
 * that avoids it, and report.md and summary.json say the migration is not atomic and number its
 * parts. The files then run with psql on a real PostgreSQL, up and back, every row intact.
 * @module
 */
import assert from "node:assert/strict";
import { describeRun, readRunFile, runTool, writeProject } from "./helpers/cli.ts";
import { engineKind, freshDatabase } from "./helpers/pg_server.ts";

const FROM = `CREATE TABLE users (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  age text,
  nick text,
  score integer
);
CREATE INDEX users_email_idx ON users (email);
CREATE INDEX users_score_idx ON users ((score * 2));
`;
const TO = `CREATE TABLE users (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  age integer,
  nick text NOT NULL,
  score bigint
);
CREATE INDEX users_email_idx ON users (lower(email));
CREATE INDEX users_score_idx ON users ((score * 2));
CREATE TABLE logs (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), msg text);
CREATE INDEX logs_user_idx ON logs (user_id);
`;

/** The project: the spec and both schema files. */
const project = () =>
  writeProject({
    "specs/data/t/spec.md": "# T\n\nSpec ID: t\n",
    "db/schema_v1.sql": FROM,
    "db/schema_v2.sql": TO,
  }, "smartspec-online-");

interface Change {
  n: number;
  kind: string;
  target: string;
  rule: string;
}

Deno.test("online: swap for a replaced index, plain steps on a new table, long locks flagged, parts numbered", async () => {
  await using p = await project();
  const run = await runTool(p.dir, ["specs/data/t/spec.md", "--online", "--run-id", "on"]);
  assert.equal(run.code, 0, describeRun(run));
  const summary = JSON.parse(await readRunFile(p.dir, "on", "summary.json"));
  const changes = summary.changes as Change[];
  const rule = (kind: string, target: string) =>
    changes.find((c) => c.kind === kind && c.target === target)?.rule;
  // the replaced index: the old one stays, the new one is built aside and swapped
  assert.equal(rule("drop_index", "users_email_idx"), "pg.index.drop.replaced");
  assert.equal(rule("add_index", "users_email_idx"), "pg.index.replace.concurrently");
  // the new table's index is a plain CREATE INDEX, inside a transaction
  assert.equal(rule("add_index", "logs_user_idx"), "pg.index.add");
  const up = await readRunFile(p.dir, "on", "migration.sql");
  assert.match(up, /CREATE INDEX "logs_user_idx" ON "logs"/);
  assert.doesNotMatch(up, /CONCURRENTLY[^;]*"logs_user_idx"/);
  // the swap: build under the temporary name, then drop the old and take its name
  const build = up.indexOf('CREATE INDEX CONCURRENTLY "users_email_idx_smartspec_new"');
  const drop = up.indexOf('DROP INDEX CONCURRENTLY IF EXISTS "users_email_idx";');
  const rename = up.indexOf('ALTER INDEX "users_email_idx_smartspec_new" RENAME TO');
  assert.ok(build > 0 && build < drop && drop < rename, up);
  assert.doesNotMatch(up, /DROP INDEX CONCURRENTLY "users_email_idx";/);
  // the text -> integer change is made online (expand / backfill / contract)
  assert.equal(rule("alter_column_type", "users.age"), "pg.type.change.online");
  // integer -> bigint under an expression index still rewrites the table: flagged with its
  // lock and the way out
  assert.equal(rule("alter_column_type", "users.score"), "pg.type.widen.rewrite");
  const online = summary.online;
  assert.equal(online.atomic, false);
  const flagged = online.long_locks.map((l: { target: string }) => l.target);
  assert.deepEqual(flagged, ["users.score"]);
  assert.match(online.long_locks[0].not_online, /expression/);
  assert.match(online.long_locks[0].lock, /ACCESS EXCLUSIVE/);
  assert.match(online.long_locks[0].avoid, /backfill/);
  // parts: numbered in summary, report and file, every step in exactly one of them
  const inParts = online.parts.flatMap((x: { steps: number[] }) => x.steps).sort((
    a: number,
    b: number,
  ) => a - b);
  const withSql = changes.filter((c) => c.rule !== "pg.index.drop.replaced").map((c) => c.n);
  assert.deepEqual(inParts, withSql);
  const report = await readRunFile(p.dir, "on", "report.md");
  assert.match(
    report,
    new RegExp(`Not atomic:\\*\\* migration.sql runs in ${online.parts.length} part\\(s\\)`),
  );
  assert.match(report, /ACCESS EXCLUSIVE while the table is rewritten/);
  assert.match(report, /not made online: its index users_score_idx has an expression/);
  for (const x of online.parts) {
    assert.ok(up.includes(`-- part ${x.part} of ${online.parts.length}: `), `part ${x.part}`);
  }
  // verification ran on the embedded engine, across the parts
  assert.equal(summary.verification.status, "passed", JSON.stringify(summary.verification));
});

Deno.test("online: the files run with psql on a real PostgreSQL, up and back, rows intact", async (t) => {
  if (await engineKind() !== "server") {
    await t.step("skipped: no PostgreSQL server binaries", () => {});
    return;
  }
  await using p = await project();
  const run = await runTool(p.dir, ["specs/data/t/spec.md", "--online", "--run-id", "on"]);
  assert.equal(run.code, 0, describeRun(run));
  const up = await readRunFile(p.dir, "on", "migration.sql");
  const down = await readRunFile(p.dir, "on", "rollback.sql");
  await using db = await freshDatabase();
  await db.exec(FROM);
  await db.exec(
    "INSERT INTO users SELECT g, 'U' || g || '@x', (g * 3)::text, 'n' || g, g FROM generate_series(1, 50) g",
  );
  // by name: the online type change moves age to the end of the table
  const rows = "SELECT id, email, age, nick, score FROM users ORDER BY id";
  const before = await db.query(rows);
  await db.applyScript(up);
  const idx = await db.query(
    "SELECT indexdef FROM pg_indexes WHERE indexname IN ('users_email_idx', 'logs_user_idx') ORDER BY 1",
  );
  assert.equal(idx.length, 2);
  assert.match(String(idx[1][0]), /lower\(email\)/);
  assert.deepEqual(
    await db.query("SELECT count(*) FROM pg_class WHERE relname LIKE '%smartspec_new'"),
    [["0"]],
  );
  assert.deepEqual(await db.query("SELECT sum(age) FROM users"), [[String(3 * 50 * 51 / 2)]]);
  await db.applyScript(down);
  assert.deepEqual(await db.query(rows), before);
  assert.deepEqual(
    await db.query("SELECT indexdef FROM pg_indexes WHERE indexname = 'users_email_idx'"),
    [["CREATE INDEX users_email_idx ON public.users USING btree (email)"]],
  );
});
