/**
 * Canonical forms of PostgreSQL ASTs, so that two spellings of the same definition compare
 * equal: what a user writes by hand and what `pg_dump` prints back (which qualifies names with
 * their schema, adds casts to literals, rewrites `IN (...)` as `= ANY (ARRAY[...])` and
 * `BETWEEN` as two comparisons, qualifies columns with their table and names every output
 * column). Only rewrites that keep the meaning are made; the result is used for comparison
 * keys only, never rendered.
 * @module
 */
import { canonicalTypeName, typeFacts } from "../../../model/types.ts";
import { type Node, stripLocations, sval } from "./pg_expr.ts";

const DEFAULT_SCHEMA = "public";
const IMPLICIT_SCHEMAS = new Set([DEFAULT_SCHEMA, "pg_catalog"]);
const COMPARISON_OPS = new Set(["=", "<>", "<", ">", "<=", ">=", "~~", "!~~", "~~*", "!~~*"]);
/** Casts of a string literal that do not change what it means. */
const NEUTRAL_LITERAL_CASTS = new Set(["text"]);
/** Casts of a column that only make an implicit coercion visible (varchar to text). */
const NEUTRAL_COLUMN_CASTS = new Set(["text", "varchar"]);
const INT_TYPES = new Set(["int2", "int4", "int8"]);
const NUMERIC_TYPES = new Set(["int2", "int4", "int8", "numeric", "float4", "float8"]);
const SEQUENCE_FUNCTIONS = new Set(["nextval", "currval", "setval"]);

const str = (s: string): Node => ({ String: { sval: s } });

/** The canonical key of any AST (expression or statement): JSON of its canonical form. */
export function canonicalKey(node: Node): string {
  return JSON.stringify(canonicalize(node));
}

/** {@link canonicalKey} of an AST that has no locations already (`stripLocations`). */
export function canonicalKeyOfStripped(ast: Node): string {
  return JSON.stringify(canon(ast, { comparison: false }));
}

/** The canonical form of an AST (see the module doc). Locations are removed. */
export function canonicalize(node: Node): Node {
  return canon(stripLocations(node), { comparison: false });
}

interface Ctx {
  /** Inside an operand of a comparison: literal casts are implied by the other side. */
  comparison: boolean;
  /** Inside an operand of a binary operator: a string literal takes the other side's type. */
  operand?: boolean;
  /** A function argument: PostgreSQL shows how it resolved literals and coerced columns. */
  funcArg?: boolean;
}

/** Casts of a string literal passed to a function that PostgreSQL adds when it prints it. */
const NEUTRAL_ARG_LITERAL_CASTS = new Set([
  "text",
  "varchar",
  "bpchar",
  "name",
  "regclass",
  "regconfig",
  "regtype",
  "regproc",
  "regprocedure",
  "regnamespace",
  "regrole",
]);

/** Canonical name of a type name list (`pg_catalog.int4`, `integer`, `public.citext`). */
export function canonicalTypeNames(names: string[]): string[] {
  const parts = [...names];
  if (parts.length === 2 && IMPLICIT_SCHEMAS.has(parts[0])) parts.shift();
  if (parts.length === 1) {
    const c = canonicalTypeName(parts[0], typeFacts("postgresql"));
    if (c) return [c];
  }
  return parts;
}

function typeNameKey(tn: Node): string {
  return canonicalTypeNames((tn?.names ?? []).map(sval)).join(".");
}

function dropImplicitSchema(names: Node[] | undefined): Node[] | undefined {
  if (!names || names.length < 2) return names;
  return IMPLICIT_SCHEMAS.has(sval(names[0])) ? names.slice(1) : names;
}

function isStringConst(n: Node): boolean {
  return !!n?.A_Const && "sval" in n.A_Const;
}

function isNumberConst(n: Node): boolean {
  return !!n?.A_Const && ("ival" in n.A_Const || "fval" in n.A_Const);
}

function canonTypeName(tn: Node): Node {
  const out = { ...tn };
  out.names = canonicalTypeNames((tn.names ?? []).map(sval)).map(str);
  if (out.typmods) out.typmods = out.typmods.map((m: Node) => canon(m, { comparison: false }));
  return out;
}

/** A cast that only states what the context implies, unwrapped; otherwise undefined. */
function neutralCast(tc: Node, ctx: Ctx): Node | undefined {
  const type = typeNameKey(tc.typeName);
  const arg = tc.arg;
  const mods = tc.typeName?.typmods?.length ?? 0;
  const array = tc.typeName?.arrayBounds?.length ?? 0;
  if (array) return undefined;
  if (isStringConst(arg)) {
    const v: string = arg.A_Const.sval.sval ?? "";
    // '-1'::integer and '1.5'::numeric are how PostgreSQL prints negative and decimal numbers
    if (INT_TYPES.has(type) && /^-?\d+$/.test(v) && Math.abs(Number(v)) < 2 ** 31) {
      return { A_Const: { ival: Number(v) === 0 ? {} : { ival: Number(v) } } };
    }
    if (NUMERIC_TYPES.has(type) && /^-?\d+(\.\d+)?$/.test(v)) {
      return { A_Const: { fval: { fval: v } } };
    }
    if (NEUTRAL_LITERAL_CASTS.has(type) && !mods) return arg;
    if ((ctx.comparison || ctx.operand) && !mods) return arg;
    if (ctx.funcArg && NEUTRAL_ARG_LITERAL_CASTS.has(type) && !mods) return arg;
    return undefined;
  }
  if (arg?.ColumnRef && ctx.funcArg && NEUTRAL_COLUMN_CASTS.has(type) && !mods) return arg;
  if (isNumberConst(arg) && ctx.comparison && NUMERIC_TYPES.has(type)) return arg;
  if (arg?.ColumnRef && ctx.comparison && NEUTRAL_COLUMN_CASTS.has(type) && !mods) return arg;
  return undefined;
}

function numberConst(n: Node): Node {
  // 1 and 1.0 are different constants; but an integer written as fval "1" is the same as ival 1
  const f = n.A_Const?.fval?.fval as string | undefined;
  if (f !== undefined && /^-?\d+$/.test(f) && Math.abs(Number(f)) < 2 ** 31) {
    return { A_Const: { ival: Number(f) === 0 ? {} : { ival: Number(f) } } };
  }
  return n;
}

function canon(n: Node, ctx: Ctx): Node {
  if (Array.isArray(n)) return n.map((x) => canon(x, ctx));
  if (!n || typeof n !== "object") return n;
  const keys = Object.keys(n);
  if (keys.length === 1) {
    const k = keys[0];
    const v = n[k];
    switch (k) {
      case "TypeCast": {
        const unwrapped = neutralCast(v, ctx);
        if (unwrapped) return canon(unwrapped, ctx);
        return {
          TypeCast: {
            ...v,
            arg: canon(v.arg, { comparison: false }),
            typeName: canonTypeName(v.typeName),
          },
        };
      }
      case "TypeName":
        return { TypeName: canonTypeName(v) };
      case "A_Const":
        return numberConst(n);
      case "RangeVar": {
        const out = { ...v };
        if (out.schemaname === DEFAULT_SCHEMA) delete out.schemaname;
        if (out.alias) out.alias = canon(out.alias, ctx);
        return { RangeVar: out };
      }
      case "ColumnRef": {
        const f = v.fields as Node[];
        if (f.length === 3 && sval(f[0]) === DEFAULT_SCHEMA) {
          return { ColumnRef: { ...v, fields: f.slice(1) } };
        }
        return n;
      }
      case "FuncCall":
        return canonFuncCall(v, ctx);
      case "A_Expr":
        return canonAExpr(v, ctx);
      case "BoolExpr": {
        const args: Node[] = [];
        for (const a of v.args ?? []) {
          const c = canon(a, { comparison: false });
          // (a AND b) AND c is a AND b AND c
          if (c?.BoolExpr && c.BoolExpr.boolop === v.boolop && v.boolop !== "NOT_EXPR") {
            args.push(...c.BoolExpr.args);
          } else args.push(c);
        }
        return { BoolExpr: { ...v, args } };
      }
      case "SelectStmt":
        return { SelectStmt: canonSelect(v) };
      default:
        break;
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = canon(n[key], ctx);
  return out;
}

function canonFuncCall(v: Node, _ctx: Ctx): Node {
  const funcname = dropImplicitSchema(v.funcname);
  const name = sval(funcname?.[funcname.length - 1]);
  let args = v.args;
  if (SEQUENCE_FUNCTIONS.has(name) && args?.length) {
    // nextval('public.x_seq'::regclass) is nextval('x_seq')
    let a0 = args[0];
    if (a0?.TypeCast && typeNameKey(a0.TypeCast.typeName) === "regclass") a0 = a0.TypeCast.arg;
    if (isStringConst(a0)) {
      const lit = String(a0.A_Const.sval.sval ?? "").replace(/^"?public"?\./, "");
      a0 = { A_Const: { sval: { sval: lit } } };
    }
    args = [a0, ...args.slice(1)];
  }
  const out: Node = { ...v, funcname };
  if (args) out.args = args.map((a: Node) => canon(a, { comparison: false, funcArg: true }));
  for (const k of ["agg_order", "agg_filter", "over"]) {
    if (out[k]) out[k] = canon(out[k], { comparison: false });
  }
  delete out.funcformat;
  return { FuncCall: out };
}

function opName(v: Node): string {
  const names = dropImplicitSchema(v.name) ?? [];
  return sval(names[names.length - 1]);
}

function canonAExpr(v: Node, _ctx: Ctx): Node {
  const name = dropImplicitSchema(v.name);
  const op = opName(v);
  const operand = (x: Node, cmp: boolean) => canon(x, { comparison: cmp });
  switch (v.kind) {
    case "AEXPR_IN": {
      // x IN (a, b) is x = ANY (ARRAY[a, b]); NOT IN is <> ALL
      const items = v.rexpr?.List?.items ?? [];
      return {
        A_Expr: {
          kind: op === "=" ? "AEXPR_OP_ANY" : "AEXPR_OP_ALL",
          name: [str(op)],
          lexpr: operand(v.lexpr, true),
          rexpr: { A_ArrayExpr: { elements: items.map((i: Node) => operand(i, true)) } },
        },
      };
    }
    case "AEXPR_OP_ANY":
    case "AEXPR_OP_ALL": {
      const r = v.rexpr?.A_ArrayExpr
        ? {
          A_ArrayExpr: {
            elements: (v.rexpr.A_ArrayExpr.elements ?? []).map((i: Node) => operand(i, true)),
          },
        }
        : operand(v.rexpr, false);
      return { A_Expr: { kind: v.kind, name: [str(op)], lexpr: operand(v.lexpr, true), rexpr: r } };
    }
    case "AEXPR_BETWEEN":
    case "AEXPR_NOT_BETWEEN": {
      const [lo, hi] = v.rexpr?.List?.items ?? [];
      const not = v.kind === "AEXPR_NOT_BETWEEN";
      const cmp = (o: string, r: Node) => ({
        A_Expr: { kind: "AEXPR_OP", name: [str(o)], lexpr: operand(v.lexpr, true), rexpr: r },
      });
      return {
        BoolExpr: {
          boolop: not ? "OR_EXPR" : "AND_EXPR",
          args: [
            cmp(not ? "<" : ">=", operand(lo, true)),
            cmp(not ? ">" : "<=", operand(hi, true)),
          ],
        },
      };
    }
    case "AEXPR_LIKE":
    case "AEXPR_ILIKE":
    case "AEXPR_OP": {
      const cmp = COMPARISON_OPS.has(op);
      const binary = !!v.lexpr && !!v.rexpr;
      const side = (x: Node, other: Node) => {
        // `(score)::integer > 0`: PostgreSQL shows the coercion of a domain column
        let y = x;
        if (cmp && y?.TypeCast?.arg?.ColumnRef && (isNumberConst(other) || isStringConst(other))) {
          y = y.TypeCast.arg;
        }
        return canon(y, { comparison: cmp, operand: binary });
      };
      const out: Node = { kind: "AEXPR_OP", name: [str(op)] };
      if (v.lexpr) out.lexpr = side(v.lexpr, v.rexpr);
      if (v.rexpr) out.rexpr = side(v.rexpr, v.lexpr);
      return { A_Expr: out };
    }
    default: {
      const out: Node = { ...v, name };
      if (v.lexpr) out.lexpr = operand(v.lexpr, false);
      if (v.rexpr) out.rexpr = operand(v.rexpr, false);
      return { A_Expr: out };
    }
  }
}

/** The name PostgreSQL gives an output column written without `AS` (FigureColname). */
export function implicitColumnName(val: Node): string | undefined {
  if (val?.ColumnRef) {
    const f = val.ColumnRef.fields as Node[];
    const last = f[f.length - 1];
    return last?.String ? last.String.sval : undefined;
  }
  if (val?.FuncCall) {
    const fn = val.FuncCall.funcname as Node[];
    return sval(fn[fn.length - 1]);
  }
  if (val?.TypeCast) {
    return implicitColumnName(val.TypeCast.arg) ??
      canonicalTypeNames((val.TypeCast.typeName?.names ?? []).map(sval)).pop();
  }
  if (val?.CoalesceExpr) return "coalesce";
  if (val?.CaseExpr) return "case";
  return undefined;
}

/** Names a FROM item can be referred to by (its alias, or its relation name). */
function fromNames(item: Node): string[] | undefined {
  if (item?.RangeVar) {
    return [item.RangeVar.alias?.aliasname ?? item.RangeVar.relname];
  }
  return undefined;
}

function canonSelect(s: Node): Node {
  const out: Node = {};
  // a query over one relation: `t.col` and `col` are the same column
  const from = s.fromClause as Node[] | undefined;
  const single = from?.length === 1 ? fromNames(from[0]) : undefined;
  for (const k of Object.keys(s)) {
    if (k === "targetList") {
      out.targetList = (s.targetList as Node[]).map((t) => {
        const rt = t.ResTarget;
        if (!rt) return canon(t, { comparison: false });
        const val = rt.val;
        const r: Node = { ...rt, val: canon(val, { comparison: false }) };
        if (r.name !== undefined && r.name === implicitColumnName(val)) delete r.name;
        return { ResTarget: r };
      });
    } else out[k] = canon(s[k], { comparison: false });
  }
  return single ? unqualifyColumns(out, single[0]) : out;
}

/** Removes the qualifier `rel.` from column references (not inside sub-selects). */
function unqualifyColumns(n: Node, rel: string): Node {
  if (Array.isArray(n)) return n.map((x) => unqualifyColumns(x, rel));
  if (!n || typeof n !== "object") return n;
  if (n.SelectStmt) return n;
  if (n.ColumnRef) {
    const f = n.ColumnRef.fields as Node[];
    if (f.length === 2 && sval(f[0]) === rel && f[1]?.String) {
      return { ColumnRef: { ...n.ColumnRef, fields: [f[1]] } };
    }
    return n;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(n)) out[k] = unqualifyColumns(n[k], rel);
  return out;
}
