/**
 * The rollback leaves no empty smartspec_archive schema behind and prints no NOTICE, on a real
 * PostgreSQL through psql (the way users run the files), or the embedded one without a server.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ACCEPTANCE_DIR, copyProject, describeRun, runTool } from "./helpers/cli.ts";
import { freshDatabase } from "./helpers/pg_server.ts";

function findPsql(): string | undefined {
  const dirs = (Deno.env.get("PATH") ?? "").split(":");
  try {
    for (const v of Deno.readDirSync("/usr/lib/postgresql")) {
      dirs.push(`/usr/lib/postgresql/${v.name}/bin`);
    }
  } catch { /* none */ }
  for (const d of dirs) {
    try {
      if (Deno.statSync(join(d, "psql")).isFile) return join(d, "psql");
    } catch { /* next */ }
  }
  return undefined;
}

Deno.test("the rollback drops the archive schema it emptied, without a NOTICE", async () => {
  await using p = await copyProject(join(ACCEPTANCE_DIR, "user_profile"));
  await using db = await freshDatabase();
  const run = await runTool(p.dir, [
    "specs/data/user_profile/spec.md",
    "--from-schema",
    "db/schema_v1.sql",
    "--to-schema",
    "db/schema_v2.sql",
    "--no-verify",
    "--json",
  ]);
  assert.equal(run.code, 0, describeRun(run));
  const { migration, rollback } = JSON.parse(run.stdout).sql;
  assert.match(migration, /smartspec_archive/, "the case archives data");
  await db.exec(await Deno.readTextFile(join(p.dir, "db/schema_v1.sql")));
  const archive = async () =>
    (await db.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'smartspec_archive'"))[0][0];
  const psql = db.url ? findPsql() : undefined;
  const apply = async (sql: string): Promise<string> => {
    if (!psql) {
      await db.exec(sql);
      return "";
    }
    const out = await new Deno.Command(psql, {
      args: [db.url!, "-X", "-v", "ON_ERROR_STOP=1", "-f", "-"],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const w = out.stdin.getWriter();
    await w.write(new TextEncoder().encode(sql));
    await w.close();
    const r = await out.output();
    const err = new TextDecoder().decode(r.stderr);
    assert.equal(r.code, 0, err);
    return err;
  };
  assert.doesNotMatch(await apply(migration), /NOTICE/);
  assert.equal(await archive(), "1");
  const back = await apply(rollback);
  assert.doesNotMatch(back, /NOTICE/);
  assert.equal(await archive(), "0", "the emptied archive schema is gone");
  // an archive schema that still holds something is kept
  await apply(migration);
  await db.exec("CREATE TABLE smartspec_archive.keep_me (x int)");
  await apply(rollback);
  assert.equal(await archive(), "1");
});
