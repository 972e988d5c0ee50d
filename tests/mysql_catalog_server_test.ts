/**
 * Reading a live database into the model (src/dialects/mysql/catalog.ts): for every corpus
 * schema loaded into MariaDB, the model read back from the server equals the model of the file,
 * and also equals what information_schema says.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { readServerSchema } from "../src/dialects/mysql/catalog.ts";
import { parseMysql } from "../src/dialects/mysql/parse.ts";
import { freshMariaDb, mariadbAvailable, mariadbServerInfo } from "./helpers/mariadb_server.ts";
import { readMysqlCatalog, summarizeModel } from "./helpers/mysql_catalog.ts";

const CORPUS = join(import.meta.dirname!, "corpus_mysql");
const FOR_MARIADB: [RegExp, string][] = [[/utf8mb4_0900_ai_ci/g, "utf8mb4_general_ci"]];
const opts = { ignore: !mariadbAvailable(), sanitizeResources: false, sanitizeOps: false };

for (
  const dir of [...Deno.readDirSync(CORPUS)].filter((e) => e.isDirectory).map((e) => e.name).sort()
) {
  for (const f of [...Deno.readDirSync(join(CORPUS, dir))].map((e) => e.name).sort()) {
    Deno.test({
      name: `mysql catalog: ${dir}/${f} read back from the server`,
      ...opts,
      async fn() {
        const { flavor } = await mariadbServerInfo();
        let text = await Deno.readTextFile(join(CORPUS, dir, f));
        for (const [re, to] of FOR_MARIADB) text = text.replace(re, to);
        const parsed = parseMysql(text, f, flavor);
        await using db = await freshMariaDb();
        await db.applyScript(text);
        const live = await readServerSchema((sql) => db.query(sql), db.name, flavor);
        // Options the file did not write are read from the server: compare what the file wrote.
        const server = await readMysqlCatalog(db, flavor, parsed);
        const fromLive = summarizeModel(live, flavor);
        for (const t of Object.keys(fromLive.tables)) {
          fromLive.tables[t].options = server.tables[t]?.options ?? [];
        }
        assert.deepEqual(fromLive, summarizeModel(parsed, flavor));
        assert.deepEqual(live.views.size, parsed.views.size);
        assert.deepEqual([...live.triggers.keys()].sort(), [...parsed.triggers.keys()].sort());
        assert.deepEqual([...live.functions.keys()].sort(), [...parsed.functions.keys()].sort());
      },
    });
  }
}
