import assert from "node:assert/strict";
import { diffSchemas } from "../../diff/diff.ts";
import { renameColumns } from "./expr.ts";
import { renderSqliteFile } from "./frame.ts";
import { lowerSqlite } from "./lower.ts";
import { parseSqlite } from "./parse.ts";
import { sqliteTypeFacts } from "./types.ts";
import { verifySqlite } from "./verify.ts";

const FROM = `CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT, body TEXT, pinned INTEGER);
CREATE INDEX notes_title_idx ON notes (title);`;
const TO = `CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL DEFAULT '', body TEXT);
CREATE INDEX notes_title_idx ON notes (title);`;

function files(from: string, to: string) {
  const f = parseSqlite(from, "from.sql"), t = parseSqlite(to, "to.sql");
  const { changes } = diffSchemas(f, t, {
    intents: [],
    specPath: "spec.md",
    facts: sqliteTypeFacts(),
    expr: { renameColumns },
    defaultSchema: "main",
  });
  const out = lowerSqlite({
    changes: changes.map((change, i) => ({ change, step: i + 1 })),
    from: f,
    to: t,
    archiveTag: "v",
  });
  const render = (statements: typeof out.up) =>
    renderSqliteFile({ header: [], statements, stepComment: () => "" });
  return {
    fromSql: from,
    toSql: to,
    migrationSql: render(out.up),
    rollbackSql: render(out.down),
    from: f,
    to: t,
    parse: parseSqlite,
    changes,
  };
}

Deno.test("verify: the round trip passes and says what it compared", async () => {
  const v = await verifySqlite(files(FROM, TO));
  assert.equal(v.status, "passed", `${v.reason} ${v.differences}`);
  assert.ok(v.rows_generated! >= 20);
  assert.ok(v.compared!.some((c) => /rows after rollback.sql = generated rows: equal/.test(c)));
  assert.match(v.engine!, /node:sqlite/);
});

Deno.test("verify: a rollback that loses the NULLs the migration filled fails, naming rows", async () => {
  const input = files(FROM, TO);
  // restore title from the to-side only: NULL and '' become one
  input.rollbackSql = input.rollbackSql.replace(/THEN (a\d+)\."v_title"/, `THEN s."title"`);
  const v = await verifySqlite(input);
  assert.equal(v.status, "failed");
  assert.ok(
    v.differences!.some((d) => /notes row \d+: \d+\|''\|/.test(d)),
    v.differences!.join("\n"),
  );
});

Deno.test("verify: a migration that forgets an index fails on the catalog", async () => {
  const input = files(FROM, TO);
  input.migrationSql = input.migrationSql.replace(/\nCREATE INDEX "notes_title_idx"[^;]*;/, "");
  // the final check notices the missing index and rolls back: migration.sql fails
  const v = await verifySqlite(input);
  assert.equal(v.status, "failed");
  assert.match(v.reason!, /migration.sql failed/);
  assert.match(v.differences!.join(" "), /schema is not the expected one/);
});

Deno.test("verify: a guard that fires on generated rows is reported, then rows fitted", async () => {
  const v = await verifySqlite(
    files(
      `CREATE TABLE t (id INTEGER PRIMARY KEY, code VARCHAR(10), n INTEGER);`,
      `CREATE TABLE t (id INTEGER PRIMARY KEY, code VARCHAR(10) NOT NULL, n INTEGER);`,
    ),
  );
  assert.equal(v.status, "passed", `${v.reason} ${v.differences}`);
  assert.equal(v.guards_fired?.length, 1);
  assert.match(v.guards_fired![0].message, /smartspec guard: t\.code/);
  assert.equal(v.data, "generated, fitted to the to-schema");
});

Deno.test("verify: transforms are checked both ways on the generated values", async () => {
  const input = files(
    `CREATE TABLE o (id INTEGER PRIMARY KEY, amount REAL);`,
    `CREATE TABLE o (id INTEGER PRIMARY KEY, amount_cents INTEGER);`,
  );
  const v = await verifySqlite({
    ...input,
    ...(() => {
      const f = parseSqlite(input.fromSql, "from.sql"), t = parseSqlite(input.toSql, "to.sql");
      const { changes } = diffSchemas(f, t, {
        intents: [{
          kind: "transform",
          from: { table: "o", column: "amount" },
          to: { table: "o", column: "amount_cents" },
          up: "CAST(round(amount * 100) AS INTEGER)",
          down: "amount_cents / 100.0",
          line: 1,
        }],
        specPath: "spec.md",
        facts: sqliteTypeFacts(),
        expr: { renameColumns },
        defaultSchema: "main",
      });
      const out = lowerSqlite({
        changes: changes.map((change, i) => ({ change, step: i + 1 })),
        from: f,
        to: t,
        archiveTag: "v",
      });
      const render = (statements: typeof out.up) =>
        renderSqliteFile({ header: [], statements, stepComment: () => "" });
      return {
        migrationSql: render(out.up),
        rollbackSql: render(out.down),
        changes,
        from: f,
        to: t,
      };
    })(),
  });
  assert.equal(v.status, "passed", `${v.reason} ${v.differences}`);
  assert.equal(v.transforms?.length, 1);
  // 1e300 * 100 does not come back through an INTEGER: down(up(x)) != x is reported
  const c = v.transforms![0];
  assert.ok(c.rows > 0);
  assert.equal(c.down_up, "failed");
  assert.ok(c.failures.some((f) => f.startsWith("down(up(1.0e+300))")), c.failures.join());
});

Deno.test("verify: transforms with samples are checked on them, and a bad down fails", async () => {
  const run = async (down: string) => {
    const f = parseSqlite(`CREATE TABLE o (id INTEGER PRIMARY KEY, amount NUMERIC);`, "from.sql");
    const t = parseSqlite(
      `CREATE TABLE o (id INTEGER PRIMARY KEY, amount_cents INTEGER);`,
      "to.sql",
    );
    const { changes } = diffSchemas(f, t, {
      intents: [{
        kind: "transform",
        from: { table: "o", column: "amount" },
        to: { table: "o", column: "amount_cents" },
        up: "CAST(round(amount * 100) AS INTEGER)",
        down,
        samples: ["12.50", "3.00", "0.99"],
        line: 1,
      }],
      specPath: "spec.md",
      facts: sqliteTypeFacts(),
      expr: { renameColumns },
      defaultSchema: "main",
    });
    const out = lowerSqlite({
      changes: changes.map((change, i) => ({ change, step: i + 1 })),
      from: f,
      to: t,
      archiveTag: "v",
    });
    const render = (statements: typeof out.up) =>
      renderSqliteFile({ header: [], statements, stepComment: () => "" });
    return await verifySqlite({
      fromSql: f.file === "from.sql"
        ? `CREATE TABLE o (id INTEGER PRIMARY KEY, amount NUMERIC);`
        : "",
      toSql: `CREATE TABLE o (id INTEGER PRIMARY KEY, amount_cents INTEGER);`,
      migrationSql: render(out.up),
      rollbackSql: render(out.down),
      from: f,
      to: t,
      parse: parseSqlite,
      changes,
    });
  };
  const good = await run("amount_cents / 100.0");
  assert.equal(good.status, "passed", `${good.reason} ${good.differences}`);
  assert.equal(good.transforms![0].down_up, "ok");
  assert.equal(good.transforms![0].rows, 3);
  assert.equal(good.transforms![0].up_down, "ok");
  assert.equal(good.transforms![0].written_values, 3);
  const bad = await run("amount_cents / 10.0");
  assert.equal(bad.status, "failed");
  assert.match(bad.differences!.join(), /down\(up\(12\.5\)\) = 125\b/);
});
