/**
 * A guard that stops a migration says how many rows violate it and shows up to 3 of them by
 * key with their values, on a real PostgreSQL (the throw-away server, or PGlite without one).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describeRun, runTool } from "./helpers/cli.ts";
import { freshDatabase } from "./helpers/pg_server.ts";

const V1 = "CREATE TABLE notes (\n  id integer PRIMARY KEY,\n  body text,\n  tag text\n);\n";
const V2 = V1.replace("body text", "body varchar(5)").replace("tag text", "tag text NOT NULL");

Deno.test("a narrowing guard's error gives the number of rows and up to 3 keys with values", async () => {
  const dir = await Deno.makeTempDir({ prefix: "smartspec-guard-" });
  await using db = await freshDatabase();
  try {
    await Deno.mkdir(join(dir, "specs/data/notes"), { recursive: true });
    await Deno.mkdir(join(dir, "db"));
    await Deno.writeTextFile(join(dir, "specs/data/notes/spec.md"), "# Notes\n");
    await Deno.writeTextFile(join(dir, "db/schema_v1.sql"), V1);
    await Deno.writeTextFile(join(dir, "db/schema_v2.sql"), V2);
    const run = await runTool(dir, ["specs/data/notes/spec.md", "--no-verify", "--json"]);
    assert.equal(run.code, 0, describeRun(run));
    const sql = JSON.parse(run.stdout).sql.migration as string;

    await db.exec(V1);
    await db.exec(
      "INSERT INTO notes VALUES (1, 'ok', 'a'), (3, 'abcdefghijklmnopqrstuvwxyz', 'b'), " +
        "(7, 'it''s long', 'c'), (8, 'fine', 'd'), (9, 'sixsix', 'e'), (12, 'seven77', 'f')",
    );
    let error = "";
    try {
      await db.applyScript(sql);
    } catch (e) {
      error = (e as Error).message;
    }
    assert.match(
      error,
      /smartspec guard: notes\.body has values that do not fit varchar\(5\)[^:]*: 4 row\(s\), e\.g\. id=3: 'abcdefghijklmnopqrst\.\.\.', id=7: 'it''s long', id=9: 'sixsix'/,
    );
    assert.equal((await db.query("SELECT count(*) FROM notes"))[0][0], "6", "nothing changed");

    // the NOT NULL guard names its rows too
    await db.exec(
      "UPDATE notes SET body = left(body, 5); UPDATE notes SET tag = NULL WHERE id = 8",
    );
    error = "";
    try {
      await db.applyScript(sql);
    } catch (e) {
      error = (e as Error).message;
    }
    assert.match(error, /notes\.tag has NULL values[^:]*: 1 row\(s\), e\.g\. id=8: NULL/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
