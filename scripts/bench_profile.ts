/**
 * Summarises a V8 `.cpuprofile` (as written by `deno run --cpu-prof`): self and inclusive
 * time per function, so the benchmark can say where the time goes.
 * @module
 */

/** One function's share of a profile. */
export interface ProfileEntry {
  /** `function (file:line)`, the file relative to the repository when inside it. */
  name: string;
  selfMs: number;
  totalMs: number;
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

/** The parts of a `.cpuprofile` the summary reads. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function frameName(f: CallFrame, root: string): string {
  let url = f.url.replace(/^file:\/\//, "");
  if (root && url.startsWith(root)) url = url.slice(root.length).replace(/^\//, "");
  url = url.replace(/^.*node_modules\/\.deno\//, "npm:").replace(/^ext:/, "ext:");
  const fn = f.functionName || "(anonymous)";
  return url ? `${fn} (${url}:${f.lineNumber + 1})` : fn;
}

/**
 * Self and inclusive milliseconds per function (recursion counted once per sample), sorted by
 * self time. `root` is stripped from file paths.
 */
export function summariseProfile(p: CpuProfile, root = ""): ProfileEntry[] {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of p.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const names = new Map<number, string>();
  for (const n of p.nodes) names.set(n.id, frameName(n.callFrame, root));
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000; // the delta before the next sample
    let id: number | undefined = p.samples[i];
    const leaf = names.get(id)!;
    self.set(leaf, (self.get(leaf) ?? 0) + dt);
    const seen = new Set<string>();
    while (id !== undefined) {
      const name = names.get(id)!;
      if (!seen.has(name)) {
        seen.add(name);
        total.set(name, (total.get(name) ?? 0) + dt);
      }
      id = parent.get(id);
    }
  }
  return [...total.keys()]
    .map((name) => ({ name, selfMs: self.get(name) ?? 0, totalMs: total.get(name) ?? 0 }))
    .sort((a, b) => b.selfMs - a.selfMs || b.totalMs - a.totalMs);
}

/** Loads the newest `.cpuprofile` in a folder. */
export function readNewestProfile(dir: string): CpuProfile {
  const files = [...Deno.readDirSync(dir)].filter((e) => e.name.endsWith(".cpuprofile"))
    .map((e) => ({ name: e.name, mtime: Deno.statSync(`${dir}/${e.name}`).mtime?.getTime() ?? 0 }))
    .sort((a, b) => b.mtime - a.mtime);
  if (!files.length) throw new Error(`no .cpuprofile in ${dir}`);
  return JSON.parse(Deno.readTextFileSync(`${dir}/${files[0].name}`));
}
