/**
 * dbmate: `<version>_<spec>.sql` with `-- migrate:up` and `-- migrate:down` sections. dbmate runs
 * each section in a transaction unless it says `transaction:false`, which a statement that cannot
 * run inside one (CREATE INDEX CONCURRENTLY) needs; such a statement gets a migration of its own.
 * @module
 */
import { nextVersions, slug } from "../numbering.ts";
import type { MigrationFormat } from "../types.ts";
import {
  batchSql,
  droppedNote,
  headerLines,
  leadingVersions,
  partSuffix,
  requirePairs,
  under,
} from "./common.ts";

const UP_MARK = /^--\s*migrate:up\b/m;

/** The dbmate format. */
export const dbmate: MigrationFormat = {
  tool: "dbmate",
  detect(view, dir) {
    for (const n of view.list(dir)) {
      if (!/^\d+_.+\.sql$/.test(n) || /\.(up|down)\.sql$/.test(n)) continue;
      if (UP_MARK.test(view.read(under(dir, n)) ?? "")) {
        return `${under(dir, n)} has a "-- migrate:up" section`;
      }
    }
    return undefined;
  },
  render(input) {
    const pairs = requirePairs(input, "dbmate");
    const versions = nextVersions(
      leadingVersions(input.view.list(input.dir)),
      input.stamp,
      pairs.length,
    );
    const dropped = new Set<string>();
    const mark = (dir: "up" | "down", transactional: boolean) =>
      `-- migrate:${dir}${transactional ? "" : " transaction:false"}`;
    const writes = pairs.map((p, i) => ({
      path: under(
        input.dir,
        `${versions[i]}_${slug(input.specId)}${partSuffix(i, pairs.length)}.sql`,
      ),
      content: [
        ...headerLines(input, i + 1, pairs.length),
        mark("up", p.up.transactional),
        batchSql(p.up, dropped),
        "",
        mark("down", p.down.transactional),
        batchSql(p.down, dropped),
        "",
      ].join("\n"),
      mode: "create" as const,
    }));
    return { writes, notes: droppedNote(dropped, "dbmate") };
  },
};
