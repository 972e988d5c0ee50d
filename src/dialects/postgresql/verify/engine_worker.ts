/**
 * The embedded engine in a worker thread (see `remote_engine.ts`): started by the `start`
 * message, which the main thread sends at once or once another engine is up, so that
 * compiling PGlite's WebAssembly and booting from the snapshot run while the main thread
 * parses and diffs (requests sent before it wait for the engine). Answers `exec`, `query`, `queryMany`, `catalog`, `rows`,
 * `reset` and `close` requests (the catalog and the rows read here, in one message each);
 * database errors travel as their PostgreSQL fields.
 * @module
 */
import { type EmbeddedDb, startEmbedded } from "./engine.ts";
import { dbErrorInfo, preparingClient } from "./sql_client.ts";
import { catalogSnapshot, tableRows } from "./catalog.ts";
import type { EngineReply, EngineRequest } from "./remote_engine.ts";

const self = globalThis as unknown as {
  postMessage(m: EngineReply): void;
  onmessage: ((e: MessageEvent<EngineRequest>) => void) | null;
};

/** Called by the `start` message. */
let start!: () => void;
const started: Promise<EmbeddedDb> = new Promise<void>((r) => start = r).then(() =>
  startEmbedded()
);
started.then(
  (db) => self.postMessage({ id: 0, ok: { name: db.name, startedFrom: db.startedFrom } }),
  (e) => self.postMessage({ id: 0, error: dbErrorInfo(e) }),
);

/** Requests run one at a time, in order, as on one connection. */
let queue: Promise<unknown> = started.catch(() => undefined);

self.onmessage = (e) => {
  const req = e.data;
  if (req.op === "start") return start();
  queue = queue.then(async () => {
    try {
      const db = await started;
      switch (req.op) {
        case "exec":
          await db.exec(req.sql);
          return self.postMessage({ id: req.id, ok: null });
        case "query":
          return self.postMessage({ id: req.id, ok: await db.query(req.sql) });
        case "queryMany":
          return self.postMessage({ id: req.id, ok: await db.queryMany!(req.sqls) });
        case "catalog":
          // the catalog's queries prepared once per engine: it is read again after each script
          return self.postMessage({ id: req.id, ok: await catalogSnapshot(preparingClient(db)) });
        case "rows":
          return self.postMessage({ id: req.id, ok: await tableRows(db) });
        case "reset":
          await db.reset();
          return self.postMessage({ id: req.id, ok: null });
        case "close":
          await db.close();
          return self.postMessage({ id: req.id, ok: null });
      }
    } catch (err) {
      self.postMessage({ id: req.id, error: dbErrorInfo(err) });
    }
  });
};
