/**
 * golang-migrate: `<version>_<spec>.up.sql` and `.down.sql`. It sends each file as one batch and
 * adds no transaction, so a transactional part is written inside `BEGIN; ... COMMIT;` and a
 * statement that cannot run inside a transaction gets a migration (a version) of its own.
 * @module
 */
import { nextVersions, slug } from "../numbering.ts";
import type { MigrationFormat } from "../types.ts";
import type { Unit } from "../units.ts";
import {
  batchSql,
  droppedNote,
  headerLines,
  leadingVersions,
  partSuffix,
  requirePairs,
  under,
} from "./common.ts";

const PAIR = /^\d+_.+\.(up|down)\.sql$/;

/** The golang-migrate format. */
export const golangMigrate: MigrationFormat = {
  tool: "golang-migrate",
  detect(view, dir) {
    const names = view.list(dir);
    const up = names.find((n) => PAIR.test(n) && n.endsWith(".up.sql"));
    if (!up) return undefined;
    return `${under(dir, up)} is a golang-migrate up file (<version>_<title>.up.sql)`;
  },
  render(input) {
    const pairs = requirePairs(input, "golang-migrate");
    const existing = leadingVersions(input.view.list(input.dir).filter((n) => PAIR.test(n)));
    const versions = nextVersions(existing, input.stamp, pairs.length);
    const dropped = new Set<string>();
    const body = (u: Unit) =>
      u.transactional ? `BEGIN;\n\n${batchSql(u, dropped)}\n\nCOMMIT;` : batchSql(u, dropped);
    const writes = pairs.flatMap((p, i) => {
      const base = `${versions[i]}_${slug(input.specId)}${partSuffix(i, pairs.length)}`;
      const head = headerLines(input, i + 1, pairs.length);
      return [
        {
          path: under(input.dir, `${base}.up.sql`),
          content: [...head, body(p.up), ""].join("\n"),
          mode: "create" as const,
        },
        {
          path: under(input.dir, `${base}.down.sql`),
          content: [...head, body(p.down), ""].join("\n"),
          mode: "create" as const,
        },
      ];
    });
    return { writes, notes: droppedNote(dropped, "golang-migrate") };
  },
};
