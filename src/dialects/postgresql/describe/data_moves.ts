/**
 * Splits, merges and transforms of columns: what the rules see of them (the archive of the
 * sources, the assignments both ways).
 * @module
 */
import type { Change } from "../../../diff/changes.ts";
import { qkey, type QName } from "../../../model/schema.ts";
import {
  contract,
  expandAndBackfill,
  type OnlineMove,
  restoreAndBackfill,
  uncontract,
} from "./backfill.ts";
import { columnDef } from "../render/ddl.ts";
import { ident, literal, qident, renderType } from "../render/quote.ts";
import {
  DEFAULT_BACKFILL,
  type DescribeContext,
  type Described,
} from "../../../classify/described.ts";
import {
  ARCHIVE_SCHEMA,
  archivedValue,
  archiveName,
  archiveSelectCol,
  colRef,
  fnv1a,
  keyJoin,
  notNullWithGuard,
  q,
} from "./helpers.ts";

/** The table's one key column, when its key has one column. */
function singleKey(ctx: DescribeContext, t: QName, key: string[] | undefined) {
  if (key?.length !== 1) return undefined;
  const table = ctx.to.tables.get(qkey(t)) ?? ctx.from.tables.get(qkey(t));
  return table?.columns.find((c) => c.name === key[0]);
}

/** The online recipe's view of a data move; undefined without a one-column key. */
function onlineMove(
  ctx: DescribeContext,
  t: QName,
  key: string[] | undefined,
  m: Pick<OnlineMove, "what" | "sources" | "targets" | "keepSource" | "archive">,
): OnlineMove | undefined {
  const k = singleKey(ctx, t, key);
  if (!k) return undefined;
  return {
    ...m,
    table: t,
    key: k.name,
    keyType: renderType(k.type, ctx.facts),
    tag: fnv1a(`${qkey(t)}\0${m.targets.map((a) => a.column.name).join(",")}\0${ctx.archiveTag}`),
    settings: ctx.backfill ?? DEFAULT_BACKFILL,
    facts: ctx.facts,
  };
}

/** The four statements of an online data move, as template variables. */
function onlineVars(move: OnlineMove | undefined): Record<string, string> {
  return {
    online_expand: move ? expandAndBackfill(move) : "",
    online_contract: move ? contract(move) : "",
    online_restore: move ? restoreAndBackfill(move) : "",
    online_uncontract: move ? uncontract(move) : "",
  };
}

export function describeSplit(
  ch: Extract<Change, { kind: "split_column" }>,
  ctx: DescribeContext,
): Described {
  const f = ctx.facts;
  const t = ch.table;
  const src = ident(ch.from.name);
  const sep = literal(ch.separator);
  const n = ch.to.length;
  const key = ch.rowKey;
  const partExpr = (i: number) =>
    i < n - 1
      ? `split_part(${src}, ${sep}, ${i + 1})`
      : `array_to_string((string_to_array(${src}, ${sep}))[${n}:], ${sep})`;
  const parts = ch.to.map((c, i) => `${ident(c.name)} = ${partExpr(i)}`);
  const join = (cols: string[]): string => {
    if (cols.length === 1) return cols[0];
    const last = cols[cols.length - 1];
    const head = join(cols.slice(0, -1));
    return `CASE WHEN ${last} = '' THEN ${head} ELSE ${head} || ${sep} || ${last} END`;
  };
  const archive: QName = {
    schema: ARCHIVE_SCHEMA,
    name: archiveName([t.name, ch.from.name], ctx.archiveTag),
  };
  const tq = qident(t);
  const move = onlineMove(ctx, t, key, {
    what: `splitting ${ch.from.name}`,
    sources: [{ column: ch.from, expr: join(ch.to.map((c) => ident(c.name))) }],
    targets: ch.to.map((c, i) => ({ column: c, expr: partExpr(i) })),
    keepSource: ch.keepSource,
    archive,
  });
  return {
    target: `${colRef(t, ch.from.name)} -> ${ch.to.map((c) => colRef(t, c.name)).join(", ")}`,
    facts: {
      has_row_key: !!key,
      parts: n,
      keep_source: ch.keepSource,
      in_place: false,
      single_key: !!move,
    },
    vars: {
      table: q(t),
      source: ch.from.name,
      archive,
      separator_text: JSON.stringify(ch.separator),
      add_targets: ch.to.map((c) =>
        `ALTER TABLE ${tq} ADD COLUMN ${ident(c.name)} ${columnDef(c, f, { nullable: true })};`
      ).join("\n"),
      split_assignments: parts.join(", "),
      archive_select: [
        ...(key ?? []).map(ident),
        archiveSelectCol(ch.from),
        ...ch.to.map((c) => ident(c.name)),
      ]
        .join(", "),
      targets_not_null: ch.to.map((c) => notNullWithGuard(t, c, ` after splitting ${ch.from.name}`))
        .filter(Boolean).join("\n"),
      drop_source: ch.keepSource ? "" : `ALTER TABLE ${tq} DROP COLUMN ${src};`,
      add_source: ch.keepSource
        ? ""
        : `ALTER TABLE ${tq} ADD COLUMN ${src} ${columnDef(ch.from, f, { nullable: true })};`,
      join_expr: join(ch.to.map((c) => ident(c.name))),
      archived_source: archivedValue(ch.from, f),
      key_join: key ? keyJoin(key) : "",
      unchanged: ch.to.map((c) => `t.${ident(c.name)} IS NOT DISTINCT FROM a.${ident(c.name)}`)
        .join(" AND "),
      source_not_null: ch.keepSource
        ? ""
        : notNullWithGuard(t, ch.from, " after joining the split columns"),
      drop_targets: ch.to.map((c) => `ALTER TABLE ${tq} DROP COLUMN ${ident(c.name)};`).join("\n"),
      ...onlineVars(move),
    },
  };
}

export function describeMerge(
  ch: Extract<Change, { kind: "merge_columns" }>,
  ctx: DescribeContext,
): Described {
  const f = ctx.facts;
  const t = ch.table;
  const tq = qident(t);
  const sep = literal(ch.separator);
  const key = ch.rowKey;
  const srcs = ch.from.map((c) => ident(c.name));
  const target = ident(ch.to.name);
  const n = ch.from.length;
  const archive: QName = {
    schema: ARCHIVE_SCHEMA,
    name: archiveName([t.name, ch.to.name], ctx.archiveTag),
  };
  const partExpr = (i: number, v: string) =>
    i < n - 1
      ? `NULLIF(split_part(${v}, ${sep}, ${i + 1}), '')`
      : `NULLIF(array_to_string((string_to_array(${v}, ${sep}))[${n}:], ${sep}), '')`;
  const splitAssign = (alias: string) =>
    ch.from.map((c, i) =>
      `${ident(c.name)} = ${partExpr(i, alias ? `${alias}.${target}` : target)}`
    ).join(", ");
  const mergeExpr = `CASE WHEN ${srcs.map((s) => `${s} IS NULL`).join(" AND ")} THEN NULL ` +
    `ELSE concat_ws(${sep}, ${srcs.join(", ")}) END`;
  const move = onlineMove(ctx, t, key, {
    what: "merging",
    sources: ch.from.map((c, i) => ({ column: c, expr: partExpr(i, target) })),
    targets: [{ column: ch.to, expr: mergeExpr }],
    keepSource: ch.keepSources,
    archive,
  });
  return {
    target: `${ch.from.map((c) => colRef(t, c.name)).join(", ")} -> ${colRef(t, ch.to.name)}`,
    facts: {
      has_row_key: !!key,
      parts: n,
      keep_source: ch.keepSources,
      in_place: false,
      single_key: !!move,
    },
    vars: {
      table: q(t),
      target_column: ch.to.name,
      archive,
      separator_text: JSON.stringify(ch.separator),
      add_target: `ALTER TABLE ${tq} ADD COLUMN ${target} ${
        columnDef(ch.to, f, { nullable: true })
      };`,
      merge_expr: mergeExpr,
      archive_select: [...(key ?? []).map(ident), ...ch.from.map(archiveSelectCol), target].join(
        ", ",
      ),
      target_not_null: notNullWithGuard(t, ch.to, " after merging"),
      drop_sources: ch.keepSources
        ? ""
        : srcs.map((s) => `ALTER TABLE ${tq} DROP COLUMN ${s};`).join("\n"),
      add_sources: ch.keepSources
        ? ""
        : ch.from.map((c) =>
          `ALTER TABLE ${tq} ADD COLUMN ${ident(c.name)} ${columnDef(c, f, { nullable: true })};`
        ).join("\n"),
      split_assignments: splitAssign(""),
      restore_assignments: ch.from.map((c) => `${ident(c.name)} = ${archivedValue(c, f)}`).join(
        ", ",
      ),
      key_join: key ? keyJoin(key) : "",
      unchanged: `t.${target} IS NOT DISTINCT FROM a.${target}`,
      sources_not_null: ch.keepSources
        ? ""
        : ch.from.map((c) => notNullWithGuard(t, c, " after splitting the merged column"))
          .filter(Boolean).join("\n"),
      drop_target: `ALTER TABLE ${tq} DROP COLUMN ${target};`,
      ...onlineVars(move),
    },
  };
}

export function describeTransform(
  ch: Extract<Change, { kind: "transform_column" }>,
  ctx: DescribeContext,
): Described {
  const f = ctx.facts;
  const t = ch.table;
  const tq = qident(t);
  const key = ch.rowKey;
  const inPlace = ch.from.name === ch.to.name;
  const archive: QName = {
    schema: ARCHIVE_SCHEMA,
    name: archiveName([t.name, ch.from.name], ctx.archiveTag),
  };
  const move = inPlace ? undefined : onlineMove(ctx, t, key, {
    what: `transform (up: ${ch.up})`,
    sources: [{ column: ch.from, expr: ch.down }],
    targets: [{ column: ch.to, expr: ch.up }],
    keepSource: ch.keepSource,
    archive,
  });
  return {
    target: `${colRef(t, ch.from.name)} -> ${colRef(t, ch.to.name)}`,
    facts: {
      has_row_key: !!key,
      in_place: inPlace,
      keep_source: ch.keepSource,
      has_samples: !!ch.samples?.length,
      single_key: !!singleKey(ctx, t, key),
    },
    vars: {
      table: q(t),
      source: ch.from.name,
      target_column: ch.to.name,
      archive,
      up: ch.up,
      down: ch.down,
      from_type: renderType(ch.from.type, f),
      to_type: renderType(ch.to.type, f),
      target_def_nullable: columnDef(ch.to, f, { nullable: true }),
      archive_select: [...(key ?? []).map(ident), archiveSelectCol(ch.from), ident(ch.to.name)]
        .join(
          ", ",
        ),
      target_not_null: notNullWithGuard(t, ch.to, ` after the transform (up: ${ch.up})`),
      drop_source: ch.keepSource ? "" : `ALTER TABLE ${tq} DROP COLUMN ${ident(ch.from.name)};`,
      add_source: ch.keepSource
        ? ""
        : `ALTER TABLE ${tq} ADD COLUMN ${ident(ch.from.name)} ${
          columnDef(ch.from, f, { nullable: true })
        };`,
      archived_source: archivedValue(ch.from, f),
      key_join: key ? keyJoin(key) : "",
      source_not_null: ch.keepSource
        ? ""
        : notNullWithGuard(t, ch.from, ` after the rollback (down: ${ch.down})`),
      ...onlineVars(move),
    },
  };
}
