/**
 * The online type change (`--online`, PostgreSQL): a text -> integer column with an index, a
 * UNIQUE constraint, a CHECK, a DEFAULT, NOT NULL, a comment and a column privilege is swapped
 * for a new column (expand / backfill / contract) instead of ALTER COLUMN TYPE. On a real
 * PostgreSQL through psql: writes to the old column between the expand and the switch reach the
 * new one, an interrupted backfill resumes, the indexes and constraints come back under their
 * names, every file can be run again, and the rollback restores every row exactly from after
 * the switch and from before it. A binary-coercible change stays a plain ALTER. Skipped without
 * server binaries (PGlite has no psql).
 * @module
 */
import assert from "node:assert/strict";
import pg from "pg";
import { describeRun, readRunFile, runTool, writeProject } from "./helpers/cli.ts";
import { engineKind, freshDatabase, type TestDb } from "./helpers/pg_server.ts";

const FROM = `CREATE TABLE items (
  id bigint PRIMARY KEY,
  qty text NOT NULL DEFAULT '0',
  note text,
  CONSTRAINT items_qty_key UNIQUE (qty),
  CONSTRAINT items_qty_check CHECK (qty::text <> '-1')
);
CREATE INDEX items_qty_note_idx ON items (qty, note);
COMMENT ON COLUMN items.qty IS 'how many';
COMMENT ON INDEX items_qty_note_idx IS 'by qty';
COMMENT ON CONSTRAINT items_qty_key ON items IS 'one each';
COMMENT ON CONSTRAINT items_qty_check ON items IS 'never -1';
`;
const TO = FROM.replace("qty text NOT NULL DEFAULT '0'", "qty integer NOT NULL DEFAULT 0");
const ROWS = 60;
// even keys hold zero-padded text ('002'): it converts to 2 and must come back as '002'
const SEED = `INSERT INTO items SELECT g, CASE WHEN g % 2 = 0 THEN lpad(g::text, 3, '0') ` +
  `ELSE g::text END, 'n' || g FROM generate_series(1, ${ROWS}) g`;
const ROWS_SQL = "SELECT id, qty, note FROM items ORDER BY id";
const server = await engineKind() === "server";

async function generate(from: string, to: string, args: string[] = [], config = "") {
  const p = await writeProject({
    "specs/data/t/spec.md": "# T\n\nSpec ID: t\n",
    "db/schema_v1.sql": from,
    "db/schema_v2.sql": to,
    ".spec/smartspec.config.yaml": config,
  }, "smartspec-online-type-");
  try {
    const run = await runTool(p.dir, [
      "specs/data/t/spec.md",
      "--online",
      "--run-id",
      "on",
      ...args,
    ]);
    assert.equal(run.code, 0, describeRun(run));
    return {
      up: await readRunFile(p.dir, "on", "migration.sql"),
      down: await readRunFile(p.dir, "on", "rollback.sql"),
      summary: JSON.parse(await readRunFile(p.dir, "on", "summary.json")),
    };
  } finally {
    await p[Symbol.asyncDispose]();
  }
}

/** A database with the from-schema, the seed and a test trigger that fails while armed. */
async function seeded(): Promise<TestDb> {
  const db = await freshDatabase();
  try {
    await db.exec(FROM);
    await db.exec(SEED);
    await db.exec(`
      CREATE TABLE fail_at (id bigint);
      CREATE FUNCTION stop() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM fail_at WHERE id = NEW.id) THEN
          RAISE EXCEPTION 'test: interrupted at %', NEW.id;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER stop BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION stop();`);
    // the role is cluster-wide: another test of this process may have made it
    await db.exec("CREATE ROLE smartspec_reader_t").catch((e) => {
      if (!/already exists/.test(String(e))) throw e;
    });
    await db.exec("GRANT SELECT (qty) ON items TO smartspec_reader_t");
    return db;
  } catch (e) {
    await db[Symbol.asyncDispose]();
    throw e;
  }
}

/** What the column looks like: type, NOT NULL, default, comment, position, privileges. */
const columnFacts = (db: TestDb) =>
  db.query(
    `SELECT format_type(atttypid, atttypmod), attnotnull, pg_get_expr(d.adbin, d.adrelid),
       col_description(a.attrelid, a.attnum),
       a.attnum = (SELECT max(attnum) FROM pg_attribute WHERE attrelid = a.attrelid
         AND attnum > 0 AND NOT attisdropped),
       has_column_privilege('smartspec_reader_t', 'items', 'qty', 'SELECT')
     FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attrelid = 'items'::regclass AND a.attname = 'qty' AND NOT a.attisdropped`,
  );

/**
 * The indexes and constraints of the table, by name: an index with its definition, a
 * constraint with its kind, columns and whether it is validated (a CHECK's text depends on the
 * column's type).
 */
const dependants = (db: TestDb) =>
  db.query(
    `SELECT 'index ' || pg_get_indexdef(indexrelid) || ' valid=' || indisvalid
       FROM pg_index WHERE indrelid = 'items'::regclass
     UNION ALL
     SELECT format('constraint %s %s (%s) validated=%s', conname, contype,
       (SELECT string_agg(attname, ', ') FROM pg_attribute WHERE attrelid = conrelid
         AND attnum = ANY (conkey)), convalidated::text)
       FROM pg_constraint WHERE conrelid = 'items'::regclass AND contype <> 'n'
     ORDER BY 1`,
  );

/** The comments of the table's indexes and constraints. */
const comments = (db: TestDb) =>
  db.query(
    `SELECT relname, obj_description(oid, 'pg_class') FROM pg_class
       WHERE oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'items'::regclass)
     UNION ALL
     SELECT conname, obj_description(oid, 'pg_constraint') FROM pg_constraint
       WHERE conrelid = 'items'::regclass AND contype <> 'n'
     ORDER BY 1, 2`,
  );

/** Nothing of the online machinery is left: no trigger, column, sequence or archive schema. */
async function assertClean(db: TestDb) {
  assert.deepEqual(
    await db.query(
      `SELECT (SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'smartspec%'),
        (SELECT count(*) FROM pg_attribute WHERE attrelid = 'items'::regclass
          AND attname LIKE '%smartspec%' AND NOT attisdropped),
        (SELECT count(*) FROM pg_class WHERE relname LIKE '%smartspec%'),
        (SELECT count(*) FROM pg_namespace WHERE nspname = 'smartspec_archive')`,
    ),
    [["0", "0", "0", "0"]],
  );
}

Deno.test({
  name: "online type change: expand / backfill / contract, writes kept in step, rollback exact",
  ignore: !server,
  async fn() {
    const { up, down, summary } = await generate(FROM, TO, ["--batch-size", "10"]);
    const step = summary.changes.find((c: { kind: string }) => c.kind === "alter_column_type");
    assert.equal(step.rule, "pg.type.change.online");
    assert.deepEqual(summary.online.long_locks, [], "no long lock left");
    assert.doesNotMatch(up, /ALTER COLUMN "qty" TYPE/);
    await using db = await seeded();
    const before = await db.query(ROWS_SQL);
    const facts = await columnFacts(db);
    const deps = await dependants(db);
    const notes = await comments(db);
    assert.equal(notes.filter((r) => r[1] !== null).length, 3);
    // interrupted during the backfill (row 35): the shadow column is half filled
    await db.exec("INSERT INTO fail_at VALUES (35)");
    await assert.rejects(db.applyScript(up), /interrupted at 35/);
    const [[shadow]] = await db.query(
      "SELECT attname FROM pg_attribute WHERE attrelid = 'items'::regclass " +
        "AND attname LIKE 'qty_smartspec_%' AND NOT attisdropped",
    );
    // writers meanwhile, on a filled row, an unfilled one and a new one: the trigger converts
    await db.exec("UPDATE items SET qty = '777' WHERE id = 3");
    await db.exec("UPDATE items SET qty = '0888' WHERE id = 50");
    await db.exec("INSERT INTO items VALUES (1000, '1000', 'new')");
    assert.deepEqual(
      await db.query(`SELECT id, "${shadow}" FROM items WHERE id IN (3, 50, 1000) ORDER BY id`),
      [["3", "777"], ["50", "888"], ["1000", "1000"]],
    );
    assert.deepEqual(
      await db.query(`SELECT count("${shadow}") FROM items WHERE id BETWEEN 31 AND 60`),
      [["1"]], // only the row written meanwhile: the batches stopped at 30
    );
    // the cause gone, the same file again: it resumes and switches
    await db.exec("DELETE FROM fail_at");
    await db.applyScript(up);
    const expected = await db.query(
      "SELECT id, CASE WHEN id = 3 THEN 777 WHEN id = 50 THEN 888 ELSE id END AS q FROM items " +
        "ORDER BY id",
    );
    assert.deepEqual(await db.query("SELECT id, qty FROM items ORDER BY id"), expected);
    assert.deepEqual(await columnFacts(db), [
      ["integer", "t", "0", "how many", "t", "t"],
    ]);
    // the indexes and constraints under their names, on the new column
    const named = await dependants(db);
    assert.deepEqual(named, deps);
    assert.deepEqual(await comments(db), notes);
    assert.deepEqual(named.filter((r) => /qty/.test(String(r[0]))), [
      ["constraint items_qty_check c (qty) validated=true"],
      ["constraint items_qty_key u (qty) validated=true"],
      ["index CREATE INDEX items_qty_note_idx ON public.items USING btree (qty, note) valid=true"],
      ["index CREATE UNIQUE INDEX items_qty_key ON public.items USING btree (qty) valid=true"],
    ]);
    // a second run changes nothing and leaves no placeholder behind
    await db.applyScript(up);
    assert.deepEqual(await db.query("SELECT id, qty FROM items ORDER BY id"), expected);
    assert.deepEqual(await dependants(db), named);
    assert.deepEqual(
      await db.query(
        "SELECT count(*) FROM pg_class WHERE relname LIKE '%smartspec%' AND relkind = 'S'",
      ),
      [["0"]],
    );
    // the rollback, interrupted once during its backfill, then run to the end and once more
    await db.exec("INSERT INTO fail_at VALUES (45)");
    await assert.rejects(db.applyScript(down), /interrupted at 45/);
    await db.exec("DELETE FROM fail_at");
    await db.applyScript(down);
    await db.applyScript(down);
    const written = before.map((r) =>
      r[0] === "3" ? ["3", "777", r[2]] : r[0] === "50" ? ["50", "888", r[2]] : r
    );
    written.push(["1000", "1000", "new"]);
    assert.deepEqual(await db.query(ROWS_SQL), written);
    // zero-padded values come back exactly (the archive), the column as it was
    assert.deepEqual(await db.query("SELECT qty FROM items WHERE id = 2"), [["002"]]);
    // the column as it was, but last in the table (the swap back adds it at the end too)
    assert.equal(facts[0][4], "f");
    assert.deepEqual(await columnFacts(db), [facts[0].map((v, i) => (i === 4 ? "t" : v))]);
    assert.deepEqual(await dependants(db), deps);
    assert.deepEqual(await comments(db), notes);
    await db.exec("DROP TRIGGER stop ON items");
    await assertClean(db);
  },
});

Deno.test({
  name: "online type change: the rollback before the switch leaves every row as it was",
  ignore: !server,
  async fn() {
    const { up, down } = await generate(FROM, TO, ["--batch-size", "10"]);
    await using db = await seeded();
    const before = await db.query(ROWS_SQL);
    const facts = await columnFacts(db);
    const deps = await dependants(db);
    await db.exec("INSERT INTO fail_at VALUES (22)");
    await assert.rejects(db.applyScript(up), /interrupted at 22/);
    await db.exec("DELETE FROM fail_at");
    await db.applyScript(down);
    await db.applyScript(down);
    assert.deepEqual(await db.query(ROWS_SQL), before);
    assert.deepEqual(await columnFacts(db), facts);
    assert.deepEqual(await dependants(db), deps);
    await db.exec("DROP TRIGGER stop ON items");
    await assertClean(db);
  },
});

Deno.test({
  name:
    "online type change: a narrowing refuses too long values written meanwhile, never cuts them",
  ignore: !server,
  async fn() {
    const from = "CREATE TABLE t (id int PRIMARY KEY, code varchar(20));\n";
    const to = "CREATE TABLE t (id int PRIMARY KEY, code varchar(5));\n";
    const { up, down, summary } = await generate(from, to, ["--batch-size", "10"]);
    assert.equal(summary.changes[0].rule, "pg.type.change.online");
    await using db = await freshDatabase();
    await db.exec(from);
    await db.exec("INSERT INTO t SELECT g, 'c' || g FROM generate_series(1, 30) g");
    await db.exec(`
      CREATE FUNCTION stop() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id = 15 THEN
          RAISE EXCEPTION 'test: interrupted at %', NEW.id;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER stop BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION stop();`);
    await assert.rejects(db.applyScript(up), /interrupted at 15/);
    // between the expand and the switch: too long for varchar(5) is refused, not cut
    await assert.rejects(
      db.exec("UPDATE t SET code = 'much too long' WHERE id = 20"),
      /value too long for type character varying\(5\)/,
    );
    await db.exec("UPDATE t SET code = 'ok' WHERE id = 20");
    await db.exec("DROP TRIGGER stop ON t");
    await db.applyScript(up);
    assert.deepEqual(
      await db.query(
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute " +
          "WHERE attrelid = 't'::regclass AND attname = 'code'",
      ),
      [["character varying(5)"]],
    );
    assert.deepEqual(await db.query("SELECT code FROM t WHERE id IN (19, 20) ORDER BY id"), [
      ["c19"],
      ["ok"],
    ]);
    await db.applyScript(down);
    assert.deepEqual(
      await db.query(
        "SELECT count(*) FROM t WHERE code = CASE WHEN id = 20 THEN 'ok' " +
          "ELSE 'c' || id END",
      ),
      [["30"]],
    );
    assert.deepEqual(
      await db.query(
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute " +
          "WHERE attrelid = 't'::regclass AND attname = 'code'",
      ),
      [["character varying(20)"]],
    );
  },
});

Deno.test({
  name: "online type change: the switch stops on a dependant the schema files do not show",
  ignore: !server,
  async fn() {
    const { up, down } = await generate(FROM, TO);
    await using db = await seeded();
    const before = await db.query(ROWS_SQL);
    // a view made in the database only: DROP COLUMN would refuse it, the switch says so first
    await db.exec("CREATE VIEW qtys AS SELECT id, qty FROM items");
    await assert.rejects(db.applyScript(up), /view qtys depend\(s\) on "items"\.qty/);
    assert.deepEqual(
      await db.query(
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute " +
          "WHERE attrelid = 'items'::regclass AND attname = 'qty'",
      ),
      [["text"]],
    );
    assert.deepEqual(await db.query("SELECT count(*) FROM qtys"), [[String(ROWS)]]);
    // the view gone, the same file again finishes the switch
    await db.exec("DROP VIEW qtys");
    await db.applyScript(up);
    assert.deepEqual(await db.query("SELECT count(*) FROM items WHERE qty = id"), [[String(ROWS)]]);
    await db.applyScript(down);
    assert.deepEqual(await db.query(ROWS_SQL), before);
  },
});

Deno.test({
  name: "online type change: a lock held past lock_timeout is retried with backoff",
  ignore: !server,
  async fn() {
    const { up, down } = await generate(
      FROM,
      TO,
      [],
      "data_migration_generator:\n  lock_timeout: 200ms\n",
    );
    await using db = await seeded();
    const before = await db.query(ROWS_SQL);
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      // a reader holds the table for 1.5 s: adding the shadow column waits for it
      await other.query("BEGIN");
      await other.query("LOCK TABLE items IN ACCESS SHARE MODE");
      const release = new Promise((ok) => setTimeout(ok, 1500)).then(() => other.query("COMMIT"));
      await db.applyScript(up);
      await release;
    } finally {
      await other.end();
    }
    const [[retries, switched]] = await db.query(
      "SELECT lock_retries, switched FROM smartspec_archive.smartspec_backfill",
    );
    assert.equal(switched, "t");
    assert.ok(Number(retries) >= 1, `the lock was retried (lock_retries ${retries})`);
    assert.deepEqual(await db.query("SELECT count(*) FROM items WHERE qty = id"), [[String(ROWS)]]);
    await db.applyScript(down);
    assert.deepEqual(await db.query(ROWS_SQL), before);
  },
});

Deno.test("online type change: a binary-coercible change and a column a view reads stay plain", async () => {
  const from = "CREATE TABLE t (id int PRIMARY KEY, code varchar(10), n text);\n";
  const to = "CREATE TABLE t (id int PRIMARY KEY, code varchar(20), n integer);\n" +
    "CREATE VIEW v AS SELECT id, n FROM t;\n";
  const { up, summary } = await generate(from + "CREATE VIEW v AS SELECT id, n FROM t;\n", to);
  const rule = (target: string) =>
    summary.changes.find((c: { target: string }) => c.target === target)?.rule;
  assert.equal(rule("t.code"), "pg.type.widen");
  assert.match(up, /ALTER TABLE "t" ALTER COLUMN "code" TYPE varchar\(20\);/);
  // a view over the table: the swap would have to drop it; the flagged ALTER stays
  assert.notEqual(rule("t.n"), "pg.type.change.online");
  assert.match(up, /ALTER TABLE "t" ALTER COLUMN "n" TYPE integer/);
  assert.deepEqual(
    summary.online.long_locks.map((l: { target: string }) => l.target),
    ["t.n"],
  );
});
