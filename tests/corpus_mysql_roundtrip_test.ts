/**
 * The MySQL corpus (`tests/corpus_mysql_roundtrip/<feature>/<case>/`: from.sql, to.sql, seed.sql,
 * optional spec.yaml with `intents`, `violation`, `after_up`, and `pending: <why>` for a case that
 * waits for another part of the tool): every case is generated with the
 * MariaDB dialect and applied up and down on a real MariaDB with its rows (tests/mysql_roundtrip.ts).
 * @module
 */
import { join } from "node:path";
import { mariadbSkipReason } from "./helpers/mariadb_server.ts";
import { corpusRoundTripTests, readIfThere as read, roundTrip } from "./mysql_roundtrip.ts";

corpusRoundTripTests("mysql corpus");
const skip = mariadbSkipReason();

// Every schema of the parser's corpus (hand-written files, dumps, sakila, wordpress ...) created
// from nothing and dropped to nothing (tables renamed to archives and back), up and down.
const PARSER_CORPUS = new URL("./corpus_mysql/", import.meta.url).pathname;
for (const name of [...Deno.readDirSync(PARSER_CORPUS)].map((e) => e.name).sort()) {
  const dir = join(PARSER_CORPUS, name);
  const files = [...Deno.readDirSync(dir)].map((e) => e.name).filter((f) => f.endsWith(".sql"))
    .sort();
  const schema = read(join(dir, files[files.length - 1]))!;
  // MySQL 8 dumps use collations MariaDB does not have: the test server cannot load them
  const mysqlOnly = /utf8mb4_0900_/.test(schema) ? "a MySQL 8 file (utf8mb4_0900 collations)" : "";
  for (const [what, from, to] of [["created", "", schema], ["dropped", schema, ""]] as const) {
    const why = skip ?? (mysqlOnly || undefined);
    Deno.test({
      name: `mysql corpus schema ${name}: every object ${what}${why ? ` (skipped: ${why})` : ""}`,
      ignore: !!why,
      sanitizeResources: false,
      sanitizeOps: false,
      async fn() {
        const problems = await roundTrip({ from, to });
        if (problems.length) throw new Error(`${name} ${what}:\n${problems.join("\n")}`);
      },
    });
  }
}
