/**
 * The command line: reads the project, runs the pipeline, writes the run folder (and with
 * --apply the migrations folder), prints the result. Expected errors become one message and
 * the documented exit code, never a stack trace.
 * @module
 */
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import denoJson from "../../deno.json" with { type: "json" };
import { InputError, RunError } from "../errors.ts";
import type { Dialect } from "../model/schema.ts";
import {
  archiveTagOf,
  initDialect,
  loadRules,
  type PipelineResult,
  runPipeline,
} from "../pipeline.ts";
import { decodeSqlFile } from "../parse/source.ts";
import { checkNesting } from "../parse/nesting.ts";
import { renderReport } from "../report/report_md.ts";
import { ruleTexts } from "../report/rules_i18n.ts";
import {
  changeEntries,
  countChanges,
  type RunStatus,
  type Summary,
  unmanagedEntries,
} from "../report/summary.ts";
import { parseSpec } from "../spec/spec.ts";
import { looseBlockWarning, looseIntentBlocks } from "../spec/blocks.ts";
import { acceptedLosses } from "../spec/accept_loss.ts";
import { type CliArgs, parseCliArgs, USAGE } from "./args.ts";
import { type Config, CONFIG_PATH, DEFAULT_CONFIG, parseConfig } from "./config.ts";
import { exists, writeFolderAtomic } from "./fs.ts";
import { detectSchemas, resolveSpecPath, specFolderName } from "./project.ts";
import { planApply } from "../apply/apply.ts";
import { changeFingerprint, folderState } from "../apply/checksum.ts";
import { diskView } from "../apply/project_view.ts";
import { writeApply } from "../apply/write.ts";
import { notWritable, notWritableMessage } from "../apply/permissions.ts";
import { installWorkflow } from "./install_workflow.ts";
import { guardOutputDir } from "./paths_guard.ts";
import { releaseRunLocks, reserveRunId } from "./run_lock.ts";
import { MAX_SCHEMA_BYTES, readInputBytes, readInputText } from "./read_input.ts";
import { envVar, searchedFolderError } from "./where.ts";
import { withDialectHint } from "./dialect_hint.ts";
import { currentInvocation, decisionFixes, fixText, nextCommands } from "./next_steps.ts";
import { printPlan, printSummary, verificationLine } from "./terminal.ts";
import { Progress, progressMode, verifyWithProgress } from "./progress.ts";
import { ruleListing, ruleListingText } from "../classify/list.ts";
import type { VerificationResult } from "../verify/result.ts";

/** The tool's name. */
export const TOOL = "smartspec_data_migration_generator";
/** The tool's version (from deno.json). */
export const VERSION: string = denoJson.version;
/** Default reports folder. */
export const REPORTS_DIR = ".spec/reports/data-migration-generator";

const toPosix = (p: string) => p.split(sep).join("/");

interface Out {
  json: boolean;
  quiet: boolean;
}

function readText(root: string, path: string, what: string): string {
  try {
    return checkNesting(
      decodeSqlFile(readInputBytes(root, path, what, MAX_SCHEMA_BYTES), path),
      path,
    );
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read ${what} ${path}: ${(e as Error).message}`);
  }
}

function readRuleDir(root: string, dir: string): [string, string][] {
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
        out.push([
          toPosix(relative(root, p)),
          readInputText(root, toPosix(relative(root, p)), "rule file"),
        ]);
      }
    }
  };
  walk(abs);
  return out;
}

function defaultRunId(specId: string, now = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-` +
    `${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}Z-${specId}`;
}

function inferPlatform(args: CliArgs): Summary["platform"] {
  if (args.platform) return args.platform;
  if ((Deno.env.get("CI") ?? "").toLowerCase() === "true") return "ci";
  return "cli";
}

/** Runs the CLI with argv; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const out: Out = { json: argv.includes("--json"), quiet: argv.includes("--quiet") };
  try {
    return await run(argv, out);
  } catch (e) {
    if (e instanceof InputError || e instanceof RunError) {
      const code = e instanceof InputError ? 2 : 1;
      console.error(`${TOOL}: error: ${e.message}`);
      if (out.json) {
        console.log(
          JSON.stringify(
            {
              workflow: TOOL,
              version: VERSION,
              status: "error",
              exit_code: code,
              error: e.message,
            },
            null,
            2,
          ),
        );
      }
      return code;
    }
    const err = e as Error;
    console.error(`${TOOL}: internal error: ${err?.message ?? String(e)}`);
    if (Deno.env.get("SMARTSPEC_DEBUG")) console.error(err?.stack);
    if (out.json) {
      console.log(
        JSON.stringify(
          { workflow: TOOL, version: VERSION, status: "failed", exit_code: 1, error: err?.message },
          null,
          2,
        ),
      );
    }
    return 1;
  } finally {
    releaseRunLocks(); // a run that ends before writing its folder frees its run id
  }
}

async function run(argv: string[], out: Out): Promise<number> {
  const args = parseCliArgs(argv);
  out.json = args.json;
  out.quiet = args.quiet;
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.version) {
    console.log(`${TOOL} ${VERSION}`);
    return 0;
  }
  if (args.installWorkflow) {
    const r = installWorkflow(Deno.cwd(), args.installWorkflow);
    const text = `${r.status === "installed" ? "installed" : "up to date"}: ${r.path} (${r.what})`;
    if (out.json) console.log(JSON.stringify({ workflow: TOOL, version: VERSION, ...r }, null, 2));
    else if (!out.quiet) console.log(text);
    return 0;
  }
  if (!args.spec && !args.listRules) {
    throw new InputError("missing <spec_md>: the spec file under specs/ (see --help)");
  }
  const root = Deno.cwd();
  const platform = inferPlatform(args);
  const info = (s: string) => {
    if (!out.quiet) (out.json ? console.error : console.log)(s);
  };
  const warn = (s: string) => {
    if (!out.quiet) console.error(`${TOOL}: warning: ${s}`);
  };

  // config
  let config: Config = { ...DEFAULT_CONFIG };
  let configInfo: Summary["inputs"]["config"];
  const configPath = args.config ?? (exists(resolve(root, CONFIG_PATH)) ? CONFIG_PATH : undefined);
  if (configPath) {
    const text = readInputText(root, configPath, "config file");
    const parsed = parseConfig(text, configPath);
    config = parsed.config;
    parsed.warnings.forEach(warn);
    configInfo = { path: configPath, warnings: parsed.warnings };
  }

  // --list-rules: the effective catalog (built-in rules, user layers applied)
  if (args.listRules) {
    const dirs = [
      ...(exists(resolve(root, ".spec/migration-rules")) ? [".spec/migration-rules"] : []),
      ...config.rules,
      ...args.rules,
    ];
    const all = loadRules(dirs.map((d) => readRuleDir(root, d))).all();
    if (out.json) console.log(JSON.stringify(ruleListing(all, TOOL, VERSION), null, 2));
    else console.log(ruleListingText(all).trimEnd());
    return 0;
  }

  // spec
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

  // schemas
  const inputs = detectSchemas(
    root,
    specPath,
    spec,
    { from: args.fromSchema, to: args.toSchema },
    reportsDir,
    config.migrationsDir,
  );
  const fromText = inputs.from.text ?? readText(root, inputs.from.path, "schema file");
  const toText = inputs.to.text ?? readText(root, inputs.to.path, "schema file");

  // rules
  const layers: [string, string][][] = [];
  const userRuleDirs: string[] = [];
  if (exists(resolve(root, ".spec/migration-rules"))) userRuleDirs.push(".spec/migration-rules");
  userRuleDirs.push(...config.rules, ...args.rules);
  for (const d of userRuleDirs) layers.push(readRuleDir(root, d));
  const rules = loadRules(layers);

  // run id
  const runDir = (id: string) => resolve(root, reportsDir, id);
  const runId = reserveRunId(
    resolve(root, reportsDir),
    reportsDir,
    args.runId,
    defaultRunId(spec.id),
  );

  const progress = new Progress(progressMode({
    quiet: out.quiet,
    platform,
    isTerminal: Deno.stderr.isTerminal(),
  }));
  const sqlDialect = await initDialect(dialect);
  // the verification engine starts now, in parallel with the pipeline, when it will be needed
  const prepared = args.verify ? sqlDialect.prepareVerify?.({ fromSql: fromText }) : undefined;
  let result: PipelineResult;
  let verification: VerificationResult;
  try {
    const texts = { [inputs.from.path]: fromText, [inputs.to.path]: toText };
    result = withDialectHint(
      () =>
        runPipeline({
          dialect: sqlDialect,
          spec,
          from: { path: inputs.from.path, text: fromText },
          to: { path: inputs.to.path, text: toText },
          rules,
          runId,
          archiveTag: archiveTagOf(runId),
          tool: TOOL,
          version: VERSION,
          lockTimeout: config.lockTimeout,
          statementTimeout: config.statementTimeout,
          online: args.online || config.online,
          onPhase: (name, detail, ms) => progress.phase(name, detail, ms),
        }),
      dialect,
      texts,
    );

    const acceptLoss = acceptedLosses(spec, result.to, sqlDialect.caps.defaultSchema);

    // verification (only of a complete plan)
    const verifying = args.verify && !result.steps.some((s) => s.item.blocked) &&
      !!result.files.steps && !!sqlDialect.verify;
    if (!verifying) await prepared?.dispose();
    verification = !args.verify
      ? { status: "skipped", reason: "--no-verify" }
      : result.steps.some((s) => s.item.blocked) || !result.files.steps
      ? { status: "skipped", reason: "nothing to verify" }
      : !sqlDialect.verify
      ? { status: "skipped", reason: `${dialect} has no embedded verification engine` }
      : await verifyWithProgress(progress, () =>
        sqlDialect.verify!({
          fromSql: fromText,
          toSql: toText,
          migrationSql: result.files.migration,
          rollbackSql: result.files.rollback,
          from: result.from,
          to: result.to,
          steps: result.steps,
          acceptLoss,
          devUrl: args.devUrl,
        }, prepared));
  } catch (e) {
    await prepared?.dispose();
    throw e;
  }
  progress.done();
  if (verification.status === "skipped" && /^not verified/.test(verification.reason ?? "")) {
    warn(verification.reason!);
  }
  const unverified = !!args.requireVerify && !!result.files.steps &&
    !["passed", "guarded"].includes(verification.status);
  if (unverified) {
    console.error(`${TOOL}: --require-verify: ${verification.reason ?? "not verified"}`);
  }
  if (verification.status === "failed") {
    console.error(`${TOOL}: verification failed: ${verification.reason ?? "see report.md"}`);
    for (const d of verification.differences?.slice(0, 10) ?? []) console.error(`  ${d}`);
  }

  // status
  const entries = changeEntries(result.steps);
  const blocked = entries.filter((e) => e.blocked).map((e) => `[${e.n}] ${e.blocked}`);
  let status: RunStatus = blocked.length
    ? "blocked"
    : verification.status === "failed" || unverified
    ? "failed"
    : entries.length
    ? "ok"
    : "no_changes";
  let refused: string | undefined;
  const unacknowledged = result.steps.filter((s) =>
    s.item.safety === "destructive" &&
    !((s.item.change.kind === "drop_column" || s.item.change.kind === "drop_table") &&
      s.item.change.acknowledged)
  );
  if (args.apply && status === "failed") {
    refused = `--apply refused: verification failed (${verification.reason ?? "see report.md"})`;
  } else if (args.apply && status === "blocked") {
    refused = `--apply refused: ${blocked.length} change(s) need a decision first`;
  } else if (args.apply && unacknowledged.length && !args.allowDestructive) {
    refused =
      `--apply refused: ${unacknowledged.length} destructive change(s) are not acknowledged ` +
      `(${
        unacknowledged.map((s) => `${s.item.change.kind} ${s.item.described.target}`).join(", ")
      }); ` +
      `add a \`drop:\` intent to the spec or pass --allow-destructive`;
  }
  // the migrations folder against its checksum file (smartspec.sum)
  const folderNow = folderState(
    diskView(root),
    config.migrationsDir,
    status === "ok"
      ? changeFingerprint(result.files.migration, runId, archiveTagOf(runId))
      : undefined,
  );
  for (const p of folderNow.problems) warn(p);
  const alreadyBy = args.apply && !refused ? folderNow.alreadyBy : undefined;
  if (args.apply && !refused && status === "ok" && folderNow.problems.length) {
    refused = `--apply refused: the migrations folder does not match ${folderNow.sumPath} ` +
      `(${folderNow.problems.join("; ")}); if that is intended, delete ${folderNow.sumPath} ` +
      `and run again: it records the folder as it is`;
  }
  if (refused) status = "refused";
  const exitCode = status === "blocked" || status === "refused" || status === "failed" ? 1 : 0;

  // files
  const folderRel = toPosix(join(reportsDir, runId));
  const files: Record<string, string> = {
    migration: `${folderRel}/migration.sql`,
    rollback: `${folderRel}/rollback.sql`,
    report: `${folderRel}/report.md`,
    summary: `${folderRel}/summary.json`,
    from_schema: `${folderRel}/from-schema.sql`,
    to_schema: `${folderRel}/to-schema.sql`,
  };
  const apply = args.apply && !refused && status !== "no_changes" && !alreadyBy
    ? planApply({
      view: diskView(root),
      config,
      tool: args.migrationTool,
      specId: spec.id,
      runId,
      files: result.files,
      generator: `${TOOL} ${VERSION}`,
      project: basename(root),
      archiveTag: archiveTagOf(runId),
    })
    : undefined;
  if (apply) files.change_plan = `${folderRel}/change_plan.md`;

  const risks = result.steps
    .filter((s) => s.item.safety !== "safe" && !s.item.blocked)
    .map((s) => `[${s.n}] ${s.item.safety}: ${s.item.message}`);
  const invocation = currentInvocation(root, TOOL);
  const next = nextCommands(argv, invocation, {
    status,
    applied: !!apply,
    apply: args.apply,
    alreadyThere: !!alreadyBy,
    destructive: !!refused && unacknowledged.length > 0 && !args.allowDestructive,
    written: apply
      ? { tool: apply.tool, dir: apply.dir, up: apply.paths.find((p) => /up\.sql$/.test(p)) }
      : undefined,
  }, TOOL);
  const fixes = decisionFixes(result.steps, {
    specPath,
    toPath: inputs.to.path,
    hasBlock: spec.blockLine !== undefined,
  }, refused && unacknowledged.length && !args.allowDestructive ? unacknowledged : []);
  const summary: Summary = {
    workflow: TOOL,
    version: VERSION,
    run_id: runId,
    status,
    exit_code: exitCode,
    platform,
    applied: !!apply,
    spec: { path: specPath, id: spec.id },
    dialect,
    inputs: {
      from_schema: {
        path: inputs.from.path,
        chosen_by: inputs.from.chosenBy,
        ...(inputs.from.baselineRun ? { baseline_run: inputs.from.baselineRun } : {}),
      },
      to_schema: { path: inputs.to.path, chosen_by: inputs.to.chosenBy },
      config: configInfo,
      rules: {
        builtin: rules.all().filter((r) => r.origin === "builtin").length,
        user: userRuleDirs,
      },
    },
    changes: entries,
    counts: countChanges(entries),
    unmanaged: unmanagedEntries([
      { file: inputs.from.path, items: result.from.unmanaged },
      { file: inputs.to.path, items: result.to.unmanaged },
    ]),
    risks,
    blocked,
    files,
    verification,
    writes: {
      run_folder: folderRel,
      migrations: apply?.paths ?? [],
      ...(apply ? { checksums: apply.sumPath } : {}),
      ...(alreadyBy ? { already_written_by: alreadyBy } : {}),
    },
    refused,
    timings_ms: Object.fromEntries(
      Object.entries(result.timings).map(([k, v]) => [k, Math.round(v * 10) / 10]),
    ),
    ...(fixes.length ? { decisions: fixes } : {}),
    next: { cli: next.cli, kilo: next.kilo, why: next.why },
  };
  const help = new Map(
    result.steps.filter((s) => s.item.rule).map((s) => [s.item.ruleId, s.item.rule!.help]),
  );
  const folder: Record<string, string> = {
    "migration.sql": result.files.migration,
    "rollback.sql": result.files.rollback,
    "report.md": renderReport(
      summary,
      help,
      args.lang,
      ruleTexts(result.steps, args.lang, sqlDialect.quoting),
    ),
    "summary.json": JSON.stringify(summary, null, 2) + "\n",
    "from-schema.sql": fromText,
    "to-schema.sql": toText,
  };
  if (apply) folder["change_plan.md"] = apply.changePlan;
  const denied = notWritable(root, [
    folderRel,
    ...(apply ? [...apply.paths, apply.sumPath] : []),
  ]);
  if (denied.length) throw new InputError(notWritableMessage(denied));
  for (const p of apply?.paths ?? []) guardOutputDir(root, dirname(p), "--apply");
  // the migration files first, the run folder (with the summary that lists them) last: a kill
  // in between never leaves a summary that lists files that are not there
  if (apply) {
    try {
      writeApply(root, apply.writes);
    } catch (e) {
      summary.status = "failed";
      summary.exit_code = 1;
      summary.refused = `writing the migrations failed: ${(e as Error).message}`;
      folder["summary.json"] = JSON.stringify(summary, null, 2) + "\n";
      writeFolderAtomic(runDir(runId), folder);
      throw new RunError(summary.refused);
    }
  }
  writeFolderAtomic(runDir(runId), folder);

  // output: the plan, what needs a decision, then the summary last
  const human = !out.json && !out.quiet;
  const diag = (l: string) => {
    if (!out.quiet) console.error(l);
  };
  if (out.json) {
    console.log(
      JSON.stringify(
        { ...summary, sql: { migration: result.files.migration, rollback: result.files.rollback } },
        null,
        2,
      ),
    );
    if (fixes.length) fixText(fixes).forEach(diag);
  } else if (human) {
    printPlan(summary, args.sql ? result.files : undefined, fixes, info);
  }
  if (refused) console.error(`${TOOL}: ${refused}`);
  else if (status === "blocked") {
    console.error(
      `${TOOL}: not generated, ${blocked.length} change(s) need a decision` +
        (human ? " (the fixes are above)" : ":"),
    );
    if (!human) { for (const b of blocked) console.error(`  ${b}`); }
  }
  if (human) printSummary(summary, next.why, info);
  else if (out.json) {
    const v = verificationLine(summary.verification);
    if (v) diag(v);
  }
  return exitCode;
}
