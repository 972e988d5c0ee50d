/**
 * What the rules see of identity, serial and generated-expression changes of a column (see
 * `src/diff/column_changes.ts`): facts and template variables, like `describe.ts`.
 * @module
 */
import type { Change } from "../../../diff/changes.ts";
import { constraintSig } from "../../../diff/diff.ts";
import {
  type Column,
  findColumn,
  qkey,
  type QName,
  type Schema,
  type Sequence,
} from "../../../model/schema.ts";
import type { TypeFacts } from "../../../model/types.ts";
import { columnDef, constraintDef, createIndex, display } from "../render/ddl.ts";
import { ident, literal, qident } from "../render/quote.ts";

/** What a column-extra description needs from describe.ts. */
export interface ColumnDescribeContext {
  facts: TypeFacts;
  from: Schema;
  to: Schema;
  archiveTag: string;
  archiveSchema: string;
  archiveName: (parts: string[], tag: string) => string;
}

/** A description (same shape as describe.ts's). */
export interface ColumnDescribed {
  target: string;
  facts: Record<string, string | number | boolean | null>;
  vars: Record<string, string | QName>;
}

type Extra = Extract<
  Change,
  {
    kind:
      | "add_identity"
      | "drop_identity"
      | "alter_identity"
      | "add_serial"
      | "drop_serial"
      | "alter_generated";
  }
>;

/** Template variables of the column-extra kinds (besides the common ones). */
export const COLUMN_EXTRA_VARS: Record<Extra["kind"], string[]> = {
  add_identity: [
    "save_position",
    "table",
    "column",
    "identity",
    "identity_options",
    "sequence",
    "sequence_ref",
    "reset_sequence",
    "drop_old_default",
    "restore_old_default",
  ],
  drop_identity: [
    "table",
    "column",
    "identity",
    "identity_options",
    "sequence",
    "sequence_ref",
    "archive",
  ],
  alter_identity: ["table", "column", "identity", "old_identity"],
  add_serial: [
    "table",
    "column",
    "sequence",
    "sequence_options",
    "owned_by",
    "nextval",
    "reset_sequence",
  ],
  drop_serial: [
    "table",
    "column",
    "sequence",
    "archive",
    "archive_name",
    "archive_schema",
    "renamed",
    "sequence_schema",
    "sequence_name",
    "owned_by",
    "nextval",
  ],
  alter_generated: [
    "table",
    "column",
    "column_ref",
    "expr",
    "old_expr",
    "regenerate",
    "regenerate_back",
    "differs",
    "differs_back",
  ],
};

const colRef = (t: QName, c: string) => `${display(t)}.${c}`;

/** The sequence of an identity or serial column (the model's, or the implicit name). */
function seqOf(table: QName, c: Column, s?: Sequence): Sequence {
  return s ?? {
    schema: table.schema,
    name: c.sequence ?? `${table.name}_${c.name}_seq`,
    implicit: true,
    line: c.line,
  };
}

/** Identity sequence options in parentheses, with the sequence's own name. */
function identityOptions(s: Sequence): string {
  const o = [`SEQUENCE NAME ${qident(s)}`];
  if (s.increment !== undefined) o.push(`INCREMENT BY ${s.increment}`);
  if (s.minValue !== undefined) o.push(`MINVALUE ${s.minValue}`);
  if (s.maxValue !== undefined) o.push(`MAXVALUE ${s.maxValue}`);
  if (s.start !== undefined) o.push(`START WITH ${s.start}`);
  if (s.cache !== undefined) o.push(`CACHE ${s.cache}`);
  if (s.cycle) o.push("CYCLE");
  return ` (${o.join(" ")})`;
}

/** `'seq'::regclass` for a sequence. */
function regclass(s: QName): string {
  return `${literal(qident(s))}::regclass`;
}

/**
 * Moves a sequence to the archive (and back): the standalone sequence an identity replaces,
 * kept with its position for the rollback.
 */
function archiveSequence(
  s: Sequence,
  ctx: ColumnDescribeContext,
): { archive: QName; up: string[]; down: string[] } {
  const name = ctx.archiveName([s.name], ctx.archiveTag);
  const renamed: QName = { schema: s.schema, name };
  const archive: QName = { schema: ctx.archiveSchema, name };
  return {
    archive,
    up: [
      `ALTER SEQUENCE ${qident(s)} RENAME TO ${ident(name)};`,
      `ALTER SEQUENCE ${qident(renamed)} SET SCHEMA ${ident(ctx.archiveSchema)};`,
    ],
    down: [
      `ALTER SEQUENCE ${qident(archive)} SET SCHEMA ${ident(s.schema)};`,
      `ALTER SEQUENCE ${qident(renamed)} RENAME TO ${ident(s.name)};`,
    ],
  };
}

/** Moves a sequence past the column's largest value (nothing when the table is empty). */
function resetSequence(t: QName, c: string, s: QName): string {
  return `SELECT setval(${regclass(s)}, max(${ident(c)})) FROM ${qident(t)} HAVING max(${
    ident(c)
  }) IS NOT NULL;`;
}

/**
 * Drops a column and adds it again with `def`, re-creating the indexes and constraints that use
 * it and stay the same in both schemas (changed ones have their own steps).
 */
function redefine(ctx: ColumnDescribeContext, t: QName, c: Column, f: TypeFacts): string {
  const lines = [
    `ALTER TABLE ${qident(t)} DROP COLUMN ${ident(c.name)};`,
    `ALTER TABLE ${qident(t)} ADD COLUMN ${ident(c.name)} ${columnDef(c, f)};`,
  ];
  const ft = ctx.from.tables.get(qkey(t)), tt = ctx.to.tables.get(qkey(t));
  if (!ft || !tt) return lines.join("\n");
  for (const k of ft.constraints) {
    const uses = k.columns.includes(c.name) || !!k.expr?.columns.includes(c.name);
    const same = tt.constraints.find((o) => o.name === k.name);
    if (uses && same && constraintSig(same) === constraintSig(k)) {
      lines.push(`ALTER TABLE ${qident(t)} ADD CONSTRAINT ${ident(k.name)} ${constraintDef(k)};`);
    }
  }
  for (const [key, i] of ctx.from.indexes) {
    if (qkey(i.table) !== qkey(t)) continue;
    const uses = i.keys.some((k) => k.column === c.name || k.expr?.columns.includes(c.name)) ||
      i.include.includes(c.name) || !!i.where?.columns.includes(c.name);
    if (uses && ctx.to.indexes.get(key)?.key === i.key) lines.push(createIndex(i));
  }
  return lines.join("\n");
}

/** Describes an identity, serial or generated-expression change. */
export function describeColumnExtra(ch: Extra, ctx: ColumnDescribeContext): ColumnDescribed {
  const f = ctx.facts;
  const t: QName = { schema: ch.table.schema, name: ch.table.name };
  const c = ch.to.name;
  const base = { table: t, column: c };
  const target = colRef(t, c);
  switch (ch.kind) {
    case "add_identity":
    case "drop_identity": {
      const col = ch.kind === "add_identity" ? ch.to : ch.from;
      const s = seqOf(t, col, ch.sequence);
      const sq: QName = { schema: s.schema, name: s.name };
      const replaced = ch.kind === "add_identity" && ch.replaces
        ? archiveSequence(ch.replaces, ctx)
        : undefined;
      return {
        target,
        facts: { identity: col.identity ?? null },
        vars: {
          ...base,
          identity: (col.identity ?? "by default").toUpperCase(),
          identity_options: identityOptions(s),
          sequence: sq,
          sequence_ref: regclass(sq),
          reset_sequence: replaced
            ? `SELECT setval(${regclass(sq)}, last_value, is_called) FROM ${
              qident(replaced.archive)
            };`
            : resetSequence(t, c, sq),
          archive: {
            schema: ctx.archiveSchema,
            name: ctx.archiveName([s.name], ctx.archiveTag),
          },
          // an identity column has no default: the old one goes first, and comes back after
          drop_old_default: ch.kind === "add_identity" && ch.from.default
            ? [
              `ALTER TABLE ${qident(t)} ALTER COLUMN ${ident(c)} DROP DEFAULT;`,
              ...(replaced ? replaced.up : []),
            ].join("\n")
            : "",
          save_position: replaced
            ? `SELECT setval(${literal(qident(replaced.archive))}, last_value, is_called) ` +
              `FROM ${qident(sq)};`
            : "",
          restore_old_default: ch.kind === "add_identity" && ch.from.default
            ? [
              ...(replaced ? replaced.down : []),
              `ALTER TABLE ${qident(t)} ALTER COLUMN ${
                ident(c)
              } SET DEFAULT ${ch.from.default.sql};`,
            ].join("\n")
            : "",
        },
      };
    }
    case "alter_identity":
      return {
        target,
        facts: { identity: ch.to.identity ?? null },
        vars: {
          ...base,
          identity: (ch.to.identity ?? "").toUpperCase(),
          old_identity: (ch.from.identity ?? "").toUpperCase(),
        },
      };
    case "add_serial":
    case "drop_serial": {
      const col = ch.kind === "add_serial" ? ch.to : ch.from;
      const s = seqOf(t, col, ch.sequence);
      const sq: QName = { schema: s.schema, name: s.name };
      const archive = ctx.archiveName([s.name], ctx.archiveTag);
      const opts = s.dataType ? ` AS ${f.display[s.dataType] ?? s.dataType}` : "";
      return {
        target,
        // a standalone sequence (not the implicit one of an identity or serial that goes)
        facts: ch.kind === "add_serial"
          ? { sequence_exists: ctx.from.sequences.get(qkey(sq))?.implicit === false }
          : {},
        vars: {
          ...base,
          sequence: sq,
          sequence_options: opts,
          owned_by: `${qident(t)}.${ident(c)}`,
          nextval: `nextval(${regclass(sq)})`,
          reset_sequence: resetSequence(t, c, sq),
          archive: { schema: ctx.archiveSchema, name: archive },
          archive_name: archive,
          archive_schema: ctx.archiveSchema,
          renamed: { schema: s.schema, name: archive },
          sequence_schema: s.schema,
          sequence_name: s.name,
        },
      };
    }
    case "alter_generated": {
      const change = !ch.from.generated ? "add" : !ch.to.generated ? "drop" : "change";
      const differs = (col: Column) =>
        col.generated ? `${ident(col.name)} IS DISTINCT FROM (${col.generated.sql})` : "false";
      const toTable = ctx.to.tables.get(qkey(t));
      const stillThere = toTable && findColumn(toTable, c);
      return {
        target,
        facts: { generated_change: change },
        vars: {
          ...base,
          column_ref: target,
          expr: ch.to.generated?.sql ?? "",
          old_expr: ch.from.generated?.sql ?? "",
          regenerate: stillThere ? redefine(ctx, t, ch.to, f) : "",
          // a column that was plain keeps its (checked) values: dropping the expression is enough
          regenerate_back: change === "add"
            ? `ALTER TABLE ${qident(t)} ALTER COLUMN ${ident(c)} DROP EXPRESSION;`
            : redefine(ctx, t, ch.from, f),
          // only a plain column's values can be lost (generated values are recomputed)
          differs: change === "add" ? differs(ch.to) : "false",
          differs_back: differs(ch.from),
        },
      };
    }
  }
}
