/**
 * The command line: reads the project, runs the pipeline, writes the run folder (and with
 * --apply the migrations folder), prints the result. Expected errors become one message and
 * the documented exit code, never a stack trace.
 * @module
 */
import denoJson from "../../deno.json" with { type: "json" };
import { InputError, RunError } from "../errors.ts";
import type { Summary } from "../report/summary.ts";
import { type CliArgs, parseCliArgs, USAGE } from "./args.ts";
import type { Config } from "./config.ts";
import { releaseRunLocks } from "./run_lock.ts";
import { Progress, progressMode } from "./progress.ts";
import { loadConfig, loadRuleSet, readRunInputs, userRuleDirs } from "./run_inputs.ts";
import { generate, type Generated } from "./run_generate.ts";
import { decideOutcome } from "./run_outcome.ts";
import { summarise } from "./run_summary.ts";
import { printRun, writeRun } from "./run_output.ts";

/** The tool's name. */
export const TOOL = "smartspec_data_migration_generator";
/** The tool's version (from deno.json). */
export const VERSION: string = denoJson.version;
/** Default reports folder. */
export { REPORTS_DIR } from "./run_inputs.ts";

interface Out {
  json: boolean;
  quiet: boolean;
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

/** --help, --version and --install-workflow: the exit code, or undefined for a real run. */
async function answered(args: CliArgs, out: Out): Promise<number | undefined> {
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.version) {
    console.log(`${TOOL} ${VERSION}`);
    return 0;
  }
  if (args.installWorkflow) {
    const { installWorkflow } = await import("./install_workflow.ts");
    const r = installWorkflow(Deno.cwd(), args.installWorkflow);
    const text = `${r.status === "installed" ? "installed" : "up to date"}: ${r.path} (${r.what})`;
    if (out.json) console.log(JSON.stringify({ workflow: TOOL, version: VERSION, ...r }, null, 2));
    else if (!out.quiet) console.log(text);
    return 0;
  }
  return undefined;
}

/** --list-rules: the effective catalog (built-in rules, user layers applied). */
async function listRules(root: string, args: CliArgs, config: Config, out: Out): Promise<number> {
  const { ruleListing, ruleListingText } = await import("../classify/list.ts");
  const all = (await loadRuleSet(root, userRuleDirs(root, config, args))).all();
  if (out.json) console.log(JSON.stringify(ruleListing(all, TOOL, VERSION), null, 2));
  else console.log(ruleListingText(all).trimEnd());
  return 0;
}

/** What the terminal says about verification before the summary. */
function reportVerification(args: CliArgs, g: Generated, warn: (s: string) => void): void {
  const v = g.verification;
  if (v.status === "skipped" && /^not verified/.test(v.reason ?? "")) warn(v.reason!);
  const unverified = !!args.requireVerify && !!g.result.files.steps &&
    !["passed", "guarded"].includes(v.status);
  if (unverified) console.error(`${TOOL}: --require-verify: ${v.reason ?? "not verified"}`);
  if (v.status === "failed") {
    console.error(`${TOOL}: verification failed: ${v.reason ?? "see report.md"}`);
    for (const d of v.differences?.slice(0, 10) ?? []) console.error(`  ${d}`);
  }
}

/** One run: read the inputs, generate, decide, write, print. */
async function run(argv: string[], out: Out): Promise<number> {
  const args = parseCliArgs(argv);
  out.json = args.json;
  out.quiet = args.quiet;
  const early = await answered(args, out);
  if (early !== undefined) return early;
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
  const config = loadConfig(root, args, warn);
  if (args.listRules) return listRules(root, args, config.config, out);

  const input = await readRunInputs(root, args, config.config, warn);
  const progress = new Progress(progressMode({
    quiet: out.quiet,
    platform,
    isTerminal: Deno.stderr.isTerminal(),
  }));
  const meta = { tool: TOOL, version: VERSION };
  const generated = await generate(args, config.config, input, meta, progress);
  progress.done();
  reportVerification(args, generated, warn);
  const outcome = await decideOutcome(root, args, config.config, input, generated, meta, warn);
  const summarised = summarise(root, argv, args, {
    ...meta,
    platform,
    config,
    input,
    generated,
    outcome,
  });
  await writeRun(root, args, input, generated, outcome, summarised);
  printRun(TOOL, args, out, generated, outcome, summarised, info);
  return outcome.exitCode;
}
