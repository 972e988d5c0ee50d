/**
 * The accounts_mysql acceptance project applied by a real migration tool (dbmate, sqitch) on the
 * test MariaDB: the project generated with `--apply --migration-tool <tool>`, a database with the
 * from-schema and the seed for the tool to migrate, one with each schema to compare with, and the
 * round-trip check the tools share (catalog after up equals the to-schema and the rows are the
 * merged ones; after down the catalog equals the from-schema and every seeded row is back).
 * @module
 */
import { join } from "node:path";
import { ACCEPTANCE_DIR, copyProject, describeRun, runTool, type ToolRun } from "./cli.ts";
import { freshMariaDb, type MariaDb, type TextRow } from "./mariadb_server.ts";
import {
  type Catalog,
  diffCatalog,
  readCatalog,
  tableRows,
} from "../../src/dialects/mysql/catalog_text.ts";

/** The project, the tool's run, and the databases of one apply test; all dropped on dispose. */
export interface AccountsOnMariaDb extends AsyncDisposable {
  /** The project copy the tool ran in. */
  dir: string;
  /** The tool's successful `--apply` run. */
  run: ToolRun;
  /** The from-schema with the seed: the database the migration tool migrates. */
  db: MariaDb;
  /** The from-schema alone, and the to-schema alone. */
  v1: MariaDb;
  v2: MariaDb;
  /** Queries `db`. */
  q: (sql: string) => Promise<TextRow[]>;
  /** The accounts rows as seeded. */
  seeded: string[];
}

/** Generates accounts_mysql's migration for `tool` and loads the databases to run it on. */
export async function accountsOnMariaDb(tool: string): Promise<AccountsOnMariaDb> {
  const held: AsyncDisposable[] = [];
  const dispose = async () => {
    for (const d of held.reverse()) await d[Symbol.asyncDispose]();
  };
  try {
    const p = await copyProject(join(ACCEPTANCE_DIR, "accounts_mysql"));
    held.push(p);
    const run = await runTool(p.dir, [
      "specs/data/accounts/spec.md",
      "--from-schema",
      "db/schema_v1.sql",
      "--to-schema",
      "db/schema_v2.sql",
      "--apply",
      "--migration-tool",
      tool,
      "--json",
    ]);
    if (run.code !== 0) throw new Error(describeRun(run));
    const fresh = async () => {
      const d = await freshMariaDb();
      held.push(d);
      return d;
    };
    const db = await fresh(), v1 = await fresh(), v2 = await fresh();
    const from = await Deno.readTextFile(join(p.dir, "db/schema_v1.sql"));
    await v1.applyScript(from);
    await v2.applyScript(await Deno.readTextFile(join(p.dir, "db/schema_v2.sql")));
    await db.applyScript(from);
    await db.applyScript(await Deno.readTextFile(join(p.dir, "seed.sql")));
    const q = (s: string) => db.query(s);
    const seeded = await tableRows(q, db.name, "accounts");
    return { dir: p.dir, run, db, v1, v2, q, seeded, [Symbol.asyncDispose]: dispose };
  } catch (e) {
    await dispose();
    throw e;
  }
}

/** One direction of a tool: its command's name in messages ("up", "revert") and its run. */
export type ToolStep = [name: string, run: () => Promise<unknown>];

/**
 * Runs `up`, checks the catalog against the to-schema and the merged rows, runs `down`, checks
 * the catalog against the from-schema and the rows against the seed. `catalog` reads `db`'s
 * catalog (by default all of it; a tool whose bookkeeping lives in `db` leaves it out).
 */
export async function expectAccountsRoundTrip(
  s: AccountsOnMariaDb,
  tool: string,
  [upName, up]: ToolStep,
  [downName, down]: ToolStep,
  catalog: () => Promise<Catalog> = () => readCatalog(s.q, s.db.name),
): Promise<void> {
  await up();
  const upDiff = diffCatalog(await catalog(), await readCatalog((q) => s.v2.query(q), s.v2.name));
  if (upDiff.length) throw new Error(`after ${tool} ${upName}:\n${upDiff.join("\n")}`);
  const rows = await s.db.query("SELECT id, display_name FROM accounts ORDER BY id");
  if (
    JSON.stringify(rows) !==
      JSON.stringify([["1", "Ada Lovelace"], ["2", "Mary Ann Smith"], ["3", "Cher"]])
  ) {
    throw new Error(`after ${upName}: ${JSON.stringify(rows)}`);
  }
  await down();
  const downDiff = diffCatalog(
    await catalog(),
    await readCatalog((q) => s.v1.query(q), s.v1.name),
  );
  if (downDiff.length) throw new Error(`after ${tool} ${downName}:\n${downDiff.join("\n")}`);
  const back = await tableRows(s.q, s.db.name, "accounts");
  if (JSON.stringify(back) !== JSON.stringify(s.seeded)) {
    throw new Error(`rows after ${downName}:\n${back.join("\n")}\nseed:\n${s.seeded.join("\n")}`);
  }
}
