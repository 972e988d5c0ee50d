/**
 * The baseline of a project with a single `db/schema.sql`: the schema its database has now.
 * That is the `to-schema.sql` snapshot of the last run of the spec that wrote its migration
 * (`--apply`, status ok); previews, blocked, refused and failed runs never move it. A project
 * where no run was applied yet and no migration tool's files exist starts from an empty schema
 * (its first migration creates everything).
 * @module
 */
import { join, relative, resolve, sep } from "node:path";
import { diskView } from "../apply/project_view.ts";

/** Where the from-schema of a `db/schema.sql` project comes from. */
export interface Baseline {
  /** The snapshot file relative to the project root; undefined for the empty schema. */
  path?: string;
  /** The run that wrote it (undefined for the empty schema). */
  runId?: string;
  /** The sentence for the report ("chosen by ..."). */
  chosenBy: string;
}

/** Path shown for the empty baseline (not a file). */
export const EMPTY_BASELINE = "(empty schema)";

const toPosix = (p: string) => p.split(sep).join("/");

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    // only a regular file of sane size: a FIFO or a huge file is not a run's summary
    const st = Deno.statSync(path);
    if (!st.isFile || st.size > 16 * 1024 * 1024) return undefined;
    return JSON.parse(Deno.readTextFileSync(path));
  } catch {
    return undefined;
  }
}

function isFile(p: string): boolean {
  try {
    return Deno.statSync(p).isFile;
  } catch {
    return false;
  }
}

/**
 * The run folders of exactly this spec id, newest first: a folder belongs to the spec its
 * summary.json names (without one, to the id of a default name `YYYYMMDD-HHMMSSZ-<id>[-<n>]`;
 * `ok` never takes the runs of `not-ok`); newest by the time its summary was written, then by
 * name (default names sort by time).
 */
export function runsOfSpec(root: string, reportsDir: string, specId: string): string[] {
  const byName = new RegExp(`^\\d{8}-\\d{6}Z-${specId.replace(/[.]/g, "\\.")}(-\\d+)?$`);
  const runs: { name: string; at: number }[] = [];
  try {
    for (const e of Deno.readDirSync(resolve(root, reportsDir))) {
      if (!e.isDirectory || e.name.startsWith(".")) continue;
      const summary = join(resolve(root, reportsDir), e.name, "summary.json");
      const s = readJson(summary) as { spec?: { id?: unknown } } | undefined;
      const id = typeof s?.spec?.id === "string" ? s.spec.id : undefined;
      if (id === undefined ? !byName.test(e.name) : id !== specId) continue;
      let at = 0;
      try {
        at = Deno.statSync(summary).mtime?.getTime() ?? 0;
      } catch { /* no summary: by name */ }
      runs.push({ name: e.name, at });
    }
  } catch {
    return [];
  }
  return runs
    .sort((a, b) => b.at - a.at || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0))
    .map((r) => r.name);
}

/** True when a run folder's summary says that it wrote its migration. */
export function wasApplied(runDir: string): boolean {
  const s = readJson(join(runDir, "summary.json"));
  return !!s && s.applied === true && s.status === "ok";
}

/** The last applied run's to-schema snapshot, or undefined when no run was applied. */
export function lastAppliedSnapshot(
  root: string,
  reportsDir: string,
  specId: string,
): { path: string; runId: string } | undefined {
  for (const id of runsOfSpec(root, reportsDir, specId)) {
    const dir = resolve(root, reportsDir, id);
    const snap = join(dir, "to-schema.sql");
    if (wasApplied(dir) && isFile(snap)) return { path: toPosix(relative(root, snap)), runId: id };
  }
  return undefined;
}

/**
 * The baseline for `db/schema.sql`: the last applied run's snapshot; else, when the project has
 * no migration files of any tool (in `migrationsDir` or the conventional folders), the empty
 * schema; else undefined (the user has to say where the database stands: `--from-schema`).
 * The migration-tool detection (apply/detect.ts and the formats) loads only here.
 */
export async function findBaseline(
  root: string,
  reportsDir: string,
  specId: string,
  migrationsDir = "db/migrations",
): Promise<Baseline | undefined> {
  const last = lastAppliedSnapshot(root, reportsDir, specId);
  if (last) {
    return {
      ...last,
      chosenBy: `to-schema.sql of run ${last.runId}, the last run that wrote its migration`,
    };
  }
  const runs = runsOfSpec(root, reportsDir, specId).length;
  const { detectTool } = await import("../apply/detect.ts");
  if (detectTool(diskView(root), migrationsDir)) return undefined;
  return {
    chosenBy: `empty schema: no run of this spec wrote its migration yet` +
      (runs ? ` (${runs} preview or blocked run(s) do not count)` : "") +
      ` and the project has no migration files`,
  };
}
