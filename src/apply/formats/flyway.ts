/**
 * Flyway: versioned migrations `V<version>__<spec>.sql` with their undo migrations
 * `U<version>__<spec>.sql` (run by `flyway undo`). Flyway runs each migration in a transaction;
 * one that cannot run inside one gets a script configuration file `V<version>__<spec>.sql.conf`
 * with `executeInTransaction=false`. Flyway runs the statements of a file one by one on one
 * connection, so session settings stay with the statement they precede.
 * @module
 */
import { nextDottedVersions, slug } from "../numbering.ts";
import type { ApplyWrite, MigrationFormat } from "../types.ts";
import type { Unit } from "../units.ts";
import { headerLines, requirePairs, under } from "./common.ts";

/** `V1__x.sql`, `V1.2__x.sql`, `V2_1__x.sql` (and the undo / repeatable prefixes). */
export const FLYWAY_NAME = /^([VU])(\d+(?:[._]\d+)*)__(.+)\.sql$/;

/** The flyway format. */
export const flyway: MigrationFormat = {
  tool: "flyway",
  detect(view, dir) {
    const n = view.list(dir).find((n) => FLYWAY_NAME.exec(n)?.[1] === "V");
    return n
      ? `${under(dir, n)} is a Flyway versioned migration (V<version>__<name>.sql)`
      : undefined;
  },
  render(input) {
    const pairs = requirePairs(input, "flyway");
    const existing = input.view.list(input.dir).map((n) => FLYWAY_NAME.exec(n))
      .filter((m) => m !== null).map((m) => m![2]);
    const versions = nextDottedVersions(existing, input.stamp, pairs.length);
    const body = (u: Unit) => [...(u.transactional ? [] : u.settings), u.sql.trim()].join("\n");
    const writes: ApplyWrite[] = [];
    pairs.forEach((p, i) => {
      const name = `${versions[i]}__${slug(input.specId)}${
        pairs.length > 1 ? `_part${i + 1}` : ""
      }.sql`;
      const head = headerLines(input, i + 1, pairs.length);
      for (const [prefix, u] of [["V", p.up], ["U", p.down]] as const) {
        const path = under(input.dir, `${prefix}${name}`);
        writes.push({ path, content: [...head, body(u), ""].join("\n"), mode: "create" });
        if (!u.transactional) {
          writes.push({
            path: `${path}.conf`,
            content: "executeInTransaction=false\n",
            mode: "create",
          });
        }
      }
    });
    return {
      writes,
      notes: [
        "the U file is the undo migration: `flyway undo` runs it (Flyway Teams); " +
        "without undo support run it with psql to roll back",
      ],
    };
  },
};
