/**
 * Verification of a SQLite migration on the embedded engine (`node:sqlite`, in memory), the
 * same round trip as the PostgreSQL one: load the from-schema, fill every table with generated
 * rows, run migration.sql, compare the catalog with the to-schema, run rollback.sql, compare the
 * catalog with the from-schema and every row with the generated ones.
 *
 * Catalogs are compared semantically: the `sql` of `sqlite_schema` is parsed with the dialect's
 * parser and the two models compared with the generic differ (no change = equal) plus the SQLite
 * options (STRICT, WITHOUT ROWID, AUTOINCREMENT, generated STORED/VIRTUAL); archive tables
 * (`_smartspec_archive_*`) and their indexes are left out. A guard that fires on the generated
 * rows is reported in `guards_fired` (it works) and the round trip is run again on rows fitted
 * to the to-schema.
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import type { Change } from "../../diff/changes.ts";
import { diffSchemas } from "../../diff/diff.ts";
import type { Schema, Table } from "../../model/schema.ts";
import type {
  GuardFired,
  TransformCheck,
  VerificationResult,
  VerifyStep,
} from "../../verify/result.ts";
import { hasRowid } from "./ddl.ts";
import { renameColumns } from "./expr.ts";
import { type FillMode, type FillResult, fillTables } from "./generate.ts";
import { ident } from "./quote.ts";
import { sqliteTypeFacts } from "./types.ts";

/** Input of {@link verifySqlite}. */
export interface SqliteVerifyInput {
  fromSql: string;
  toSql: string;
  migrationSql: string;
  rollbackSql: string;
  from: Schema;
  to: Schema;
  /** The dialect's parser (`parseSqlite`). */
  parse: (text: string, path: string) => Schema;
  /** The plan's changes, for checking transforms both ways (optional). */
  changes?: Change[];
  /** Rows generated per table (default 20). */
  rowsPerTable?: number;
}

const MAX_LISTED = 30;

class Stop {
  constructor(readonly status: VerificationResult["status"], readonly reason: string) {}
}

function step<T>(steps: VerifyStep[], name: string, fn: () => T, detail?: (t: T) => string): T {
  const t0 = performance.now();
  const s: VerifyStep = { name, ms: 0, result: "ok" };
  steps.push(s);
  try {
    const out = fn();
    if (detail) s.detail = detail(out);
    return out;
  } catch (e) {
    s.result = "failed";
    throw e;
  } finally {
    s.ms = Math.round(performance.now() - t0);
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Runs a file as db.exec does; on failure the open transaction is rolled back. */
function run(db: DatabaseSync, sql: string): string | undefined {
  try {
    db.exec(sql);
    return undefined;
  } catch (e) {
    if (db.isTransaction) db.exec("ROLLBACK");
    db.exec("PRAGMA foreign_keys = OFF");
    return message(e);
  }
}

/** The schema statements of a database (no internal objects, no archives). */
export function schemaSql(db: DatabaseSync): string {
  const rows = db.prepare(
    `SELECT sql FROM main.sqlite_schema WHERE sql IS NOT NULL ` +
      `AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ` +
      `AND tbl_name NOT LIKE '\\_smartspec\\_archive%' ESCAPE '\\' ` +
      // shadow tables of virtual tables (FTS ...) are created by the virtual table itself
      `AND tbl_name NOT IN (SELECT name FROM pragma_table_list WHERE type = 'shadow') ` +
      `ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, rowid`,
  ).all() as { sql: string }[];
  return rows.map((r) => `${r.sql};`).join("\n");
}

function tableTarget(c: Change): string {
  const t = (c as { table?: { name?: string } }).table;
  const o = c as { view?: { name: string }; trigger?: { name: string }; index?: { name: string } };
  return t?.name ?? o.view?.name ?? o.trigger?.name ?? o.index?.name ?? "";
}

/** The differences between an expected schema and a database's (empty: equal). */
export function catalogDiff(
  db: DatabaseSync,
  expected: Schema,
  parse: (text: string, path: string) => Schema,
): string[] {
  const actual = parse(schemaSql(db), "database");
  const { changes } = diffSchemas(actual, expected, {
    intents: [],
    specPath: "database",
    facts: sqliteTypeFacts(),
    expr: { renameColumns },
    defaultSchema: "main",
  });
  const out = changes.map((c) => `${c.kind} ${tableTarget(c)}`.trim());
  for (const t of expected.tables.values()) {
    const a = [...actual.tables.values()].find((x) =>
      x.name.toLowerCase() === t.name.toLowerCase()
    );
    if (!a) continue;
    const ea = JSON.stringify(a.sqlite ?? {}), ee = JSON.stringify(t.sqlite ?? {});
    if (ea !== ee) out.push(`table options of ${t.name}: expected ${ee}, found ${ea}`);
    for (const c of t.columns) {
      const ac = a.columns.find((x) => x.name.toLowerCase() === c.name.toLowerCase());
      if (ac && !!ac.sqlite?.generatedStored !== !!c.sqlite?.generatedStored) {
        out.push(`generated column ${t.name}.${c.name}: STORED/VIRTUAL differs`);
      }
    }
  }
  return out;
}

/** Every row of the schema's tables, by table, keyed by rowid (or primary key). */
export function tableRows(db: DatabaseSync, schema: Schema): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const t of schema.tables.values()) out.set(t.name, rowsOf(db, t));
  return out;
}

function rowsOf(db: DatabaseSync, t: Table): Map<string, string> {
  const cols = t.columns.map((c) => `quote(${ident(c.name)})`).join(" || '|' || ");
  let key = "rowid";
  if (!hasRowid(t)) {
    const pk = t.constraints.find((c) => c.kind === "primary");
    key = pk ? pk.columns.map((p) => `quote(${ident(p)})`).join(" || ',' || ") : cols;
  }
  const rows = db.prepare(`SELECT ${key} AS k, ${cols || "''"} AS v FROM ${ident(t.name)}`)
    .all() as { k: string | number; v: string }[];
  return new Map(rows.map((r) => [String(r.k), r.v]));
}

function diffRows(
  before: Map<string, Map<string, string>>,
  after: Map<string, Map<string, string>>,
): string[] {
  const out: string[] = [];
  for (const [t, rows] of before) {
    const now = after.get(t) ?? new Map<string, string>();
    for (const [k, v] of rows) {
      const w = now.get(k);
      if (w === undefined) out.push(`${t} row ${k}: missing (was ${v})`);
      else if (w !== v) out.push(`${t} row ${k}: ${w} (was ${v})`);
    }
    for (const k of now.keys()) if (!rows.has(k)) out.push(`${t} row ${k}: not there before`);
  }
  return out;
}

/** down(up(x)) = x for each transform, on the generated values of its source column. */
function checkTransforms(
  changes: Change[],
  before: Map<string, Map<string, string>>,
  from: Schema,
): TransformCheck[] {
  const out: TransformCheck[] = [];
  const scratch = new DatabaseSync(":memory:");
  try {
    changes.forEach((c, i) => {
      if (c.kind !== "transform_column") return;
      const t = [...from.tables.values()].find((x) => x.name === c.table.name);
      const idx = t?.columns.findIndex((x) => x.name === c.from.name) ?? -1;
      const check: TransformCheck = {
        step: i + 1,
        target: `${c.table.name}.${c.from.name} -> ${c.table.name}.${c.to.name}`,
        rows: 0,
        written_values: 0,
        rows_written: 0,
        down_up: "not checked",
        up_down: "not checked",
        failures: [],
        notes: [],
      };
      out.push(check);
      if (!t || idx < 0) {
        check.notes.push("the source column is not in the from-schema under this name");
        return;
      }
      const col = t.columns[idx];
      // Values go through a column of the source's declared type, as the rollback stores them.
      // Values go through columns of the declared types, as the migration and rollback store them.
      const typeOf = (c: { type: { name: string; mods: number[] } }) =>
        c.type.name
          ? `${c.type.name}${c.type.mods.length ? `(${c.type.mods.join(",")})` : ""}`
          : "";
      scratch.exec(
        `DROP TABLE IF EXISTS probe_from; CREATE TABLE probe_from (v ${typeOf(col)}); ` +
          `DROP TABLE IF EXISTS probe_to; CREATE TABLE probe_to (v ${typeOf(c.to)})`,
      );
      const stored = (probe: string, select: string, param?: string): string => {
        scratch.exec(`DELETE FROM ${probe}`);
        const ins = scratch.prepare(`INSERT INTO ${probe} (v) ${select}`);
        if (param === undefined) ins.run();
        else ins.run(param);
        return (scratch.prepare(`SELECT quote(v) AS v FROM ${probe}`).get() as { v: string }).v;
      };
      const up = (x: string) =>
        stored("probe_to", `SELECT (${c.up}) FROM (SELECT ${x} AS ${ident(c.from.name)})`);
      const down = (y: string) =>
        stored("probe_from", `SELECT (${c.down}) FROM (SELECT ${y} AS ${ident(c.to.name)})`);
      const samples = c.samples?.length ? c.samples : undefined;
      const values = samples
        ? samples.map((x) => stored("probe_from", "SELECT ?", x))
        : [...(before.get(t.name)?.values() ?? [])].map((v) => splitQuoted(v)[idx]);
      check.notes.push(
        samples ? `checked on the spec's samples` : `checked on the generated values`,
      );
      const upDown: string[] = [];
      for (const x of values) {
        if (x === undefined) continue;
        try {
          const y = up(x);
          const back = down(y);
          check.rows++;
          if (back !== x) check.failures.push(`down(up(${x})) = ${back}`);
          // a value written on the migrated side goes down then up again unchanged
          const again = up(back);
          check.written_values++;
          if (again !== y) upDown.push(`up(down(${y})) = ${again}`);
        } catch (e) {
          check.notes.push(`not checked: ${message(e)}`);
          return;
        }
      }
      check.up_down = upDown.length ? "failed" : check.written_values ? "ok" : "not checked";
      check.failures.push(...upDown);
      check.down_up = check.failures.length > upDown.length
        ? "failed"
        : check.rows
        ? "ok"
        : "not checked";
      if (check.failures.length && !samples) {
        // Generated edge values (1e300, 2.5e-7) are not what the column holds in practice: the
        // rollback restores archived values anyway; only rows written later go through down.
        check.notes.push(
          "down does not give every generated value back; the rollback restores the archived " +
            "values, rows written after the migration go through down (give samples: to check " +
            "realistic values)",
        );
      }
    });
  } finally {
    scratch.close();
  }
  return out;
}

/** Splits `quote(a) || '|' || quote(b)` back into the quoted values. */
function splitQuoted(s: string): string[] {
  const out: string[] = [];
  let cur = "", inStr = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (inStr) {
      cur += ch;
      if (ch === "'" && s[i + 1] === "'") cur += s[++i];
      else if (ch === "'") inStr = false;
    } else if (ch === "'") {
      inStr = true;
      cur += ch;
    } else if (ch === "|") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function emptyTables(db: DatabaseSync, schema: Schema): void {
  db.exec("PRAGMA foreign_keys = OFF");
  for (const t of schema.tables.values()) db.exec(`DELETE FROM ${ident(t.name)}`);
  if (db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_sequence'`).get()) {
    db.exec("DELETE FROM sqlite_sequence");
  }
}

function listed(xs: string[]): string[] {
  return [
    ...xs.slice(0, MAX_LISTED),
    ...(xs.length > MAX_LISTED ? [`... and ${xs.length - MAX_LISTED} more`] : []),
  ];
}

/** Verifies a SQLite migration and its rollback on node:sqlite; `failed` makes the run exit 1. */
// deno-lint-ignore require-await
export async function verifySqlite(input: SqliteVerifyInput): Promise<VerificationResult> {
  const t0 = performance.now();
  const steps: VerifyStep[] = [];
  const result: VerificationResult = { status: "passed", steps, compared: [] };
  const version = (() => {
    const db = new DatabaseSync(":memory:");
    try {
      return (db.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v;
    } finally {
      db.close();
    }
  })();
  result.engine = `node:sqlite (sqlite ${version})`;
  const db = new DatabaseSync(":memory:");
  try {
    roundTrip(db, input, steps, result);
  } catch (e) {
    if (e instanceof Stop) {
      result.status = e.status;
      result.reason = e.reason;
    } else {
      result.status = "skipped";
      result.reason = `verification could not run: ${message(e)}`;
    }
  } finally {
    db.close();
  }
  result.duration_ms = Math.round(performance.now() - t0);
  result.memory_mb = Math.round(Deno.memoryUsage().rss / 1e6);
  if (!result.compared?.length) delete result.compared;
  return result;
}

function roundTrip(
  db: DatabaseSync,
  input: SqliteVerifyInput,
  steps: VerifyStep[],
  result: VerificationResult,
): void {
  const rows = input.rowsPerTable ?? 20;
  step(steps, "load the from-schema", () => {
    try {
      db.exec(input.fromSql);
    } catch (e) {
      throw new Stop("skipped", `the from-schema could not be loaded into SQLite: ${message(e)}`);
    }
  });
  const guards: GuardFired[] = [];
  let mode: FillMode = "edge";
  let fill: FillResult;
  let before: Map<string, Map<string, string>>;
  for (;;) {
    fill = step(
      steps,
      mode === "edge" ? "generate rows" : "generate rows fitted to the to-schema",
      () => fillTables(db, input.from, rows, mode, mode === "fit" ? input.to : undefined),
      (f) =>
        `${f.rows} rows in ${f.tables.filter((t) => t.rows).length} of ${f.tables.length} tables`,
    );
    result.rows_generated = fill.rows;
    result.tables_filled = fill.tables.filter((t) => t.rows).length;
    before = step(steps, "read the generated rows", () => tableRows(db, input.from));
    const error = step(steps, "apply migration.sql", () => run(db, input.migrationSql));
    if (error === undefined) break;
    const s = steps[steps.length - 1];
    if (error.startsWith("smartspec guard:")) {
      s.result = "guard fired";
      s.detail = error;
      guards.push({ message: error, rows: mode === "edge" ? "generated" : "fitted" });
      result.guards_fired = guards;
      if (mode === "edge") {
        mode = "fit";
        step(steps, "empty the tables", () => emptyTables(db, input.from));
        continue;
      }
      result.data = "generated, fitted to the to-schema";
      throw new Stop(
        "guarded",
        `a guard stopped migration.sql even on rows generated to fit the to-schema (${error}); ` +
          `the guard works, the rest of the round trip was not verified`,
      );
    }
    s.result = "failed";
    s.detail = error;
    result.differences = [`migration.sql: ${error}`];
    throw new Stop("failed", `migration.sql failed on the generated rows: ${error}`);
  }
  result.data = mode === "edge" ? "generated" : "generated, fitted to the to-schema";

  const toModel = input.parse(input.toSql, "to-schema");
  const upDiff = step(
    steps,
    "compare catalog with the to-schema",
    () => catalogDiff(db, toModel, input.parse),
  );
  result.compared!.push(
    `catalog after migration.sql = to-schema: ${
      upDiff.length ? `${upDiff.length} difference(s)` : "equal"
    }`,
  );
  if (input.changes?.some((c) => c.kind === "transform_column")) {
    result.transforms = step(
      steps,
      "check transforms: down(up(x)) = x",
      () => checkTransforms(input.changes!, before, input.from),
    );
    for (const c of result.transforms) {
      result.compared!.push(
        `down(up(x)) = x for ${c.target} on ${c.rows} value(s): ${c.down_up}`,
        `up(down(y)) = y for ${c.target} on ${c.written_values} value(s): ${c.up_down}`,
      );
    }
    const bad = result.transforms.filter((c) =>
      c.failures.length && c.notes.includes("checked on the spec's samples")
    );
    if (bad.length) {
      result.differences = listed(bad.flatMap((c) => c.failures.map((f) => `${c.target}: ${f}`)));
      throw new Stop(
        "failed",
        `the transform expressions are not inverse on the spec's samples: ${
          bad.map((c) => c.target).join(", ")
        }`,
      );
    }
  }
  const downError = step(steps, "apply rollback.sql", () => run(db, input.rollbackSql));
  if (downError !== undefined) {
    steps[steps.length - 1].detail = downError;
    result.differences = [
      ...listed(upDiff.map((d) => `after migration.sql: ${d}`)),
      `rollback.sql: ${downError}`,
    ];
    throw new Stop("failed", `rollback.sql failed after migration.sql on the generated rows`);
  }
  const fromModel = input.parse(input.fromSql, "from-schema");
  const downDiff = step(
    steps,
    "compare catalog with the from-schema",
    () => catalogDiff(db, fromModel, input.parse),
  );
  result.compared!.push(
    `catalog after rollback.sql = from-schema: ${
      downDiff.length ? `${downDiff.length} difference(s)` : "equal"
    }`,
  );
  const after = step(
    steps,
    "compare rows with the generated ones",
    () => tableRows(db, input.from),
  );
  const rowDiff = diffRows(before, after);
  result.compared!.push(
    `rows after rollback.sql = generated rows: ${
      rowDiff.length ? `${rowDiff.length} difference(s)` : `equal (${fill.rows} rows)`
    }`,
  );
  const left = db.prepare(
    `SELECT name FROM sqlite_schema WHERE name LIKE '\\_smartspec%' ESCAPE '\\'`,
  ).all() as { name: string }[];
  if (left.length) {
    (result.notes ??= []).push(
      `rollback.sql leaves ${left.length} object(s): ${left.map((r) => r.name).join(", ")}`,
    );
  }
  const diffs = [
    ...upDiff.map((d) => `after migration.sql (expected to-schema != actual): ${d}`),
    ...downDiff.map((d) => `after rollback.sql (expected from-schema != actual): ${d}`),
    ...rowDiff.map((d) => `rows after rollback.sql (expected != actual): ${d}`),
  ];
  if (diffs.length) {
    for (const s of steps) {
      if (
        (s.name.endsWith("to-schema") && upDiff.length) ||
        (s.name.endsWith("from-schema") && s.name.startsWith("compare") && downDiff.length) ||
        (s.name.startsWith("compare rows") && rowDiff.length)
      ) s.result = "failed";
    }
    result.differences = listed(diffs);
    throw new Stop("failed", "the round trip does not give back what was expected");
  }
  if (guards.length) {
    result.reason = `a guard fired on the generated rows (working as intended); the round trip ` +
      `was then verified on rows generated to fit the to-schema`;
  }
}
