/**
 * Statement handlers for the schema objects of `src/model/objects.ts`: views, materialized
 * views, functions and procedures, triggers, policies, domains, composite types, collations and
 * comments. Code objects keep their statement as written plus a canonical key.
 * @module
 */
import { parsePgSync as parseSync } from "./pg_wasm.ts";
import type { ColumnType, QName } from "../../../model/schema.ts";
import { qkey } from "../../../model/schema.ts";
import {
  commentKey,
  type CommentKind,
  type CommentTarget,
  type DomainCheck,
  funcKey,
  type FuncParam,
  identityArgs,
  type References,
} from "../../../model/objects.ts";
import { typeFacts } from "../../../model/types.ts";
import { renderType } from "../render/quote.ts";
import { argsSql } from "../render/ddl.ts";
import {
  deparseStatement,
  makeExpr,
  type Node,
  referencedColumns,
  stripLocations,
  sval,
} from "./pg_expr.ts";
import { type ParseHost, rangeVarName, type StmtCtx } from "./pg_host.ts";
import { canonicalize, canonicalKey, canonicalTypeNames } from "./pg_normalize.ts";

const facts = typeFacts("postgresql");

function qualified(parts: string[]): QName {
  return parts.length > 1
    ? { schema: parts[parts.length - 2], name: parts[parts.length - 1] }
    : { schema: "public", name: parts[0] };
}

/** Relations, functions and user types an AST refers to. */
export function collectRefs(node: Node): References {
  const reads = new Set<string>(), calls = new Set<string>(), types = new Set<string>();
  const walk = (n: Node): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== "object") return;
    if (n.RangeVar?.relname) reads.add(qkey(rangeVarName(n.RangeVar)));
    if (n.FuncCall) {
      const parts = (n.FuncCall.funcname as Node[]).map(sval);
      if (parts[0] !== "pg_catalog") calls.add(qkey(qualified(parts)));
    }
    const tn = n.TypeName ?? (n.TypeCast ? n.TypeCast.typeName : undefined);
    if (tn?.names) {
      const parts = canonicalTypeNames(tn.names.map(sval));
      const builtin = parts.length === 1 && Object.values(facts.aliases).includes(parts[0]);
      if (!builtin && parts[0] !== "pg_catalog") types.add(qkey(qualified(parts)));
    }
    for (const k of Object.keys(n)) walk(n[k]);
  };
  walk(node);
  return { reads: [...reads], calls: [...calls], types: [...types] };
}

/**
 * A collation's name as the model keeps it: `pg_catalog."C"` and `"C"` are `C`, `public.ci` is
 * `ci`; the type's own collation (`"default"`) is no collation.
 */
export function collationName(names: Node[]): string | undefined {
  const parts = names.map(sval);
  if (parts.length === 2 && (parts[0] === "pg_catalog" || parts[0] === "public")) parts.shift();
  return parts.length === 1 && parts[0] === "default" ? undefined : parts.join(".");
}

/** Canonical key of a type, without modifiers (as function identities use it). */
export function typeKeyOf(t: ColumnType): string {
  return `${t.schema !== undefined ? `${t.schema}.` : ""}${t.name}${"[]".repeat(t.arrayDims)}`;
}

/** A DefElem's value as canonical text (`true` when absent). */
function optionValue(d: Node): string {
  const a = d.arg;
  if (a === undefined || a === null) return "true";
  if (a.Integer) return String(a.Integer.ival ?? 0);
  if (a.Float) return String(a.Float.fval);
  if (a.Boolean) return String(!!a.Boolean.boolval);
  if (a.String) {
    const v = String(a.String.sval);
    const l = v.toLowerCase();
    return l === "on" ? "true" : l === "off" ? "false" : ["true", "false"].includes(l) ? l : v;
  }
  if (a.TypeName) return (a.TypeName.names as Node[]).map(sval).join(".").toLowerCase();
  if (a.List) return (a.List.items as Node[]).map(sval).join(".");
  return JSON.stringify(stripLocations(a));
}

/** Storage parameters (`WITH (...)`) as a sorted record. */
export function relOptions(options: Node[] | undefined): Record<string, string> {
  // (most tables and indexes have none)
  if (!options?.length) return {};
  const out: Record<string, string> = {};
  for (const o of options) {
    const d = o.DefElem;
    if (!d) continue;
    const name = (d.defnamespace ? `${d.defnamespace}.` : "") + String(d.defname).toLowerCase();
    out[name] = optionValue(d);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

// ------------------------------------------------------------------------------ views

/**
 * Expands `*` and `t.*` of a one-relation query over a known table into its columns, as
 * PostgreSQL does when it stores a view.
 */
function expandStars(host: ParseHost, select: Node): Node {
  const s = select?.SelectStmt;
  if (!s?.targetList || s.fromClause?.length !== 1 || !s.fromClause[0].RangeVar) return select;
  const rv = s.fromClause[0].RangeVar;
  const table = host.schema.tables.get(qkey(rangeVarName(rv)));
  if (!table || table.partitionOf || table.inherits) return select;
  const alias = rv.alias?.aliasname ?? rv.relname;
  const targetList: Node[] = [];
  let expanded = false;
  for (const t of s.targetList as Node[]) {
    const f = t.ResTarget?.val?.ColumnRef?.fields as Node[] | undefined;
    const star = f && f[f.length - 1]?.A_Star && (f.length === 1 || sval(f[0]) === alias);
    if (!star || t.ResTarget.name) {
      targetList.push(t);
      continue;
    }
    expanded = true;
    for (const c of table.columns) {
      targetList.push({
        ResTarget: { val: { ColumnRef: { fields: [{ String: { sval: c.name } }] } } },
      });
    }
  }
  return expanded ? { SelectStmt: { ...s, targetList } } : select;
}

/**
 * The statement that creates a view: as written, or, when `*` was expanded, rendered with the
 * columns in the order of the schema file (a column added to the table in the migration comes
 * last in the table, but the view lists it where the file has it, as PostgreSQL stored it).
 */
function viewSql(host: ParseHost, ctx: StmtCtx, node: Node, wrapper: string, query: Node): string {
  if (query === node.query) return host.text(ctx);
  try {
    return deparseStatement({ [wrapper]: { ...node, query } });
  } catch {
    return host.text(ctx);
  }
}

/**
 * Removes casts that only show a domain-typed column coerced to its base type
 * (`sum((i.qty)::integer)` for a column of a domain over integer), resolving columns against the
 * tables the query reads (by alias, or by the only table that has the column).
 */
export function stripDomainCasts(host: ParseHost, ast: Node, scope: QName[] = []): Node {
  const tables = new Map<string, QName>();
  const collect = (n: Node): void => {
    if (Array.isArray(n)) return n.forEach(collect);
    if (!n || typeof n !== "object") return;
    if (n.RangeVar?.relname) {
      const q = rangeVarName(n.RangeVar);
      tables.set(n.RangeVar.alias?.aliasname ?? n.RangeVar.relname, q);
    }
    for (const k of Object.keys(n)) collect(n[k]);
  };
  collect(ast);
  for (const q of scope) tables.set(q.name, q);
  if (!tables.size || !host.schema.domains.size) return ast;
  const columnType = (fields: string[]): ColumnType | undefined => {
    const find = (q: QName | undefined, col: string) =>
      q ? host.schema.tables.get(qkey(q))?.columns.find((c) => c.name === col)?.type : undefined;
    if (fields.length === 2) return find(tables.get(fields[0]), fields[1]);
    if (fields.length !== 1) return undefined;
    const found = [...tables.values()].map((q) => find(q, fields[0])).filter(Boolean);
    return found.length === 1 ? found[0] : undefined;
  };
  const rewrite = (n: Node): Node => {
    if (Array.isArray(n)) return n.map(rewrite);
    if (!n || typeof n !== "object") return n;
    const tc = n.TypeCast;
    if (tc?.arg?.ColumnRef && !tc.typeName?.arrayBounds?.length) {
      const fields = (tc.arg.ColumnRef.fields as Node[]).map(sval);
      const t = columnType(fields);
      const d = t?.schema !== undefined && !t.arrayDims
        ? host.schema.domains.get(qkey({ schema: t.schema, name: t.name }))
        : undefined;
      if (
        d &&
        typeKeyOf({ ...host.typeOf(tc.typeName).type, mods: [] }) ===
          typeKeyOf({ ...d.base, mods: [] })
      ) {
        return tc.arg;
      }
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(n)) out[k] = rewrite(n[k]);
    return out;
  };
  return rewrite(ast);
}

/** CREATE VIEW. */
export function createView(host: ParseHost, node: Node, ctx: StmtCtx): void {
  const q = rangeVarName(node.view);
  if (node.view.relpersistence === "t") {
    return host.unmanaged(ctx, "temporary views are not part of the schema");
  }
  const expanded = expandStars(host, node.query);
  const query = stripDomainCasts(host, expanded);
  const key = JSON.stringify([
    canonicalize(query),
    (node.aliases ?? []).map(sval),
    relOptions(node.options),
    node.withCheckOption ?? "NO_CHECK_OPTION",
  ]);
  host.schema.views.set(qkey(q), {
    ...q,
    materialized: false,
    key,
    sql: viewSql(host, ctx, node, "ViewStmt", expanded),
    indexes: [],
    line: ctx.line,
    ...(ctx.searchPath ? { searchPath: ctx.searchPath } : {}),
    ...collectRefs(node.query),
  });
  host.names.addRelation(q.schema, q.name);
}

/** CREATE MATERIALIZED VIEW (CREATE TABLE AS is not managed). */
export function createMaterializedView(host: ParseHost, node: Node, ctx: StmtCtx): void {
  if (node.objtype !== "OBJECT_MATVIEW") {
    return host.unmanaged(ctx, "CREATE TABLE AS is not managed (write the table's columns)");
  }
  const into = node.into;
  const q = rangeVarName(into.rel);
  const expanded = expandStars(host, node.query);
  const query = stripDomainCasts(host, expanded);
  const key = JSON.stringify([
    canonicalize(query),
    (into.colNames ?? []).map(sval),
    relOptions(into.options),
  ]);
  host.schema.views.set(qkey(q), {
    ...q,
    materialized: true,
    key,
    sql: viewSql(host, ctx, node, "CreateTableAsStmt", expanded),
    indexes: [],
    line: ctx.line,
    ...(ctx.searchPath ? { searchPath: ctx.searchPath } : {}),
    ...collectRefs(node.query),
  });
  host.names.addRelation(q.schema, q.name);
}

// ------------------------------------------------------------------------------ functions

const PARAM_MODES: Record<string, string> = {
  FUNC_PARAM_DEFAULT: "in",
  FUNC_PARAM_IN: "in",
  FUNC_PARAM_OUT: "out",
  FUNC_PARAM_INOUT: "inout",
  FUNC_PARAM_VARIADIC: "variadic",
  FUNC_PARAM_TABLE: "table",
};

/** Options at their default values, left out of the key. */
const DEFAULT_OPTIONS: Record<string, string> = {
  volatility: "volatile",
  strict: "false",
  security: "false",
  leakproof: "false",
  parallel: "unsafe",
  window: "false",
};

function param(host: ParseHost, p: Node): FuncParam {
  const tn = p.argType;
  let type: string, typeKey: string;
  if (tn?.pct_type) {
    type = `${(tn.names as Node[]).map(sval).join(".")}%TYPE`;
    typeKey = type.toLowerCase();
  } else {
    const t = host.typeOf(tn).type;
    const bare: ColumnType = { ...t, mods: [] };
    type = renderType(bare, facts);
    typeKey = typeKeyOf(bare);
  }
  const out: FuncParam = { mode: PARAM_MODES[p.mode] ?? "in", type, typeKey };
  if (p.name) out.name = p.name;
  if (p.defexpr) out.default = canonicalKey(p.defexpr);
  return out;
}

/** The parameters of an ObjectWithArgs (COMMENT ON FUNCTION f(int, text)). */
export function objectArgs(host: ParseHost, owa: Node): FuncParam[] | undefined {
  if (owa.args_unspecified) return undefined;
  if (owa.objfuncargs?.length) {
    return owa.objfuncargs.map((p: Node) => param(host, p.FunctionParameter));
  }
  return (owa.objargs ?? []).map((tn: Node) =>
    param(host, { argType: tn.TypeName ?? tn, mode: "" })
  );
}

function sqlBodyRefs(body: string): References {
  try {
    return collectRefs(parseSync(body));
  } catch {
    return { reads: [], calls: [], types: [] };
  }
}

/** CREATE FUNCTION / CREATE PROCEDURE. */
export function createFunction(host: ParseHost, node: Node, ctx: StmtCtx): void {
  const q = qualified((node.funcname as Node[]).map(sval));
  const params = (node.parameters ?? []).map((p: Node) => param(host, p.FunctionParameter));
  let returns = "";
  if (node.returnType) {
    const rt = node.returnType;
    const t = rt.pct_type
      ? (rt.names as Node[]).map(sval).join(".") + "%type"
      : typeKeyOf({ ...host.typeOf(rt).type, mods: [] });
    returns = (rt.setof ? "setof " : "") + t;
  }
  const options: Record<string, string> = {};
  let body: unknown = null;
  let language = "sql";
  for (const o of node.options ?? []) {
    const d = o.DefElem;
    if (d.defname === "as") {
      body = (d.arg?.List?.items ?? [d.arg]).map(sval);
      continue;
    }
    if (d.defname === "set") {
      options[`set ${d.arg?.VariableSetStmt?.name}`] = canonicalKey(d.arg);
      continue;
    }
    const v = d.defname === "language" ? optionValue(d).toLowerCase() : optionValue(d);
    if (d.defname === "language") language = v;
    options[d.defname] = v;
  }
  for (const [k, v] of Object.entries(DEFAULT_OPTIONS)) if (options[k] === v) delete options[k];
  if (options.cost === (["c", "internal"].includes(language) ? "1" : "100")) delete options.cost;
  if (options.rows === "1000") delete options.rows;
  if (node.sql_body) {
    // pg_dump qualifies parameters with the function's name (`count_of.min_tier`)
    const names = new Set(params.map((p: FuncParam) => p.name).filter(Boolean));
    const unqualify = (n: Node): Node => {
      if (Array.isArray(n)) return n.map(unqualify);
      if (!n || typeof n !== "object") return n;
      const f = n.ColumnRef?.fields as Node[] | undefined;
      if (f?.length === 2 && sval(f[0]) === q.name && names.has(sval(f[1]))) {
        return { ColumnRef: { ...n.ColumnRef, fields: [f[1]] } };
      }
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(n)) out[k] = unqualify(n[k]);
      return out;
    };
    body = canonicalize(stripDomainCasts(host, unqualify(node.sql_body)));
  }
  const signature = JSON.stringify([
    params.map((p: FuncParam) => [p.name ?? "", p.mode, p.typeKey, p.default ?? null]),
    returns,
  ]);
  const key = JSON.stringify([
    signature,
    Object.entries(options).sort(([a], [b]) => a.localeCompare(b)),
    body,
  ]);
  let refs: References = { reads: [], calls: [], types: [] };
  if (node.sql_body) refs = collectRefs(node.sql_body);
  else if (language === "sql" && Array.isArray(body)) refs = sqlBodyRefs(String(body[0]));
  const fnKey = funcKey(q.schema, q.name, identityArgs(params));
  host.schema.functions.set(fnKey, {
    ...q,
    kind: node.is_procedure ? "procedure" : "function",
    params,
    returns,
    signature,
    key,
    sql: host.text(ctx),
    ...(node.sql_body ? { atomic: true } : {}),
    line: ctx.line,
    ...(ctx.searchPath ? { searchPath: ctx.searchPath } : {}),
    reads: refs.reads,
    calls: refs.calls.filter((c) => c !== qkey(q)),
    types: [
      ...new Set([
        ...refs.types,
        ...params.filter((p: FuncParam) => p.typeKey.includes(".")).map((p: FuncParam) =>
          p.typeKey.replace(/(\[\])+$/, "")
        ),
      ]),
    ],
  });
}

/** CREATE AGGREGATE: compared by its arguments and definition, kept as written. */
export function createAggregate(host: ParseHost, node: Node, ctx: StmtCtx): void {
  const q = qualified((node.defnames as Node[]).map(sval));
  const list = node.args?.[0]?.List?.items as Node[] | undefined;
  const params: FuncParam[] = (list ?? []).map((p) => param(host, p.FunctionParameter));
  const def = (node.definition ?? []).map((o: Node) => {
    const d = o.DefElem;
    const v = d.arg?.TypeName
      ? canonicalTypeNames((d.arg.TypeName.names as Node[]).map(sval)).join(".")
      : optionValue(d);
    return [String(d.defname).toLowerCase(), v];
  }).sort();
  const signature = JSON.stringify([
    params.map((p) => [p.mode, p.typeKey]),
    node.args?.[1] ?? null,
  ]);
  const supportFunctions = def.filter(([k]: string[]) => /func$/.test(k))
    .map(([, v]: string[]) => qkey(qualified(v.split("."))));
  host.schema.functions.set(funcKey(q.schema, q.name, identityArgs(params)), {
    ...q,
    kind: "aggregate",
    params,
    returns: "",
    signature,
    key: JSON.stringify([signature, def]),
    sql: host.text(ctx),
    line: ctx.line,
    reads: [],
    calls: supportFunctions,
    types: [],
  });
}

// ------------------------------------------------------------------------------ triggers

/** CREATE TRIGGER. */
export function createTrigger(host: ParseHost, node: Node, ctx: StmtCtx): void {
  const table = rangeVarName(node.relation);
  const fn = qualified((node.funcname as Node[]).map(sval));
  const canon = canonicalize({ ...node, relation: undefined, replace: undefined });
  canon.funcname = fn.schema === "public" ? [{ String: { sval: fn.name } }] : canon.funcname;
  const columns = [
    ...new Set([
      ...(node.columns ?? []).map(sval),
      ...(node.whenClause ? referencedColumns(node.whenClause) : []),
    ]),
  ];
  host.schema.triggers.set(`${qkey(table)}.${node.trigname}`, {
    table,
    name: node.trigname,
    func: qkey(fn),
    columns,
    enabled: "O",
    key: JSON.stringify(canon),
    sql: host.text(ctx),
    line: ctx.line,
    ...(ctx.searchPath ? { searchPath: ctx.searchPath } : {}),
    ...collectRefs(node.whenClause ?? null),
  });
}

// ------------------------------------------------------------------------------ policies

/** CREATE POLICY. */
export function createPolicy(host: ParseHost, node: Node, ctx: StmtCtx): void {
  const table = rangeVarName(node.table);
  const roles = (node.roles ?? [{ RoleSpec: { roletype: "ROLESPEC_PUBLIC" } }]).map((r: Node) =>
    r.RoleSpec?.roletype === "ROLESPEC_CSTRING" ? r.RoleSpec.rolename : r.RoleSpec?.roletype
  ).sort();
  const expr = (e: Node) => canonicalize(stripDomainCasts(host, e, [table]));
  const key = JSON.stringify([
    node.cmd_name ?? "all",
    node.permissive !== false,
    roles,
    node.qual ? expr(node.qual) : null,
    node.with_check ? expr(node.with_check) : null,
  ]);
  const exprs = [node.qual, node.with_check].filter(Boolean);
  host.schema.policies.set(`${qkey(table)}.${node.policy_name}`, {
    table,
    name: node.policy_name,
    columns: [...new Set(exprs.flatMap((e) => referencedColumns(e)))],
    key,
    sql: host.text(ctx),
    line: ctx.line,
    ...(ctx.searchPath ? { searchPath: ctx.searchPath } : {}),
    ...collectRefs(exprs),
  });
}

// ------------------------------------------------------------------------------ types

/** CREATE DOMAIN. */
export function createDomain(host: ParseHost, node: Node, ctx: StmtCtx): void {
  const q = qualified((node.domainname as Node[]).map(sval));
  const base = host.typeOf(node.typeName).type;
  const d = {
    ...q,
    base,
    collation: node.collClause ? collationName(node.collClause.collname) : undefined,
    notNull: false,
    default: undefined as ReturnType<ParseHost["defaultExpr"]> | undefined,
    checks: [] as DomainCheck[],
    line: ctx.line,
  };
  if (!d.collation) delete d.collation;
  for (const cn of node.constraints ?? []) domainConstraint(host, d, cn.Constraint);
  if (!d.default) delete d.default;
  host.schema.domains.set(qkey(q), d);
}

type DomainLike = {
  schema: string;
  name: string;
  base: ColumnType;
  notNull: boolean;
  default?: ReturnType<ParseHost["defaultExpr"]>;
  checks: DomainCheck[];
};

function domainConstraint(host: ParseHost, d: DomainLike, c: Node): void {
  switch (c.contype) {
    case "CONSTR_NOTNULL":
      d.notNull = true;
      break;
    case "CONSTR_NULL":
      d.notNull = false;
      break;
    case "CONSTR_DEFAULT":
      d.default = host.defaultExpr(c.raw_expr, d.base);
      break;
    case "CONSTR_CHECK": {
      const name = c.conname ??
        host.names.chooseConstraintName(d.schema, d.name, undefined, "check");
      if (c.conname) host.names.addConstraint(d.schema, c.conname);
      d.checks.push({ name, implicitName: !c.conname, expr: makeExpr(c.raw_expr) });
      break;
    }
    default:
      break;
  }
}

/** ALTER DOMAIN (defaults, NOT NULL, constraints). */
export function alterDomain(host: ParseHost, node: Node, ctx: StmtCtx): void {
  const q = qualified((node.typeName as Node[]).map(sval));
  const d = host.schema.domains.get(qkey(q));
  if (!d) return host.unmanaged(ctx, `ALTER DOMAIN on ${q.name}, which this file does not create`);
  switch (node.subtype) {
    case "T":
      if (node.def) d.default = host.defaultExpr(node.def, d.base);
      else delete d.default;
      return;
    case "N":
      d.notNull = false;
      return;
    case "O":
      d.notNull = true;
      return;
    case "C":
      return domainConstraint(host, d, node.def.Constraint);
    case "X":
      d.checks = d.checks.filter((c) => c.name !== node.name);
      return;
    case "V":
      return;
    default:
      return host.unmanaged(ctx, "this ALTER DOMAIN is not managed yet");
  }
}

/** CREATE TYPE ... AS (...). */
export function createComposite(host: ParseHost, node: Node, ctx: StmtCtx): void {
  const q = rangeVarName(node.typevar);
  const attributes = (node.coldeflist ?? []).map((e: Node) => {
    const c = e.ColumnDef;
    const a: { name: string; type: ColumnType; collation?: string } = {
      name: c.colname,
      type: host.typeOf(c.typeName).type,
    };
    if (c.collClause) a.collation = collationName(c.collClause.collname);
    if (!a.collation) delete a.collation;
    return a;
  });
  host.schema.composites.set(qkey(q), { ...q, attributes, line: ctx.line });
  host.names.addRelation(q.schema, q.name);
}

/** CREATE TYPE ... AS RANGE. */
export function createRange(host: ParseHost, node: Node, ctx: StmtCtx): void {
  const q = qualified((node.typeName as Node[]).map(sval));
  const params = (node.params ?? []).map((o: Node) => {
    const d = o.DefElem;
    const v = d.arg?.TypeName
      ? canonicalTypeNames((d.arg.TypeName.names as Node[]).map(sval)).join(".")
      : optionValue(d);
    return [String(d.defname).toLowerCase(), v];
  }).sort();
  host.schema.ranges.set(qkey(q), {
    ...q,
    key: JSON.stringify(params),
    sql: host.text(ctx),
    line: ctx.line,
  });
}

/** CREATE COLLATION. */
export function createCollation(host: ParseHost, node: Node, ctx: StmtCtx): void {
  const q = qualified((node.defnames as Node[]).map(sval));
  const def = (node.definition ?? []).map((o: Node) => [
    String(o.DefElem.defname).toLowerCase(),
    optionValue(o.DefElem).toLowerCase(),
  ]).sort();
  host.schema.collations.set(qkey(q), {
    ...q,
    key: JSON.stringify(def),
    sql: host.text(ctx),
    line: ctx.line,
  });
}

// ------------------------------------------------------------------------------ comments

const COMMENT_KINDS: Record<string, CommentKind> = {
  OBJECT_SCHEMA: "schema",
  OBJECT_TABLE: "table",
  OBJECT_VIEW: "view",
  OBJECT_MATVIEW: "materialized view",
  OBJECT_FOREIGN_TABLE: "foreign table",
  OBJECT_INDEX: "index",
  OBJECT_SEQUENCE: "sequence",
  OBJECT_COLUMN: "column",
  OBJECT_TYPE: "type",
  OBJECT_DOMAIN: "type",
  OBJECT_FUNCTION: "function",
  OBJECT_PROCEDURE: "procedure",
  OBJECT_AGGREGATE: "aggregate",
  OBJECT_TRIGGER: "trigger",
  OBJECT_POLICY: "policy",
  OBJECT_TABCONSTRAINT: "constraint",
  OBJECT_DOMCONSTRAINT: "domain constraint",
  OBJECT_COLLATION: "collation",
};

/** The target of `COMMENT ON` (and of privileges and owners) from its AST node. */
export function commentTarget(
  host: ParseHost,
  kind: CommentKind,
  obj: Node,
): CommentTarget | undefined {
  const list = (n: Node): string[] => (n?.List?.items ?? []).map(sval);
  switch (kind) {
    case "schema":
      return { kind, schema: sval(obj), name: sval(obj) };
    case "column":
    case "trigger":
    case "policy":
    case "constraint": {
      const parts = list(obj);
      const sub = parts.pop()!;
      return { kind, ...qualified(parts), sub };
    }
    case "type": {
      const tn = obj.TypeName ?? obj;
      return { kind, ...qualified(canonicalTypeNames((tn.names ?? []).map(sval))) };
    }
    case "domain constraint": {
      const items = obj.List?.items ?? [];
      const tn = items[0]?.TypeName;
      return { kind, ...qualified((tn?.names ?? []).map(sval)), sub: sval(items[1]) };
    }
    case "function":
    case "procedure":
    case "aggregate": {
      const owa = obj.ObjectWithArgs;
      const q = qualified((owa.objname as Node[]).map(sval));
      const params = objectArgs(host, owa);
      if (!params) {
        // `COMMENT ON FUNCTION f IS ...`: the only function of that name
        const found = [...host.schema.functions.values()].filter((f) =>
          f.schema === q.schema && f.name === q.name
        );
        if (found.length !== 1) return undefined;
        return {
          kind,
          ...q,
          args: identityArgs(found[0].params),
          argsSql: argsSql(found[0].params),
        };
      }
      return { kind, ...q, args: identityArgs(params), argsSql: argsSql(params) };
    }
    default:
      return { kind, ...qualified(list(obj).length ? list(obj) : [sval(obj)]) };
  }
}

/** COMMENT ON ... IS ... */
export function comment(host: ParseHost, node: Node, ctx: StmtCtx): void {
  if (node.objtype === "OBJECT_EXTENSION") {
    return host.unmanaged(ctx, "an extension's comment comes with the extension", "ignored");
  }
  const kind = COMMENT_KINDS[node.objtype];
  if (!kind) {
    return host.unmanaged(
      ctx,
      `comments on ${String(node.objtype).replace("OBJECT_", "").toLowerCase()} are not managed`,
    );
  }
  const target = commentTarget(host, kind, node.object);
  if (!target) return host.unmanaged(ctx, "the commented object is not known");
  const key = commentKey(target);
  if (node.comment === undefined || node.comment === null || node.comment === "") {
    host.schema.comments.delete(key);
  } else host.schema.comments.set(key, { target, text: node.comment, line: ctx.line });
}
