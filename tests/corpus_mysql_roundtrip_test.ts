/**
 * The MySQL corpus (`tests/corpus_mysql_roundtrip/<feature>/<case>/`: from.sql, to.sql, seed.sql,
 * optional spec.yaml with `intents`, `violation`, `after_up`, and `pending: <why>` for a case that
 * waits for another part of the tool): every case is generated with the
 * MariaDB dialect and applied up and down on a real MariaDB with its rows (tests/mysql_roundtrip.ts).
 * @module
 */
import { parse } from "yaml";
import { join } from "node:path";
import { mariadbSkipReason } from "./helpers/mariadb_server.ts";
import { type MysqlCase, roundTrip } from "./mysql_roundtrip.ts";

const ROOT = new URL("./corpus_mysql_roundtrip/", import.meta.url).pathname;
const read = (p: string) => {
  try {
    return Deno.readTextFileSync(p);
  } catch {
    return undefined;
  }
};

const skip = mariadbSkipReason();
for (const feature of [...Deno.readDirSync(ROOT)].map((e) => e.name).sort()) {
  for (const name of [...Deno.readDirSync(join(ROOT, feature))].map((e) => e.name).sort()) {
    const dir = join(ROOT, feature, name);
    const spec = (parse(read(join(dir, "spec.yaml")) ?? "{}") ?? {}) as
      & Partial<MysqlCase>
      & { pending?: string };
    const c: MysqlCase = {
      ...spec,
      from: read(join(dir, "from.sql"))!,
      to: read(join(dir, "to.sql"))!,
      seed: read(join(dir, "seed.sql")),
    };
    Deno.test({
      name: `mysql corpus ${feature}/${name}${
        skip ? ` (skipped: ${skip})` : spec.pending ? ` (pending: ${spec.pending})` : ""
      }`,
      ignore: !!skip || !!spec.pending,
      sanitizeResources: false,
      sanitizeOps: false,
      async fn() {
        const problems = await roundTrip(c);
        if (problems.length) throw new Error(`${feature}/${name}:\n${problems.join("\n")}`);
      },
    });
  }
}

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
