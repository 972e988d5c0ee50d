/**
 * What to do next: for each change that needs a decision, the exact intent lines to add or the
 * schema edit to make; and the command that follows from the run's state, written the way the
 * tool was invoked (the binary, `deno task gen`, or the full `deno run` line; the Kilo form).
 * @module
 */
import { basename, relative, resolve } from "node:path";
import type { Step } from "../plan/plan.ts";
import type { RunStatus } from "../report/summary.ts";
import { envVar } from "./where.ts";

/** How to fix one change that needs a decision. */
export interface DecisionFix {
  n: number;
  kind: string;
  target: string;
  /** Why it is stopped (the rule's `blocked` sentence). */
  problem: string;
  /** Where to make the edit (`specs/x/spec.md` or `db/schema.sql:4`). */
  where: string;
  /** The lines to add (intents, to go under `intents:`) or the schema edit. */
  lines: string[];
  /** One sentence saying what the lines are. */
  how: string;
  /** The kind of fix (for other languages): default, rename, transform, drop, rule. */
  fix: "default" | "rename" | "transform" | "drop" | "rule";
  /** The column or object the fix is about. */
  subject: string;
}

/** Where the inputs are, for the fixes. */
export interface FixContext {
  specPath: string;
  toPath: string;
  /** True when the spec has a `yaml migration` block already. */
  hasBlock: boolean;
}

/** A DEFAULT that fits a type, as an example for the user. */
function exampleDefault(typeName: string): string {
  if (/^(int[248]?|numeric|float[48]|decimal|smallint|bigint|integer|real|money)$/.test(typeName)) {
    return "0";
  }
  if (typeName === "bool") return "false";
  if (/^(timestamp|timestamptz)$/.test(typeName)) return "now()";
  if (typeName === "date") return "CURRENT_DATE";
  if (/^(jsonb?)$/.test(typeName)) return "'{}'";
  if (typeName === "uuid") return "gen_random_uuid()";
  return "''";
}

const intentWhere = (c: FixContext) =>
  c.hasBlock
    ? `${c.specPath} (under \`intents:\` of the \`yaml migration\` block)`
    : `${c.specPath} (a new block)`;

function wrapIntents(c: FixContext, lines: string[]): string[] {
  return c.hasBlock ? lines : ["```yaml migration", "intents:", ...lines, "```"];
}

/** The fix of one blocked step. */
export function fixOf(step: Step, ctx: FixContext): DecisionFix {
  const { item } = step;
  const ch = item.change;
  const target = item.described.target;
  const vars = item.described.vars as Record<string, unknown>;
  const base = { n: step.n, kind: ch.kind, target, problem: item.blocked ?? item.message };
  if (ch.kind === "add_column") {
    const col = ch.column;
    const d = exampleDefault(col.type.name);
    return {
      ...base,
      where: `${ctx.toPath}:${col.line}`,
      how: `give ${col.name} a DEFAULT (or make it nullable, backfill, then SET NOT NULL later)`,
      fix: "default",
      subject: col.name,
      lines: [`${col.name} ... NOT NULL DEFAULT ${d}`],
    };
  }
  if (ch.kind === "rename_column" && typeof vars.intent_line === "string") {
    return {
      ...base,
      where: intentWhere(ctx),
      how: `confirm the rename (or, if it is not one, acknowledge the drop with ` +
        `\`- drop: ${String(vars.drop_target ?? "")}\`)`,
      fix: "rename",
      subject: String(vars.drop_target ?? ""),
      lines: wrapIntents(ctx, [`  ${vars.intent_line.replace(/^\s*/, "")}`]),
    };
  }
  if (ch.kind === "alter_column_type") {
    const t = `${ch.table.name}.${ch.to.name}`;
    return {
      ...base,
      where: intentWhere(ctx),
      how: "describe the conversion and its rollback as SQL expressions over the old column",
      fix: "transform",
      subject: t,
      lines: wrapIntents(ctx, [
        `  - transform: ${t} -> ${t}`,
        `    up: "<expression over ${ch.from.name} giving the new value>"`,
        `    down: "<expression over ${ch.to.name} giving the old value back>"`,
      ]),
    };
  }
  if ((ch.kind === "drop_column" || ch.kind === "drop_table") && !ch.acknowledged) {
    return {
      ...base,
      where: intentWhere(ctx),
      how: "acknowledge the drop (the rollback restores it from smartspec_archive)",
      fix: "drop",
      subject: target,
      lines: wrapIntents(ctx, [`  - drop: ${target}`]),
    };
  }
  return {
    ...base,
    where: ctx.toPath,
    how: item.rule?.help?.trim().replace(/\s+/g, " ") ?? "change the schema so that a rule applies",
    fix: "rule",
    subject: target,
    lines: [],
  };
}

/** The fixes of every blocked step, and of `unacknowledged` drops that --apply refused. */
export function decisionFixes(
  steps: Step[],
  ctx: FixContext,
  unacknowledged: Step[] = [],
): DecisionFix[] {
  return [...steps.filter((s) => s.item.blocked), ...unacknowledged]
    .sort((a, b) => a.n - b.n)
    .map((s) => fixOf(s, ctx));
}

/** The fixes as text lines (terminal and report). */
export function fixText(fixes: DecisionFix[]): string[] {
  const out: string[] = [];
  for (const f of fixes) {
    out.push(`[${f.n}] ${f.kind} ${f.target}: ${f.problem}`);
    out.push(`    fix: ${f.how}, in ${f.where}${f.lines.length ? ":" : ""}`);
    for (const l of f.lines) out.push(`      ${l}`);
  }
  return out;
}

/** How the tool was started, so that `next:` lines can say the same. */
export interface Invocation {
  /** The words before the tool's own arguments. */
  prefix: string[];
  /** The form: `binary`, `task` or `run`. */
  form: "binary" | "task" | "run";
}

/** The invocation of this process (Deno.execPath, INIT_CWD under `deno task`, main module). */
export function currentInvocation(root: string, tool: string): Invocation {
  let exe = tool;
  try {
    exe = basename(Deno.execPath()).replace(/\.exe$/i, "");
  } catch { /* not allowed to read it: the binary */ }
  if (exe !== "deno") return { prefix: [exe === tool ? tool : exe], form: "binary" };
  const main = new URL(Deno.mainModule).pathname;
  const repo = resolve(main, "..");
  const initCwd = envVar("INIT_CWD");
  if (initCwd && resolve(repo) === resolve(root)) {
    return { prefix: ["deno", "task", "gen"], form: "task" };
  }
  const rel = (p: string) => {
    const r = relative(root, p);
    return r.startsWith("..") || r === "" ? p : r;
  };
  return {
    prefix: [
      "deno",
      "run",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--config",
      rel(resolve(repo, "deno.json")),
      rel(main),
    ],
    form: "run",
  };
}

const shellWord = (
  w: string,
) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(w) ? w : `'${w.replaceAll("'", `'\\''`)}'`);

/** argv without the flags a next command sets itself. */
function baseArgs(argv: string[], drop: string[], dropWithValue: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.split("=")[0];
    if (drop.includes(name)) continue;
    if (dropWithValue.includes(name)) {
      if (!a.includes("=")) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/** The state a next command follows from. */
export interface NextState {
  status: RunStatus;
  applied: boolean;
  /** --apply was given. */
  apply: boolean;
  /** The change was already in the migrations folder. */
  alreadyThere: boolean;
  /** Refused because of unacknowledged destructive changes. */
  destructive: boolean;
  /** The migration tool and the up file written, for the command that runs it. */
  written?: { tool: string; dir: string; up?: string };
}

/** The command that runs written migrations with their tool. */
export function runWrittenCommand(w: NonNullable<NextState["written"]>): string {
  switch (w.tool) {
    case "dbmate":
      return `dbmate --migrations-dir ${w.dir} up`;
    case "golang-migrate":
      return `migrate -path ${w.dir} -database "$DATABASE_URL" up`;
    case "goose":
      return `goose -dir ${w.dir} postgres "$DATABASE_URL" up`;
    case "flyway":
      return `flyway -locations=filesystem:${w.dir} migrate`;
    case "liquibase":
      return "liquibase update";
    case "sqitch":
      return "sqitch deploy";
    default:
      return `psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f ${w.up ?? `${w.dir}/<version>.up.sql`}`;
  }
}

/** The next command in CLI and Kilo forms, and a sentence saying why. */
export function nextCommands(
  argv: string[],
  inv: Invocation,
  state: NextState,
  tool: string,
): { cli: string; kilo: string; why: string } {
  const args = baseArgs(argv, ["--apply", "--allow-destructive"], ["--run-id", "--platform"]);
  const cmd = (extra: string[]) => [...inv.prefix, ...args, ...extra].map(shellWord).join(" ");
  const kilo = (extra: string[]) =>
    [`/${tool}.md`, ...args, ...extra, "--platform", "kilo"].map(shellWord).join(" ");
  const same = (extra: string[], why: string) => ({ cli: cmd(extra), kilo: kilo(extra), why });
  if (state.alreadyThere) {
    return same([], "nothing to do: the migration is already in the migrations folder");
  }
  if (state.applied && state.written) {
    const run = runWrittenCommand(state.written);
    return { cli: run, kilo: run, why: "review and commit the written files, then run them" };
  }
  switch (state.status) {
    case "ok":
      return same(["--apply"], "write the migration into the migrations folder");
    case "no_changes":
      return same([], "nothing to do: the schemas are equivalent; run again after a change");
    case "blocked":
      return same([], "make the edits above and run again");
    case "refused":
      return state.destructive
        ? same(
          ["--apply"],
          "add the `drop:` intents above (or, deliberately, pass --allow-destructive) and run",
        )
        : same(["--apply"], "resolve what --apply refused (see the status above) and run");
    default:
      return same([], "see report.md (Verification), change the schema or intents and run");
  }
}
