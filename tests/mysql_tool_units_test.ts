/**
 * What migration tools (dbmate, goose, golang-migrate, Flyway, Liquibase) get of a MySQL
 * migration: the renderer's units, which they send to the server as one batch. The server knows
 * no `DELIMITER` (a command of the mysql client): a trigger body must be a statement of the
 * batch. Each case's up unit and down unit run as batches on MariaDB, from the from-schema to the
 * to-schema and back, with the seeded rows.
 * @module
 */
import { parse } from "yaml";
import { join } from "node:path";
import { diffCatalog, readCatalog } from "../src/dialects/mysql/catalog_text.ts";
import { freshMariaDb, mariadbTest } from "./helpers/mariadb_server.ts";
import { runCase, specOf } from "./mysql_roundtrip.ts";

const ROOT = new URL("./corpus_mysql_roundtrip/", import.meta.url).pathname;
const CASES = ["triggers/compound_body", "realworld/sakila_triggers_views"];
const read = (p: string) => {
  try {
    return Deno.readTextFileSync(p);
  } catch {
    return undefined;
  }
};

for (const name of CASES) {
  mariadbTest(`mysql tool units: ${name} up and down as server batches`, async () => {
    const dir = join(ROOT, name);
    const spec = (parse(read(join(dir, "spec.yaml")) ?? "{}") ?? {}) as { intents?: unknown[] };
    const from = read(join(dir, "from.sql"))!, to = read(join(dir, "to.sql"))!;
    const r = runCase({ from, to }, specOf(spec.intents));
    const units = r.files.units!;
    for (const u of [...units.up, ...units.down]) {
      if (/^DELIMITER/m.test(u.sql)) throw new Error(`a unit holds DELIMITER:\n${u.sql}`);
    }
    await using db = await freshMariaDb();
    await using v1 = await freshMariaDb();
    await using v2 = await freshMariaDb();
    await v1.applyScript(from);
    await v2.applyScript(to);
    await db.applyScript(from);
    const seed = read(join(dir, "seed.sql"));
    if (seed) await db.applyScript(seed);
    const q = (s: string) => db.query(s);
    for (const u of units.up) await db.exec(u.sql);
    const up = diffCatalog(
      await readCatalog(q, db.name),
      await readCatalog((s) => v2.query(s), v2.name),
    );
    if (up.length) throw new Error(`after the up batch:\n${up.join("\n")}`);
    for (const u of units.down) await db.exec(u.sql);
    const down = diffCatalog(
      await readCatalog(q, db.name),
      await readCatalog((s) => v1.query(s), v1.name),
    );
    if (down.length) throw new Error(`after the down batch:\n${down.join("\n")}`);
  });
}
