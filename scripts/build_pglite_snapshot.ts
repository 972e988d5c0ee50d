/**
 * Builds the data-directory snapshot that embedded verification starts PGlite from
 * (`src/dialects/postgresql/verify/assets/pglite_datadir.b64`), so that a run does not pay
 * for initdb (about 2.5 s).
 *
 * The file is text, so that it joins the module graph with a stable `type: "text"` import (no
 * `--unstable-raw-imports`, and `deno compile` embeds it): a header line
 * `pglite <version> postgresql <version> <bytes>` and then the gzip-compressed tarball that
 * `PGlite.dumpDataDir("gzip")` writes, in base64.
 *
 * The cluster is PGlite's own initdb output; the template databases, which a verification
 * never uses, are dropped first to keep the file small. Run it again after upgrading PGlite:
 * `deno run --allow-read --allow-write --allow-env scripts/build_pglite_snapshot.ts`
 * (`--check` exits 1 when the snapshot was built by another PGlite version).
 * @module
 */
import { PGlite } from "@electric-sql/pglite";
import { fileURLToPath } from "node:url";
import { parseSnapshotHeader, SNAPSHOT_FILE } from "../src/dialects/postgresql/verify/snapshot.ts";

const target = fileURLToPath(
  new URL(`../src/dialects/postgresql/verify/${SNAPSHOT_FILE}`, import.meta.url),
);

/** `pglite 0.5.16 postgresql 18.6` of a running instance. */
async function versions(db: PGlite): Promise<{ pglite: string; postgresql: string }> {
  const r = await db.query<{ v: string }>("SELECT version() AS v");
  const v = r.rows[0].v;
  return {
    pglite: /PGlite ([\d.]+)/.exec(v)?.[1] ?? "unknown",
    postgresql: /PostgreSQL ([\d.]+)/.exec(v)?.[1] ?? "unknown",
  };
}

async function build(): Promise<void> {
  const t0 = performance.now();
  // WAL in segments of 1 MB instead of 16 MB: the snapshot's segment, which a run decompresses
  // and copies into the engine's memory at every start, is mostly zeros; wal_recycle off: the
  // segment that initdb filled is removed at the last checkpoint instead of being kept
  // (renamed, its old records still in it) for later use
  const db = await PGlite.create({
    initDbStartParams: ["--wal-segsize=1", "-c", "wal_recycle=off"],
    startParams: [
      ...(PGlite as unknown as { defaultStartParams: string[] }).defaultStartParams,
      "-c",
      "wal_recycle=off",
    ],
  });
  const v = await versions(db);
  for (
    const sql of [
      "UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')",
      "DROP DATABASE template0",
      "DROP DATABASE template1",
      // the records initdb wrote are not needed once checkpointed: a new segment holds only
      // the last checkpoint, so the snapshot carries about 7 MB less WAL
      "SELECT pg_switch_wal()",
      "CHECKPOINT",
    ]
  ) await db.exec(sql);
  const dump = await db.dumpDataDir("gzip");
  await db.close();
  const bytes = new Uint8Array(await dump.arrayBuffer());
  const header = `pglite ${v.pglite} postgresql ${v.postgresql} ${bytes.length}`;
  Deno.writeTextFileSync(target, `${header}\n${bytes.toBase64()}\n`);
  console.log(
    `wrote ${target}: ${header} (${(bytes.length / 1e6).toFixed(1)} MB compressed, ` +
      `${Math.round(performance.now() - t0)} ms)`,
  );
}

async function check(): Promise<number> {
  let text: string;
  try {
    text = Deno.readTextFileSync(target);
  } catch {
    console.error(`${target} is missing: run scripts/build_pglite_snapshot.ts`);
    return 1;
  }
  const header = parseSnapshotHeader(text);
  const db = await PGlite.create();
  const v = await versions(db);
  await db.close();
  if (!header || header.pglite !== v.pglite || header.postgresql !== v.postgresql) {
    console.error(
      `snapshot is for ${header ? `pglite ${header.pglite}` : "an unknown version"}, installed ` +
        `is pglite ${v.pglite}: run scripts/build_pglite_snapshot.ts`,
    );
    return 1;
  }
  console.log(`snapshot up to date (pglite ${v.pglite}, postgresql ${v.postgresql})`);
  return 0;
}

if (import.meta.main) {
  if (Deno.args.includes("--check")) Deno.exit(await check());
  await build();
}
