/**
 * `CREATE TABLE ... (LIKE source INCLUDING ...)`: the source's columns are copied into the new
 * table (types, NOT NULL and collations always; defaults, generation expressions, identity,
 * storage, CHECK constraints, comments and indexes as the options say), with the names
 * PostgreSQL chooses for the copies of indexes and index-backed constraints.
 * @module
 */
import type { Column, Constraint, Index, Sequence, Table } from "../../../model/schema.ts";
import { qkey } from "../../../model/schema.ts";
import { commentKey } from "../../../model/objects.ts";
import type { Node } from "./pg_expr.ts";
import type { ParseHost, StmtCtx } from "./pg_host.ts";
import { rangeVarName } from "./pg_host.ts";
import { nameAddition } from "./pg_names.ts";

/** TableLikeOption bits (PostgreSQL's parsenodes.h). */
const LIKE = {
  comments: 1 << 0,
  constraints: 1 << 2,
  defaults: 1 << 3,
  generated: 1 << 4,
  identity: 1 << 5,
  indexes: 1 << 6,
  storage: 1 << 8,
};

/** What LIKE needs of the parser besides {@link ParseHost}. */
export interface LikeHost extends ParseHost {
  addOwnedSequence(
    table: Table,
    col: Column,
    name: string,
    typeName: string,
    line: number,
  ): Sequence;
  /** Re-computes an index's canonical key after it is copied. */
  indexKeyOf(i: Omit<Index, "key">): string;
}

/**
 * Copies the columns of a LIKE clause into `table` now; returns what must wait until the
 * table's own constraints are named (the copies of indexes and index-backed constraints).
 */
export function likeColumns(
  host: LikeHost,
  table: Table,
  like: Node,
  ctx: StmtCtx,
): (() => void) | undefined {
  const src = host.schema.tables.get(qkey(rangeVarName(like.relation)));
  if (!src) {
    host.unmanaged(ctx, "LIKE of a table this file does not create (its columns are not known)");
    return undefined;
  }
  const opts: number = like.options ?? 0;
  const has = (bit: number) => (opts & bit) !== 0;
  for (const c of src.columns) {
    const col: Column = { name: c.name, type: c.type, notNull: c.notNull, line: ctx.line };
    if (c.collation) col.collation = c.collation;
    if (c.default && !c.serial && has(LIKE.defaults)) col.default = c.default;
    if (c.serial && has(LIKE.defaults)) {
      // the copy's default calls the source's sequence, which it does not own
      col.default = host.defaultExpr(
        {
          FuncCall: {
            funcname: [{ String: { sval: "nextval" } }],
            args: [{
              A_Const: { sval: { sval: qkey({ schema: src.schema, name: c.sequence! }) } },
            }],
          },
        },
        c.type,
      );
    }
    if (c.generated && has(LIKE.generated)) col.generated = c.generated;
    if (c.identity && has(LIKE.identity)) {
      col.identity = c.identity;
      const seq = host.names.chooseSequenceName(table.schema, table.name, col.name);
      col.sequence = seq;
      const from = host.schema.sequences.get(`${src.schema}.${c.sequence}`);
      const s = host.addOwnedSequence(table, col, seq, col.type.name, ctx.line);
      if (from) Object.assign(s, { ...from, ...s, implicit: true });
    }
    if (c.storage && has(LIKE.storage)) col.storage = c.storage;
    table.columns.push(col);
    if (has(LIKE.comments)) {
      const cm = host.schema.comments.get(commentKey({ kind: "column", ...src, sub: c.name }));
      if (cm) {
        const target = {
          kind: "column" as const,
          schema: table.schema,
          name: table.name,
          sub: c.name,
        };
        host.schema.comments.set(commentKey(target), { target, text: cm.text, line: ctx.line });
      }
    }
  }
  if (has(LIKE.constraints)) {
    for (const k of src.constraints.filter((x) => x.kind === "check")) {
      host.names.addConstraint(table.schema, k.name);
      table.constraints.push({ ...k, line: ctx.line, renamedFrom: undefined });
    }
  }
  if (!has(LIKE.indexes)) return undefined;
  return () => {
    for (const k of src.constraints) {
      if (k.kind !== "primary" && k.kind !== "unique" && k.kind !== "exclude") continue;
      const label = k.kind === "primary" ? "pkey" : k.kind === "unique" ? "key" : "excl";
      const name = host.names.chooseIndexName(
        table.schema,
        table.name,
        k.kind === "primary" ? undefined : nameAddition(k.columns),
        label,
      );
      const copy: Constraint = { ...k, name, implicitName: true, line: ctx.line };
      delete copy.renamedFrom;
      table.constraints.push(copy);
    }
    for (const i of [...host.schema.indexes.values()].filter((x) => qkey(x.table) === qkey(src))) {
      const cols = [...i.keys.map((k) => k.column ?? "expr"), ...i.include];
      const name = host.names.chooseIndexName(table.schema, table.name, nameAddition(cols), "idx");
      const copy = {
        ...i,
        schema: table.schema,
        name,
        implicitName: true,
        table: { schema: table.schema, name: table.name },
        line: ctx.line,
      };
      delete copy.renamedFrom;
      host.schema.indexes.set(qkey(copy), { ...copy, key: host.indexKeyOf(copy) });
    }
  };
}
