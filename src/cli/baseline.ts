/**
 * The baseline of a project with a single `db/schema.sql`: the schema its database has now.
 * That is the `to-schema.sql` snapshot of the last run of the spec that wrote its migration
 * (`--apply`, status ok); previews, blocked, refused and failed runs never move it. A project
 * where no run was applied yet and no migration tool's files exist starts from an empty schema
 * (its first migration creates everything).
 * @module
 */
import { join, relative, resolve, sep } from "node:path";
import { detectTool } from "../apply/detect.ts";
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

/** The run folders of a spec, newest first (names sort by time). */
export function runsOfSpec(root: string, reportsDir: string, specId: string): string[] {
  try {
    return [...Deno.readDirSync(resolve(root, reportsDir))]
      .filter((e) => e.isDirectory && !e.name.startsWith(".") && e.name.endsWith(`-${specId}`))
      .map((e) => e.name)
      .sort()
      .reverse();
  } catch {
    return [];
  }
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
 */
export function findBaseline(
  root: string,
  reportsDir: string,
  specId: string,
  migrationsDir = "db/migrations",
): Baseline | undefined {
  const last = lastAppliedSnapshot(root, reportsDir, specId);
  if (last) {
    return {
      ...last,
      chosenBy: `to-schema.sql of run ${last.runId}, the last run that wrote its migration`,
    };
  }
  const runs = runsOfSpec(root, reportsDir, specId).length;
  if (detectTool(diskView(root), migrationsDir)) return undefined;
  return {
    chosenBy: `empty schema: no run of this spec wrote its migration yet` +
      (runs ? ` (${runs} preview or blocked run(s) do not count)` : "") +
      ` and the project has no migration files`,
  };
}
