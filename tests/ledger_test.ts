/**
 * The step ledger's DO blocks (src/dialects/postgresql/render/ledger.ts) on the test engine:
 * statements that hold the ledger's own dollar tags, quotes, a nested DO block and a string
 * spanning lines run verbatim; a part runs its steps once and records them, run again it skips
 * them; the rollback part undoes only the recorded steps and removes their entries; the teardown
 * drops the ledger and the archive schema once they are empty.
 * @module
 */
import assert from "node:assert/strict";
import type { Step } from "../src/plan/plan.ts";
import {
  ledgerPart,
  ledgerSetup,
  ledgerTeardown,
} from "../src/dialects/postgresql/render/ledger.ts";
import { freshDatabase } from "./helpers/pg_server.ts";

/** Steps as the ledger sees them: a number and its SQL each way. */
const steps = [
  {
    n: 1,
    up: "CREATE TABLE t (id int PRIMARY KEY, note text);\n" +
      "INSERT INTO t VALUES (1, 'a $smartspec_sql$ b'), (2, 'c $smartspec_part$ d');",
    down: "DROP TABLE t;",
  },
  {
    n: 2,
    up: "DO $smartspec$\nBEGIN\n  UPDATE t SET note = note || ' it''s';\nEND\n$smartspec$;\n" +
      "INSERT INTO t VALUES (3, 'line one\n  line two');",
    down: "DELETE FROM t WHERE id = 3;\nUPDATE t SET note = left(note, length(note) - 5);",
  },
] as unknown as (Step & { up: string; down: string })[];

const part = (rollback: boolean, list = steps) =>
  ledgerPart(
    "r1",
    list,
    (s) => rollback ? s.down : s.up,
    (s) => `-- [${s.n}] test step`,
    rollback,
  );

Deno.test("ledger: a part runs its steps verbatim once, skips them when run again; the rollback undoes only recorded steps", async () => {
  await using db = await freshDatabase();
  const rows = () => db.query("SELECT id, note FROM t ORDER BY id");
  const ledger = () =>
    db.query("SELECT run, step FROM smartspec_archive.smartspec_steps ORDER BY 2");
  // the rollback with no ledger at all: nothing to undo
  await db.exec(part(true));
  await db.exec(ledgerSetup());
  await db.exec(ledgerSetup());
  await db.exec(part(false));
  const done = [["1", "a $smartspec_sql$ b it's"], ["2", "c $smartspec_part$ d it's"], [
    "3",
    "line one\n  line two",
  ]];
  assert.deepEqual(await rows(), done);
  assert.deepEqual(await ledger(), [["r1", "1"], ["r1", "2"]]);
  // run again: skipped (an UPDATE applied twice would show)
  await db.exec(part(false));
  assert.deepEqual(await rows(), done);
  // only step 1 recorded (step 2 never ran): the rollback undoes step 1 alone
  await db.exec("DELETE FROM smartspec_archive.smartspec_steps WHERE step = 2");
  await db.exec("DELETE FROM t WHERE id = 3; UPDATE t SET note = left(note, length(note) - 5)");
  await db.exec(part(true, [...steps].reverse()));
  assert.deepEqual(
    await db.query("SELECT count(*) FROM pg_class WHERE relname = 't' AND relkind = 'r'"),
    [["0"]],
  );
  assert.deepEqual(await ledger(), []);
  await db.exec(part(true, [...steps].reverse()));
  await db.exec(ledgerTeardown());
  await db.exec(ledgerTeardown());
  assert.deepEqual(
    await db.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'smartspec_archive'"),
    [["0"]],
  );
});
