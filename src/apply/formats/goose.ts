/**
 * goose: `<version>_<spec>.sql` with `-- +goose Up` and `-- +goose Down`, each body inside
 * `-- +goose StatementBegin` / `StatementEnd` (so that semicolons inside function bodies do not
 * split it). goose runs a migration in a transaction unless the file says
 * `-- +goose NO TRANSACTION`; a statement that cannot run inside one gets a migration of its own
 * with that annotation (its other direction, when transactional, brings its own BEGIN/COMMIT).
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

const UP_MARK = /^--\s*\+goose\s+up\b/im;

/** The goose format. */
export const goose: MigrationFormat = {
  tool: "goose",
  detect(view, dir) {
    for (const n of view.list(dir)) {
      if (!/^\d+_.+\.sql$/.test(n)) continue;
      if (UP_MARK.test(view.read(under(dir, n)) ?? "")) {
        return `${under(dir, n)} has a "-- +goose Up" annotation`;
      }
    }
    return undefined;
  },
  render(input) {
    const pairs = requirePairs(input, "goose");
    const versions = nextVersions(
      leadingVersions(input.view.list(input.dir).filter((n) => n.endsWith(".sql"))),
      input.stamp,
      pairs.length,
    );
    const dropped = new Set<string>();
    const writes = pairs.map((p, i) => {
      const noTx = !p.up.transactional || !p.down.transactional;
      const body = (u: Unit) => {
        const sql = batchSql(u, dropped);
        const wrapped = noTx && u.transactional ? `BEGIN;\n${sql}\nCOMMIT;` : sql;
        return ["-- +goose StatementBegin", wrapped, "-- +goose StatementEnd"];
      };
      return {
        path: under(
          input.dir,
          `${versions[i]}_${slug(input.specId)}${partSuffix(i, pairs.length)}.sql`,
        ),
        content: [
          ...headerLines(input, i + 1, pairs.length),
          ...(noTx ? ["-- +goose NO TRANSACTION"] : []),
          "-- +goose Up",
          ...body(p.up),
          "",
          "-- +goose Down",
          ...body(p.down),
          "",
        ].join("\n"),
        mode: "create" as const,
      };
    });
    return { writes, notes: droppedNote(dropped, "goose") };
  },
};
