/**
 * The frame and the final check against runners that do not stop at an error: every statement
 * of a migration, made to fail in turn, must leave the database file unchanged when the file runs
 * in the sqlite3 shell (which goes on after errors), and a good file must commit.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { diffSchemas } from "../../diff/diff.ts";
import { renameColumns } from "./expr.ts";
import { renderSqliteFile, terminate } from "./frame.ts";
import { lowerSqlite } from "./lower.ts";
import { parseSqlite } from "./parse.ts";
import { sqliteTypeFacts } from "./types.ts";

const FROM = `CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT, body TEXT, pinned INTEGER);
CREATE INDEX notes_title_idx ON notes (title);
CREATE TABLE gone (id INTEGER PRIMARY KEY, v TEXT);
CREATE VIEW titles AS SELECT title FROM notes;`;
const TO = `CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL DEFAULT '', body TEXT);
CREATE INDEX notes_title_idx ON notes (title);
CREATE VIEW titles AS SELECT title FROM notes;`;
const SEED = `INSERT INTO notes VALUES (1, 'a', 'x', 1), (2, NULL, 'y', 0);
INSERT INTO gone VALUES (1, 'kept');`;

function lowered() {
  const from = parseSqlite(FROM, "from.sql"), to = parseSqlite(TO, "to.sql");
  const { changes } = diffSchemas(from, to, {
    intents: [],
    specPath: "spec.md",
    facts: sqliteTypeFacts(),
    expr: { renameColumns },
    defaultSchema: "main",
  });
  const items = changes.map((change, i) => ({ change, step: i + 1 }));
  return lowerSqlite({ changes: items, from, to, archiveTag: "t" });
}

async function hasShell(): Promise<boolean> {
  try {
    return (await new Deno.Command("sqlite3", { args: ["-version"], stdout: "null" }).output())
      .success;
  } catch {
    return false;
  }
}

async function shell(db: string, sql: string): Promise<{ code: number; stderr: string }> {
  const p = new Deno.Command("sqlite3", {
    args: [db],
    stdin: "piped",
    stdout: "null",
    stderr: "piped",
  })
    .spawn();
  const w = p.stdin.getWriter();
  await w.write(new TextEncoder().encode(sql));
  await w.close();
  const o = await p.output();
  return { code: o.code, stderr: new TextDecoder().decode(o.stderr) };
}

Deno.test("frame: foreign keys off before BEGIN, on after COMMIT, steps commented", () => {
  const text = renderSqliteFile({
    header: ["smartspec\nmigration"],
    statements: [{ step: 0, sql: "SELECT 1" }, { step: 2, sql: "SELECT 2 -- c" }],
    stepComment: (n) => (n ? `[${n}] step\u2028two` : ""),
  });
  const lines = text.split("\n");
  assert.equal(lines[0], "-- smartspec migration");
  assert.ok(lines.indexOf("PRAGMA foreign_keys = OFF;") < lines.indexOf("BEGIN;"));
  assert.ok(lines.indexOf("COMMIT;") < lines.indexOf("PRAGMA foreign_keys = ON;"));
  assert.ok(lines.includes("-- [2] step two"));
  assert.equal(terminate("SELECT 2 -- c"), "SELECT 2 -- c\n;");
  const db = new DatabaseSync(":memory:");
  db.exec(text);
  assert.equal(db.isTransaction, false);
});

Deno.test("frame: a good migration commits and drops its temp objects (node:sqlite)", () => {
  const out = lowered();
  const db = new DatabaseSync(":memory:");
  db.exec(FROM);
  db.exec(SEED);
  db.exec(renderSqliteFile({ header: [], statements: out.up, stepComment: () => "" }));
  assert.deepEqual(
    db.prepare("SELECT name FROM temp.sqlite_schema").all(),
    [],
  );
  assert.deepEqual(
    db.prepare("SELECT id, title FROM notes ORDER BY id").all().map((r) => Object.values(r)),
    [[1, "a"], [2, ""]],
  );
});

/** Schema text and every row of a database file. */
function dump(path: string): string {
  const db = new DatabaseSync(path);
  try {
    const schema = db.prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY name").all();
    const rows = ["notes", "gone", "_smartspec_archive_gone__t"].map((t) => {
      try {
        return db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all();
      } catch {
        return null;
      }
    });
    return JSON.stringify({ schema, rows });
  } finally {
    db.close();
  }
}

Deno.test({
  name: "frame: a failing statement never commits a half-done migration in the sqlite3 shell",
  ignore: !(await hasShell()),
  fn: async () => {
    const out = lowered();
    const dir = await Deno.makeTempDir();
    try {
      const path = `${dir}/app.db`;
      const db = new DatabaseSync(path);
      db.exec(FROM);
      db.exec(SEED);
      db.close();
      const bytes = await Deno.readFile(path);
      // what a good run gives
      const good = await shell(
        path,
        renderSqliteFile({ header: [], statements: out.up, stepComment: () => "" }),
      );
      assert.equal(good.stderr, "");
      assert.notDeepEqual(await Deno.readFile(path), bytes);
      const done = dump(path);
      await Deno.writeFile(path, bytes);
      const gate = out.up.findIndex((s) => s.sql.includes(`INSERT INTO temp."_smartspec_gate"`));
      const firstBody = out.up.findIndex((s) => s.step !== 0);
      assert.ok(firstBody > 0 && gate > firstBody);
      let rolledBack = 0, harmless = 0;
      for (let i = firstBody; i < gate; i++) {
        // messages only: a SELECT that prints, the raise of a guard that found nothing
        if (/^SELECT |^INSERT INTO temp."_smartspec_raise"/.test(out.up[i].sql)) continue;
        const broken = out.up.map((s, j) =>
          j === i ? { ...s, sql: "SELECT no_such_function()" } : s
        );
        const r = await shell(
          path,
          renderSqliteFile({ header: [], statements: broken, stepComment: () => "" }),
        );
        assert.notEqual(r.code, 0, out.up[i].sql);
        if (/rolled back/.test(r.stderr)) {
          assert.deepEqual(await Deno.readFile(path), bytes, `changed: ${out.up[i].sql}`);
          rolledBack++;
        } else {
          // only a statement whose effect does not matter may fail without a rollback (dropping
          // a view that is created again identical, the index that speeds up the final check):
          // the result is the good one
          assert.equal(dump(path), done, `half done when failing: ${out.up[i].sql}`);
          harmless++;
          await Deno.writeFile(path, bytes);
        }
      }
      assert.ok(
        rolledBack >= 12 && harmless <= 2,
        `${rolledBack} rolled back, ${harmless} harmless`,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("frame: a tool that runs the file inside its own transaction (foreign keys on) is stopped", () => {
  const from = parseSqlite(
    `CREATE TABLE p (id INTEGER PRIMARY KEY, n TEXT);
     CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE CASCADE);`,
    "from.sql",
  );
  const to = parseSqlite(
    `CREATE TABLE p (id INTEGER PRIMARY KEY, n TEXT NOT NULL DEFAULT '');
     CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE CASCADE);`,
    "to.sql",
  );
  const { changes } = diffSchemas(from, to, {
    intents: [],
    specPath: "spec.md",
    facts: sqliteTypeFacts(),
    expr: { renameColumns },
    defaultSchema: "main",
  });
  const out = lowerSqlite({
    changes: changes.map((change, i) => ({ change, step: i + 1 })),
    from,
    to,
    archiveTag: "t",
  });
  const file = renderSqliteFile({ header: [], statements: out.up, stepComment: () => "" });
  // what a tool does: its own transaction around the statements, foreign keys on
  const body = file.split("\n").filter((l) => !/^(BEGIN|COMMIT);$/.test(l)).join("\n");
  const db = new DatabaseSync(":memory:");
  db.exec(`CREATE TABLE p (id INTEGER PRIMARY KEY, n TEXT);
    CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE CASCADE);
    INSERT INTO p VALUES (1, NULL); INSERT INTO c VALUES (1, 1), (2, 1);
    PRAGMA foreign_keys = ON; BEGIN;`);
  assert.throws(() => db.exec(body), /smartspec guard: foreign keys are ON/);
  db.exec("ROLLBACK");
  assert.equal((db.prepare("SELECT count(*) AS n FROM c").get() as { n: number }).n, 2);
});
