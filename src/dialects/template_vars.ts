/**
 * The template variables a rule may use, per dialect and change kind: each dialect's describe
 * step defines its own (the SQL fragments differ), and a rule is checked against the dialects it
 * matches when it loads.
 * @module
 */
import type { ChangeKind } from "../diff/changes.ts";
import type { DialectName } from "./dialect.ts";
import { ALL_KIND_VARS, varsOf as pgVarsOf } from "./postgresql/describe/describe.ts";
import { sqliteVarsOf } from "./sqlite/describe.ts";
import { mysqlVarsOf } from "./mysql/describe.ts";

/** Every change kind (the PostgreSQL describe step knows all of them). */
export const CHANGE_KINDS: string[] = Object.keys(ALL_KIND_VARS);

const VARS: Partial<Record<DialectName, (kind: ChangeKind) => string[]>> = {
  postgresql: pgVarsOf,
  sqlite: sqliteVarsOf,
  mysql: mysqlVarsOf,
  mariadb: mysqlVarsOf,
};

/**
 * The variables a rule for `dialects` may use for `kind`: those every one of the dialects
 * defines; a rule that names no dialect may use those of any.
 */
export function templateVars(kind: ChangeKind, dialects: string[] | undefined): string[] {
  if (!dialects?.length) {
    return [...new Set(Object.values(VARS).flatMap((f) => f?.(kind) ?? []))];
  }
  const lists = (dialects as DialectName[]).map((d) => VARS[d]?.(kind) ?? []);
  return lists[0].filter((v) => lists.every((l) => l.includes(v)));
}
