/**
 * Verification catches broken migrations: each test takes a migration the real pipeline plans,
 * verifies the intact one (it must pass, so the test can fail), then breaks it the way a
 * hand-edited or buggy migration would be broken and shows that verification fails, naming
 * what differs.
 * @module
 */
import assert from "node:assert/strict";
import {
  type VerificationResult,
  verifyMigration,
} from "../src/dialects/postgresql/verify/verify.ts";
import {
  planMigration,
  sharedEngine,
  stepOf,
  withoutGuard,
  withoutStep,
} from "./verify_fixtures.ts";
import { postgresql } from "../src/dialects/postgresql/mod.ts";

const ORDERS_V1 = `
CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (
  id integer PRIMARY KEY,
  customer_id integer REFERENCES customers (id),
  note varchar(500),
  legacy text
);`;
const ORDERS_V2 = `
CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (
  id integer PRIMARY KEY,
  customer_id integer REFERENCES customers (id),
  note varchar(100)
);`;
const DROP_LEGACY = "  - drop: orders.legacy";

function explain(v: VerificationResult): string {
  return JSON.stringify({ ...v, steps: undefined }, null, 2);
}

function assertFailedWith(v: VerificationResult, pattern: RegExp): void {
  assert.equal(v.status, "failed", explain(v));
  const text = [v.reason ?? "", ...(v.differences ?? [])].join("\n");
  assert.match(text, pattern, explain(v));
}

Deno.test("verify: the intact orders migration passes; the narrowing's guard fires and is reported as working", async () => {
  const input = await planMigration(ORDERS_V1, ORDERS_V2, DROP_LEGACY);
  const v = await verifyMigration({ ...input, engine: await sharedEngine() });
  assert.equal(v.status, "passed", explain(v));
  const narrow = stepOf(input, "alter_column_type");
  assert.ok(v.guards_fired?.length, explain(v));
  assert.equal(v.guards_fired![0].step, narrow);
  assert.equal(v.guards_fired![0].rows, "generated");
  assert.match(v.guards_fired![0].message, /orders\.note/);
  assert.equal(v.data, "generated, fitted to the to-schema");
  assert.ok((v.rows_generated ?? 0) > 20, explain(v));
  assert.ok(v.compared?.some((c) => /catalog after migration\.sql = to-schema: equal/.test(c)));
  assert.ok(v.compared?.some((c) => /rows after rollback\.sql = generated rows.*: equal/.test(c)));
});

Deno.test("verify: a rollback that forgets a column fails, naming the column", async () => {
  const input = await planMigration(ORDERS_V1, ORDERS_V2, DROP_LEGACY);
  const broken = withoutStep(input.rollbackSql, stepOf(input, "drop_column"));
  const v = await verifyMigration({ ...input, rollbackSql: broken, engine: await sharedEngine() });
  assertFailedWith(v, /after rollback\.sql .*column orders\.legacy: missing in actual/);
});

Deno.test("verify: a rollback that re-adds a column but not its data fails, showing the rows", async () => {
  const input = await planMigration(ORDERS_V1, ORDERS_V2, DROP_LEGACY);
  const broken = withoutStep(input.rollbackSql, stepOf(input, "drop_column"), /smartspec_archive/);
  const v = await verifyMigration({ ...input, rollbackSql: broken, engine: await sharedEngine() });
  assertFailedWith(v, /rows after rollback\.sql .*table orders: row .* missing in actual/);
  assert.match(v.reason ?? "", /rows after rollback\.sql differ/);
});

Deno.test("verify: a narrowing without its guard fails on the generated maximum-length values", async () => {
  const input = await planMigration(ORDERS_V1, ORDERS_V2, DROP_LEGACY);
  const narrow = stepOf(input, "alter_column_type");
  const broken = withoutGuard(input.migrationSql, narrow);
  const v = await verifyMigration({ ...input, migrationSql: broken, engine: await sharedEngine() });
  assertFailedWith(v, /value too long for type character varying\(100\)/);
  assert.match(v.reason ?? "", new RegExp(`step \\[${narrow}\\] alter_column_type orders\\.note`));
  assert.equal(v.guards_fired, undefined, "no guard fired: it was removed");
});

const PEOPLE_V1 = `CREATE TABLE people (id integer PRIMARY KEY, nickname text);`;
const PEOPLE_V2 = `CREATE TABLE people (id integer PRIMARY KEY, nick text);`;

Deno.test("verify: a transform whose inverse is wrong on empty strings fails with the value", async () => {
  const good = await planMigration(
    PEOPLE_V1,
    PEOPLE_V2,
    `  - transform: people.nickname -> people.nick\n    up: "nickname"\n    down: "nick"`,
  );
  const ok = await verifyMigration({ ...good, engine: await sharedEngine() });
  assert.equal(ok.status, "passed", explain(ok));

  const input = await planMigration(
    PEOPLE_V1,
    PEOPLE_V2,
    `  - transform: people.nickname -> people.nick\n    up: "nullif(nickname, '')"\n    down: "nick"`,
  );
  const v = await verifyMigration({ ...input, engine: await sharedEngine() });
  // the archive restores the rows exactly, so only the up/down check can see it
  assertFailedWith(v, /down\(up\(x\)\) != x for x = "": up gives NULL, down gives NULL/);
  assert.match(v.reason ?? "", /not inverse: people\.nickname -> people\.nick/);
});

const MONEY_V1 = `CREATE TABLE payments (id integer PRIMARY KEY, amount text NOT NULL);`;
const MONEY_V2 = `CREATE TABLE payments (id integer PRIMARY KEY, amount_cents bigint NOT NULL);`;
const transform = (down: string, samples?: string) =>
  `  - transform: payments.amount -> payments.amount_cents\n` +
  `    up: "round(amount::numeric * 100)::bigint"\n    down: "${down}"` +
  (samples ? `\n    samples: ${samples}` : "");

Deno.test("verify: a transform's down that drops the cents (integer division) fails with the values", async () => {
  const samples = `["12.50", "3.00", "0.99"]`;
  const good = await planMigration(
    MONEY_V1,
    MONEY_V2,
    transform("to_char(amount_cents / 100.0, 'FM999999990.00')", samples),
  );
  const ok = await verifyMigration({ ...good, engine: await sharedEngine() });
  assert.equal(ok.status, "passed", explain(ok));
  assert.ok((ok.transforms?.[0].rows_written ?? 0) > 0, "rows were written on the migrated side");

  const input = await planMigration(
    MONEY_V1,
    MONEY_V2,
    transform("(amount_cents / 100)::text", samples),
  );
  const v = await verifyMigration({ ...input, engine: await sharedEngine() });
  assertFailedWith(v, /down\(up\(x\)\) != x for x = "12\.50": up gives "1250", down gives "12"/);
  assert.equal(v.transforms?.[0].down_up, "failed");
});

Deno.test("verify: values written after the migration must survive down then up", async () => {
  // right on the samples (x.50, x.00), wrong on any other cent
  const input = await planMigration(
    MONEY_V1,
    MONEY_V2,
    transform("to_char(round(amount_cents / 100.0, 1), 'FM999999990.00')", `["12.50", "3.00"]`),
  );
  const v = await verifyMigration({ ...input, engine: await sharedEngine() });
  assert.equal(v.transforms?.[0].down_up, "ok", explain(v));
  assertFailedWith(v, /up\(down\(y\)\) != y for y = "\d+": down gives "[\d.]+", up gives "\d+"/);
});

Deno.test("verify: an up expression failing on generated values names the value and suggests samples", async () => {
  const input = await planMigration(
    MONEY_V1,
    MONEY_V2,
    transform("to_char(amount_cents / 100.0, 'FM999999990.00')"),
  );
  const v = await verifyMigration({ ...input, engine: await sharedEngine() });
  assert.equal(v.status, "failed", explain(v));
  assert.match(
    v.reason ?? "",
    /up expression of transform payments\.amount -> payments\.amount_cents/,
  );
  assert.match(v.reason ?? "", /fails on the generated value "[^"]*"/);
  assert.match(v.reason ?? "", /add `samples:`/);
});

const NAMES_V1 = `CREATE TABLE users (id integer PRIMARY KEY, full_name text NOT NULL);`;
const NAMES_V2 =
  `CREATE TABLE users (id integer PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL);`;
const SPLIT = `  - split: users.full_name -> users.first_name, users.last_name\n    separator: " "`;

Deno.test("verify: a split is restored exactly even with separators at the ends; without its archive it is not", async () => {
  const input = await planMigration(NAMES_V1, NAMES_V2, SPLIT);
  const ok = await verifyMigration({ ...input, engine: await sharedEngine() });
  assert.equal(ok.status, "passed", explain(ok));

  const split = stepOf(input, "split_column");
  const broken = withoutStep(input.rollbackSql, split, /smartspec_archive/);
  const v = await verifyMigration({ ...input, rollbackSql: broken, engine: await sharedEngine() });
  assertFailedWith(v, /table users: row \(full_name, id\) = \("[^"]*( "|" )/);
});

Deno.test("verify: a column dropped from a keyless table comes back on every row (whole rows archived)", async () => {
  const input = await planMigration(
    `CREATE TABLE log (at timestamptz NOT NULL, msg text, level int NOT NULL);`,
    `CREATE TABLE log (at timestamptz NOT NULL, msg text);`,
    "  - drop: log.level",
  );
  assert.equal(input.steps[0].item.reversibility, "lossless");
  const v = await verifyMigration({ ...input, engine: await sharedEngine() });
  assert.equal(v.status, "passed", explain(v));
  assert.ok(!v.compared?.some((c) => /not compared/.test(c)), explain(v));
  // the restored column is compared too: breaking it is caught
  const broken = input.rollbackSql.replace(
    /COMMIT;/,
    `UPDATE "log" SET "level" = "level" # 1;\nCOMMIT;`,
  );
  const bad = await verifyMigration({
    ...input,
    rollbackSql: broken,
    engine: await sharedEngine(),
  });
  assertFailedWith(bad, /table log: row .* missing in actual/);
});

Deno.test("verify: files said to be re-runnable are run again; a file that is not fails, naming its step", async () => {
  // the plain (non-online) file is one transaction that cannot run again (ADD COLUMN twice)
  const input = await planMigration(
    "CREATE TABLE t (id integer PRIMARY KEY);",
    "CREATE TABLE t (id integer PRIMARY KEY, note text);",
  );
  const plain = await verifyMigration({ ...input, engine: await sharedEngine() });
  assert.equal(plain.status, "passed", explain(plain));
  assert.ok(!plain.compared?.some((c) => /run again/.test(c)), explain(plain));
  const v = await verifyMigration({ ...input, rerunnable: true, engine: await sharedEngine() });
  assertFailedWith(v, /migration\.sql failed when run again after it had finished at step \[1\]/);
  assertFailedWith(v, /already exists/);
});

Deno.test("verify: engines started ahead, the to-schema in a second one: its catalog is the one compared, and a migration that forgets a step still fails", async () => {
  const from = "CREATE TABLE t (id integer PRIMARY KEY, name text);";
  const to = "CREATE TABLE t (id integer PRIMARY KEY, name text, note text);\n" +
    "CREATE INDEX t_name ON t (name);";
  const input = await planMigration(from, to);
  const verify = async (migrationSql: string, rollbackSql: string) => {
    const prepared = postgresql.prepareVerify!({ fromSql: from, toSql: to })!;
    return await postgresql.verify!({ ...input, migrationSql, rollbackSql }, prepared);
  };
  const v = await verify(input.migrationSql, input.rollbackSql);
  assert.equal(v.status, "passed", explain(v));
  // no reset of the round trip's engine: the to-schema was loaded by the second engine
  assert.ok(!v.steps!.some((s) => s.name === "reset"), explain(v));
  assert.match(
    v.steps!.find((s) => s.name === "load to-schema")?.detail ?? "",
    /second engine/,
  );
  // the index forgotten by both files: only the to-schema's catalog tells
  const index = stepOf(input, "add_index");
  const bad = await verify(
    withoutStep(input.migrationSql, index),
    withoutStep(input.rollbackSql, index),
  );
  assertFailedWith(bad, /after migration\.sql \(expected to-schema != actual\): index t_name/);
});
