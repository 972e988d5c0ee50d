/**
 * PostgreSQL expressions from the libpg-query AST: normalised text (via pgsql-deparser), a
 * location-free canonical key for semantic comparison, the columns they read, and rewriting
 * of column references (for renames).
 * @module
 */
import { Deparser } from "pgsql-deparser";
import type { Expr } from "../../../model/schema.ts";
import { canonicalKeyOfStripped } from "./pg_normalize.ts";
import { markShared } from "./pg_built.ts";

// deno-lint-ignore no-explicit-any
export type Node = any;

/** Deep copy without `location` fields (and without undefined). */
export function stripLocations(node: Node): Node {
  if (Array.isArray(node)) return node.map(stripLocations);
  if (node && typeof node === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(node)) {
      if (k === "location" || k === "stmt_location" || k === "stmt_len") continue;
      out[k] = stripLocations(node[k]);
    }
    return out;
  }
  return node;
}

/** The `sval` of a String node. */
export function sval(n: Node): string {
  return n?.String?.sval ?? n?.sval ?? "";
}

/** Column names referenced by an expression (last field of each ColumnRef). */
export function referencedColumns(node: Node, out = new Set<string>()): string[] {
  const walk = (n: Node) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== "object") return;
    if (n.ColumnRef) {
      const f = n.ColumnRef.fields as Node[];
      const last = f[f.length - 1];
      if (last?.String) out.add(last.String.sval);
      return;
    }
    for (const k of Object.keys(n)) walk(n[k]);
  };
  walk(node);
  return [...out];
}

/** Deparses an expression node to SQL text. */
export function deparseExpr(node: Node): string {
  return Deparser.deparse(node, { pretty: false });
}

/** Deparses a whole statement node (`{ ViewStmt: ... }`) to SQL text. */
export function deparseStatement(node: Node): string {
  return Deparser.deparse(stripLocations(node), { pretty: false });
}

/**
 * The expression made of an AST node, kept on the node (a symbol, invisible to `Object.keys`
 * and JSON): a statement both files of a pair hold is one tree (`pg_reuse.ts`), whose
 * expressions are made once. Expressions are never changed after they are made.
 */
const MADE = Symbol("expr");

/** Makes a model expression from an AST node. */
export function makeExpr(node: Node): Expr {
  const made = node?.[MADE] as Expr | undefined;
  if (made) return made;
  const expr = newExpr(node);
  if (node && typeof node === "object") node[MADE] = expr;
  return expr;
}

/**
 * Expressions made so far, by the JSON of their location-free AST: most expressions of a large
 * schema are a few defaults and checks repeated on many columns (`now()`, `0`, `true`), whose
 * canonical key and columns are worked out once. Expressions are never changed, so equal ASTs
 * share one.
 */
const BY_AST = new Map<string, Expr>();

function newExpr(node: Node): Expr {
  const ast = stripLocations(node);
  const json = JSON.stringify(ast);
  // (undefined: no AST; JSON.stringify gives no string to key it by)
  if (json === undefined) return exprOf(ast);
  let expr = BY_AST.get(json);
  if (!expr) BY_AST.set(json, expr = exprOf(ast));
  return expr;
}

function exprOf(ast: Node): Expr {
  let sql: string | undefined;
  return markShared({
    // deparsed on first use: most expressions of a schema are compared, never written
    get sql(): string {
      return sql ??= deparseExpr(ast);
    },
    key: canonicalKeyOfStripped(ast),
    columns: referencedColumns(ast),
    ast,
  });
}

/** A copy of an expression with column references renamed (`old` -> `new`). */
export function renameColumnsInExpr(e: Expr, renames: Map<string, string>): Expr {
  // a column map also holds the columns that keep their names: those change nothing
  const renamed = (c: string) => renames.has(c) && renames.get(c) !== c;
  if (!e.ast || renames.size === 0 || !e.columns.some(renamed)) return e;
  const rewrite = (n: Node): Node => {
    if (Array.isArray(n)) return n.map(rewrite);
    if (!n || typeof n !== "object") return n;
    if (n.ColumnRef) {
      const fields = (n.ColumnRef.fields as Node[]).map((f, i, all) => {
        if (i === all.length - 1 && f.String && renames.has(f.String.sval)) {
          return { String: { sval: renames.get(f.String.sval) } };
        }
        return f;
      });
      return { ColumnRef: { ...n.ColumnRef, fields } };
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(n)) out[k] = rewrite(n[k]);
    return out;
  };
  return makeExpr(rewrite(e.ast));
}

/** Functions an expression calls, as `schema.name` keys (unqualified names in `public`). */
export function callsOf(ast: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== "object") return;
    const o = n as Record<string, unknown>;
    const fc = o.FuncCall as { funcname?: { String?: { sval?: string } }[] } | undefined;
    if (fc?.funcname) {
      const parts = fc.funcname.map((p) => p.String?.sval ?? "");
      out.push(parts.length > 1 ? parts.join(".") : `public.${parts[0]}`);
    }
    for (const k of Object.keys(o)) walk(o[k]);
  };
  walk(ast);
  return out;
}
