/**
 * DROP statements in a schema file (`DROP TABLE IF EXISTS t CASCADE;` before `CREATE TABLE t`,
 * or a script that creates and drops): the object leaves the model, with what belongs to it
 * (a table's indexes, triggers, policies and owned sequences; a function by its arguments).
 * @module
 */
import { commentKey, funcKey, identityArgs } from "../../../model/objects.ts";
import { qkey, type QName } from "../../../model/schema.ts";
import type { Node } from "./pg_expr.ts";
import { sval } from "./pg_expr.ts";
import type { ParseHost, StmtCtx } from "./pg_host.ts";
import { canonicalTypeNames } from "./pg_normalize.ts";
import { objectArgs } from "./pg_objects.ts";

function qualified(parts: string[]): QName {
  return parts.length > 1
    ? { schema: parts[parts.length - 2], name: parts[parts.length - 1] }
    : { schema: "public", name: parts[0] };
}

const names = (o: Node): string[] => (o?.List?.items ?? []).map(sval);

/** Removes a table and what belongs to it. */
function dropTable(host: ParseHost, q: QName): boolean {
  const s = host.schema;
  const k = qkey(q);
  if (!s.tables.delete(k)) return false;
  for (const [ik, i] of s.indexes) if (qkey(i.table) === k) s.indexes.delete(ik);
  for (const [tk, t] of s.triggers) if (qkey(t.table) === k) s.triggers.delete(tk);
  for (const [pk, p] of s.policies) if (qkey(p.table) === k) s.policies.delete(pk);
  for (const [sk, seq] of s.sequences) {
    if (seq.ownedBy && qkey(seq.ownedBy.table) === k) s.sequences.delete(sk);
  }
  for (const [ck, c] of s.comments) {
    if (c.target.schema === q.schema && c.target.name === q.name) s.comments.delete(ck);
  }
  return true;
}

function dropOne(host: ParseHost, type: string, o: Node): boolean {
  const s = host.schema;
  switch (type) {
    case "OBJECT_TABLE":
    case "OBJECT_FOREIGN_TABLE":
      return dropTable(host, qualified(names(o)));
    case "OBJECT_VIEW":
    case "OBJECT_MATVIEW":
      return s.views.delete(qkey(qualified(names(o))));
    case "OBJECT_INDEX": {
      const k = qkey(qualified(names(o)));
      if (s.indexes.delete(k)) return true;
      for (const v of s.views.values()) {
        const at = v.indexes.findIndex((i) => qkey(i) === k);
        if (at >= 0) return !!v.indexes.splice(at, 1).length;
      }
      return false;
    }
    case "OBJECT_SEQUENCE":
      return s.sequences.delete(qkey(qualified(names(o))));
    case "OBJECT_TYPE":
    case "OBJECT_DOMAIN": {
      const k = qkey(qualified(canonicalTypeNames((o.TypeName?.names ?? []).map(sval))));
      return s.enums.delete(k) || s.domains.delete(k) || s.composites.delete(k) ||
        s.ranges.delete(k);
    }
    case "OBJECT_FUNCTION":
    case "OBJECT_PROCEDURE":
    case "OBJECT_AGGREGATE": {
      const owa = o.ObjectWithArgs;
      const q = qualified((owa.objname as Node[]).map(sval));
      const params = objectArgs(host, owa);
      if (params) return s.functions.delete(funcKey(q.schema, q.name, identityArgs(params)));
      const found = [...s.functions].filter(([, f]) => f.schema === q.schema && f.name === q.name);
      for (const [k] of found) s.functions.delete(k);
      return found.length > 0;
    }
    case "OBJECT_TRIGGER":
    case "OBJECT_POLICY": {
      const parts = names(o);
      const sub = parts.pop()!;
      const k = `${qkey(qualified(parts))}.${sub}`;
      return type === "OBJECT_TRIGGER" ? s.triggers.delete(k) : s.policies.delete(k);
    }
    case "OBJECT_SCHEMA": {
      const name = sval(o);
      const at = s.schemas.indexOf(name);
      if (at < 0) return false;
      s.schemas.splice(at, 1);
      s.comments.delete(commentKey({ kind: "schema", schema: name, name }));
      return true;
    }
    case "OBJECT_EXTENSION": {
      const at = s.extensions.indexOf(sval(o));
      if (at >= 0) s.extensions.splice(at, 1);
      return at >= 0;
    }
    case "OBJECT_COLLATION":
      return s.collations.delete(qkey(qualified(names(o))));
    default:
      return false;
  }
}

/** DROP ... [IF EXISTS]: objects the file created leave the model. */
export function dropStatement(host: ParseHost, node: Node, ctx: StmtCtx): void {
  for (const o of node.objects ?? []) {
    const dropped = dropOne(host, node.removeType, o);
    if (!dropped && !node.missing_ok) {
      return host.unmanaged(ctx, "DROP of an object this file does not create");
    }
  }
}
