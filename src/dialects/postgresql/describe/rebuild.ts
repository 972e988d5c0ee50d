/**
 * A table rebuilt because its partitioning changes: the SQL of both directions. Up: the old
 * table's own foreign keys go, the sequences it owns are renamed to archive names (those the
 * target keeps are released first), the old table and its partitions move to
 * `smartspec_archive`, the new table is created with its partitions and the rows are moved
 * into it (serial and identity positions carried over). Down: the rows written since are moved
 * back into the archived table (its triggers held off), the new table is dropped and the archive
 * comes back with its names, sequences and foreign keys.
 * @module
 */
import type { ObjectChange } from "../../../diff/object_changes.ts";
import { type Column, findColumn, qkey, type QName, type Table } from "../../../model/schema.ts";
import type { DescribeContext, Described } from "../../../classify/described.ts";
import { constraintDef, createTable, display } from "../render/ddl.ts";
import { ident, literal, qident } from "../render/quote.ts";
import { ARCHIVE_SCHEMA, archiveName } from "./helpers.ts";

type Rebuild = Extract<ObjectChange, { kind: "rebuild_table" }>;

const TRIGGER_STATE = { O: "ENABLE", R: "ENABLE REPLICA", A: "ENABLE ALWAYS" } as const;

/** Describes rebuild_table. */
export function describeRebuild(ch: Rebuild, ctx: DescribeContext): Described {
  const { from, to } = ch;
  const tag = ctx.archiveTag;
  const archived = [from, ...ch.fromParts].map((t) => ({
    table: t,
    archive: { schema: ARCHIVE_SCHEMA, name: archiveName([t.name], tag) } as QName,
  }));
  const oldKeys = new Set(archived.map((a) => qkey(a.table)));
  const A = archived[0].archive;
  // sequences the old table owns: implicit ones (serial, identity) go with it under an archive
  // name; standalone ones the target keeps are released (and owned again on the way back)
  const owned = [...ctx.from.sequences.values()].filter((s) =>
    s.ownedBy && oldKeys.has(qkey(s.ownedBy.table))
  );
  const kept = owned.filter((s) => ctx.to.sequences.has(qkey(s)) && !s.implicit);
  const moved = owned.filter((s) => !kept.includes(s));
  const seqArchive = new Map(moved.map((s) => [qkey(s), archiveName([s.name], tag)]));
  const fks = from.constraints.filter((c) => c.kind === "foreign");
  const pairs = ch.columns
    .map(([a, b]) => ({ f: findColumn(from, a)!, t: findColumn(to, b)! }))
    .filter((p) => p.f && p.t && !p.t.generated);
  const cols = (side: "f" | "t") => pairs.map((p) => ident(p[side].name)).join(", ");
  const overriding = (t: Table) =>
    t.columns.some((c) => c.identity === "always") ? " OVERRIDING SYSTEM VALUE" : "";
  const tableTriggers = [...ctx.from.triggers.values()].filter((t) => oldKeys.has(qkey(t.table)));

  const up: string[] = [];
  for (const c of fks) up.push(`ALTER TABLE ${qident(from)} DROP CONSTRAINT ${ident(c.name)};`);
  for (const s of kept) up.push(`ALTER SEQUENCE ${qident(s)} OWNED BY NONE;`);
  for (const s of moved) {
    up.push(`ALTER SEQUENCE ${qident(s)} RENAME TO ${ident(seqArchive.get(qkey(s))!)};`);
  }
  for (const a of [...archived].reverse()) {
    up.push(`ALTER TABLE ${qident(a.table)} RENAME TO ${ident(a.archive.name)};`);
    up.push(
      `ALTER TABLE ${qident({ schema: a.table.schema, name: a.archive.name })} ` +
        `SET SCHEMA ${ident(ARCHIVE_SCHEMA)};`,
    );
  }
  for (const t of [to, ...ch.toParts]) up.push(createTable(t, ctx.facts));
  if (pairs.length) {
    up.push(
      `INSERT INTO ${qident(to)} (${cols("t")})${overriding(to)}\n` +
        `  SELECT ${cols("f")} FROM ${qident(A)};`,
    );
  }
  const positions = sequencePairs(pairs, from, ctx);
  for (const p of positions) {
    const archivedSeq: QName = { schema: ARCHIVE_SCHEMA, name: seqArchive.get(qkey(p.from))! };
    up.push(
      `SELECT setval(pg_get_serial_sequence(${literal(qident(to))}, ${literal(p.column)}), ` +
        `last_value, is_called) FROM ${qident(archivedSeq)};`,
    );
  }

  const down: string[] = [];
  // the rows as they are now go back into the old table, without firing its triggers
  // (on a partitioned table, ENABLE and DISABLE TRIGGER reach its partitions)
  if (tableTriggers.length) down.push(`ALTER TABLE ${qident(A)} DISABLE TRIGGER USER;`);
  down.push(`DELETE FROM ${qident(A)};`);
  if (pairs.length) {
    down.push(
      `INSERT INTO ${qident(A)} (${cols("f")})${overriding(from)}\n` +
        `  SELECT ${cols("t")} FROM ${qident(to)};`,
    );
  }
  for (const p of positions) {
    const archivedSeq: QName = { schema: ARCHIVE_SCHEMA, name: seqArchive.get(qkey(p.from))! };
    down.push(
      `SELECT setval(${literal(qident(archivedSeq))}, last_value, is_called) ` +
        `FROM ${qident({ schema: to.schema, name: p.to })};`,
    );
  }
  if (tableTriggers.length) down.push(`ALTER TABLE ${qident(A)} ENABLE TRIGGER USER;`);
  for (const t of tableTriggers) {
    if (t.enabled === "O") continue;
    const table = archived.find((a) => qkey(a.table) === qkey(t.table))!.archive;
    down.push(
      t.enabled === "D"
        ? `ALTER TABLE ${qident(table)} DISABLE TRIGGER ${ident(t.name)};`
        : `ALTER TABLE ${qident(table)} ${TRIGGER_STATE[t.enabled]} TRIGGER ${ident(t.name)};`,
    );
  }
  down.push(`DROP TABLE ${qident(to)};`);
  for (const a of archived) {
    down.push(`ALTER TABLE ${qident(a.archive)} SET SCHEMA ${ident(a.table.schema)};`);
    down.push(
      `ALTER TABLE ${qident({ schema: a.table.schema, name: a.archive.name })} ` +
        `RENAME TO ${ident(a.table.name)};`,
    );
  }
  for (const s of moved) {
    down.push(
      `ALTER SEQUENCE ${qident({ schema: s.schema, name: seqArchive.get(qkey(s))! })} ` +
        `RENAME TO ${ident(s.name)};`,
    );
  }
  for (const s of kept) {
    down.push(
      `ALTER SEQUENCE ${qident(s)} OWNED BY ${qident(s.ownedBy!.table)}.${
        ident(s.ownedBy!.column)
      };`,
    );
  }
  for (const c of fks) {
    down.push(
      `ALTER TABLE ${qident(from)} ADD CONSTRAINT ${ident(c.name)} ${constraintDef(c)};`,
    );
  }
  const how = (t: Table) =>
    t.partitionBy ? `partitioned by ${t.partitionBy.sql}` : "not partitioned";
  return {
    target: display(to),
    facts: {
      partitioned_before: !!from.partitionBy,
      partitioned_after: !!to.partitionBy,
      sequences: positions.length,
    },
    vars: {
      table: { schema: to.schema, name: to.name },
      archive: A,
      before: how(from),
      after: how(to),
      up_sql: up.join("\n"),
      down_sql: down.join("\n"),
    },
  };
}

/**
 * Serial and identity columns of both tables: the old sequence (archived) and the new one's
 * name, so that the new sequence goes on where the old one stopped.
 */
function sequencePairs(
  pairs: { f: Column; t: Column }[],
  from: Table,
  ctx: DescribeContext,
): { from: QName; to: string; column: string }[] {
  const out: { from: QName; to: string; column: string }[] = [];
  for (const { f, t } of pairs) {
    if (!f.sequence || !t.sequence) continue;
    const s = ctx.from.sequences.get(qkey({ schema: from.schema, name: f.sequence }));
    if (!s?.ownedBy || qkey(s.ownedBy.table) !== qkey(from)) continue;
    if (ctx.to.sequences.has(qkey(s)) && !s.implicit) continue; // kept: the same sequence
    out.push({ from: s, to: t.sequence, column: t.name });
  }
  return out;
}
