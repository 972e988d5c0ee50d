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

function files() {
  const r = runPipeline({
    dialect: mariadb,
    spec: parseSpec(SPEC, "specs/p/spec.md", "p"),
    from: { path: "from.sql", text: FROM },
    to: { path: "to.sql", text: TO },
    rules: loadRules(),
    runId: "v",
    archiveTag: "t1",
    tool: "t",
    version: "t",
  });
  return { r, input: { fromSql: FROM, toSql: TO, from: r.from, to: r.to, steps: r.steps } };
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
