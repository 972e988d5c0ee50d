/**
 * The agents `--install-workflow` knows, apart from their command files (install_workflow.ts,
 * loaded only when one is installed).
 * @module
 */

/** Agents with a command file. */
export const AGENTS = ["kilo", "claude", "roo"] as const;

/** An agent. */
export type Agent = typeof AGENTS[number];
