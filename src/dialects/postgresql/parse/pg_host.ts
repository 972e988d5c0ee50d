/**
 * What the statement handlers of the PostgreSQL parser share: the statement's position and the
 * builder's services (the schema being built, implicit names, types, reporting).
 * @module
 */
import type { ColumnType, Expr, QName, Schema, Unmanaged } from "../../../model/schema.ts";
import type { NameRegistry } from "./pg_names.ts";
import type { Node } from "./pg_expr.ts";
import type { SourceText } from "../../../parse/source.ts";

/** Where a statement is in its file. */
export interface StmtCtx {
  line: number;
  endLine: number;
  /** Byte offsets of the statement. */
  start: number;
  end?: number;
  /** The statement's node kind (`CreateStmt` ...). */
  kind: string;
  /** The `SET search_path` the statement follows, as SQL, when not the default. */
  searchPath?: string;
}

/** The builder's services for statement handlers. */
export interface ParseHost {
  readonly schema: Schema;
  readonly names: NameRegistry;
  readonly src: SourceText;
  /** The statement's text, as written. */
  text(ctx: StmtCtx): string;
  /** Lists the statement as not managed (or as ignored, when it changes nothing compared). */
  unmanaged(ctx: StmtCtx, reason: string, category?: Unmanaged["category"]): void;
  /** A column type from a TypeName node. */
  typeOf(tn: Node): { type: ColumnType; serial: boolean };
  /** A default expression for a value of `type`, without a redundant cast. */
  defaultExpr(raw: Node, type: ColumnType): Expr;
  /** 1-based line of a byte offset (the statement's line when unknown). */
  lineOf(loc: number | undefined, fallback: number): number;
}

/** A qualified name from a RangeVar (unqualified names are in `public`). */
export function rangeVarName(rv: Node): QName {
  return { schema: rv.schemaname ?? "public", name: rv.relname };
}
