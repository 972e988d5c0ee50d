import assert from "node:assert/strict";
import snapshotText from "./assets/pglite_datadir.b64" with { type: "text" };
import { startEmbedded } from "./engine.ts";
import { decodeSnapshot, parseSnapshotHeader } from "./snapshot.ts";

Deno.test("snapshot: header and body decode; a damaged file is refused", () => {
  const ok = decodeSnapshot(`pglite 1 postgresql 2 3\n${btoa("abc")}\n`);
  assert.deepEqual(ok?.header, { pglite: "1", postgresql: "2", bytes: 3 });
  assert.deepEqual([...ok!.tarball], [97, 98, 99]);
  assert.equal(decodeSnapshot(`pglite 1 postgresql 2 4\n${btoa("abc")}\n`), undefined, "size");
  assert.equal(decodeSnapshot(`garbage\n${btoa("abc")}`), undefined);
  assert.equal(parseSnapshotHeader("pglite x postgresql y"), undefined);
});

Deno.test("snapshot: the committed snapshot is the installed PGlite's, and the engine starts from it", async () => {
  const header = parseSnapshotHeader(snapshotText);
  assert.ok(header, "the snapshot has a header");
  const db = await startEmbedded();
  try {
    assert.equal(
      db.startedFrom,
      "snapshot",
      "rebuild it: deno run -A scripts/build_pglite_snapshot.ts",
    );
    assert.equal(db.name, `pglite ${header.pglite} (postgresql ${header.postgresql})`);
    const [[buffers, tz]] = await db.query(
      "SELECT current_setting('shared_buffers'), current_setting('TimeZone')",
    );
    assert.equal(buffers, "16MB");
    assert.equal(tz, "UTC");
    await db.exec("CREATE SCHEMA s; CREATE TABLE s.t (a int); CREATE TABLE t (b int)");
    await db.reset();
    const schemas = (await db.query(
      "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' ORDER BY 1",
    )).map((r) => r[0]);
    assert.deepEqual(schemas, ["information_schema", "public"]);
  } finally {
    await db.close();
  }
});
