/**
 * Privileges and ownership (PostgreSQL): what `GRANT` / `REVOKE`, `ALTER DEFAULT PRIVILEGES`
 * and `ALTER ... OWNER TO` leave on the objects of a schema file. Privileges are kept as the
 * effective set per object and grantee, after every GRANT and REVOKE of the file; an object
 * without an entry has its kind's built-in default (see {@link defaultEntries}). The owner's own
 * privileges are implicit and not kept. An object without an `OWNER TO` is owned by the role
 * that runs the file (`CURRENT_USER`).
 * @module
 */
import type { CommentTarget } from "./objects.ts";
import { commentKey, funcKey } from "./objects.ts";
import type { Schema } from "./schema.ts";

/** The grantee `PUBLIC` (every role). */
export const PUBLIC = "PUBLIC";

/** Grantees written as keywords, not role names. */
export const ROLE_KEYWORDS = new Set([PUBLIC, "CURRENT_USER", "CURRENT_ROLE", "SESSION_USER"]);

/** What a privilege is on: a {@link CommentTarget} of a kind that has privileges. */
export interface PrivTarget extends CommentTarget {
  /** A domain (`type` kind): `ALTER DOMAIN` instead of `ALTER TYPE`. */
  domain?: boolean;
}

/** The privileges one grantee holds on one object. */
export interface AclEntry {
  /** Privilege names, upper case, sorted (`INSERT`, `SELECT`). */
  privileges: string[];
  /** Those of them held WITH GRANT OPTION. */
  grantable: string[];
}

/** The effective privileges on an object, by grantee (role name, or `PUBLIC`). */
export interface ObjectAcl {
  target: PrivTarget;
  grantees: Record<string, AclEntry>;
  line: number;
}

/** The declared owner of an object. */
export interface ObjectOwner {
  target: PrivTarget;
  owner: string;
  line: number;
}

/** Object classes of `ALTER DEFAULT PRIVILEGES`. */
export type DefaultObjects = "tables" | "sequences" | "functions" | "types" | "schemas";

/** Default privileges (`ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] ...`). */
export interface DefaultAcl {
  /** `FOR ROLE`, when given (else the role that runs the file). */
  role?: string;
  /** `IN SCHEMA`, when given. */
  schema?: string;
  objects: DefaultObjects;
  grantees: Record<string, AclEntry>;
  line: number;
}

/** Every privilege of an object kind (what `ALL` means), in PostgreSQL's order. */
export function allPrivileges(kind: string): string[] {
  switch (kind) {
    case "table":
    case "view":
    case "materialized view":
    case "foreign table":
    case "tables":
      return ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"];
    case "column":
      return ["SELECT", "INSERT", "UPDATE", "REFERENCES"];
    case "sequence":
    case "sequences":
      return ["USAGE", "SELECT", "UPDATE"];
    case "schema":
    case "schemas":
      return ["USAGE", "CREATE"];
    case "function":
    case "procedure":
    case "aggregate":
    case "functions":
      return ["EXECUTE"];
    case "type":
    case "types":
      return ["USAGE"];
    default:
      return [];
  }
}

/**
 * The built-in privileges of a new object of a kind besides its owner's: `EXECUTE` for PUBLIC
 * on routines, `USAGE` for PUBLIC on types; nothing on the others.
 */
export function defaultEntries(kind: string): Record<string, AclEntry> {
  const p = ["function", "procedure", "aggregate", "functions"].includes(kind)
    ? ["EXECUTE"]
    : ["type", "types"].includes(kind)
    ? ["USAGE"]
    : [];
  return p.length ? { [PUBLIC]: { privileges: p, grantable: [] } } : {};
}

/**
 * The privileges an object has when nothing was granted on it: {@link defaultEntries} of its
 * kind, nothing for a column, and USAGE for PUBLIC on the schema `public` (as a new database
 * has it since PostgreSQL 15).
 */
export function baseEntries(t: PrivTarget): Record<string, AclEntry> {
  if (t.kind === "column") return {};
  if (t.kind === "schema" && t.name === "public") {
    return { [PUBLIC]: { privileges: ["USAGE"], grantable: [] } };
  }
  return defaultEntries(t.kind);
}

/** The owner of an object without OWNER TO: the role running the file (`public`: its own). */
export function implicitOwner(t: PrivTarget): string | undefined {
  return t.kind === "schema" && t.name === "public" ? "pg_database_owner" : undefined;
}

/** An empty entry. */
export function noPrivileges(): AclEntry {
  return { privileges: [], grantable: [] };
}

/** Sorted in the order of {@link allPrivileges} (others after, alphabetically). */
export function sortPrivileges(kind: string, list: Iterable<string>): string[] {
  const order = allPrivileges(kind);
  const rank = (p: string) => {
    const i = order.indexOf(p);
    return i < 0 ? order.length : i;
  };
  return [...new Set(list)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** True when two entries hold the same privileges and grant options. */
export function sameEntry(a: AclEntry | undefined, b: AclEntry | undefined): boolean {
  const x = a ?? noPrivileges(), y = b ?? noPrivileges();
  return x.privileges.join(",") === y.privileges.join(",") &&
    x.grantable.join(",") === y.grantable.join(",");
}

/** The map key of a privilege or owner target (that of its comment). */
export function privKey(t: PrivTarget): string {
  return commentKey(t);
}

/** The map key of default privileges. */
export function defaultAclKey(d: Pick<DefaultAcl, "role" | "schema" | "objects">): string {
  return `${d.role ?? ""}|${d.schema ?? ""}|${d.objects}`;
}

/** The kind whose privileges a default applies to. */
export function defaultObjectKind(o: DefaultObjects): string {
  return { tables: "table", sequences: "sequence", functions: "function", types: "type" }[
    o as "tables"
  ] ?? "schema";
}

/** What a grant or revoke changes for one grantee: the privileges added and removed. */
export interface AclDelta {
  grant: string[];
  grantOption: string[];
  revoke: string[];
  revokeOption: string[];
}

/**
 * The statements' content to go from `from` to `to` for one grantee: privileges to revoke (with
 * their grant options), grant options to revoke only, privileges to grant, and those to grant
 * WITH GRANT OPTION.
 */
export function aclDelta(from: AclEntry | undefined, to: AclEntry | undefined): AclDelta {
  const f = from ?? noPrivileges(), t = to ?? noPrivileges();
  const revoke = f.privileges.filter((p) => !t.privileges.includes(p));
  const revokeOption = f.grantable.filter((p) =>
    t.privileges.includes(p) && !t.grantable.includes(p)
  );
  const grantOption = t.grantable.filter((p) => !f.grantable.includes(p));
  const grant = t.privileges.filter((p) => !f.privileges.includes(p) && !grantOption.includes(p));
  return { grant, grantOption, revoke, revokeOption };
}

/** True when the file (still) defines the object. */
export function targetExists(schema: Schema, t: PrivTarget): boolean {
  const k = `${t.schema}.${t.name}`;
  switch (t.kind) {
    case "schema":
      return t.name === "public" || schema.schemas.includes(t.name);
    case "table":
      return schema.tables.has(k);
    case "column":
      return !!schema.tables.get(k)?.columns.some((c) => c.name === t.sub) ||
        !!schema.views.get(k);
    case "view":
    case "materialized view":
      return schema.views.has(k);
    case "sequence":
      return schema.sequences.has(k);
    case "type":
      return schema.enums.has(k) || schema.domains.has(k) || schema.composites.has(k) ||
        schema.ranges.has(k);
    case "function":
    case "procedure":
    case "aggregate":
      return schema.functions.has(funcKey(t.schema, t.name, t.args ?? []));
    case "collation":
      return schema.collations.has(k);
    default:
      return true;
  }
}

/** `manage` (default) or `ignore`, per the config's `privileges:` and `owners:`. */
export type ManageSetting = "manage" | "ignore";

/**
 * Leaves privileges (and default privileges) or owners out of a parsed schema, as the config
 * asks: their statements are listed as ignored, as before they were managed.
 */
export function applyManageSettings(
  schema: Schema,
  settings: { privileges?: ManageSetting; owners?: ManageSetting },
): void {
  if (settings.privileges === "ignore") {
    schema.privileges.clear();
    schema.defaultPrivileges.clear();
    schema.unmanaged.push(...schema.privilegeStatements.privileges);
    (schema.ignoredSettings ??= {}).privileges = true;
  }
  if (settings.owners === "ignore") {
    schema.owners.clear();
    schema.unmanaged.push(...schema.privilegeStatements.owners);
    (schema.ignoredSettings ??= {}).owners = true;
  }
  if (schema.ignoredSettings) schema.unmanaged.sort((a, b) => a.line - b.line);
}

/** Every object of a schema that can hold privileges (columns aside). */
export function privilegeTargets(schema: Schema): PrivTarget[] {
  const out: PrivTarget[] = [];
  for (const s of schema.schemas) out.push({ kind: "schema", schema: s, name: s });
  for (const t of schema.tables.values()) {
    out.push({ kind: "table", schema: t.schema, name: t.name });
  }
  for (const v of schema.views.values()) {
    out.push({
      kind: v.materialized ? "materialized view" : "view",
      schema: v.schema,
      name: v.name,
    });
  }
  for (const s of schema.sequences.values()) {
    out.push({ kind: "sequence", schema: s.schema, name: s.name });
  }
  for (const f of schema.functions.values()) {
    const args = f.params.filter((p) => ["in", "inout", "variadic"].includes(p.mode));
    out.push({
      kind: f.kind,
      schema: f.schema,
      name: f.name,
      args: args.map((p) => p.typeKey),
      argsSql: `(${
        args.map((p) => (p.mode === "in" ? "" : `${p.mode.toUpperCase()} `) + p.type).join(", ")
      })`,
    });
  }
  for (const m of [schema.enums, schema.composites, schema.ranges]) {
    for (const t of m.values()) out.push({ kind: "type", schema: t.schema, name: t.name });
  }
  for (const d of schema.domains.values()) {
    out.push({ kind: "type", schema: d.schema, name: d.name, domain: true });
  }
  return out;
}

/** True when default privileges of `d` apply to new objects like `t`. */
export function defaultCovers(d: Pick<DefaultAcl, "schema" | "objects">, t: PrivTarget): boolean {
  if (d.schema !== undefined && (t.kind === "schema" || d.schema !== t.schema)) return false;
  switch (d.objects) {
    case "tables":
      return ["table", "view", "materialized view", "foreign table"].includes(t.kind);
    case "sequences":
      return t.kind === "sequence";
    case "functions":
      return ["function", "procedure", "aggregate"].includes(t.kind);
    case "types":
      return t.kind === "type";
    case "schemas":
      return t.kind === "schema";
  }
}
