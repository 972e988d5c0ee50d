import assert from "node:assert/strict";
import { loadRules, runPipeline } from "../../pipeline.ts";
import { parseSpec } from "../../spec/spec.ts";
import { mariadb } from "./mod.ts";
import { verifyOnServer } from "./verify_server.ts";
import { freshMariaDb, mariadbSkipReason } from "../../../tests/helpers/mariadb_server.ts";

const FROM = "CREATE TABLE p (id INT PRIMARY KEY, first_name VARCHAR(50), last_name VARCHAR(50));";
const TO = "CREATE TABLE p (id INT PRIMARY KEY, display_name VARCHAR(101));";
const SPEC =
  "```yaml migration\nintents:\n  - merge: p.first_name, p.last_name -> p.display_name\n" +
  '    separator: " "\n```\n';

function files(from = FROM, to = TO, online = false) {
  const r = runPipeline({
    dialect: mariadb,
    spec: parseSpec(SPEC, "specs/p/spec.md", "p"),
    from: { path: "from.sql", text: from },
    to: { path: "to.sql", text: to },
    online,
    rules: loadRules(),
    runId: "v",
    archiveTag: "t1",
    tool: "t",
    version: "t",
  });
  return { r, input: { fromSql: from, toSql: to, from: r.from, to: r.to, steps: r.steps } };
}

Deno.test({
  name: "dev-url verification passes a correct round trip and catches a rollback that loses data",
  ignore: !!mariadbSkipReason(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using db = await freshMariaDb();
    const url = `mariadb://root@127.0.0.1:${db.port}/`;
    const { r, input } = files();
    const ok = await verifyOnServer(
      { ...input, migrationSql: r.files.migration, rollbackSql: r.files.rollback },
      url,
      "mariadb",
    );
    assert.equal(ok.status, "passed", JSON.stringify(ok));
    // a rollback that forgets the archive: the names come back split, not as they were
    const lossy = r.files.rollback.replace(/WHEN a\.`id` IS NOT NULL AND/g, "WHEN FALSE AND");
    assert.notEqual(lossy, r.files.rollback);
    const bad = await verifyOnServer(
      { ...input, migrationSql: r.files.migration, rollbackSql: lossy },
      url,
      "mariadb",
    );
    assert.equal(bad.status, "failed");
    assert.match(bad.differences!.join("\n"), /rows of p differ/);
    assert.deepEqual(await db.query("SHOW DATABASES LIKE '\\_smartspec%'"), []);
  },
});

Deno.test({
  name: "dev-url verification of an online file runs its pt-osc blocks as their equivalent ALTER",
  ignore: !!mariadbSkipReason(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using db = await freshMariaDb();
    const url = `mariadb://root@127.0.0.1:${db.port}/`;
    // a narrowed column copies the table (a pt-osc block); widened back, it is instant
    const from = FROM.replace("PRIMARY KEY,", "PRIMARY KEY, code VARCHAR(40),");
    const to = TO.replace("PRIMARY KEY,", "PRIMARY KEY, code VARCHAR(20),");
    const { r, input } = files(from, to, true);
    assert.match(r.files.migration, /pt-online-schema-change --alter/);
    assert.match(r.files.rollback, /ALGORITHM=INSTANT/);
    const ok = await verifyOnServer(
      { ...input, migrationSql: r.files.migration, rollbackSql: r.files.rollback },
      url,
      "mariadb",
    );
    assert.equal(ok.status, "passed", JSON.stringify(ok));
  },
});
