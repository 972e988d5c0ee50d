/**
 * The MySQL parser checked against a real server: each corpus schema is loaded into MariaDB, its
 * information_schema is read, and what the server created must equal what the parser read.
 * The dump of each loaded schema (`mariadb-dump --no-data`) must parse to the same catalog too,
 * and so must the model read back from the live database (its SHOW CREATE statements).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { readServerSchema } from "../src/dialects/mysql/catalog.ts";
import { parseMysql } from "../src/dialects/mysql/parse.ts";
import { freshMariaDb, mariadbAvailable, mariadbServerInfo } from "./helpers/mariadb_server.ts";
import { differences, readMysqlCatalog, summarizeModel } from "./helpers/mysql_catalog.ts";

const CORPUS = join(import.meta.dirname!, "corpus_mysql");
const ignore = !mariadbAvailable();

/** MySQL 8-only spellings replaced before loading into MariaDB (which lacks them). */
const FOR_MARIADB: [RegExp, string][] = [[/utf8mb4_0900_ai_ci/g, "utf8mb4_general_ci"]];

function corpusFiles(): string[] {
  const out: string[] = [];
  for (const dir of [...Deno.readDirSync(CORPUS)].filter((e) => e.isDirectory)) {
    for (const f of Deno.readDirSync(join(CORPUS, dir.name))) {
      if (f.name.endsWith(".sql")) out.push(join(dir.name, f.name));
    }
  }
  return out.sort();
}

for (const rel of corpusFiles()) {
  Deno.test({
    name: `mysql parser vs server: ${rel}`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      const { flavor } = await mariadbServerInfo();
      let text = await Deno.readTextFile(join(CORPUS, rel));
      for (const [re, to] of FOR_MARIADB) text = text.replace(re, to);
      const parsed = parseMysql(text, rel, flavor);
      await using db = await freshMariaDb();
      await db.applyScript(text);
      const server = await readMysqlCatalog(db, flavor, parsed);
      const diff = differences(summarizeModel(parsed, flavor), server);
      assert.deepEqual(diff, [], `${rel}: the parser and the server disagree:\n${diff.join("\n")}`);
      assert.ok(Object.keys(server.tables).length > 0, "the corpus file creates tables");

      // The server's own dump of the same schema parses to the same catalog.
      const dump = await db.dump(["--no-data", "--routines", "--triggers", "--skip-comments"]);
      const fromDump = parseMysql(dump, `${rel} (mariadb-dump)`, flavor);
      const server2 = await readMysqlCatalog(db, flavor, fromDump);
      const diff2 = differences(summarizeModel(fromDump, flavor), server2);
      assert.deepEqual(diff2, [], `${rel} (mariadb-dump): disagreement:\n${diff2.join("\n")}`);

      // The model read back from the live database (src/dialects/mysql/catalog.ts, for
      // verification on a user's server) is the model of the file. Table options the file did
      // not write are the server's: compare those the file wrote.
      const live = await readServerSchema((sql) => db.query(sql), db.name, flavor);
      const fromLive = summarizeModel(live, flavor);
      for (const t of Object.keys(fromLive.tables)) {
        fromLive.tables[t].options = server.tables[t]?.options ?? [];
      }
      const diff3 = differences(summarizeModel(parsed, flavor), fromLive);
      assert.deepEqual(diff3, [], `${rel} (read back): disagreement:\n${diff3.join("\n")}`);
      assert.deepEqual([...live.triggers.keys()].sort(), [...parsed.triggers.keys()].sort());
      assert.deepEqual([...live.functions.keys()].sort(), [...parsed.functions.keys()].sort());
    },
  });
}
