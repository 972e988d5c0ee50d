/**
 * Round trips of MySQL/MariaDB migrations on the throw-away MariaDB server: a from-schema and
 * seed are loaded, the generated migration is applied with the command-line client (which stops
 * at the first error), the catalog must equal a fresh database loaded with the to-schema, the
 * rollback is applied, and the catalog and every row must equal the from-schema and the seed.
 * A case that expects a violation must stop in the preflight with the database untouched.
 * @module
 */
import { parse, stringify } from "yaml";
import { join } from "node:path";
import { mariadbSkipReason } from "./helpers/mariadb_server.ts";
import { loadRules, type PipelineResult, runPipeline } from "../src/pipeline.ts";
import type { SqlDialect } from "../src/dialects/dialect.ts";
import type { BackfillSettings } from "../src/classify/described.ts";
import { parseSpec } from "../src/spec/spec.ts";
import { mariadb } from "../src/dialects/mysql/mod.ts";
import { diffCatalog, readCatalog, tableRows } from "../src/dialects/mysql/catalog_text.ts";
import { freshMariaDb, type MariaDb } from "./helpers/mariadb_server.ts";
import { blockMarker, EQUIVALENT_PREFIX, resumeMarker } from "../src/dialects/mysql/online.ts";
import { SESSION_SETUP } from "../src/dialects/mysql/frame.ts";

/** Is `pt-online-schema-change` on PATH? */
export function ptOscAvailable(): boolean {
  try {
    const r = new Deno.Command("pt-online-schema-change", { args: ["--version"] }).outputSync();
    return r.success;
  } catch {
    return false;
  }
}

/** A pt-osc block of an online file: its command and the equivalent locking ALTER. */
export interface PtOscBlock {
  command: string;
  equivalent: string;
}

/** Runs a pt-osc command of a generated file for real on the test server's database. */
export async function runPtOsc(db: MariaDb, command: string): Promise<void> {
  const cmd = command.replace(`D="\${DB`, `h=127.0.0.1,P=${db.port},u=root,D="\${DB`)
    .replace("--execute", "--recursion-method=none --execute");
  const out = await new Deno.Command("bash", {
    args: ["-c", cmd],
    env: { DB: db.name },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      `pt-online-schema-change failed:\n${cmd}\n${new TextDecoder().decode(out.stdout)}` +
        new TextDecoder().decode(out.stderr),
    );
  }
}

/**
 * Runs an online file as an operator would: with the command-line client up to each
 * pt-online-schema-change block, then the block's change (`run`: the command for real, or its
 * equivalent ALTER), then the file again from the block's resume marker with the SET lines.
 */
export async function runOnlineFile(
  db: MariaDb,
  text: string,
  run: (b: PtOscBlock) => Promise<void>,
): Promise<number> {
  const last = `${SESSION_SETUP[SESSION_SETUP.length - 1]};\n`;
  const head = text.slice(0, text.indexOf(last) + last.length);
  let rest = text;
  let n = 0;
  for (;;) {
    const at = rest.indexOf(blockMarker(n + 1));
    if (at < 0) break;
    n++;
    await db.applyScript(rest.slice(0, at));
    const block = rest.slice(at);
    const command = /^--\s+(pt-online-schema-change .*)$/m.exec(block)![1];
    const equivalent = block.slice(block.indexOf(EQUIVALENT_PREFIX) + EQUIVALENT_PREFIX.length)
      .split("\n")[0];
    await run({ command, equivalent });
    rest = head + rest.slice(rest.indexOf(resumeMarker(n)));
  }
  await db.applyScript(rest);
  return n;
}

/** One round-trip case. */
export interface MysqlCase {
  from: string;
  to: string;
  seed?: string;
  intents?: unknown[];
  /** The migration must stop with this text in its error, changing nothing. */
  violation?: string;
  /** `--online`: pt-online-schema-change blocks are run (see {@link runOnlineFile}). */
  online?: boolean;
  /** How a pt-osc block runs (default: its equivalent ALTER). */
  runBlock?: (db: MariaDb, b: PtOscBlock) => Promise<void>;
  /** Queries after up and their rows (values as the server's text). */
  after_up?: { sql: string; rows: (string | null)[][] }[];
  /** Online: rows per batch, pause and lock retries (`--batch-size`, `--batch-pause`). */
  batches?: BackfillSettings;
}

/** Data of every table of a database, by table. */
async function allRows(db: MariaDb): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const tables = await db.query(
    `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
  );
  for (const [t] of tables) out[t!] = await tableRows((s) => db.query(s), db.name, t!);
  return out;
}

/** A spec's text with these intents in its migration block (none: no block). */
export function specOf(intents: unknown[] | undefined): string {
  return intents?.length ? "```yaml migration\n" + stringify({ intents }) + "```\n" : "";
}

/** Names a test or bench run of the pipeline goes by; the defaults are the tests'. */
export interface CaseNames {
  /** The dialect (default MariaDB). */
  dialect?: SqlDialect;
  /** The spec's name and the run id (default "case"). */
  id?: string;
  /** The archive tag (default "t1"). */
  tag?: string;
  tool?: string;
  version?: string;
}

/** Runs the pipeline on a case's schemas and spec text. */
export function runCase(
  c: { from: string; to: string; online?: boolean; batches?: BackfillSettings },
  specText: string,
  names: CaseNames = {},
): PipelineResult {
  const id = names.id ?? "case";
  return runPipeline({
    dialect: names.dialect ?? mariadb,
    spec: parseSpec(specText, `specs/${id}/spec.md`, id),
    from: { path: "from.sql", text: c.from },
    to: { path: "to.sql", text: c.to },
    rules: loadRules(),
    runId: id,
    archiveTag: names.tag ?? "t1",
    tool: names.tool ?? "smartspec_data_migration_generator",
    version: names.version ?? "test",
    online: c.online,
    backfill: c.batches,
  });
}

/** Generates the files of a case with the MariaDB dialect. */
export function generate(c: MysqlCase): { migration: string; rollback: string; blocked: string[] } {
  const r = runCase(c, specOf(c.intents));
  const blocked = r.classified.filter((x) => x.blocked).map((x) => x.blocked!);
  return { migration: r.files.migration, rollback: r.files.rollback, blocked };
}

/** Runs a case up and down on MariaDB; returns the problems found (empty: it passed). */
export async function roundTrip(c: MysqlCase): Promise<string[]> {
  const files = generate(c);
  if (files.blocked.length) return [`blocked: ${files.blocked.join("; ")}`];
  const problems: string[] = [];
  await using db = await freshMariaDb();
  await using v1 = await freshMariaDb();
  await using v2 = await freshMariaDb();
  const q = (s: string) => db.query(s);
  await v1.applyScript(c.from);
  await v2.applyScript(c.to);
  await db.applyScript(c.from);
  if (c.seed) await db.applyScript(c.seed);
  const fromCat = await readCatalog((s) => v1.query(s), v1.name);
  const toCat = await readCatalog((s) => v2.query(s), v2.name);
  const rows = await allRows(db);
  if (c.violation) {
    try {
      await db.applyScript(files.migration);
      return [`the migration ran although the seed violates it (expected: ${c.violation})`];
    } catch (e) {
      const msg = String((e as Error).message);
      if (!msg.includes(c.violation)) problems.push(`error without "${c.violation}": ${msg}`);
    }
    problems.push(
      ...diffCatalog(await readCatalog(q, db.name), fromCat).map((d) => `after stop: ${d}`),
    );
    if (JSON.stringify(await allRows(db)) !== JSON.stringify(rows)) {
      problems.push("after stop: rows changed");
    }
    return problems;
  }
  const apply = (db: MariaDb, text: string) =>
    c.online
      ? runOnlineFile(db, text, (b) => c.runBlock ? c.runBlock(db, b) : db.exec(b.equivalent))
      : db.applyScript(text);
  try {
    await apply(db, files.migration);
  } catch (e) {
    return [`migration failed: ${(e as Error).message}\n${files.migration}`];
  }
  problems.push(...diffCatalog(await readCatalog(q, db.name), toCat).map((d) => `after up: ${d}`));
  for (const a of c.after_up ?? []) {
    const got = await db.query(a.sql);
    if (JSON.stringify(got) !== JSON.stringify(a.rows)) {
      problems.push(
        `after up: ${a.sql} gave ${JSON.stringify(got)}, want ${JSON.stringify(a.rows)}`,
      );
    }
  }
  try {
    await apply(db, files.rollback);
  } catch (e) {
    return [...problems, `rollback failed: ${(e as Error).message}\n${files.rollback}`];
  }
  problems.push(
    ...diffCatalog(await readCatalog(q, db.name), fromCat).map((d) => `after down: ${d}`),
  );
  const back = await allRows(db);
  for (const t of Object.keys(rows)) {
    if (JSON.stringify(back[t]) !== JSON.stringify(rows[t])) {
      problems.push(
        `after down: rows of ${t} differ:\n  seed: ${rows[t].join(" ")}\n  now:  ${
          back[t]?.join(" ")
        }`,
      );
    }
  }
  const leftover = Object.keys(back).filter((t) => t.startsWith("_smartspec_"));
  if (leftover.length) problems.push(`after down: archive tables left: ${leftover.join(", ")}`);
  return problems;
}

/** A file's text, or undefined when it is not there. */
export function readIfThere(path: string): string | undefined {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return undefined;
  }
}

/**
 * One test per case of the MySQL round-trip corpus (`tests/corpus_mysql_roundtrip/<feature>/
 * <case>/`: from.sql, to.sql, seed.sql, optional spec.yaml with `pending: <why>`), named
 * `<label> <feature>/<case>`, each run by {@link roundTrip} with `extra` over the case's spec.
 */
export function corpusRoundTripTests(label: string, extra: Partial<MysqlCase> = {}): void {
  const root = new URL("./corpus_mysql_roundtrip/", import.meta.url).pathname;
  const skip = mariadbSkipReason();
  for (const feature of [...Deno.readDirSync(root)].map((e) => e.name).sort()) {
    for (const name of [...Deno.readDirSync(join(root, feature))].map((e) => e.name).sort()) {
      const dir = join(root, feature, name);
      const spec = (parse(readIfThere(join(dir, "spec.yaml")) ?? "{}") ?? {}) as
        & Partial<MysqlCase>
        & { pending?: string };
      const c: MysqlCase = {
        ...spec,
        ...extra,
        from: readIfThere(join(dir, "from.sql"))!,
        to: readIfThere(join(dir, "to.sql"))!,
        seed: readIfThere(join(dir, "seed.sql")),
      };
      Deno.test({
        name: `${label} ${feature}/${name}${
          skip ? ` (skipped: ${skip})` : spec.pending ? ` (pending: ${spec.pending})` : ""
        }`,
        ignore: !!skip || !!spec.pending,
        sanitizeResources: false,
        sanitizeOps: false,
        async fn() {
          const problems = await roundTrip(c);
          if (problems.length) throw new Error(`${feature}/${name}:\n${problems.join("\n")}`);
        },
      });
    }
  }
}
