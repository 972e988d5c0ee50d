/**
 * What the throw-away test servers (PostgreSQL in `pg_server.ts`, MariaDB in
 * `mariadb_server.ts`) share: finding and running their binaries, a free loopback port, and a
 * scratch directory that a later test process reaps when the one that made it died without
 * cleaning up. The server-specific parts (initialising, starting, stopping) stay with each server.
 * @module
 */
import { join } from "node:path";

/** What a finished command printed. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** True when `path` is an executable file. */
export function isExecutable(path: string): boolean {
  try {
    const st = Deno.statSync(path);
    return st.isFile && ((st.mode ?? 0o755) & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** The first of `commands` found on PATH or in `extraDirs`, tried in that order. */
export function onPath(commands: string[], extraDirs: string[] = []): string | undefined {
  const dirs = (Deno.env.get("PATH") ?? "").split(":").filter((d) => d !== "");
  for (const command of commands) {
    for (const dir of [...dirs, ...extraDirs]) {
      const candidate = join(dir, command);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** `s` as one word for /bin/sh. */
export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

const decoder = new TextDecoder();

/** Runs `argv` in the C locale, feeding `stdin` when given, and waits for it. */
export async function run(
  argv: string[],
  opts: { cwd?: string; stdin?: string } = {},
): Promise<RunResult> {
  const child = new Deno.Command(argv[0], {
    args: argv.slice(1),
    cwd: opts.cwd,
    stdin: opts.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: { LC_ALL: "C" },
  }).spawn();
  if (opts.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    try {
      await writer.write(new TextEncoder().encode(opts.stdin));
    } finally {
      await writer.close().catch(() => {});
    }
  }
  const out = await child.output();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

/**
 * Runs `argv` synchronously in the C locale (for the unload handler, where nothing async runs).
 * A command that cannot be started gives code -1 and the reason as stderr.
 */
export function runSync(argv: string[], cwd?: string): RunResult {
  try {
    const out = new Deno.Command(argv[0], {
      args: argv.slice(1),
      cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      env: { LC_ALL: "C" },
    }).outputSync();
    return {
      code: out.code,
      stdout: decoder.decode(out.stdout),
      stderr: decoder.decode(out.stderr),
    };
  } catch (e) {
    return { code: -1, stdout: "", stderr: String(e) };
  }
}

/** A loopback port that was free a moment ago (the caller retries when a server loses a race). */
export async function freePort(): Promise<number> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  await Promise.resolve();
  return port;
}

/** True while process `pid` exists. */
export function processAlive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

const OWNER_FILE = "owner.pid";

/** Where scratch servers live: /tmp (reachable by a server running as another OS user). */
function tmpRoot(): string {
  try {
    Deno.statSync("/tmp");
    return "/tmp";
  } catch {
    return Deno.env.get("TMPDIR") ?? "/tmp";
  }
}

/**
 * Stops (with `stop`) and deletes the scratch directories named `<prefix>*` whose owning test
 * process died without cleaning up. A directory without an owner file is still starting, or not
 * ours, and is left alone.
 */
function reapStale(root: string, prefix: string, stop: (dir: string) => void): void {
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(root)];
  } catch {
    return;
  }
  for (const e of entries) {
    if (!e.isDirectory || !e.name.startsWith(prefix)) continue;
    const dir = join(root, e.name);
    let owner: number;
    try {
      owner = Number(Deno.readTextFileSync(join(dir, OWNER_FILE)).trim());
    } catch {
      continue;
    }
    if (!Number.isInteger(owner) || owner <= 0 || processAlive(owner)) continue;
    try {
      stop(dir);
    } catch { /* not running */ }
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch { /* someone else's problem */ }
  }
}

/** A scratch server directory owned by this process. */
export interface ScratchDir {
  dir: string;
  /** Stops the server (with the `stop` given) and deletes the directory; runs once. */
  release(): void;
  /** True once {@link release} ran. */
  readonly released: boolean;
  /** Forgets the unload hook (after {@link release} on a failed start). */
  forget(): void;
}

/**
 * Reaps the stale `<prefix>*` directories of dead test processes, then makes a new one owned
 * by this process, with `stop(dir)` and the deletion hooked to process unload.
 */
export async function scratchServerDir(
  prefix: string,
  stop: (dir: string) => void,
  owner?: { uid: number; gid: number },
): Promise<ScratchDir> {
  const root = tmpRoot();
  reapStale(root, prefix, stop);
  const dir = await Deno.makeTempDir({ dir: root, prefix });
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    try {
      stop(dir);
    } catch { /* never started */ }
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch { /* already gone */ }
  };
  const onUnload = () => release();
  globalThis.addEventListener("unload", onUnload);
  const forget = () => globalThis.removeEventListener("unload", onUnload);
  try {
    await Deno.writeTextFile(join(dir, OWNER_FILE), `${Deno.pid}\n`);
    if (owner) await Deno.chown(dir, owner.uid, owner.gid);
  } catch (e) {
    release();
    forget();
    throw e;
  }
  return {
    dir,
    release,
    forget,
    get released() {
      return released;
    },
  };
}
