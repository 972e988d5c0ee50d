/**
 * Round trip of every rule test case that has `seed:` (see `src/classify/rule_cases.ts`), on a
 * real PostgreSQL: load the case's from-schema and seed, apply the generated migration.sql, the
 * catalog must equal a fresh database loaded with the to-schema (and `after_up` queries return
 * their rows); apply rollback.sql, the catalog and every row (and sequence position) must be as
 * they were. A `violating_seed` must make migration.sql stop with the `violation` text and change
 * nothing (transactional plans); `after_up_violating` rows written after the migration must make
 * rollback.sql stop with `rollback_violation`.
 * @module
 */
import { acquireDatabase, closeIdleDatabases, releaseDatabase } from "./helpers/db_pool.ts";
import { basename, join } from "node:path";
import { readdirSync, readFileSync } from "node:fs";
import { parseRuleTests, type RuleCase, runCase } from "../src/classify/rule_cases.ts";
import { initDialect, loadRules } from "../src/pipeline.ts";
import { catalogSnapshot, diffCatalogs, diffData, tableRows } from "./helpers/catalog.ts";
import { REPO_ROOT } from "./helpers/cli.ts";
import { diffQueryRows, expectedRow } from "./helpers/expect.ts";
import { engineKind, type TestDb } from "./helpers/pg_server.ts";

const TESTS_DIR = join(REPO_ROOT, "rules", "tests");

const postgresql = await initDialect("postgresql");
const rules = loadRules();
/** Rules of other dialects round-trip in their own suites (tests/corpus_sqlite ...). */
const isPostgresRule = (id: string) =>
  rules.all().some((r) =>
    r.id === id && (r.match.dialects ?? ["postgresql"]).includes("postgresql")
  );

class Failed extends Error {
  constructor(message: string) {
    super(message);
    this.stack = message; // the message says it all; no harness stack trace
  }
}

/** What a case uses of a database; emptied and put back among the idle ones when disposed. */
interface CaseDb extends AsyncDisposable {
  exec(sql: string): Promise<void>;
  query(sql: string): ReturnType<TestDb["query"]>;
  applyScript(sql: string): Promise<void>;
}

/** A database from the idle ones (or a new one). */
async function acquire(): Promise<CaseDb> {
  const db = await acquireDatabase();
  return {
    exec: (sql) => db.exec(sql),
    query: (sql) => db.query(sql),
    applyScript: (sql) => db.applyScript(sql),
    [Symbol.asyncDispose]: () => releaseDatabase(db),
  };
}

const indent = (lines: string[]) => lines.map((l) => `  ${l}`).join("\n");

async function expectFailure(
  what: string,
  run: () => Promise<void>,
  fragment: string | undefined,
  fail: Fail,
): Promise<void> {
  let error: Error | undefined;
  try {
    await run();
  } catch (e) {
    error = e as Error;
  }
  if (!error) fail(`${what} succeeded; it must stop with an error`);
  if (fragment && !error.message.includes(fragment)) {
    fail(`${what} failed without ${JSON.stringify(fragment)}:\n${error.message}`);
  }
}

async function roundTrip(c: RuleCase, where: string): Promise<void> {
  const result = runCase(c, rules, postgresql);
  const { migration, rollback, steps } = result.files;
  if (!steps) throw new Failed(`${where}: the case generates no statements`);
  const fail = (msg: string): never => {
    throw new Failed(
      `${where}: ${msg}\n--- migration.sql\n${migration}--- rollback.sql\n${rollback}`,
    );
  };
  const attempt = async (what: string, f: () => Promise<void>) => {
    try {
      await f();
    } catch (e) {
      if (e instanceof Failed) throw e;
      fail(`${what} failed: ${(e as Error).message}`);
    }
  };

  if (
    (await engineKind()) === "pglite" && /\bCREATE\s+EXTENSION\b/i.test(`${c.from}\n${c.to}`)
  ) {
    // PGlite bundles no contrib extensions
    console.error(`[round trip] ${where}: skipped on PGlite (needs an extension)`);
    return;
  }
  if (!result.steps.every((s) => s.transactional) && (await engineKind()) === "pglite") {
    // PGlite runs a script as one query (one transaction): CONCURRENTLY cannot run there
    console.error(`[round trip] ${where}: skipped on PGlite (steps outside a transaction)`);
    return;
  }
  if (c.seed !== undefined) await upAndDown(c, result, fail, attempt);
  if (c.violating_seed !== undefined) await violating(c, result, fail);
}

type Fail = (msg: string) => never;

async function upAndDown(
  c: RuleCase,
  result: ReturnType<typeof runCase>,
  fail: Fail,
  attempt: (what: string, f: () => Promise<void>) => Promise<void>,
): Promise<void> {
  const { migration, rollback } = result.files;
  await using db = await acquire();
  await attempt("loading the from-schema and seed", async () => {
    await db.exec(c.from);
    await db.exec(c.seed ?? "");
  });
  const catalogBefore = await catalogSnapshot(db);
  const rowsBefore = await tableRows(db);

  await attempt("migration.sql", () => db.applyScript(migration));
  {
    await using expected = await acquire();
    await expected.exec(c.to);
    const diff = diffCatalogs(await catalogSnapshot(expected), await catalogSnapshot(db));
    if (diff.length) fail(`catalog after up differs from the to-schema:\n${indent(diff)}`);
  }
  for (const q of c.after_up ?? []) {
    // in a transaction that is rolled back, so that the query may write (an INSERT ... RETURNING)
    await db.exec("BEGIN");
    const rows = await db.query(q.sql);
    await db.exec("ROLLBACK");
    const why = diffQueryRows(q.rows.map(expectedRow), rows);
    if (why) fail(`after up, ${q.sql}\n  ${why}`);
  }
  if (c.after_up_violating !== undefined) {
    await db.exec(c.after_up_violating);
    await expectFailure(
      `rollback.sql after ${c.after_up_violating.trim()}`,
      () => db.applyScript(rollback),
      c.rollback_violation,
      fail,
    );
    return;
  }
  await attempt("rollback.sql", () => db.applyScript(rollback));
  const problems = [
    ...diffCatalogs(catalogBefore, await catalogSnapshot(db)).map((d) => `catalog: ${d}`),
    ...diffData(rowsBefore, await tableRows(db)).map((d) => `data: ${d}`),
  ];
  if (problems.length) {
    fail(`after rollback (before != after):\n${indent(problems)}`);
  }
}

async function violating(
  c: RuleCase,
  result: ReturnType<typeof runCase>,
  fail: Fail,
): Promise<void> {
  const transactional = result.steps.every((s) => s.transactional);
  await using bad = await acquire();
  await bad.exec(c.from);
  await bad.exec(c.violating_seed ?? "");
  const badCatalog = await catalogSnapshot(bad);
  const badRows = await tableRows(bad);
  await expectFailure(
    "migration.sql on the violating seed",
    () => bad.applyScript(result.files.migration),
    c.violation,
    fail,
  );
  if (transactional) {
    const left = [
      ...diffCatalogs(badCatalog, await catalogSnapshot(bad)).map((d) => `catalog: ${d}`),
      ...diffData(badRows, await tableRows(bad)).map((d) => `data: ${d}`),
    ];
    if (left.length) fail(`the failed migration left changes behind:\n${indent(left)}`);
  }
}

/** Cases run this many at a time (each in its own databases); the tests report them in order. */
const CONCURRENCY = 4;

function pool(size: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (running >= size) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

const run = pool(CONCURRENCY);

interface Group {
  rule: string;
  cases: { c: RuleCase; where: string; outcome?: Promise<void> }[];
}

const groups: Group[] = [];
for (const f of readdirSync(TESTS_DIR).filter((f) => f.endsWith(".yaml")).sort()) {
  const path = `rules/tests/${f}`;
  const rule = basename(f, ".yaml");
  if (!isPostgresRule(rule)) continue;
  const parsed = parseRuleTests(readFileSync(join(TESTS_DIR, f), "utf8"), path, rule);
  const cases = parsed.cases.filter((c) =>
    c.group === "match" && (c.seed !== undefined || c.violating_seed !== undefined)
  );
  if (cases.length) {
    groups.push({ rule, cases: cases.map((c) => ({ c, where: `${path}:${c.line}: ${c.name}` })) });
  }
}

/** Starts the cases of group `i` and of the next few, so that the pool stays busy. */
function startFrom(i: number): void {
  for (const g of groups.slice(i, i + CONCURRENCY)) {
    for (const k of g.cases) {
      if (k.outcome) continue;
      k.outcome = run(() => roundTrip(k.c, k.where));
      k.outcome.catch(() => {}); // reported by its step
    }
  }
}

for (const [i, g] of groups.entries()) {
  Deno.test(`round trip: ${g.rule}`, async (t) => {
    startFrom(i);
    for (const k of g.cases) await t.step(k.c.name, () => k.outcome!);
  });
}

Deno.test("round trip: close the idle databases", async () => {
  await closeIdleDatabases();
});
