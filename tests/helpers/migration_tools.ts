/**
 * Running the migrations that `--apply` writes the way their tools run them: the real tools
 * (dbmate from npm, sqitch from Debian) when they are installed, against the test PostgreSQL;
 * and the round-trip check they share (catalog after up equals the to-schema, after down the
 * from-schema, data after down equals the seed).
 * @module
 */
import { join } from "node:path";
import { catalogSnapshot, diffCatalogs, diffData, tableRows } from "./catalog.ts";
import type { Catalog, DataSnapshot } from "./catalog.ts";
import { findServerBinDir, freshDatabase } from "./pg_server.ts";
import type { TestDb } from "./pg_server.ts";

/** The executable `name` on PATH, or undefined. */
export function onPath(name: string): string | undefined {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":").filter((d) => d)) {
    try {
      const p = join(dir, name);
      if (Deno.statSync(p).isFile) return p;
    } catch { /* not here */ }
  }
  return undefined;
}

/**
 * Why a test that needs a real tool against a real PostgreSQL server cannot run here, or
 * undefined when it can.
 */
export function missingForRealTool(tool: string, install: string): string | undefined {
  if ((Deno.env.get("SMARTSPEC_TEST_PG") ?? "").toLowerCase() === "embedded") {
    return `SMARTSPEC_TEST_PG=embedded: ${tool} needs a PostgreSQL server`;
  }
  if (!findServerBinDir()) return `no PostgreSQL server binaries: ${tool} needs a server`;
  if (!onPath(tool)) return `${tool} is not installed (${install}; .ci/run installs it)`;
  return undefined;
}

/** Runs a command; throws with its output when it fails. */
export async function runCommand(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<string> {
  const out = await new Deno.Command(cmd, {
    args,
    cwd: opts.cwd,
    env: opts.env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  const text = dec.decode(out.stdout) + dec.decode(out.stderr);
  if (out.code !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} failed (exit ${out.code}):\n${text.trim()}`);
  }
  return text;
}

/** Names that belong to a migration tool's bookkeeping (dbmate, sqitch, goose, flyway ...). */
const TOOL_OBJECT =
  /^(schema_migrations|goose_db_version|flyway_schema_history|databasechangelog|databasechangeloglock|sqitch)(\.|_|$)/;

/** True when a catalog key names a tool object (also inside "schema x" / "table column x.y"). */
function isToolObject(key: string): boolean {
  return key.split(/\s+/).some((word) => TOOL_OBJECT.test(word));
}

function withoutToolObjects<T extends object>(c: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c as Record<string, unknown>)) {
    if (Array.isArray(v)) out[k] = v.filter((s) => !isToolObject(String(s)));
    else if (v && typeof v === "object") {
      out[k] = Object.fromEntries(
        Object.entries(v as Record<string, unknown>).filter(([name]) => !isToolObject(name)),
      );
    } else out[k] = v;
  }
  return out as T;
}

/** The catalog of `db` without the migration tools' own tables and schemas. */
export async function userCatalog(db: TestDb): Promise<Catalog> {
  return withoutToolObjects(await catalogSnapshot(db));
}

/** The data of `db` without the migration tools' own tables. */
export async function userData(db: TestDb): Promise<DataSnapshot> {
  const d = await tableRows(db);
  const keep = <T>(r: Record<string, T>) =>
    Object.fromEntries(Object.entries(r).filter(([name]) => !TOOL_OBJECT.test(name)));
  return { tables: keep(d.tables), sequences: keep(d.sequences) };
}

/** Throws unless the user catalog of `db` equals a fresh database loaded with `schemaSql`. */
export async function assertSchema(db: TestDb, schemaSql: string, when: string): Promise<void> {
  await using expected = await freshDatabase();
  await expected.exec(schemaSql);
  const diff = diffCatalogs(await catalogSnapshot(expected), await userCatalog(db));
  if (diff.length) {
    throw new Error(`catalog ${when} differs (expected != actual):\n  ${diff.join("\n  ")}`);
  }
}

/** Throws unless the user data of `db` equals `expected`. */
export async function assertData(db: TestDb, expected: DataSnapshot, when: string): Promise<void> {
  const diff = diffData(expected, await userData(db));
  if (diff.length) throw new Error(`data ${when} differs:\n  ${diff.join("\n  ")}`);
}
