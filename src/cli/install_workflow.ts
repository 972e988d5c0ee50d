/**
 * `--install-workflow kilo|claude|roo`: writes the agent command file that runs this tool into
 * the project (the current directory). The files are part of the module graph (text imports),
 * so the compiled binary carries them.
 * @module
 */
import { resolve } from "node:path";
import kilo from "../../.kilocode/workflows/smartspec_data_migration_generator.md" with {
  type: "text",
};
import claude from "../../templates/claude_command.md" with { type: "text" };
import roo from "../../templates/roo_command.md" with { type: "text" };
import { RunError } from "../errors.ts";
import { exists, writeFileAtomicNew } from "./fs.ts";

import type { Agent } from "./agents.ts";

export { type Agent, AGENTS } from "./agents.ts";

/** Where each agent's file goes (relative to the project root) and what it holds. */
export const WORKFLOW_FILES: Record<Agent, { path: string; content: string; what: string }> = {
  kilo: {
    path: ".kilocode/workflows/smartspec_data_migration_generator.md",
    content: kilo,
    what: "Kilo Code workflow (run it as /smartspec_data_migration_generator.md)",
  },
  claude: {
    path: ".claude/commands/smartspec_data_migration_generator.md",
    content: claude,
    what: "Claude Code command (/smartspec_data_migration_generator)",
  },
  roo: {
    path: ".roo/commands/smartspec_data_migration_generator.md",
    content: roo,
    what: "Roo Code command (/smartspec_data_migration_generator)",
  },
};

/** What an install did. */
export interface InstallResult {
  path: string;
  status: "installed" | "up_to_date";
  what: string;
}

/**
 * Installs the agent's file into the project at `root`. An identical file is left alone; a
 * different one is never overwritten (RunError, exit 1: the user removes it to reinstall).
 */
export function installWorkflow(root: string, agent: Agent): InstallResult {
  const f = WORKFLOW_FILES[agent];
  const abs = resolve(root, f.path);
  if (exists(abs)) {
    let old = "";
    try {
      old = Deno.readTextFileSync(abs);
    } catch { /* unreadable: treated as different */ }
    if (old === f.content) return { path: f.path, status: "up_to_date", what: f.what };
    throw new RunError(
      `${f.path} exists and differs from this version's file; remove it (or move it away) ` +
        `and run --install-workflow ${agent} again`,
    );
  }
  writeFileAtomicNew(abs, f.content);
  return { path: f.path, status: "installed", what: f.what };
}
