/**
 * The embedded engine started ahead of time in a worker thread (`engine_worker.ts`), so that
 * its start overlaps the rest of the run instead of following it. The main thread talks to it
 * through the same {@link EmbeddedDb} interface; a database error comes back as an `Error` with
 * PostgreSQL's fields (code, detail, hint, where), as PGlite's own errors have them.
 * @module
 */
import type { EmbeddedDb } from "./engine.ts";
import type { DbErrorInfo, TextRow } from "./sql_client.ts";
import type { Catalog, DataSnapshot } from "./catalog.ts";

/** What the main thread asks the worker. */
export type EngineOp =
  | { op: "exec" | "query"; sql: string }
  | { op: "queryMany"; sqls: string[] }
  | { op: "reset" | "close" | "catalog" | "rows" };

/** A request to the worker (`id` > 0), or `start`, which starts its engine. */
export type EngineRequest = (EngineOp & { id: number }) | { op: "start"; id: 0 };

/** The worker's answer to a request; `id` 0 answers the start. */
export type EngineReply =
  | {
    id: number;
    ok: TextRow[] | TextRow[][] | Catalog | DataSnapshot | null | {
      name: string;
      startedFrom: EmbeddedDb["startedFrom"];
    };
  }
  | { id: number; error: DbErrorInfo };

/** An Error carrying PostgreSQL's fields, as the driver's errors do. */
function dbError(info: DbErrorInfo): Error {
  return Object.assign(new Error(info.message), info);
}

const WORKER_URL = new URL("./engine_worker.ts", import.meta.url);

/**
 * True when this process may start the worker: its module must be readable (a run with
 * `--allow-read=.` only may not read the program's own files; the caller then starts the engine
 * on the main thread).
 */
export function workerAllowed(): boolean {
  if (WORKER_URL.protocol !== "file:") return false;
  try {
    return Deno.permissions.querySync({ name: "read", path: WORKER_URL }).state === "granted";
  } catch {
    return false;
  }
}

/** An engine starting in a worker, and the script it runs first. */
export interface StartingEngine {
  /** Resolves when the engine is up (rejects when it could not start; the worker is gone). */
  engine: Promise<EmbeddedDb>;
  /** The outcome of the script given to run first, undefined without one. */
  preloaded?: Promise<void>;
  /** The catalog read right after that script, when asked for. */
  catalog?: Promise<Catalog>;
}

/**
 * Starts the embedded engine in a worker; `preload` is a script the worker runs as soon as the
 * engine is up (e.g. the from-schema), without waiting for the main thread, and with
 * `readCatalog` it then reads the catalog. With `after`, the engine starts only once that
 * settles (e.g. another engine's start: two starts at once compete for the cores, and the one
 * the run waits for comes up later). Closing the engine ends the worker.
 */
export function startEmbeddedInWorker(
  preload?: string,
  readCatalog = false,
  after?: Promise<unknown>,
): StartingEngine {
  const t0 = performance.now();
  const worker = new Worker(WORKER_URL, { type: "module" });
  const start = () => worker.postMessage({ op: "start", id: 0 });
  if (after) after.then(start, start);
  else start();
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let next = 1;
  let gone: Error | undefined;
  let closed = false;
  const end = (why: Error) => {
    if (gone) return;
    gone = why;
    worker.terminate();
    const waiting = [...pending.values()];
    pending.clear();
    for (const p of waiting) p.reject(why);
  };
  const call = (req: EngineOp): Promise<unknown> => {
    if (gone) return Promise.reject(gone);
    const id = next++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...req, id });
    });
  };
  const started = new Promise<EmbeddedDb>((resolve, reject) => {
    pending.set(0, {
      resolve: (v) => {
        const info = v as { name: string; startedFrom: EmbeddedDb["startedFrom"] };
        resolve({
          name: info.name,
          startedFrom: info.startedFrom,
          startMs: performance.now() - t0,
          exec: async (sql) => void await call({ op: "exec", sql }),
          query: async (sql) => await call({ op: "query", sql }) as TextRow[],
          queryMany: async (sqls) => await call({ op: "queryMany", sqls }) as TextRow[][],
          catalog: async () => await call({ op: "catalog" }) as Catalog,
          rows: async () => await call({ op: "rows" }) as DataSnapshot,
          reset: async () => void await call({ op: "reset" }),
          async close() {
            if (closed) return;
            closed = true;
            try {
              await call({ op: "close" });
            } finally {
              end(new Error("the embedded PostgreSQL is closed"));
            }
          },
        });
      },
      reject: (e) => {
        end(e);
        reject(e);
      },
    });
  });
  const preloaded = preload === undefined
    ? undefined
    : call({ op: "exec", sql: preload }).then(() => {});
  preloaded?.catch(() => {}); // its user reports the error
  const catalog = readCatalog ? call({ op: "catalog" }) as Promise<Catalog> : undefined;
  catalog?.catch(() => {}); // as the preload's
  worker.onmessage = (e: MessageEvent<EngineReply>) => {
    const r = e.data;
    const p = pending.get(r.id);
    if (!p) return;
    pending.delete(r.id);
    if ("error" in r) p.reject(dbError(r.error));
    else p.resolve(r.ok);
  };
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    end(new Error(`the embedded PostgreSQL's worker failed: ${e.message}`));
  };
  started.catch(() => {}); // its user reports the error
  return { engine: started, preloaded, catalog };
}
