/**
 * Progress on stderr while a run works: the phase and its counts (parse, diff, classify, render,
 * verify). A line per phase when stderr is not a terminal; one live line, rewritten in place, on
 * a terminal; nothing with `--quiet`. stdout is never touched, so `--json` stays one document.
 * @module
 */
import type { VerificationResult } from "../verify/result.ts";

/** How progress is shown. */
export type ProgressMode = "off" | "lines" | "live";

/** The mode for a run: off with --quiet, live on a terminal (not under kilo/ci), else lines. */
export function progressMode(
  o: { quiet: boolean; platform: string; isTerminal: boolean },
): ProgressMode {
  if (o.quiet) return "off";
  return o.isTerminal && o.platform === "cli" ? "live" : "lines";
}

/** Writes progress to a sink (stderr by default). */
export class Progress {
  #mode: ProgressMode;
  #write: (s: string) => void;
  #timer?: ReturnType<typeof setInterval>;
  #live = false;

  constructor(
    mode: ProgressMode,
    write: (s: string) => void = (s) => Deno.stderr.writeSync(new TextEncoder().encode(s)),
  ) {
    this.#mode = mode;
    this.#write = write;
  }

  /** A phase that is done, with what it found and how long it took. */
  phase(name: string, detail: string, ms?: number): void {
    this.#stopTicker();
    const line = `${name}: ${detail}` + (ms !== undefined ? ` (${fmtMs(ms)})` : "");
    if (this.#mode === "lines") this.#write(`progress: ${line}\n`);
    else if (this.#mode === "live") {
      this.#write(`\r\x1b[K${line}`);
      this.#live = true;
    }
  }

  /** A phase that starts and may take a while: on a terminal its line counts the seconds. */
  start(name: string, detail: string): void {
    this.#stopTicker();
    if (this.#mode === "lines") this.#write(`progress: ${name}: ${detail} ...\n`);
    if (this.#mode !== "live") return;
    const t0 = performance.now();
    const draw = () =>
      this.#write(`\r\x1b[K${name}: ${detail} ... ${Math.round((performance.now() - t0) / 1000)}s`);
    draw();
    this.#live = true;
    this.#timer = setInterval(draw, 1000);
  }

  /** Clears the live line (before the result is printed). */
  done(): void {
    this.#stopTicker();
    if (this.#live) this.#write("\r\x1b[K");
    this.#live = false;
  }

  #stopTicker(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** Runs a verification with its progress: the start, then rows generated and steps run. */
export async function verifyWithProgress(
  progress: Progress,
  run: () => Promise<VerificationResult>,
): Promise<VerificationResult> {
  const t0 = performance.now();
  progress.start("verify", "round trip on the embedded database");
  const v = await run();
  const steps = v.steps ?? [];
  progress.phase(
    "verify",
    `${v.status}: ${v.rows_generated ?? 0} rows generated` +
      (v.tables_filled !== undefined ? ` in ${v.tables_filled} tables` : "") +
      `, ${steps.length} steps run`,
    performance.now() - t0,
  );
  return v;
}
