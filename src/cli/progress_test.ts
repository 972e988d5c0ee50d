import assert from "node:assert/strict";
import { Progress, progressMode } from "./progress.ts";

Deno.test("progress: a line per phase off a terminal, one live line on it, nothing quiet", () => {
  assert.equal(progressMode({ quiet: true, platform: "cli", isTerminal: true }), "off");
  assert.equal(progressMode({ quiet: false, platform: "cli", isTerminal: false }), "lines");
  assert.equal(progressMode({ quiet: false, platform: "kilo", isTerminal: true }), "lines");
  assert.equal(progressMode({ quiet: false, platform: "cli", isTerminal: true }), "live");

  const out: string[] = [];
  const lines = new Progress("lines", (s) => out.push(s));
  lines.phase("parse", "2 files, 3 tables", 12.4);
  lines.start("verify", "embedded PostgreSQL");
  lines.done();
  assert.deepEqual(out, [
    "progress: parse: 2 files, 3 tables (12 ms)\n",
    "progress: verify: embedded PostgreSQL ...\n",
  ]);

  const live: string[] = [];
  const p = new Progress("live", (s) => live.push(s));
  p.phase("diff", "4 changes", 1500);
  p.done();
  assert.deepEqual(live, ["\r\x1b[Kdiff: 4 changes (1.5 s)", "\r\x1b[K"]);

  const none: string[] = [];
  const off = new Progress("off", (s) => none.push(s));
  off.phase("parse", "x");
  off.start("verify", "y");
  off.done();
  assert.deepEqual(none, []);
});
