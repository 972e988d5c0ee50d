import assert from "node:assert/strict";
import { parse as parseYaml } from "yaml";
import { initPostgresParser, parsePostgres } from "./postgres.ts";
import type { AclEntry } from "../../../model/privileges.ts";

await initPostgresParser();

interface Case {
  name: string;
  sql: string;
  privileges?: Record<string, Record<string, string[]>>;
  owners?: Record<string, string>;
  defaults?: Record<string, Record<string, string[]>>;
  roles?: string[];
  ignored?: string[];
}

const cases = parseYaml(
  await Deno.readTextFile(new URL("./testdata/privileges.yaml", import.meta.url)),
) as Case[];

/** `["SELECT*", "INSERT"]`: the privileges, `*` for those with grant option. */
function compact(e: AclEntry): string[] {
  return e.privileges.map((p) => e.grantable.includes(p) ? `${p}*` : p);
}

function grantees(m: Map<string, { grantees: Record<string, AclEntry> }>) {
  return Object.fromEntries(
    [...m].map(([k, v]) => [
      k,
      Object.fromEntries(Object.entries(v.grantees).map(([g, e]) => [g, compact(e)])),
    ]),
  );
}

for (const c of cases) {
  Deno.test(`privileges parse: ${c.name}`, () => {
    const s = parsePostgres(c.sql, "schema.sql");
    if (c.privileges) assert.deepEqual(grantees(s.privileges), c.privileges);
    if (c.owners) {
      assert.deepEqual(Object.fromEntries([...s.owners].map(([k, o]) => [k, o.owner])), c.owners);
    }
    if (c.defaults) assert.deepEqual(grantees(s.defaultPrivileges), c.defaults);
    if (c.roles) assert.deepEqual([...s.roles].sort(), [...c.roles].sort());
    if (c.ignored) {
      assert.deepEqual(
        s.unmanaged.map((u) => `${u.kind}:${u.category}`),
        c.ignored.map((k) => `${k}:ignored`),
      );
    } else assert.deepEqual(s.unmanaged, []);
  });
}
