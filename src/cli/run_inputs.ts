/**
 * What a run reads from the project before it generates anything: the config, the spec and its
 * dialect, the two schema files, the user's rules and the run id (reserved, so that two runs at
 * once never share a folder). Bad input is an InputError naming the file.
 * @module
 */
import { join, relative, resolve, sep } from "node:path";
import { InputError } from "../errors.ts";
import type { Dialect } from "../model/schema.ts";
import { loadRules } from "../pipeline.ts";
import type { RuleSet } from "../classify/rules.ts";
import { decodeSqlFile } from "../parse/source.ts";
import { checkNesting } from "../parse/nesting.ts";
import type { Summary } from "../report/summary.ts";
import { parseSpec, type Spec } from "../spec/spec.ts";
import { looseBlockWarning, looseIntentBlocks } from "../spec/blocks.ts";
import type { CliArgs } from "./args.ts";
import { type Config, CONFIG_PATH, DEFAULT_CONFIG, parseConfig } from "./config.ts";
import { exists } from "./fs.ts";
import { detectSchemas, resolveSpecPath, specFolderName } from "./project.ts";
import { guardOutputDir } from "./paths_guard.ts";
import { reserveRunId } from "./run_lock.ts";
import { MAX_SCHEMA_BYTES, readInputBytes, readInputText } from "./read_input.ts";
import { envVar, searchedFolderError } from "./where.ts";

/** Default reports folder. */
export const REPORTS_DIR = ".spec/reports/data-migration-generator";

/** The folder of user rules a project has by convention. */
const PROJECT_RULES = ".spec/migration-rules";

/** A path with `/` separators, as the report writes paths. */
export const toPosix = (p: string) => p.split(sep).join("/");

/** The config and what the summary says of it. */
export interface LoadedConfig {
  config: Config;
  info: Summary["inputs"]["config"];
}

/** Reads `--config` or `.spec/smartspec.config.yaml` when present; defaults otherwise. */
export function loadConfig(root: string, args: CliArgs, warn: (s: string) => void): LoadedConfig {
  const path = args.config ?? (exists(resolve(root, CONFIG_PATH)) ? CONFIG_PATH : undefined);
  if (!path) return { config: { ...DEFAULT_CONFIG }, info: undefined };
  const parsed = parseConfig(readInputText(root, path, "config file"), path);
  parsed.warnings.forEach(warn);
  return { config: parsed.config, info: { path, warnings: parsed.warnings } };
}

/** The user's rule folders: the project's own, the config's, then `--rules`. */
export function userRuleDirs(root: string, config: Config, args: CliArgs): string[] {
  return [
    ...(exists(resolve(root, PROJECT_RULES)) ? [PROJECT_RULES] : []),
    ...config.rules,
    ...args.rules,
  ];
}

/** The rule files of a folder, as [path, text], in name order (sub-folders included). */
export function readRuleDir(root: string, dir: string): [string, string][] {
  const abs = resolve(root, dir);
  let st: Deno.FileInfo;
  try {
    st = Deno.statSync(abs);
  } catch {
    throw new InputError(`rules folder not found: ${dir}`);
  }
  if (!st.isDirectory) throw new InputError(`--rules needs a folder: ${dir}`);
  const out: [string, string][] = [];
  const walk = (d: string) => {
    for (const e of [...Deno.readDirSync(d)].sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory) walk(p);
      else if (/\.ya?ml$/.test(e.name)) {
        const rel = toPosix(relative(root, p));
        out.push([rel, readInputText(root, rel, "rule file")]);
      }
    }
  };
  walk(abs);
  return out;
}

/**
 * The built-in rules with the user's layers over them. The rule loader (YAML, the dialects'
 * template variables) is loaded only when there are user rules.
 */
export async function loadRuleSet(root: string, dirs: string[]): Promise<RuleSet> {
  const layers = dirs.map((d) => readRuleDir(root, d));
  if (!layers.some((l) => l.length)) return loadRules();
  const { loadRule } = await import("../classify/rules.ts");
  return loadRules(layers.map((l) => l.map(([p, t]) => loadRule(t, p, "user"))));
}

function readSchema(root: string, path: string): string {
  try {
    return checkNesting(
      decodeSqlFile(readInputBytes(root, path, "schema file", MAX_SCHEMA_BYTES), path),
      path,
    );
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read schema file ${path}: ${(e as Error).message}`);
  }
}

/** `YYYYMMDD-HHMMSSZ-<spec-id>`. */
export function defaultRunId(specId: string, now = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-` +
    `${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}Z-${specId}`;
}

/** Everything a run reads before generating. */
export interface RunInputs {
  specPath: string;
  spec: Spec;
  dialect: Dialect;
  reportsDir: string;
  schemas: Awaited<ReturnType<typeof detectSchemas>>;
  fromText: string;
  toText: string;
  rules: RuleSet;
  ruleDirs: string[];
  runId: string;
}

/** Reads the spec, the schemas and the rules, and reserves the run id. */
export async function readRunInputs(
  root: string,
  args: CliArgs,
  config: Config,
  warn: (s: string) => void,
): Promise<RunInputs> {
  let specPath: string;
  try {
    specPath = resolveSpecPath(root, args.spec!);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    throw searchedFolderError(e, root, envVar("INIT_CWD"));
  }
  const specText = readInputText(root, specPath, "spec");
  const spec = parseSpec(specText, specPath, specFolderName(specPath));
  for (const b of looseIntentBlocks(specText)) warn(looseBlockWarning(specPath, b));
  const dialect: Dialect = args.dialect ?? spec.dialect ?? config.dialect ?? "postgresql";
  const reportsDir = args.out ?? REPORTS_DIR;
  guardOutputDir(root, reportsDir, args.out ? "--out" : "the reports folder");

  const schemas = await detectSchemas(
    root,
    specPath,
    spec,
    { from: args.fromSchema, to: args.toSchema },
    reportsDir,
    config.migrationsDir,
  );
  const fromText = schemas.from.text ?? readSchema(root, schemas.from.path);
  const toText = schemas.to.text ?? readSchema(root, schemas.to.path);

  const ruleDirs = userRuleDirs(root, config, args);
  const rules = await loadRuleSet(root, ruleDirs);
  const runId = reserveRunId(
    resolve(root, reportsDir),
    reportsDir,
    args.runId,
    defaultRunId(spec.id),
  );
  return { specPath, spec, dialect, reportsDir, schemas, fromText, toText, rules, ruleDirs, runId };
}
