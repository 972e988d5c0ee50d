/**
 * `SET search_path` in a schema file (older pg_dump output, hand-written files): the statements
 * after it create and name their objects in the first schema of the path, as PostgreSQL does.
 * A pre-pass over the parse tree qualifies the names those statements leave unqualified: tables,
 * indexes, sequences, views and the tables they reference (not names inside queries, which may
 * be CTEs), the types and functions the file itself creates in that schema, and the table of
 * `ALTER SEQUENCE ... OWNED BY`. Each statement after such a `SET` is marked with the path as
 * written (`searchPath`): objects kept as written (views, functions, triggers, policies) are
 * created under it, since their text still names things relative to it.
 * @module
 */
import type { Node } from "./pg_expr.ts";
import { ident } from "../render/quote.ts";

/** The schemas of a `SET search_path` statement, as written (null: not such a statement). */
function searchPathList(stmt: Node): string[] | null {
  const v = stmt.VariableSetStmt;
  if (!v || String(v.name).toLowerCase() !== "search_path") return null;
  if (v.kind !== "VAR_SET_VALUE") return [];
  return ((v.args ?? []) as Node[]).map((a) => a.A_Const?.sval?.sval as string | undefined)
    .filter((x): x is string => x !== undefined);
}

/** True for a `SET` / `RESET` of search_path, whatever its value. */
export function setsSearchPath(stmt: Node): boolean {
  return searchPathList(stmt) !== null;
}

/** The path as SQL for `SET search_path = ...` (each schema quoted when it needs to be). */
function pathSql(list: string[]): string {
  return list.map((s) => (s === "$user" ? `"$user"` : ident(s))).join(", ");
}

/** The schema unqualified names go to after a `SET search_path` statement (undefined: public). */
function searchPathSchema(stmt: Node): string | undefined | null {
  const list = searchPathList(stmt);
  if (list === null) return null;
  for (const s of list) {
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

/** Prepends the schema to a one-part name list (`[{String}]`) that names one of `names`. */
function qualifyList(list: Node[] | undefined, schema: string, names?: Set<string>): void {
  if (list?.length !== 1) return;
  const name = list[0]?.String?.sval as string | undefined;
  if (name !== undefined && (!names || names.has(name))) list.unshift({ String: { sval: schema } });
}

/** Qualifies only the calls of functions the file created in the schema (inside queries). */
function qualifyCalls(node: unknown, schema: string, funcs: Set<string>): void {
  if (!funcs.size || !node || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const n of node) qualifyCalls(n, schema, funcs);
    return;
  }
  const o = node as Node;
  if (Array.isArray(o.funcname)) qualifyList(o.funcname, schema, funcs);
  for (const v of Object.values(o)) qualifyCalls(v, schema, funcs);
}

function qualify(node: unknown, schema: string, types: Set<string>, funcs: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) qualify(n, schema, types, funcs);
    return;
  }
  if (!node || typeof node !== "object") return;
  const o = node as Node;
  // a call of (or a reference to) a function the file created in that schema
  if (Array.isArray(o.funcname) && !("replace" in o && "parameters" in o)) {
    qualifyList(o.funcname, schema, funcs);
  }
  if (Array.isArray(o.objname) && "objargs" in o) qualifyList(o.objname, schema, funcs);
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
    if (QUERY_KEYS.has(k)) qualifyCalls(v, schema, funcs);
    else qualify(v, schema, types, funcs);
  }
}

/**
 * Qualifies, in place, the unqualified names of the statements that follow a `SET search_path`
 * whose first schema is not `public` (see the module).
 */
export function applySearchPath(stmts: { stmt: Node; searchPath?: string }[]): void {
  let schema: string | undefined;
  let path: string | undefined;
  const types = new Set<string>();
  const funcs = new Set<string>();
  for (const s of stmts) {
    const set = searchPathSchema(s.stmt);
    if (set !== null) {
      schema = set;
      path = set ? pathSql(searchPathList(s.stmt)!) : undefined;
      types.clear();
      funcs.clear();
      continue;
    }
    if (!schema) continue;
    s.searchPath = path;
    const created = createdTypeName(s.stmt);
    if (created?.length === 1) {
      types.add(created[0].String?.sval);
      created.unshift({ String: { sval: schema } });
    }
    const composite = s.stmt.CompositeTypeStmt?.typevar;
    if (composite && composite.schemaname === undefined) types.add(composite.relname);
    const fn = s.stmt.CreateFunctionStmt?.funcname ??
      (s.stmt.DefineStmt?.kind === "OBJECT_AGGREGATE" ? s.stmt.DefineStmt.defnames : undefined);
    if (fn?.length === 1) {
      funcs.add(fn[0].String?.sval);
      fn.unshift({ String: { sval: schema } });
    }
    // ALTER SEQUENCE s OWNED BY t.c: the table is a name list, not a RangeVar
    for (const o of (s.stmt.AlterSeqStmt?.options ?? []) as Node[]) {
      const items = o.DefElem?.defname === "owned_by" ? o.DefElem.arg?.List?.items : undefined;
      if (items?.length === 2) items.unshift({ String: { sval: schema } });
    }
    qualify(s.stmt, schema, types, funcs);
  }
}
