/**
 * Privileges, owners and default privileges between two schemas (see
 * `src/model/privileges.ts`): per object and grantee the privileges granted and revoked, per
 * object its owner, per `ALTER DEFAULT PRIVILEGES` scope and grantee its defaults. An object the
 * migration drops or creates again first gets its default privileges and owner back (so that
 * the rollback restores them once the object is there again); an object it creates gets the
 * privileges and owner of the to-schema after it is created.
 * @module
 */
import type { ObjectChange } from "./object_changes.ts";
import type { Change } from "./changes.ts";
import type { Schema } from "../model/schema.ts";
import {
  type AclEntry,
  baseEntries,
  defaultCovers,
  defaultEntries,
  implicitOwner,
  privilegeTargets,
  privKey,
  type PrivTarget,
  ROLE_KEYWORDS,
  sameEntry,
  targetExists,
} from "../model/privileges.ts";

/** What the object differ knows about the objects the core changes drop, rename or archive. */
export interface PrivilegeContext {
  from: Schema;
  to: Schema;
  /** The object is dropped or created again by the plan (privileges go with it). */
  goes(t: PrivTarget): boolean;
  /** The object goes into the archive with its table (privileges travel with it). */
  archived(t: PrivTarget): boolean;
  /** A from-side target named as after the migration. */
  mapTarget(t: PrivTarget): PrivTarget;
  /** The to-side object existed before the migration (under this or an older name). */
  existed(t: PrivTarget): boolean;
}

/** The changes, by when they run: before the core changes, or after them. */
export interface PrivilegeChanges {
  early: ObjectChange[];
  late: ObjectChange[];
}

function base(t: PrivTarget): Record<string, AclEntry> {
  return baseEntries(t);
}

/** The privilege, owner and default privilege changes between the schemas of `ctx`. */
export function diffPrivileges(ctx: PrivilegeContext): PrivilegeChanges {
  const out: PrivilegeChanges = { early: [], late: [] };
  objectPrivileges(ctx, out);
  defaultPrivileges(ctx, out);
  owners(ctx, out);
  return out;
}

function grantees(...acls: (Record<string, AclEntry> | undefined)[]): string[] {
  return [...new Set(acls.flatMap((a) => Object.keys(a ?? {})))].sort();
}

function objectPrivileges(ctx: PrivilegeContext, out: PrivilegeChanges): void {
  const handled = new Set<string>();
  for (const acl of ctx.from.privileges.values()) {
    const t = acl.target;
    if (ctx.archived(t)) continue;
    const mapped = ctx.mapTarget(t);
    if (ctx.goes(t) || !targetExists(ctx.to, mapped)) {
      const d = base(t);
      for (const g of grantees(acl.grantees, d)) {
        if (sameEntry(acl.grantees[g], d[g])) continue;
        out.early.push({
          kind: "reset_privileges",
          target: t,
          grantee: g,
          from: acl.grantees[g] ?? none(),
          to: d[g] ?? none(),
        });
      }
      continue;
    }
    const mk = privKey(mapped);
    handled.add(mk);
    const target = ctx.to.privileges.get(mk)?.grantees ?? base(mapped);
    for (const g of grantees(acl.grantees, target)) {
      const a = acl.grantees[g] ?? base(t)[g], b = target[g];
      if (sameEntry(a, b)) continue;
      out.late.push({
        kind: "alter_privileges",
        target: mapped,
        grantee: g,
        from: a ?? none(),
        to: b ?? none(),
        newObject: false,
      });
    }
  }
  const defaults = [...ctx.from.defaultPrivileges.values(), ...ctx.to.defaultPrivileges.values()];
  const visit = (t: PrivTarget, acl: Record<string, AclEntry>) => {
    const d = base(t);
    const isNew = !ctx.existed(t);
    // a new object may get privileges from ALTER DEFAULT PRIVILEGES (the from-schema's, or the
    // to-schema's, which change first): those grantees are reset, whatever they got
    const unknown = new Set(
      isNew
        ? defaults.filter((x) => defaultCovers(x, t)).flatMap((x) => Object.keys(x.grantees))
        : [],
    );
    for (const g of grantees(acl, d, Object.fromEntries([...unknown].map((u) => [u, none()])))) {
      if (!unknown.has(g) && sameEntry(acl[g], d[g])) continue;
      out.late.push({
        kind: "alter_privileges",
        target: t,
        grantee: g,
        from: unknown.has(g) ? none() : d[g] ?? none(),
        to: acl[g] ?? none(),
        newObject: isNew,
        ...(unknown.has(g) ? { reset: true } : {}),
      });
    }
  };
  for (const [k, acl] of ctx.to.privileges) {
    if (!handled.has(k)) visit(acl.target, acl.grantees);
  }
  if (defaults.length) {
    for (const t of privilegeTargets(ctx.to)) {
      const k = privKey(t);
      if (!handled.has(k) && !ctx.to.privileges.has(k)) visit(t, base(t));
    }
  }
}

function none(): AclEntry {
  return { privileges: [], grantable: [] };
}

function defaultPrivileges(ctx: PrivilegeContext, out: PrivilegeChanges): void {
  const keys = new Set([...ctx.from.defaultPrivileges.keys(), ...ctx.to.defaultPrivileges.keys()]);
  for (const k of [...keys].sort()) {
    const f = ctx.from.defaultPrivileges.get(k);
    const t = ctx.to.defaultPrivileges.get(k);
    const scope = (t ?? f)!;
    const d = scope.schema === undefined ? defaultEntries(scope.objects) : {};
    const a = f?.grantees ?? d, b = t?.grantees ?? d;
    for (const g of grantees(a, b)) {
      if (sameEntry(a[g] ?? d[g], b[g] ?? d[g])) continue;
      out.early.push({
        kind: "alter_default_privileges",
        scope: {
          ...(scope.role !== undefined ? { role: scope.role } : {}),
          ...(scope.schema !== undefined ? { schema: scope.schema } : {}),
          objects: scope.objects,
        },
        grantee: g,
        from: a[g] ?? d[g] ?? none(),
        to: b[g] ?? d[g] ?? none(),
      });
    }
  }
}

function owners(ctx: PrivilegeContext, out: PrivilegeChanges): void {
  const handled = new Set<string>();
  for (const o of ctx.from.owners.values()) {
    const t = o.target;
    if (ctx.archived(t)) continue;
    const mapped = ctx.mapTarget(t);
    if (ctx.goes(t) || !targetExists(ctx.to, mapped)) {
      out.early.push({ kind: "reset_owner", target: t, from: o.owner });
      continue;
    }
    const mk = privKey(mapped);
    handled.add(mk);
    const to = ctx.to.owners.get(mk)?.owner ?? implicitOwner(mapped);
    if (to === o.owner) continue;
    out.late.push({ kind: "alter_owner", target: mapped, from: o.owner, to, newObject: false });
  }
  for (const [k, o] of ctx.to.owners) {
    if (handled.has(k)) continue;
    if (o.owner === implicitOwner(o.target)) continue;
    out.late.push({
      kind: "alter_owner",
      target: o.target,
      from: implicitOwner(o.target),
      to: o.owner,
      newObject: !ctx.existed(o.target),
    });
  }
}

/**
 * The roles a plan's changes name (grantees, owners, `FOR ROLE`), sorted: the migration and its
 * rollback need them to exist; they are not created by it.
 */
export function rolesOfChanges(changes: Change[]): string[] {
  const out = new Set<string>();
  for (const c of changes) {
    switch (c.kind) {
      case "alter_privileges":
      case "reset_privileges":
        out.add(c.grantee);
        break;
      case "alter_default_privileges":
        out.add(c.grantee);
        if (c.scope.role !== undefined) out.add(c.scope.role);
        break;
      case "alter_owner":
        if (c.from !== undefined) out.add(c.from);
        if (c.to !== undefined) out.add(c.to);
        break;
      case "reset_owner":
        out.add(c.from);
        break;
      default:
        break;
    }
  }
  // pg_* roles are built in
  return [...out].filter((r) => !ROLE_KEYWORDS.has(r) && !r.startsWith("pg_")).sort();
}
