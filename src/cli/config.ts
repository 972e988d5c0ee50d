/**
 * `.spec/smartspec.config.yaml`: project settings. A config that is not valid YAML is
 * reported with its line and the defaults are used.
 * @module
 */
import { isMap, LineCounter, parseDocument } from "yaml";
import type { Dialect } from "../model/schema.ts";
import { plainYaml } from "../spec/yaml_plain.ts";
import { DIALECTS, MIGRATION_TOOLS } from "./args.ts";

/** Settings of the generator (section `data_migration_generator:` of the config). */
export interface Config {
  dialect?: Dialect;
  migrationsDir: string;
  migrationTool?: typeof MIGRATION_TOOLS[number];
  lockTimeout: string;
  statementTimeout?: string;
  /** Online mode (`online: true`): recipes that avoid long locks, as `--online`. */
  online?: boolean;
  /** `privileges: manage | ignore` (PostgreSQL GRANT / REVOKE / default privileges). */
  privileges?: "manage" | "ignore";
  /** `owners: manage | ignore` (PostgreSQL OWNER TO). */
  owners?: "manage" | "ignore";
  /** Rows per batch of an online backfill (`online_batch_size`). */
  batchSize?: number;
  /** Pause between the batches of an online backfill, ms (`online_batch_pause_ms`). */
  batchPauseMs?: number;
  /** Extra rule folders, relative to the project root. */
  rules: string[];
}

/** Defaults. */
export const DEFAULT_CONFIG: Config = {
  migrationsDir: "db/migrations",
  lockTimeout: "5s",
  rules: [],
};

/** The default config path. */
export const CONFIG_PATH = ".spec/smartspec.config.yaml";

/** Parses config text; problems become warnings (file:line: message) and defaults are kept. */
export function parseConfig(text: string, path: string): { config: Config; warnings: string[] } {
  const warnings: string[] = [];
  const config: Config = { ...DEFAULT_CONFIG, rules: [] };
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const { line } = lc.linePos(e.pos[0]);
    warnings.push(
      `${path}:${line}: not valid YAML (${e.message.split("\n")[0]}); using the default settings`,
    );
    return { config, warnings };
  }
  const root = plainYaml(doc, undefined, path) as Record<string, unknown> | null;
  if (root === null || root === undefined) return { config, warnings };
  if (!isMap(doc.contents)) {
    warnings.push(`${path}:1: expected a mapping; using the default settings`);
    return { config, warnings };
  }
  const section =
    (root.data_migration_generator ?? root["data-migration-generator"] ?? {}) as Record<
      string,
      unknown
    >;
  const s = (k: string) => (typeof section[k] === "string" ? section[k] as string : undefined);
  const warn = (k: string, msg: string) =>
    warnings.push(`${path}: data_migration_generator.${k}: ${msg}`);
  const dialect = s("dialect");
  if (dialect !== undefined) {
    if ((DIALECTS as readonly string[]).includes(dialect)) config.dialect = dialect as Dialect;
    else warn("dialect", `unknown dialect "${dialect}", ignored`);
  }
  if (s("migrations_dir")) config.migrationsDir = s("migrations_dir")!;
  const tool = s("migration_tool");
  if (tool !== undefined) {
    if ((MIGRATION_TOOLS as readonly string[]).includes(tool)) {
      config.migrationTool = tool as Config["migrationTool"];
    } else warn("migration_tool", `unknown tool "${tool}", ignored`);
  }
  const timeout = (k: string) => {
    const v = section[k];
    if (v === undefined) return undefined;
    const t = String(v);
    if (!/^\d+(\.\d+)?\s*(ms|s|min|h)?$/.test(t)) {
      warn(k, `"${t}" is not a duration like 5s or 500ms, ignored`);
      return undefined;
    }
    return t;
  };
  config.lockTimeout = timeout("lock_timeout") ?? config.lockTimeout;
  config.statementTimeout = timeout("statement_timeout");
  if (section.online !== undefined) {
    if (typeof section.online === "boolean") config.online = section.online;
    else warn("online", `"${section.online}" is not true or false, ignored`);
  }
  for (const k of ["privileges", "owners"] as const) {
    const v = section[k];
    if (v === undefined) continue;
    if (v === "manage" || v === "ignore") config[k] = v;
    else warn(k, `"${v}" is not manage or ignore, ignored`);
  }
  const count = (k: string, min: number) => {
    const v = section[k];
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > 100_000_000) {
      warn(k, `"${v}" is not a whole number from ${min}, ignored`);
      return undefined;
    }
    return v;
  };
  const batchSize = count("online_batch_size", 1);
  if (batchSize !== undefined) config.batchSize = batchSize;
  const batchPauseMs = count("online_batch_pause_ms", 0);
  if (batchPauseMs !== undefined) config.batchPauseMs = batchPauseMs;
  if (Array.isArray(section.rules)) config.rules = section.rules.map(String);
  return { config, warnings };
}
