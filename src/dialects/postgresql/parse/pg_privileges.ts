/**
 * `GRANT` / `REVOKE` on objects, `ALTER DEFAULT PRIVILEGES` and `ALTER ... OWNER TO` into the
 * model (`src/model/privileges.ts`). Every GRANT and REVOKE is applied in file order to the
 * object's effective privileges, which start from the kind's built-in default (`REVOKE ALL ...
 * FROM PUBLIC` then `GRANT`, as pg_dump writes them, ends where it should). Role membership
 * (`GRANT role TO role`) and privileges on cluster objects (databases, languages, tablespaces)
 * stay listed as ignored.
 * @module
 */
import type { CommentKind } from "../../../model/objects.ts";
import { funcKey } from "../../../model/objects.ts";
import type { QName, Schema } from "../../../model/schema.ts";
import { qkey } from "../../../model/schema.ts";
import {
  type AclEntry,
  allPrivileges,
  baseEntries,
  type DefaultAcl,
  defaultAclKey,
  defaultCovers,
  defaultEntries,
  type DefaultObjects,
  privilegeTargets,
  privKey,
  type PrivTarget,
  PUBLIC,
  ROLE_KEYWORDS,
  sameEntry,
  sortPrivileges,
  targetExists,
} from "../../../model/privileges.ts";
import { argsSql } from "../render/ddl.ts";
import { type Node, sval } from "./pg_expr.ts";
import { type ParseHost, rangeVarName, type StmtCtx } from "./pg_host.ts";
import { commentTarget, objectArgs } from "./pg_objects.ts";

const OWNER_KINDS: Record<string, CommentKind> = {
  OBJECT_SCHEMA: "schema",
  OBJECT_TABLE: "table",
  OBJECT_VIEW: "view",
  OBJECT_MATVIEW: "materialized view",
  OBJECT_FOREIGN_TABLE: "foreign table",
  OBJECT_SEQUENCE: "sequence",
  OBJECT_TYPE: "type",
  OBJECT_DOMAIN: "type",
  OBJECT_FUNCTION: "function",
  OBJECT_PROCEDURE: "procedure",
  OBJECT_AGGREGATE: "aggregate",
  OBJECT_ROUTINE: "function",
  OBJECT_COLLATION: "collation",
};

const DEFAULT_OBJECTS: Record<string, DefaultObjects> = {
  OBJECT_TABLE: "tables",
  OBJECT_SEQUENCE: "sequences",
  OBJECT_FUNCTION: "functions",
  OBJECT_ROUTINE: "functions",
  OBJECT_PROCEDURE: "functions",
  OBJECT_TYPE: "types",
  OBJECT_DOMAIN: "types",
  OBJECT_SCHEMA: "schemas",
};

/** A role from a RoleSpec: its name, or `PUBLIC` / `CURRENT_USER` / ... */
function roleOf(spec: Node): string {
  switch (spec?.roletype) {
    case "ROLESPEC_PUBLIC":
      return PUBLIC;
    case "ROLESPEC_CURRENT_USER":
      return "CURRENT_USER";
    case "ROLESPEC_CURRENT_ROLE":
      return "CURRENT_ROLE";
    case "ROLESPEC_SESSION_USER":
      return "SESSION_USER";
    default:
      return String(spec?.rolename ?? "");
  }
}

function noteRole(schema: Schema, role: string): void {
  // pg_* roles are built in (pg_database_owner, pg_read_all_data ...)
  if (role && !ROLE_KEYWORDS.has(role) && !role.startsWith("pg_")) schema.roles.add(role);
}

function record(host: ParseHost, ctx: StmtCtx, what: "privileges" | "owners"): void {
  const t = host.text(ctx);
  host.schema.privilegeStatements[what].push({
    kind: ctx.kind,
    line: ctx.line,
    text: t.length > 300 ? t.slice(0, 300) + " ..." : t,
    reason: what === "privileges"
      ? "privileges are not managed (setting privileges: ignore)"
      : "owners are not managed (setting owners: ignore)",
    category: "ignored",
  });
}

/** The kind of the relation `q` as the file defines it, or undefined when it does not. */
function relationKind(schema: Schema, q: QName): CommentKind | undefined {
  const k = qkey(q);
  if (schema.tables.has(k)) return "table";
  const v = schema.views.get(k);
  if (v) return v.materialized ? "materialized view" : "view";
  if (schema.sequences.has(k)) return "sequence";
  return undefined;
}

/** A qualified name from a List of Strings (or a TypeName), `public` when unqualified. */
function listName(obj: Node): QName {
  const items = (obj?.List?.items ?? obj?.TypeName?.names ?? obj?.names ?? [obj]) as Node[];
  const parts = items.map(sval);
  return parts.length > 1
    ? { schema: parts[parts.length - 2], name: parts[parts.length - 1] }
    : { schema: "public", name: parts[0] };
}

function typeTarget(schema: Schema, q: QName): PrivTarget | undefined {
  const k = qkey(q);
  if (schema.domains.has(k)) return { kind: "type", ...q, domain: true };
  if (schema.enums.has(k) || schema.composites.has(k) || schema.ranges.has(k)) {
    return { kind: "type", ...q };
  }
  return undefined;
}

/** The target of a function-like ObjectWithArgs, when the file defines that routine. */
function routineTarget(
  host: ParseHost,
  kind: "function" | "procedure" | "aggregate",
  owa: Node,
): PrivTarget | undefined {
  const t = commentTarget(host, kind, { ObjectWithArgs: owa });
  if (!t) return undefined;
  const f = host.schema.functions.get(funcKey(t.schema, t.name, t.args ?? []));
  if (!f) return undefined;
  const args = objectArgs(host, owa);
  return {
    kind: f.kind,
    schema: t.schema,
    name: t.name,
    args: t.args,
    argsSql: args ? argsSql(f.params) : t.argsSql,
  };
}

/** The objects a GRANT or REVOKE names that the file defines (undefined: one it does not). */
function grantTargets(host: ParseHost, node: Node): PrivTarget[] | undefined {
  const schema = host.schema;
  const objs = (node.objects ?? []) as Node[];
  if (node.targtype === "ACL_TARGET_ALL_IN_SCHEMA") {
    const names = objs.map(sval);
    const out: PrivTarget[] = [];
    const inSchema = (q: QName) => names.includes(q.schema);
    switch (node.objtype) {
      case "OBJECT_TABLE":
        for (const t of schema.tables.values()) {
          if (inSchema(t)) out.push({ kind: "table", schema: t.schema, name: t.name });
        }
        for (const v of schema.views.values()) {
          if (inSchema(v)) {
            out.push({
              kind: v.materialized ? "materialized view" : "view",
              schema: v.schema,
              name: v.name,
            });
          }
        }
        return out;
      case "OBJECT_SEQUENCE":
        for (const s of schema.sequences.values()) {
          if (inSchema(s)) out.push({ kind: "sequence", schema: s.schema, name: s.name });
        }
        return out;
      case "OBJECT_FUNCTION":
      case "OBJECT_PROCEDURE":
      case "OBJECT_ROUTINE":
        for (const f of schema.functions.values()) {
          if (!inSchema(f)) continue;
          const fits = node.objtype === "OBJECT_ROUTINE" ||
            (node.objtype === "OBJECT_PROCEDURE") === (f.kind === "procedure");
          if (!fits) continue;
          out.push({
            kind: f.kind,
            schema: f.schema,
            name: f.name,
            args: f.params.filter((p) => ["in", "inout", "variadic"].includes(p.mode))
              .map((p) => p.typeKey),
            argsSql: argsSql(f.params),
          });
        }
        return out;
      default:
        return undefined;
    }
  }
  const out: PrivTarget[] = [];
  for (const o of objs) {
    let t: PrivTarget | undefined;
    switch (node.objtype) {
      case "OBJECT_TABLE":
      case "OBJECT_SEQUENCE":
      case "OBJECT_FOREIGN_TABLE": {
        const q = rangeVarName(o.RangeVar ?? o);
        const kind = relationKind(schema, q);
        t = kind ? { kind, ...q } : undefined;
        break;
      }
      case "OBJECT_SCHEMA": {
        const name = sval(o);
        t = name === "public" || schema.schemas.includes(name)
          ? { kind: "schema", schema: name, name }
          : undefined;
        break;
      }
      case "OBJECT_FUNCTION":
      case "OBJECT_PROCEDURE":
      case "OBJECT_ROUTINE": {
        const kind = node.objtype === "OBJECT_PROCEDURE" ? "procedure" : "function";
        t = routineTarget(host, kind, o.ObjectWithArgs ?? o) ??
          (kind === "function"
            ? routineTarget(host, "aggregate", o.ObjectWithArgs ?? o)
            : undefined);
        if (!t && node.objtype === "OBJECT_ROUTINE") {
          t = routineTarget(host, "procedure", o.ObjectWithArgs ?? o);
        }
        break;
      }
      case "OBJECT_TYPE":
      case "OBJECT_DOMAIN": {
        t = typeTarget(schema, listName(o));
        break;
      }
      default:
        return undefined;
    }
    if (!t) return undefined;
    out.push(t);
  }
  return out;
}

/** The ACL of a target as it stands (its default when the file granted nothing yet). */
function aclOf(schema: Schema, t: PrivTarget, line: number): Record<string, AclEntry> {
  const k = privKey(t);
  let acl = schema.privileges.get(k);
  if (!acl) {
    acl = { target: t, grantees: t.kind === "column" ? {} : initialEntries(schema, t), line };
    schema.privileges.set(k, acl);
  }
  acl.line = line;
  return acl.grantees;
}

/**
 * Default privileges in effect at each line: after every `ALTER DEFAULT PRIVILEGES` without
 * `FOR ROLE` (those apply to the role that runs the file, which creates the objects), a copy of
 * them. Objects the file creates afterwards start with them, as PostgreSQL does.
 */
const defaultsTimeline = new WeakMap<Schema, { line: number; defaults: DefaultAcl[] }[]>();

function recordDefaults(schema: Schema, line: number): void {
  const own = [...schema.defaultPrivileges.values()].filter((d) => d.role === undefined)
    .map((d) => structuredClone(d));
  const list = defaultsTimeline.get(schema) ?? [];
  list.push({ line, defaults: own });
  defaultsTimeline.set(schema, list);
}

/** The line where the file creates an object (undefined when unknown). */
function creationLine(schema: Schema, t: PrivTarget): number | undefined {
  const k = `${t.schema}.${t.name}`;
  switch (t.kind) {
    case "table":
      return schema.tables.get(k)?.line;
    case "view":
    case "materialized view":
      return schema.views.get(k)?.line;
    case "sequence":
      return schema.sequences.get(k)?.line;
    case "function":
    case "procedure":
    case "aggregate":
      return schema.functions.get(funcKey(t.schema, t.name, t.args ?? []))?.line;
    case "type":
      return (schema.enums.get(k) ?? schema.domains.get(k) ?? schema.composites.get(k) ??
        schema.ranges.get(k))?.line;
    default:
      return undefined;
  }
}

/** The privileges an object starts with: its kind's default, and default privileges before it. */
function initialEntries(schema: Schema, t: PrivTarget): Record<string, AclEntry> {
  const base = baseEntries(t);
  const at = creationLine(schema, t);
  const timeline = defaultsTimeline.get(schema);
  if (at === undefined || !timeline) return base;
  const state = timeline.filter((e) => e.line < at).pop()?.defaults ?? [];
  const covering = state.filter((d) => defaultCovers(d, t));
  const global = covering.find((d) => d.schema === undefined);
  const out: Record<string, AclEntry> = structuredClone(global?.grantees ?? base);
  for (const d of covering.filter((d) => d.schema !== undefined)) {
    for (const [g, e] of Object.entries(d.grantees)) {
      const cur = out[g] ?? { privileges: [], grantable: [] };
      const kind = t.kind === "column" ? "column" : t.kind;
      out[g] = {
        privileges: sortPrivileges(kind, [...cur.privileges, ...e.privileges]),
        grantable: sortPrivileges(kind, [...cur.grantable, ...e.grantable]),
      };
    }
  }
  // the default privileges are written for the object class; keep the kind's own privileges
  const all = allPrivileges(t.kind);
  for (const [g, e] of Object.entries(out)) {
    out[g] = {
      privileges: e.privileges.filter((p) => all.includes(p)),
      grantable: e.grantable.filter((p) => all.includes(p)),
    };
  }
  return out;
}

/** Applies one GRANT or REVOKE of `privs` (undefined: ALL) to one grantee's entry. */
function apply(
  grantees: Record<string, AclEntry>,
  kind: string,
  grantee: string,
  privs: string[] | undefined,
  isGrant: boolean,
  grantOption: boolean,
): void {
  const all = allPrivileges(kind);
  const list = (privs ?? all).filter((p) => all.includes(p));
  const e = grantees[grantee] ?? { privileges: [], grantable: [] };
  let privileges = new Set(e.privileges), grantable = new Set(e.grantable);
  if (isGrant) {
    for (const p of list) {
      privileges.add(p);
      if (grantOption) grantable.add(p);
    }
  } else if (grantOption) {
    grantable = new Set([...grantable].filter((p) => !list.includes(p)));
  } else {
    privileges = new Set([...privileges].filter((p) => !list.includes(p)));
    grantable = new Set([...grantable].filter((p) => !list.includes(p)));
  }
  grantees[grantee] = {
    privileges: sortPrivileges(kind, privileges),
    grantable: sortPrivileges(kind, grantable),
  };
}

/** GRANT / REVOKE on objects. */
export function grantStatement(host: ParseHost, node: Node, ctx: StmtCtx): void {
  const targets = grantTargets(host, node);
  if (!targets) {
    return host.unmanaged(
      ctx,
      node.objtype &&
        ![
          "OBJECT_TABLE",
          "OBJECT_SEQUENCE",
          "OBJECT_SCHEMA",
          "OBJECT_FUNCTION",
          "OBJECT_PROCEDURE",
          "OBJECT_ROUTINE",
          "OBJECT_TYPE",
          "OBJECT_DOMAIN",
          "OBJECT_FOREIGN_TABLE",
        ].includes(node.objtype)
        ? `privileges on ${
          String(node.objtype).replace("OBJECT_", "").toLowerCase().replaceAll("_", " ")
        }s are not part of the compared schema`
        : "privileges on an object this file does not create",
      "ignored",
    );
  }
  record(host, ctx, "privileges");
  const schema = host.schema;
  const grantees = ((node.grantees ?? []) as Node[]).map((g) => roleOf(g.RoleSpec ?? g));
  for (const g of grantees) noteRole(schema, g);
  const privs = ((node.privileges ?? []) as Node[]).map((p) => p.AccessPriv);
  const isGrant = !!node.is_grant;
  const option = !!node.grant_option;
  for (const t of targets) {
    const tableLevel = privs.filter((p) => !p.cols?.length);
    const whole = privs.length === 0; // ALL
    if (whole || tableLevel.length) {
      const names = whole
        ? undefined
        : tableLevel.map((p) => String(p.priv_name ?? "all").toUpperCase());
      const list = names?.includes("ALL") ? undefined : names;
      const acl = aclOf(schema, t, ctx.line);
      for (const g of grantees) apply(acl, t.kind, g, list, isGrant, option);
      if (!isGrant && t.kind !== "schema" && isRelation(t.kind)) {
        // revoking a table privilege revokes it on every column too
        for (const a of schema.privileges.values()) {
          const c = a.target;
          if (c.kind !== "column" || c.schema !== t.schema || c.name !== t.name) continue;
          for (const g of grantees) {
            if (a.grantees[g]) apply(a.grantees, "column", g, list, false, option);
          }
        }
      }
    }
    for (const p of privs.filter((p) => p.cols?.length)) {
      const name = String(p.priv_name ?? "all").toUpperCase();
      for (const col of (p.cols as Node[]).map(sval)) {
        const ct: PrivTarget = { kind: "column", schema: t.schema, name: t.name, sub: col };
        const acl = aclOf(schema, ct, ctx.line);
        for (const g of grantees) {
          apply(acl, "column", g, name === "ALL" ? undefined : [name], isGrant, option);
        }
      }
    }
  }
}

function isRelation(kind: string): boolean {
  return ["table", "view", "materialized view", "foreign table"].includes(kind);
}

/** Sets (or, for CURRENT_USER, clears) the declared owner of a target. */
function setOwner(host: ParseHost, t: PrivTarget, spec: Node, ctx: StmtCtx): void {
  const owner = roleOf(spec);
  record(host, ctx, "owners");
  const k = privKey(t);
  if (ROLE_KEYWORDS.has(owner)) host.schema.owners.delete(k);
  else {
    noteRole(host.schema, owner);
    host.schema.owners.set(k, { target: t, owner, line: ctx.line });
  }
}

/** `ALTER TABLE / VIEW / SEQUENCE ... OWNER TO` (an ALTER TABLE command). */
export function changeRelationOwner(
  host: ParseHost,
  rel: QName,
  spec: Node,
  ctx: StmtCtx,
): void {
  const kind = relationKind(host.schema, rel);
  if (!kind) {
    return host.unmanaged(ctx, "the owner of an object this file does not create", "ignored");
  }
  setOwner(host, { kind, ...rel }, spec, ctx);
}

/** `ALTER SCHEMA / FUNCTION / TYPE / DOMAIN ... OWNER TO` (AlterOwnerStmt). */
export function alterOwner(host: ParseHost, node: Node, ctx: StmtCtx): void {
  const kind = OWNER_KINDS[node.objectType];
  if (!kind) {
    return host.unmanaged(
      ctx,
      `owners of ${
        String(node.objectType).replace("OBJECT_", "").toLowerCase().replaceAll("_", " ")
      }s are not managed`,
      "ignored",
    );
  }
  let t: PrivTarget | undefined;
  const obj = node.object;
  if (kind === "schema") {
    const name = sval(obj);
    t = name === "public" || host.schema.schemas.includes(name)
      ? { kind, schema: name, name }
      : undefined;
  } else if (kind === "type") {
    t = typeTarget(host.schema, listName(obj));
  } else if (kind === "function" || kind === "procedure" || kind === "aggregate") {
    const owa = obj.ObjectWithArgs ?? obj;
    t = routineTarget(host, kind, owa) ??
      (node.objectType === "OBJECT_ROUTINE"
        ? routineTarget(host, "procedure", owa) ?? routineTarget(host, "aggregate", owa)
        : undefined);
  } else if (kind === "collation") {
    const q = listName(obj);
    t = host.schema.collations.has(qkey(q)) ? { kind, ...q } : undefined;
  } else {
    const q = listName(obj);
    t = relationKind(host.schema, q) ? { kind, ...q } : undefined;
  }
  if (!t) {
    return host.unmanaged(ctx, "the owner of an object this file does not create", "ignored");
  }
  setOwner(host, t, node.newowner, ctx);
}

/** `ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] GRANT / REVOKE ... ON <objects>`. */
export function alterDefaultPrivileges(host: ParseHost, node: Node, ctx: StmtCtx): void {
  const action = node.action;
  const objects = DEFAULT_OBJECTS[action?.objtype];
  if (!objects) {
    return host.unmanaged(ctx, "default privileges of this object class are not managed");
  }
  record(host, ctx, "privileges");
  const schema = host.schema;
  let roles: (string | undefined)[] = [undefined];
  let schemas: (string | undefined)[] = [undefined];
  for (const o of (node.options ?? []) as Node[]) {
    const d = o.DefElem;
    const items = (d?.arg?.List?.items ?? []) as Node[];
    if (d?.defname === "roles") roles = items.map((r) => roleOf(r.RoleSpec ?? r));
    if (d?.defname === "schemas") schemas = items.map(sval);
  }
  const grantees = ((action.grantees ?? []) as Node[]).map((g) => roleOf(g.RoleSpec ?? g));
  for (const g of [...grantees, ...roles]) if (g) noteRole(schema, g);
  const privs = ((action.privileges ?? []) as Node[]).map((p) =>
    String(p.AccessPriv.priv_name ?? "all").toUpperCase()
  );
  const list = privs.length === 0 || privs.includes("ALL") ? undefined : privs;
  for (const role of roles) {
    for (const s of schemas) {
      const key = defaultAclKey({ role, schema: s, objects });
      let d = schema.defaultPrivileges.get(key);
      if (!d) {
        // in a schema, defaults only add to the global ones: they start empty
        d = {
          ...(role !== undefined ? { role } : {}),
          ...(s !== undefined ? { schema: s } : {}),
          objects,
          grantees: s === undefined ? defaultEntries(objects) : {},
          line: ctx.line,
        };
        schema.defaultPrivileges.set(key, d);
      }
      d.line = ctx.line;
      for (const g of grantees) {
        apply(d.grantees, objects, g, list, !!action.is_grant, !!action.grant_option);
      }
    }
  }
  if (roles.includes(undefined)) recordDefaults(schema, ctx.line);
}

/**
 * After the whole file: the owner's own entries, the objects the file no longer defines
 * (dropped later in the file) and the owners of owned sequences go, and an ACL equal to its
 * kind's default is no ACL.
 */
export function finishPrivileges(schema: Schema): void {
  for (const [k, o] of schema.owners) {
    // a sequence owned by a column follows its table's owner (PostgreSQL refuses to change it
    // alone; pg_dump writes it anyway)
    const owned = o.target.kind === "sequence" &&
      schema.sequences.get(`${o.target.schema}.${o.target.name}`)?.ownedBy;
    if (owned || !targetExists(schema, o.target)) schema.owners.delete(k);
  }
  if (defaultsTimeline.has(schema)) {
    for (const t of privilegeTargets(schema)) {
      if (!schema.privileges.has(privKey(t))) aclOf(schema, t, creationLine(schema, t) ?? 0);
    }
  }
  for (const [k, acl] of schema.privileges) {
    if (!targetExists(schema, acl.target)) {
      schema.privileges.delete(k);
      continue;
    }
    const ownerKey = acl.target.kind === "column"
      ? privKey({ kind: "table", schema: acl.target.schema, name: acl.target.name })
      : k;
    const owner = schema.owners.get(ownerKey)?.owner ??
      (acl.target.kind === "column"
        ? [...schema.owners.values()].find((o) =>
          o.target.schema === acl.target.schema && o.target.name === acl.target.name &&
          isRelation(o.target.kind)
        )?.owner
        : undefined);
    if (owner) delete acl.grantees[owner];
    const base = baseEntries(acl.target);
    for (const [g, e] of Object.entries(acl.grantees)) {
      if (!e.privileges.length && !base[g]) delete acl.grantees[g];
    }
    const names = new Set([...Object.keys(acl.grantees), ...Object.keys(base)]);
    if ([...names].every((g) => sameEntry(acl.grantees[g], base[g]))) schema.privileges.delete(k);
  }
  for (const [k, d] of schema.defaultPrivileges) {
    if (d.role) delete d.grantees[d.role];
    const base = d.schema === undefined ? defaultEntries(d.objects) : {};
    for (const [g, e] of Object.entries(d.grantees)) {
      if (!e.privileges.length && !base[g]) delete d.grantees[g];
    }
    const names = new Set([...Object.keys(d.grantees), ...Object.keys(base)]);
    if ([...names].every((g) => sameEntry(d.grantees[g], base[g]))) {
      schema.defaultPrivileges.delete(k);
    }
  }
}
