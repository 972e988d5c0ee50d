/**
 * Embedded round-trip verification: proves a generated PostgreSQL migration on an in-process
 * PostgreSQL (PGlite) before the run reports success. No Docker, no server, no network.
 *
 * 1. Load the from-schema; fill every table with generated rows (edge values included).
 * 2. Apply `migration.sql` statement by statement. A guard that stops it on the generated data
 *    is reported as working; the data is then generated again to fit the to-schema, and the
 *    round trip verified on that. Any other error fails verification (for a transform, naming
 *    the value its `up` expression fails on).
 * 3. Compare the catalog with the to-schema loaded into a clean database (step 6).
 * 4. Check the transforms' `up`/`down` on the migrated rows, and rewrite some of them as a user
 *    would after the migration.
 * 5. Apply `rollback.sql`; compare the catalog with the from-schema and every row with the
 *    generated ones (rewritten rows: with the value `down` gives).
 * 6. Reset, load the to-schema, compare its catalog with the one after step 2.
 * @module
 */
import type { QName, Schema } from "../../../model/schema.ts";
import { type TypeFacts, typeFacts } from "../../../model/types.ts";
import { blankPsqlMetaCommands } from "../../../parse/source.ts";
import { ident, literal, qident, renderType } from "../render/quote.ts";
import type { Step } from "../../../plan/plan.ts";
import {
  type Catalog,
  catalogSnapshot,
  type DataSnapshot,
  diffCatalogs,
  diffData,
  tableRows,
} from "./catalog.ts";
import { type EmbeddedDb, startEmbedded } from "./engine.ts";
import { type FillResult, fillTables } from "./generate.ts";
import { NameMap } from "./names.ts";
import { createRolesSql, prepareRolesSql } from "./roles.ts";
import { type ProfileMode, tablePlans } from "./profile.ts";
import { dbErrorInfo, describeDbError } from "./sql_client.ts";
import {
  initStatementSplitter,
  type ScriptStatement,
  splitScript,
  stepAtError,
} from "./statements.ts";
import {
  checkTransform,
  expectAfterRollback,
  type ExpectedValue,
  snapshotName,
  type TransformCheck,
} from "./transforms.ts";
import type { GuardFired, VerificationResult, VerifyStep } from "../../../verify/result.ts";
export type { GuardFired, VerificationResult, VerifyStep } from "../../../verify/result.ts";

/** What verification gets from the run. */
export interface VerifyInput {
  dialect: string;
  fromSql: string;
  toSql: string;
  migrationSql: string;
  rollbackSql: string;
  from: Schema;
  to: Schema;
  steps: Step[];
  /** Columns whose loss the spec accepts (`accept_loss:`), left out of the data comparisons. */
  acceptLoss?: { table: string; column: string; reason: string }[];
  /** Rows generated per table (default {@link DEFAULT_ROWS_PER_TABLE}). */
  rowsPerTable?: number;
  /** The files say every part can run again: each runs once more, and must change nothing. */
  rerunnable?: boolean;
  /**
   * An embedded engine to use (it is reset first and left open), e.g. one that tests share;
   * by default verification starts its own and closes it.
   */
  engine?: EmbeddedDb;
  /**
   * An engine started ahead of time for this verification (e.g. in a worker while the run
   * parsed and diffed): verification waits for it and closes it. When it failed to start,
   * verification starts its own.
   */
  prepared?: Promise<EmbeddedDb>;
  /**
   * A script the prepared engine ran as soon as it was up: when it is `fromSql`, its outcome
   * stands for loading the from-schema.
   */
  preloaded?: { sql: string; loaded: Promise<void>; catalog?: Promise<Catalog> };
  /**
   * A second engine started ahead, which loaded `sql` as soon as it was up and then read its
   * catalog: when it is `toSql`, it stands for loading the to-schema into a clean database
   * (step 6), which then overlaps the round trip. Verification closes it.
   */
  toSchemaAhead?: {
    sql: string;
    engine: Promise<EmbeddedDb>;
    loaded: Promise<void>;
    catalog?: Promise<Catalog>;
  };
}

/** Rows per table unless the input says otherwise (50 tables: about 1,000 rows). */
export const DEFAULT_ROWS_PER_TABLE = 20;

/** How many differences are listed (the count is always given). */
const MAX_LISTED = 30;

class Recorder {
  steps: VerifyStep[] = [];
  async step<T>(name: string, fn: () => Promise<T>, detail?: (t: T) => string): Promise<T> {
    const t0 = performance.now();
    const entry: VerifyStep = { name, ms: 0, result: "ok" };
    this.steps.push(entry);
    try {
      const out = await fn();
      if (detail) entry.detail = detail(out);
      return out;
    } catch (e) {
      entry.result = "failed";
      throw e;
    } finally {
      entry.ms = Math.round(performance.now() - t0);
    }
  }
  last(): VerifyStep {
    return this.steps[this.steps.length - 1];
  }
}

/** Thrown inside a phase to end verification with a result. */
class Stop {
  constructor(readonly status: VerificationResult["status"], readonly reason: string) {}
}

type ScriptOutcome =
  | { ok: true }
  | {
    ok: false;
    at: ScriptStatement;
    error: unknown;
    guard: boolean;
    /** Something was committed before the failure (a script in parts): the state changed. */
    committed: boolean;
  };

/** Runs a script one statement at a time, stopping at the first error (as psql does). */
async function runScript(db: EmbeddedDb, stmts: ScriptStatement[]): Promise<ScriptOutcome> {
  let inTransaction = false, committed = false;
  for (const s of stmts) {
    try {
      await db.exec(s.sql);
    } catch (error) {
      await db.exec("ROLLBACK").catch(() => {});
      const info = dbErrorInfo(error);
      const guard = info.message.startsWith("smartspec guard:");
      return { ok: false, at: { ...s, step: stepAtError(s, info.where) }, error, guard, committed };
    }
    if (/^(BEGIN|START)\b/i.test(s.sql)) inTransaction = true;
    else if (/^(COMMIT|END)\b/i.test(s.sql)) {
      inTransaction = false;
      committed = true;
    } else if (!inTransaction && !/^SET\b/i.test(s.sql)) committed = true;
  }
  return { ok: true };
}

/** Empties every table of the schema (after a failed, rolled back migration). */
async function emptyTables(db: EmbeddedDb, schema: Schema): Promise<void> {
  const tables = [...schema.tables.values()].map((t) => qident(t));
  if (tables.length) await db.exec(`TRUNCATE ${tables.join(", ")}`);
}

function stepLabel(steps: Step[], n: number | undefined): string | undefined {
  const s = n === undefined ? undefined : steps.find((x) => x.n === n);
  return s ? `[${s.n}] ${s.item.change.kind} ${s.item.described.target}` : undefined;
}

/** The catalog, read where the engine runs when it can (one message to a worker). */
function catalogOf(db: EmbeddedDb): Promise<Catalog> {
  return db.catalog ? db.catalog() : catalogSnapshot(db);
}

/** Every row, read where the engine runs when it can. */
function rowsOf(db: EmbeddedDb): Promise<DataSnapshot> {
  return db.rows ? db.rows() : tableRows(db);
}

/** Verifies a migration; `failed` makes the run exit 1. */
export async function verifyMigration(input: VerifyInput): Promise<VerificationResult> {
  if (input.dialect !== "postgresql") {
    return {
      status: "skipped",
      reason: `embedded verification runs PostgreSQL migrations; ${input.dialect} is not ` +
        `verified yet (SQLite will use node:sqlite once the dialect is supported)`,
    };
  }
  const t0 = performance.now();
  const rec = new Recorder();
  const result: VerificationResult = { status: "passed", steps: rec.steps, compared: [] };
  const facts = typeFacts("postgresql");
  const changes = input.steps.map((s) => s.item.change);
  const names = new NameMap(changes);
  let db: EmbeddedDb | undefined;
  try {
    await initStatementSplitter();
    const up = parsedScript(input.migrationSql, "migration.sql");
    const down = parsedScript(input.rollbackSql, "rollback.sql");
    db = input.engine
      ? await rec.step(
        input.engine.startedFrom === "server"
          ? "reset the scratch database"
          : "reset embedded PostgreSQL",
        async () => {
          await input.engine!.reset();
          return input.engine!;
        },
        (d) => d.name,
      )
      : await rec.step(
        "start embedded PostgreSQL",
        () => input.prepared?.catch(() => startEmbedded()) ?? startEmbedded(),
        (d) =>
          `${d.name}, from ${d.startedFrom === "snapshot" ? "the prepared snapshot" : "initdb"}` +
          (input.prepared ? `, started ahead (${Math.round(d.startMs)} ms)` : ""),
      );
    result.engine = db.name;
    result.engine_start = db.startedFrom;
    await roundTrip(db, input, { rec, result, facts, names, up, down });
  } catch (e) {
    if (e instanceof Stop) {
      result.status = e.status;
      result.reason = e.reason;
    } else {
      result.status = "skipped";
      result.reason = `verification could not run: ${describeDbError(e)}`;
    }
  } finally {
    if (!input.engine) {
      await (db ?? await input.prepared?.catch(() => undefined))?.close();
      await (await input.toSchemaAhead?.engine.catch(() => undefined))?.close();
    }
  }
  result.duration_ms = Math.round(performance.now() - t0);
  result.memory_mb = Math.round(Deno.memoryUsage().rss / 1e6);
  if (!result.compared?.length) delete result.compared;
  return result;
}

/** The statements of a generated script; one that does not parse fails the verification. */
function parsedScript(sql: string, name: string): ScriptStatement[] {
  try {
    return splitScript(sql);
  } catch (e) {
    const err = e as { message?: string; sqlDetails?: { cursorPosition?: number } };
    const pos = err.sqlDetails?.cursorPosition;
    const line = pos !== undefined && pos >= 0 ? sql.slice(0, pos).split("\n").length : undefined;
    throw new Stop(
      "failed",
      `the generated ${name} does not parse${line ? ` (line ${line})` : ""}: ` +
        `${err.message ?? String(e)}`,
    );
  }
}

interface RunContext {
  rec: Recorder;
  result: VerificationResult;
  facts: TypeFacts;
  names: NameMap;
  up: ScriptStatement[];
  down: ScriptStatement[];
}

async function loadSchema(
  db: EmbeddedDb,
  sql: string,
  what: string,
  rec: Recorder,
  preloaded?: Promise<void>,
  roles: Set<string> = new Set(),
) {
  await rec.step(`load ${what}`, async () => {
    try {
      // the roles the files name exist before (they belong to the cluster, not the schema);
      // a schema loaded ahead named none (see prepareVerify), the other file may
      if (preloaded) {
        await preloaded;
        if (roles.size) await db.exec(createRolesSql(roles));
      } else {
        await db.exec(prepareRolesSql(roles));
        await db.exec(blankPsqlMetaCommands(sql));
      }
    } catch (e) {
      throw new Stop(
        "skipped",
        `the ${what} could not be loaded into the embedded PostgreSQL: ${describeDbError(e)}`,
      );
    }
  }, preloaded ? () => "loaded as soon as the engine was up" : undefined);
}

function failed(result: VerificationResult, reason: string, differences: string[]): never {
  result.differences = [
    ...(result.differences ?? []),
    ...differences.slice(0, MAX_LISTED),
    ...(differences.length > MAX_LISTED ? [`... and ${differences.length - MAX_LISTED} more`] : []),
  ];
  throw new Stop("failed", reason);
}

/**
 * A file whose parts can all run again (online, in parts) runs once more right after it
 * finished: it must succeed and leave the catalog and the rows as they were.
 */
async function runAgain(
  db: EmbeddedDb,
  input: VerifyInput,
  ctx: RunContext,
  file: string,
  script: ScriptStatement[],
  catalog: Catalog,
): Promise<void> {
  const { rec, result } = ctx;
  const rows = await rowsOf(db);
  const again = await rec.step(
    `apply ${file} again (every part can run again)`,
    () => runScript(db, script),
  );
  if (!again.ok) {
    rec.last().result = "failed";
    rec.last().detail = dbErrorInfo(again.error).message;
    failed(
      result,
      `${file} failed when run again after it had finished` +
        (again.at.step ? ` at step ${stepLabel(input.steps, again.at.step)}` : ""),
      [`${file} line ${again.at.line}: ${describeDbError(again.error)}`],
    );
  }
  const diff = [
    ...diffCatalogs(catalog, await catalogOf(db), compareOptions(input)),
    ...diffData(rows, await rowsOf(db)),
  ];
  if (diff.length) failed(result, `${file} run again changed the database`, diff);
  result.compared!.push(`${file} run again after it finished: the catalog and the rows unchanged`);
}

async function roundTrip(db: EmbeddedDb, input: VerifyInput, ctx: RunContext): Promise<void> {
  const { rec, result, facts, names } = ctx;
  const rows = input.rowsPerTable ?? DEFAULT_ROWS_PER_TABLE;
  const guards: GuardFired[] = [];
  let mode: ProfileMode = "raw";
  let fromCat: Catalog;
  let before: DataSnapshot;
  let fill: FillResult;
  let loaded = false, reset = false;
  for (;;) {
    if (!loaded) {
      // the preloaded from-schema serves the first load only: a reset (after a guard stopped a
      // script in parts) empties the database, which then loads the schema again
      const pre = !reset && input.preloaded?.sql === input.fromSql &&
          db === await input.prepared?.catch(() => undefined)
        ? input.preloaded.loaded
        : undefined;
      await loadSchema(db, input.fromSql, "from-schema", rec, pre, rolesOf(input));
      // read by the engine right after the preload (the same schema, nothing ran since)
      const preCatalog = pre ? input.preloaded?.catalog : undefined;
      fromCat = await rec.step(
        "read the from-schema's catalog",
        () => preCatalog ?? catalogOf(db),
        preCatalog ? () => "read as soon as the from-schema was loaded" : undefined,
      );
      loaded = true;
    }
    const plans = tablePlans(
      input.from,
      input.to,
      input.steps.map((s) => s.item.change),
      names,
      facts,
      mode,
    );
    fill = await rec.step(
      mode === "raw" ? "generate rows" : "generate rows fitted to the to-schema",
      () => fillTables(db, plans, input.from, facts, rows),
      (f) =>
        `${f.rows} rows in ${f.tables.filter((t) => t.rows).length} of ${f.tables.length} tables`,
    );
    before = await rec.step("read the generated rows", () => rowsOf(db));
    const outcome = await rec.step("apply migration.sql", () => runScript(db, ctx.up));
    if (outcome.ok) break;
    const step = rec.last();
    const message = dbErrorInfo(outcome.error).message;
    if (outcome.guard) {
      step.result = "guard fired";
      step.detail = message;
      guards.push({
        step: outcome.at.step,
        change: stepLabel(input.steps, outcome.at.step),
        message,
        rows: mode === "raw" ? "generated" : "fitted",
      });
      result.guards_fired = guards;
      if (mode === "raw") {
        mode = "fit";
        if (outcome.committed) {
          await rec.step("reset", () => db.reset());
          loaded = false;
          reset = true;
        } else {
          // migration.sql rolled back as a whole: the from-schema is there, only the rows go
          await rec.step("empty the tables", () => emptyTables(db, input.from));
        }
        continue;
      }
      result.data = "generated, fitted to the to-schema";
      recordFill(result, fill);
      throw new Stop(
        "guarded",
        `a guard stopped migration.sql even on rows generated to fit the to-schema ` +
          `(${message}); the guard works, the rest of the round trip was not verified`,
      );
    }
    step.result = "failed";
    recordFill(result, fill);
    const reason = await explainFailure(db, input, outcome, before, names, facts);
    failed(result, reason, [
      `migration.sql line ${outcome.at.line}: ${describeDbError(outcome.error)}`,
    ]);
  }
  result.data = mode === "raw" ? "generated" : "generated, fitted to the to-schema";
  recordFill(result, fill);
  const afterUp = await rec.step("read the catalog after migration.sql", () => catalogOf(db));
  if (input.rerunnable) await runAgain(db, input, ctx, "migration.sql", ctx.up, afterUp);

  // the transforms' expressions, and rows written on the migrated side
  const expected: ExpectedValue[] = [];
  const transforms = input.steps.filter((s) => s.item.change.kind === "transform_column");
  if (transforms.length) {
    result.transforms = await rec.step(
      "check up/down of transforms",
      async () => {
        const out: TransformCheck[] = [];
        for (const s of transforms) {
          const ch = s.item.change as Extract<typeof s.item.change, { kind: "transform_column" }>;
          const r = await checkTransform(db, s.n, ch, s.item.described.target, {
            to: input.to,
            names,
            before,
            facts,
          });
          out.push(r.check);
          expected.push(...r.expected);
        }
        return out;
      },
      (out) =>
        out.map((c) => `${c.target}: down(up(x)) ${c.down_up}, up(down(y)) ${c.up_down}`).join(
          "; ",
        ),
    );
    const acceptedTargets = (input.acceptLoss ?? []).map((a) => `${a.table}.${a.column}`);
    const bad = result.transforms.filter((c) =>
      c.failures.length && !acceptedTargets.some((t) => c.target.endsWith(`-> ${t}`))
    );
    for (const c of result.transforms) {
      result.compared!.push(
        `down(up(x)) = x for ${c.target} on ${c.rows} generated row(s): ${c.down_up}`,
        `up(down(y)) = y for ${c.target} on ${c.written_values} value(s) written after the migration: ${c.up_down}`,
      );
    }
    if (bad.length) {
      rec.last().result = "failed";
      failed(
        result,
        `the transform expressions are not inverse: ${bad.map((c) => c.target).join(", ")}`,
        bad.flatMap((c) => c.failures.map((f) => `[${c.step}] transform ${c.target}: ${f}`)),
      );
    }
  }

  // rollback
  const back = await rec.step("apply rollback.sql", () => runScript(db, ctx.down));
  if (!back.ok) {
    rec.last().result = "failed";
    rec.last().detail = dbErrorInfo(back.error).message;
    failed(
      result,
      `rollback.sql failed after migration.sql on the generated rows` +
        (back.at.step ? ` at step ${stepLabel(input.steps, back.at.step)}` : ""),
      [`rollback.sql line ${back.at.line}: ${describeDbError(back.error)}`],
    );
  }
  const afterDown = await rec.step(
    "compare catalog with the from-schema",
    () => catalogOf(db),
  );
  if (input.rerunnable) await runAgain(db, input, ctx, "rollback.sql", ctx.down, afterDown);
  let catDown = diffCatalogs(fromCat!, afterDown, compareOptions(input));
  const leftovers = await db.query(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace ` +
      `WHERE n.nspname = 'smartspec_archive' AND c.relkind IN ('r', 'p') ORDER BY 1`,
  );
  if (leftovers.length) {
    (result.notes ??= []).push(
      `rollback.sql leaves ${leftovers.length} table(s) in smartspec_archive: ` +
        leftovers.map((r) => r[0]).join(", "),
    );
  }
  const data = await rec.step("compare rows with the generated ones", () => rowsOf(db));
  // columns the plan drops without a key are re-added empty by design (lossy, acknowledged)
  const dropped = lossyColumns(input.steps, names);
  const accepted = acceptedColumns(input.acceptLoss ?? [], names);
  const lossy = [...dropped, ...accepted];
  const dataDiff = diffData(
    withoutColumns(expectAfterRollback(before!, expected), lossy),
    withoutColumns(data, lossy),
  );
  const catDownAll = catDown;
  catDown = catDownAll.filter((d) =>
    !lossy.some((l) => d.startsWith(`column ${l.table}.${l.column}:`))
  );
  const excluded =
    (dropped.length
      ? ` (not compared: ${dropped.map((l) => `${l.table}.${l.column}`).join(", ")}, dropped ` +
        `without a key, so the rollback re-adds it empty by design)`
      : "") +
    accepted.map((l) => ` (not compared: ${l.table}.${l.column}, accept_loss: ${l.reason})`)
      .join("");
  result.compared!.push(
    `catalog after rollback.sql = from-schema${excluded}: ${
      catDown.length ? `${catDown.length} difference(s)` : "equal"
    }`,
  );
  const rewritten = expected.length ? ` (${expected.length} rewritten on the migrated side)` : "";
  result.compared!.push(
    `rows after rollback.sql = generated rows${rewritten}` +
      accepted.map((l) => ` (not compared: ${l.table}.${l.column}, accept_loss: ${l.reason})`)
        .join("") +
      ": " +
      (dataDiff.length ? `${dataDiff.length} difference(s)` : `equal (${fill!.rows} rows)`),
  );

  // the to-schema in a clean database: the second engine's, which loaded it ahead, or this
  // one once reset
  const toCat = await toSchemaCatalog(db, input, rec);
  const catUp = diffCatalogs(toCat, afterUp, compareOptions(input));
  result.compared!.unshift(
    `catalog after migration.sql = to-schema: ${
      catUp.length ? `${catUp.length} difference(s)` : "equal"
    }`,
  );

  const diffs = [
    ...catUp.map((d) => `after migration.sql (expected to-schema != actual): ${d}`),
    ...catDown.map((d) => `after rollback.sql (expected from-schema != actual): ${d}`),
    ...dataDiff.map((d) => `rows after rollback.sql (expected != actual): ${d}`),
  ];
  if (diffs.length) {
    const what = [
      catUp.length ? "the schema after migration.sql" : "",
      catDown.length ? "the schema after rollback.sql" : "",
      dataDiff.length ? "the rows after rollback.sql" : "",
    ].filter(Boolean);
    for (const s of rec.steps) {
      if (
        (s.name.includes("to-schema") && catUp.length) ||
        (s.name.includes("from-schema") && s.name.startsWith("compare") && catDown.length) ||
        (s.name.startsWith("compare rows") && dataDiff.length)
      ) s.result = "failed";
    }
    failed(
      result,
      `${what.join(", ")} differ${what.length === 1 ? "s" : ""} from what was expected`,
      diffs,
    );
  }
  if (guards.length) {
    result.reason = `${guards.length === 1 ? "a guard" : `${guards.length} guards`} fired on the ` +
      `generated rows (working as intended); the round trip was then verified on rows generated ` +
      `to fit the to-schema`;
  }
}

/**
 * The catalog of the to-schema loaded into a clean database: read by the engine that loaded it
 * ahead (when it started), or on this engine after a reset.
 */
async function toSchemaCatalog(
  db: EmbeddedDb,
  input: VerifyInput,
  rec: Recorder,
): Promise<Catalog> {
  const ahead = !input.engine && input.toSchemaAhead?.sql === input.toSql
    ? input.toSchemaAhead
    : undefined;
  const second = await ahead?.engine.catch(() => undefined);
  if (ahead && second) {
    await loadSchema(second, input.toSql, "to-schema", rec, ahead.loaded);
    rec.last().detail = "loaded by a second engine as soon as it was up";
    const cat = await rec.step(
      "compare catalog after migration.sql with the to-schema",
      () => ahead.catalog ?? catalogOf(second),
    );
    await second.close();
    return cat;
  }
  await rec.step("reset", () => db.reset());
  await loadSchema(db, input.toSql, "to-schema", rec, undefined, rolesOf(input));
  return await rec.step(
    "compare catalog after migration.sql with the to-schema",
    () => catalogOf(db),
  );
}

/** Every role the two schema files name. */
function rolesOf(input: VerifyInput): Set<string> {
  return new Set([...(input.from.roles ?? []), ...(input.to.roles ?? [])]);
}

/** Privileges and owners are compared unless a setting leaves them out (`... : ignore`). */
function compareOptions(input: VerifyInput): { privileges: boolean; owners: boolean } {
  const ignored = { ...input.from.ignoredSettings, ...input.to.ignoredSettings };
  return { privileges: !ignored.privileges, owners: !ignored.owners };
}

/** The columns of `accept_loss:` intents, by their from-side names. */
function acceptedColumns(
  list: { table: string; column: string; reason: string }[],
  names: NameMap,
): { table: string; column: string; reason: string }[] {
  return list.map((a) => {
    const parts = a.table.split(".");
    const q: QName = parts.length > 1
      ? { schema: parts[0], name: parts.slice(1).join(".") }
      : { schema: "public", name: a.table };
    return {
      table: snapshotName(names.fromTable(q)),
      column: names.fromColumn(q, a.column),
      reason: a.reason,
    };
  });
}

/** Columns the plan drops without a row key (lossy: the rollback re-adds them empty). */
function lossyColumns(steps: Step[], names: NameMap): { table: string; column: string }[] {
  return steps.flatMap((s) => {
    const c = s.item.change;
    if (c.kind !== "drop_column" || s.item.reversibility !== "lossy") return [];
    return [{
      table: snapshotName(names.fromTable(c.table)),
      column: names.fromColumn(c.table, c.column.name),
    }];
  });
}

/** A data snapshot without some columns. */
function withoutColumns(
  snap: DataSnapshot,
  cols: { table: string; column: string }[],
): DataSnapshot {
  if (!cols.length) return snap;
  const tables = { ...snap.tables };
  for (const { table, column } of cols) {
    const t = tables[table];
    const i = t?.columns.indexOf(column) ?? -1;
    if (!t || i < 0) continue;
    tables[table] = {
      columns: t.columns.filter((_, j) => j !== i),
      rows: t.rows.map((r) => r.filter((_, j) => j !== i)),
    };
  }
  return { ...snap, tables };
}

function recordFill(result: VerificationResult, fill: FillResult): void {
  result.rows_generated = fill.rows;
  result.tables_filled = fill.tables.filter((t) => t.rows > 0).length;
  const notes = fill.tables.filter((t) => t.note).map((t) => `${t.table}: ${t.note}`);
  if (notes.length) result.notes = [...(result.notes ?? []), ...notes];
}

/**
 * Why migration.sql failed: for a transform, the generated value its `up` expression fails on
 * and what to do about it.
 */
async function explainFailure(
  db: EmbeddedDb,
  input: VerifyInput,
  outcome: Extract<ScriptOutcome, { ok: false }>,
  before: DataSnapshot,
  names: NameMap,
  facts: TypeFacts,
): Promise<string> {
  const label = stepLabel(input.steps, outcome.at.step);
  const generic =
    `migration.sql failed on the generated rows${label ? ` at step ${label}` : ""}: ` +
    describeDbError(outcome.error);
  const step = input.steps.find((s) => s.n === outcome.at.step);
  const ch = step?.item.change;
  if (!step || ch?.kind !== "transform_column") return generic;
  const F = names.fromTable(ch.table);
  const source = names.fromColumn(ch.table, ch.from.name);
  const data = before.tables[snapshotName(F)];
  const idx = data?.columns.indexOf(source) ?? -1;
  if (!data || idx < 0) return generic;
  const values = [...new Set(data.rows.map((r) => r[idx]).filter((v) => v !== null))] as string[];
  const srcType = renderType(ch.from.type, facts);
  const tgtType = renderType(ch.to.type, facts);
  for (const v of values) {
    try {
      await db.query(
        `SELECT (${ch.up})::${tgtType} FROM (SELECT ${literal(v)}::${srcType} AS ${
          ident(ch.from.name)
        }) AS ${ident(ch.table.name)}`,
      );
    } catch (e) {
      const fromSamples = ch.samples?.includes(v);
      return `the up expression of transform ${step.item.described.target} (${ch.up}) fails on ` +
        `the ${fromSamples ? "sample" : "generated"} value ${JSON.stringify(v)}: ${
          describeDbError(e)
        }` +
        (fromSamples
          ? ""
          : `; if real data never holds such values, add \`samples:\` with realistic values to ` +
            `the intent${ch.intentLine ? ` (spec line ${ch.intentLine})` : ""}: verification ` +
            `then generates the column from them`);
    }
  }
  return generic;
}
