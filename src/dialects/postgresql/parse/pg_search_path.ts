/**
 * `SET search_path` in a schema file (older pg_dump output, hand-written files): the statements
 * after it create and name their objects in the first schema of the path, as PostgreSQL does.
 * A pre-pass over the parse tree qualifies the names those statements leave unqualified: tables,
 * indexes, sequences, views and the tables they reference (not names inside queries, which may
 * be CTEs), and the types the file itself creates in that schema.
 * @module
 */
import type { Node } from "./pg_expr.ts";

/** The schema unqualified names go to after a `SET search_path` statement (undefined: public). */
function searchPathSchema(stmt: Node): string | undefined | null {
  const v = stmt.VariableSetStmt;
  if (!v || String(v.name).toLowerCase() !== "search_path") return null;
  if (v.kind !== "VAR_SET_VALUE") return undefined;
  for (const a of (v.args ?? []) as Node[]) {
    const s = a.A_Const?.sval?.sval as string | undefined;
    if (s === undefined) continue;
    const name = s.trim();
    if (!name || name === "$user" || name === "pg_catalog" || name === "pg_temp") continue;
    return name === "public" ? undefined : name;
  }
  return undefined;
}

/** Keys whose subtrees are queries: their names are left alone (CTEs, aliases). */
const QUERY_KEYS = new Set(["query", "SelectStmt", "whereClause", "stmts", "raw_expr"]);

/** Statements that create a type of the given (qualified) name list. */
function createdTypeName(stmt: Node): Node[] | undefined {
  return stmt.CreateEnumStmt?.typeName ?? stmt.CreateDomainStmt?.domainname ??
    stmt.CreateRangeStmt?.typeName;
}

function qualify(node: unknown, schema: string, types: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) qualify(n, schema, types);
    return;
  }
  if (!node || typeof node !== "object") return;
  const o = node as Node;
  // a RangeVar (wrapped, or bare as in CreateStmt.relation, Constraint.pktable)
  const rv = o.RangeVar ?? (typeof o.relname === "string" && "relpersistence" in o ? o : undefined);
  if (rv && rv.schemaname === undefined && rv.relpersistence !== "t") rv.schemaname = schema;
  // a TypeName (wrapped, or bare as in ColumnDef.typeName, TypeCast.typeName)
  const tn = o.TypeName ?? (Array.isArray(o.names) && "typemod" in o ? o : undefined);
  if (tn?.names?.length === 1) {
    const name = tn.names[0]?.String?.sval as string | undefined;
    if (name !== undefined && types.has(name)) tn.names.unshift({ String: { sval: schema } });
  }
  for (const [k, v] of Object.entries(o)) {
    if (QUERY_KEYS.has(k)) continue;
    qualify(v, schema, types);
  }
}

/**
 * Qualifies, in place, the unqualified names of the statements that follow a `SET search_path`
 * whose first schema is not `public` (see the module).
 */
export function applySearchPath(stmts: { stmt: Node }[]): void {
  let schema: string | undefined;
  const types = new Set<string>();
  for (const s of stmts) {
    const set = searchPathSchema(s.stmt);
    if (set !== null) {
      schema = set;
      types.clear();
      continue;
    }
    if (!schema) continue;
    const created = createdTypeName(s.stmt);
    if (created?.length === 1) {
      types.add(created[0].String?.sval);
      created.unshift({ String: { sval: schema } });
    }
    const composite = s.stmt.CompositeTypeStmt?.typevar;
    if (composite && composite.schemaname === undefined) types.add(composite.relname);
    qualify(s.stmt, schema, types);
  }
}
