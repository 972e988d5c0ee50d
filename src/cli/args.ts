/**
 * Command-line flags (node:util parseArgs, strict): everything in CONTRACT.md's invocation.
 * @module
 */
import { parseArgs } from "node:util";
import { InputError } from "../errors.ts";
import type { Dialect } from "../model/schema.ts";
import { AGENTS } from "./agents.ts";
import { closest } from "./suggest.ts";
import { parseDevUrl } from "../dialects/mysql/dev_url.ts";

/** Platforms. */
export const PLATFORMS = ["cli", "kilo", "ci", "other"] as const;
/** Report languages. */
export const LANGS = ["en", "th"] as const;
/** Dialects. */
export const DIALECTS = ["postgresql", "mysql", "mariadb", "sqlite"] as const;
/** Migration tools for --apply. */
export const MIGRATION_TOOLS = [
  "raw-sql",
  "dbmate",
  "golang-migrate",
  "goose",
  "flyway",
  "liquibase",
  "sqitch",
] as const;

/** Parsed flags. */
export interface CliArgs {
  spec?: string;
  fromSchema?: string;
  toSchema?: string;
  apply: boolean;
  json: boolean;
  platform?: typeof PLATFORMS[number];
  quiet: boolean;
  out?: string;
  config?: string;
  lang: typeof LANGS[number];
  dialect?: Dialect;
  migrationTool?: typeof MIGRATION_TOOLS[number];
  allowDestructive: boolean;
  verify: boolean;
  rules: string[];
  runId?: string;
  version: boolean;
  help: boolean;
  /** `--list-rules`: print the rule catalog instead of a run (set only when given). */
  listRules?: boolean;
  /** `--sql`: print migration.sql and rollback.sql on the terminal (set only when given). */
  sql?: boolean;
  /** `--online`: recipes that avoid long locks (set only when given). */
  online?: boolean;
  /** `--batch-size`: rows per batch of an online backfill (set only when given). */
  batchSize?: number;
  /** `--batch-pause`: pause between batches of an online backfill, ms (set only when given). */
  batchPauseMs?: number;
  /** `--dev-url`: verify on this local server (set only when given). */
  devUrl?: string;
  /** `--require-verify`: a run that was not verified exits 1 (set only when given). */
  requireVerify?: boolean;
  /** `--install-workflow`: install the agent command file instead of a run. */
  installWorkflow?: typeof AGENTS[number];
}

/** The --help text. */
export const USAGE =
  `smartspec_data_migration_generator: a safe, reversible data migration from a schema change

Usage:
  smartspec_data_migration_generator <spec_md> [--from-schema <path>] [--to-schema <path>]
      [--apply] [--json] [--platform cli|kilo|ci|other] [--quiet] [--out <dir>] [--config <path>]
      [--lang en|th] [--dialect postgresql|mysql|mariadb|sqlite] [--migration-tool <tool>]
      [--allow-destructive] [--no-verify] [--rules <dir>]... [--run-id <id>] [--version] [--help]
      [--online] [--batch-size <rows>] [--batch-pause <ms>] [--list-rules] [--sql]
      [--dev-url <url>] [--require-verify]

  <spec_md>             the feature's spec, under specs/ of the project (the current directory)
  --from-schema <path>  the current schema (SQL DDL); auto-detected when absent
  --to-schema <path>    the target schema; auto-detected when absent
  --apply               also write the migration into the project's migrations folder
  --json                print the run summary as one JSON document (diagnostics on stderr)
  --platform <p>        cli, kilo (Kilo Code), ci or other; inferred when absent (CI=true: ci)
  --quiet               print errors only
  --out <dir>           run folders go to <dir>/<run-id>/ instead of .spec/reports/data-migration-generator/
  --config <path>       config file (default .spec/smartspec.config.yaml when present)
  --lang en|th          language of report.md
  --dialect <d>         SQL dialect (default: the spec's, then postgresql)
  --migration-tool <t>  ${MIGRATION_TOOLS.join(", ")}
  --allow-destructive   let --apply write a plan with unacknowledged destructive changes
  --no-verify           skip the embedded round-trip verification
  --dev-url <url>       verify on a local server instead (mysql://, mariadb://: user:pass@127.0.0.1:3306/;
                        loopback hosts or ?socket= only); a scratch database is created and dropped
  --require-verify      exit 1 when the run could not be verified (MySQL/MariaDB without --dev-url)
  --rules <dir>         extra rule files (repeatable); override built-in rules by id
  --run-id <id>         run folder name (default YYYYMMDD-HHMMSSZ-<spec-id>)
  --online              pick recipes that avoid long locks (CREATE INDEX CONCURRENTLY, NOT VALID
                        then VALIDATE, data moves backfilled in batches); some steps then run
                        outside the transaction
  --batch-size <rows>   rows per batch of an online backfill (default 10000; MySQL 1000)
  --batch-pause <ms>    pause between the batches of an online backfill (default 0)
  --sql                 also print migration.sql and rollback.sql (the terminal shows the plan
                        per change otherwise; the files are in the run folder)
  --list-rules          print the rule catalog (built-in and --rules / .spec/migration-rules);
                        with --json as one JSON document; needs no spec
  --install-workflow <agent>
                        install the command file that runs this tool for an agent: kilo
                        (.kilocode/workflows/), claude (.claude/commands/) or roo (.roo/commands/);
                        needs no spec

Exit codes: 0 success (also preview and no changes), 1 refused or failed, 2 invalid input.
`;

function oneOf<T extends string>(
  flag: string,
  v: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) {
    const near = closest(v, allowed);
    throw new InputError(
      `--${flag} must be one of ${allowed.join(", ")}, not "${v}"` +
        (near ? `: did you mean ${near}?` : ""),
    );
  }
  return v as T;
}

/** Longest --run-id (a folder name, with room for a "-N" suffix and temporary names). */
export const MAX_RUN_ID = 128;

/** A flag given twice (other than the repeatable ones) is an error, not "the last one wins". */
function rejectRepeatedFlags(
  tokens: { kind: string; name?: string; rawName?: string }[],
  repeatable: string[],
): void {
  const seen = new Set<string>();
  for (const t of tokens) {
    if (t.kind !== "option" || !t.name || repeatable.includes(t.name)) continue;
    if (seen.has(t.name)) throw new InputError(`flag --${t.name} is given more than once`);
    seen.add(t.name);
  }
}

/** The flags (node:util parseArgs options). */
const OPTIONS = {
  "from-schema": { type: "string" },
  "to-schema": { type: "string" },
  apply: { type: "boolean", default: false },
  json: { type: "boolean", default: false },
  platform: { type: "string" },
  quiet: { type: "boolean", default: false },
  out: { type: "string" },
  config: { type: "string" },
  lang: { type: "string" },
  dialect: { type: "string" },
  "migration-tool": { type: "string" },
  "allow-destructive": { type: "boolean", default: false },
  "no-verify": { type: "boolean", default: false },
  rules: { type: "string", multiple: true },
  "run-id": { type: "string" },
  version: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
  "install-workflow": { type: "string" },
  "list-rules": { type: "boolean" },
  online: { type: "boolean" },
  "batch-size": { type: "string" },
  "batch-pause": { type: "string" },
  "dev-url": { type: "string" },
  "require-verify": { type: "boolean" },
  sql: { type: "boolean" },
} as const;

/** Parses argv; invalid flags throw InputError (exit 2). */
export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: OPTIONS,
    });
  } catch (e) {
    const msg = (e as Error).message;
    const m = /Unknown option '([^']+)'/.exec(msg);
    if (m) {
      const near = m[1].startsWith("--")
        ? closest(m[1].slice(2).split("=")[0], Object.keys(OPTIONS))
        : undefined;
      throw new InputError(
        `unknown flag ${m[1]}` + (near ? `: did you mean --${near}?` : " (see --help)"),
      );
    }
    const v = /Option '([^']+)'.*argument missing/.exec(msg);
    if (v) throw new InputError(`flag ${v[1].split(" ")[0]} needs a value`);
    throw new InputError(msg.split("\n")[0]);
  }
  const { values: o, positionals } = parsed;
  rejectRepeatedFlags(parsed.tokens ?? [], ["rules"]);
  if (positionals.length > 1) {
    throw new InputError(
      `one spec file expected, got ${positionals.length}: ${positionals.join(" ")}`,
    );
  }
  for (const k of ["from-schema", "to-schema", "out", "config", "run-id"] as const) {
    if (o[k] !== undefined && o[k] === "") throw new InputError(`--${k} needs a value`);
  }
  if (o["run-id"] !== undefined && o["run-id"].length > MAX_RUN_ID) {
    throw new InputError(
      `--run-id is ${o["run-id"].length} characters long; at most ${MAX_RUN_ID}`,
    );
  }
  if (o["run-id"] !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(o["run-id"])) {
    throw new InputError(
      `--run-id may hold letters, digits, '.', '_' and '-' only, not "${o["run-id"]}"`,
    );
  }
  const count = (flag: string, v: string | undefined, min: number): number | undefined => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > 100_000_000) {
      throw new InputError(`--${flag} must be a whole number from ${min}, not "${v}"`);
    }
    return Number(v);
  };
  const batchSize = count("batch-size", o["batch-size"], 1);
  const batchPauseMs = count("batch-pause", o["batch-pause"], 0);
  return {
    spec: positionals[0],
    fromSchema: o["from-schema"],
    toSchema: o["to-schema"],
    apply: !!o.apply,
    json: !!o.json,
    platform: oneOf("platform", o.platform, PLATFORMS),
    quiet: !!o.quiet,
    out: o.out,
    config: o.config,
    lang: oneOf("lang", o.lang, LANGS) ?? "en",
    dialect: oneOf("dialect", o.dialect, DIALECTS),
    migrationTool: oneOf("migration-tool", o["migration-tool"], MIGRATION_TOOLS),
    allowDestructive: !!o["allow-destructive"],
    verify: !o["no-verify"],
    rules: o.rules ?? [],
    runId: o["run-id"],
    version: !!o.version,
    help: !!o.help,
    // only when given, so that a run's parsed flags stay as they were
    ...(o["list-rules"] ? { listRules: true } : {}),
    ...(o.online ? { online: true } : {}),
    ...(batchSize !== undefined ? { batchSize } : {}),
    ...(batchPauseMs !== undefined ? { batchPauseMs } : {}),
    ...(o["dev-url"] !== undefined ? { devUrl: parseDevUrl(o["dev-url"]) && o["dev-url"] } : {}),
    ...(o["require-verify"] ? { requireVerify: true } : {}),
    ...(o.sql ? { sql: true } : {}),
    ...(o["install-workflow"] !== undefined
      ? { installWorkflow: oneOf("install-workflow", o["install-workflow"], AGENTS) }
      : {}),
  };
}
