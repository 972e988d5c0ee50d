/**
 * The project on disk: checking that the spec lies under specs/, and finding the two schema
 * files in the documented order (flags, spec intents, spec folder, project db/, last run).
 * @module
 */
import { basename, dirname, isAbsolute, join, normalize, relative, resolve, sep } from "node:path";
import { InputError } from "../errors.ts";
import { guardInputFile } from "./paths_guard.ts";
import type { Spec } from "../spec/spec.ts";
import { EMPTY_BASELINE, findBaseline } from "./baseline.ts";

/** A chosen schema file. */
export interface SchemaInput {
  /** Path relative to the project root (forward slashes). */
  path: string;
  /** The rule that chose it. */
  chosenBy: string;
  /** The text, when it is not a file (the empty baseline). */
  text?: string;
  /** The run whose snapshot it is (the `db/schema.sql` baseline). */
  baselineRun?: string;
}

const toPosix = (p: string) => p.split(sep).join("/");

function isFile(p: string): boolean {
  try {
    return Deno.statSync(p).isFile;
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return Deno.statSync(p).isDirectory;
  } catch {
    return false;
  }
}

/**
 * Resolves the spec argument: it must be, after normalisation and symlink resolution, a file
 * under `specs/` of the project root. Returns the path relative to the root.
 */
export function resolveSpecPath(root: string, arg: string): string {
  const abs = resolve(root, arg);
  const rel = relative(root, abs);
  const under = (r: string) =>
    r !== "" && !r.startsWith("..") && !isAbsolute(r) &&
    toPosix(r).startsWith("specs/");
  if (!under(rel)) {
    throw new InputError(
      `the spec must be a file under specs/ of the project (${root}); "${arg}" is not`,
    );
  }
  if (!isFile(abs)) {
    throw new InputError(`spec file not found: ${toPosix(normalize(arg))}`);
  }
  const real = Deno.realPathSync(abs);
  const realRoot = Deno.realPathSync(root);
  if (!under(relative(realRoot, real))) {
    throw new InputError(
      `the spec ${toPosix(rel)} resolves to ${real}, which is not under specs/ of the project`,
    );
  }
  return toPosix(rel);
}

/** Checks a schema path given by the user and returns it relative to the root. */
export function checkSchemaPath(root: string, p: string, what: string): string {
  guardInputFile(root, p, what);
  const abs = resolve(root, p);
  if (!isFile(abs)) {
    throw new InputError(`${what} not found: ${p}`);
  }
  const rel = relative(root, abs);
  return toPosix(rel.startsWith("..") || isAbsolute(rel) ? abs : rel);
}

function versioned(dir: string): { n: number; name: string }[] {
  if (!isDir(dir)) return [];
  const out: { n: number; name: string }[] = [];
  for (const e of Deno.readDirSync(dir)) {
    const m = /^schema_v(\d+)\.sql$/.exec(e.name);
    if (m && e.isFile) out.push({ n: Number(m[1]), name: e.name });
  }
  return out.sort((a, b) => a.n - b.n);
}

/** Chooses the from- and to-schema files, first rule that applies. */
export async function detectSchemas(
  root: string,
  specPath: string,
  spec: Spec,
  flags: { from?: string; to?: string },
  reportsDir: string,
  migrationsDir?: string,
): Promise<{ from: SchemaInput; to: SchemaInput }> {
  let from: SchemaInput | undefined;
  let to: SchemaInput | undefined;
  if (flags.from) {
    from = { path: checkSchemaPath(root, flags.from, "schema file"), chosenBy: "--from-schema" };
  }
  if (flags.to) {
    to = { path: checkSchemaPath(root, flags.to, "schema file"), chosenBy: "--to-schema" };
  }
  const specLine = spec.blockLine ? `${specPath}:${spec.blockLine}` : specPath;
  if (!from && spec.fromSchema) {
    from = {
      path: checkSchemaPath(root, spec.fromSchema, `from_schema of ${specLine}`),
      chosenBy: "spec from_schema",
    };
  }
  if (!to && spec.toSchema) {
    to = {
      path: checkSchemaPath(root, spec.toSchema, `to_schema of ${specLine}`),
      chosenBy: "spec to_schema",
    };
  }
  const looked: string[] = [];
  const specDir = dirname(resolve(root, specPath));
  const relSpecDir = toPosix(relative(root, specDir));
  if (!from || !to) {
    const v = versioned(specDir);
    looked.push(`${relSpecDir}/schema_v<N>.sql`, `${relSpecDir}/from.sql + to.sql`);
    if (v.length >= 2) {
      from ??= {
        path: `${relSpecDir}/${v[v.length - 2].name}`,
        chosenBy: "spec folder schema_v<N>.sql",
      };
      to ??= {
        path: `${relSpecDir}/${v[v.length - 1].name}`,
        chosenBy: "spec folder schema_v<N>.sql",
      };
    } else if (isFile(join(specDir, "from.sql")) && isFile(join(specDir, "to.sql"))) {
      from ??= { path: `${relSpecDir}/from.sql`, chosenBy: "spec folder from.sql" };
      to ??= { path: `${relSpecDir}/to.sql`, chosenBy: "spec folder to.sql" };
    }
  }
  if (!from || !to) {
    const v = versioned(join(root, "db"));
    looked.push("db/schema_v<N>.sql");
    if (v.length >= 2) {
      from ??= { path: `db/${v[v.length - 2].name}`, chosenBy: "project db/schema_v<N>.sql" };
      to ??= { path: `db/${v[v.length - 1].name}`, chosenBy: "project db/schema_v<N>.sql" };
    }
  }
  if (!from || !to) {
    looked.push(
      `db/schema.sql against the to-schema.sql of the last run in ${reportsDir} that wrote ` +
        `its migration (--apply)`,
    );
    if (isFile(join(root, "db", "schema.sql"))) {
      const base = await findBaseline(root, reportsDir, spec.id, migrationsDir);
      if (base) {
        from ??= base.path
          ? { path: base.path, chosenBy: base.chosenBy, baselineRun: base.runId }
          : { path: EMPTY_BASELINE, chosenBy: base.chosenBy, text: "" };
        to ??= { path: "db/schema.sql", chosenBy: "project db/schema.sql" };
      } else if (!from) {
        looked.push(
          "(db/schema.sql exists, but no run of this spec wrote its migration yet and the " +
            "project has migration files: give the schema the database has now once with " +
            "--from-schema <file>)",
        );
      }
    }
  }
  if (!from || !to) {
    const missing = !from && !to
      ? "the from- and to-schema"
      : !from
      ? "the from-schema"
      : "the to-schema";
    throw new InputError(
      `cannot find ${missing} for ${specPath}; looked for --from-schema/--to-schema, ` +
        `from_schema/to_schema in the spec's yaml migration block, ${looked.join(", ")}`,
    );
  }
  return { from, to };
}

/** The spec's folder name (fallback spec id). */
export function specFolderName(specPath: string): string {
  return basename(dirname(specPath));
}
