/**
 * `--online` for MySQL/MariaDB on a real MariaDB: every case of the MySQL round-trip corpus is
 * generated online and applied up and down as an operator would (tests/mysql_roundtrip.ts
 * `runOnlineFile`: each pt-online-schema-change block run by its equivalent ALTER), so every
 * ALTER claimed `ALGORITHM=INSTANT` or `ALGORITHM=INPLACE, LOCK=NONE` must be accepted by the
 * server with that clause, every batched UPDATE must run, and the rows must come back.
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
      online: true,
      from: read(join(dir, "from.sql"))!,
      to: read(join(dir, "to.sql"))!,
      seed: read(join(dir, "seed.sql")),
    };
    Deno.test({
      name: `mysql online ${feature}/${name}${
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
