/**
 * GRANT / REVOKE, `ALTER DEFAULT PRIVILEGES` and `ALTER ... OWNER TO` statements, every
 * identifier quoted (role names included; `PUBLIC` and `CURRENT_USER` are keywords).
 * @module
 */
import {
  type AclDelta,
  aclDelta,
  type AclEntry,
  allPrivileges,
  type DefaultAcl,
  type PrivTarget,
  ROLE_KEYWORDS,
} from "../../../model/privileges.ts";
import { ident, qident } from "./quote.ts";

/** A grantee or owner: a quoted role name, or the keyword. */
export function roleSql(role: string | undefined): string {
  if (role === undefined) return "CURRENT_USER";
  return ROLE_KEYWORDS.has(role) ? role : ident(role);
}

function routineArgs(t: PrivTarget): string {
  return t.argsSql ?? (t.kind === "aggregate" ? "(*)" : "()");
}

/** What GRANT names: `TABLE "t"`, `SEQUENCE ...`, `SCHEMA "app"`, `FUNCTION "f"(integer)`. */
export function grantObject(t: PrivTarget): string {
  const q = qident({ schema: t.schema, name: t.name });
  switch (t.kind) {
    case "schema":
      return `SCHEMA ${ident(t.name)}`;
    case "sequence":
      return `SEQUENCE ${q}`;
    case "function":
    case "procedure":
      return `${t.kind.toUpperCase()} ${q}${routineArgs(t)}`;
    case "aggregate":
      return `ROUTINE ${q}${routineArgs(t)}`;
    case "type":
      return `${t.domain ? "DOMAIN" : "TYPE"} ${q}`;
    default:
      // tables, views, materialized views, foreign tables and the table of a column
      return `TABLE ${q}`;
  }
}

/** The privilege list: `ALL` when it is every privilege of the kind, else `SELECT, INSERT`. */
function privList(t: PrivTarget, privs: string[]): string {
  if (t.kind === "column") {
    const col = `(${ident(t.sub!)})`;
    return privs.map((p) => `${p} ${col}`).join(", ");
  }
  const all = allPrivileges(t.kind);
  return all.length > 1 && all.every((p) => privs.includes(p)) ? "ALL" : privs.join(", ");
}

/** The statements that take `grantee`'s privileges on `t` from `from` to `to`. */
export function privilegeSql(
  t: PrivTarget,
  grantee: string,
  from: AclEntry,
  to: AclEntry,
  reset = false,
): string {
  const list = (privs: string[]) => privList(t, privs);
  const object = grantObject(t);
  const first = reset
    ? [`REVOKE ${list(allPrivileges(t.kind))} ON ${object} FROM ${roleSql(grantee)};`]
    : [];
  return [...first, ...statements(aclDelta(from, to), list, object, grantee)].join("\n");
}

function statements(
  d: AclDelta,
  list: (privs: string[]) => string,
  object: string,
  grantee: string,
  prefix = "",
): string[] {
  const g = roleSql(grantee);
  const out: string[] = [];
  if (d.revoke.length) out.push(`${prefix}REVOKE ${list(d.revoke)} ON ${object} FROM ${g};`);
  if (d.revokeOption.length) {
    out.push(`${prefix}REVOKE GRANT OPTION FOR ${list(d.revokeOption)} ON ${object} FROM ${g};`);
  }
  if (d.grant.length) out.push(`${prefix}GRANT ${list(d.grant)} ON ${object} TO ${g};`);
  if (d.grantOption.length) {
    out.push(`${prefix}GRANT ${list(d.grantOption)} ON ${object} TO ${g} WITH GRANT OPTION;`);
  }
  return out;
}

/** `ALTER DEFAULT PRIVILEGES ...` taking one grantee's defaults from `from` to `to`. */
export function defaultPrivilegeSql(
  scope: Pick<DefaultAcl, "role" | "schema" | "objects">,
  grantee: string,
  from: AclEntry,
  to: AclEntry,
): string {
  const prefix = "ALTER DEFAULT PRIVILEGES " +
    (scope.role !== undefined ? `FOR ROLE ${roleSql(scope.role)} ` : "") +
    (scope.schema !== undefined ? `IN SCHEMA ${ident(scope.schema)} ` : "");
  const all = allPrivileges(scope.objects);
  const list = (privs: string[]) =>
    all.length > 1 && all.every((p) => privs.includes(p)) ? "ALL" : privs.join(", ");
  return statements(aclDelta(from, to), list, scope.objects.toUpperCase(), grantee, prefix)
    .join("\n");
}

/** What ALTER ... OWNER TO names: `TABLE "t"`, `VIEW ...`, `FUNCTION "f"(integer)`. */
export function ownerObject(t: PrivTarget): string {
  const q = qident({ schema: t.schema, name: t.name });
  switch (t.kind) {
    case "schema":
      return `SCHEMA ${ident(t.name)}`;
    case "function":
    case "procedure":
    case "aggregate":
      return `${t.kind.toUpperCase()} ${q}${routineArgs(t)}`;
    case "type":
      return `${t.domain ? "DOMAIN" : "TYPE"} ${q}`;
    default:
      return `${t.kind.toUpperCase()} ${q}`;
  }
}

/** `ALTER <object> OWNER TO <role>` (CURRENT_USER for undefined). */
export function ownerSql(t: PrivTarget, role: string | undefined): string {
  return `ALTER ${ownerObject(t)} OWNER TO ${roleSql(role)};`;
}
