/**
 * The rule-facing description of privilege, owner and default privilege changes: facts
 * (whether privileges are revoked, whether the object is new) and the statements both ways.
 * @module
 */
import type { ObjectChange } from "../../../diff/object_changes.ts";
import { aclDelta, type PrivTarget } from "../../../model/privileges.ts";
import {
  defaultPrivilegeSql,
  grantObject,
  ownerObject,
  ownerSql,
  privilegeSql,
  roleSql,
} from "../render/privileges.ts";
import { display } from "../render/ddl.ts";
import type { Described } from "./describe.ts";

type PrivilegeChange = Extract<
  ObjectChange,
  {
    kind:
      | "alter_privileges"
      | "reset_privileges"
      | "alter_owner"
      | "reset_owner"
      | "alter_default_privileges";
  }
>;

/** `table users`, `column users.email`, `function f(integer)`, `schema app`. */
export function privTargetText(t: PrivTarget): string {
  const base = t.kind === "schema" ? t.name : display(t);
  const kind = t.kind === "type" && t.domain ? "domain" : t.kind;
  return `${kind} ${base}${t.sub !== undefined ? `.${t.sub}` : ""}${t.argsSql ?? ""}`;
}

/** Describes a privilege, owner or default privilege change for the rules. */
export function describePrivileges(ch: PrivilegeChange): Described {
  switch (ch.kind) {
    case "alter_privileges":
    case "reset_privileges": {
      const d = aclDelta(ch.from, ch.to);
      return {
        target: `${privTargetText(ch.target)} to ${ch.grantee}`,
        facts: {
          grants: d.grant.length + d.grantOption.length > 0,
          revokes: d.revoke.length + d.revokeOption.length > 0,
          new_object: ch.kind === "alter_privileges" ? ch.newObject : false,
          public: ch.grantee === "PUBLIC",
          grant_option: d.grantOption.length + d.revokeOption.length > 0,
          object_kind: ch.target.kind,
        },
        vars: {
          object: grantObject(ch.target),
          grantee: roleSql(ch.grantee),
          up_sql: privilegeSql(
            ch.target,
            ch.grantee,
            ch.from,
            ch.to,
            ch.kind === "alter_privileges" && ch.reset,
          ),
          down_sql: privilegeSql(ch.target, ch.grantee, ch.to, ch.from),
          change: [
            ch.kind === "alter_privileges" && ch.reset
              ? "revoke what default privileges may have given"
              : "",
            changeText(d),
          ].filter(Boolean).join("; "),
        },
      };
    }
    case "alter_owner":
      return {
        target: privTargetText(ch.target),
        facts: { new_object: ch.newObject, object_kind: ch.target.kind },
        vars: {
          object: ownerObject(ch.target),
          owner: ch.to ?? "CURRENT_USER",
          old_owner: ch.from ?? "CURRENT_USER",
          up_sql: ownerSql(ch.target, ch.to),
          down_sql: ownerSql(ch.target, ch.from),
        },
      };
    case "reset_owner":
      return {
        target: privTargetText(ch.target),
        facts: { object_kind: ch.target.kind },
        vars: {
          object: ownerObject(ch.target),
          old_owner: ch.from,
          up_sql: ownerSql(ch.target, undefined),
          down_sql: ownerSql(ch.target, ch.from),
        },
      };
    case "alter_default_privileges": {
      const d = aclDelta(ch.from, ch.to);
      const s = ch.scope;
      return {
        target: `${s.objects}${s.schema !== undefined ? ` in schema ${s.schema}` : ""}` +
          `${s.role !== undefined ? ` for role ${s.role}` : ""} to ${ch.grantee}`,
        facts: {
          grants: d.grant.length + d.grantOption.length > 0,
          revokes: d.revoke.length + d.revokeOption.length > 0,
          public: ch.grantee === "PUBLIC",
          objects: s.objects,
        },
        vars: {
          grantee: roleSql(ch.grantee),
          up_sql: defaultPrivilegeSql(s, ch.grantee, ch.from, ch.to),
          down_sql: defaultPrivilegeSql(s, ch.grantee, ch.to, ch.from),
          change: changeText(d),
        },
      };
    }
  }
}

/** `grant SELECT, INSERT; revoke DELETE` for messages. */
function changeText(d: ReturnType<typeof aclDelta>): string {
  const parts: string[] = [];
  if (d.grant.length) parts.push(`grant ${d.grant.join(", ")}`);
  if (d.grantOption.length) parts.push(`grant ${d.grantOption.join(", ")} with grant option`);
  if (d.revoke.length) parts.push(`revoke ${d.revoke.join(", ")}`);
  if (d.revokeOption.length) parts.push(`revoke the grant option for ${d.revokeOption.join(", ")}`);
  return parts.join("; ");
}
