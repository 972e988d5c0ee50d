import assert from "node:assert/strict";
import {
  changeFingerprint,
  checkFolder,
  folderState,
  hashText,
  parseSum,
  renderSum,
  SUM_FILE,
  sumWrite,
} from "./checksum.ts";
import type { ProjectView } from "./types.ts";

/** An in-memory project. */
function view(files: Record<string, string>): ProjectView {
  return {
    list(dir) {
      const prefix = dir === "." ? "" : `${dir}/`;
      return Object.keys(files)
        .filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes("/"))
        .map((p) => p.slice(prefix.length))
        .sort();
    },
    read: (p) => files[p],
  };
}

const UP = "-- generated\nALTER TABLE a ADD COLUMN b int;\n";

Deno.test("the checksum file round-trips and its total detects an edited line", () => {
  const files = new Map([["1_a.up.sql", hashText(UP)], ["1_a.down.sql", hashText("x")]]);
  const text = renderSum({ files, lastChange: { hash: hashText("c"), runId: "r1" } });
  const lines = text.trimEnd().split("\n");
  assert.match(lines[0], /^h1:/);
  assert.equal(lines[1], `@last-change ${hashText("c")} r1`);
  assert.equal(lines[2], `1_a.down.sql ${hashText("x")}`, "sorted by path");
  const back = parseSum(text, "db/migrations");
  assert.equal(back.totalOk, true);
  assert.deepEqual([...back.files], [...files].sort());
  assert.equal(parseSum(text.replace("1_a.up.sql", "2_a.up.sql"), "d").totalOk, false);
});

Deno.test("an edited, a removed and an out-of-order file are problems; a newer file is added", () => {
  const d = "db/migrations";
  const recorded = {
    [`${d}/20240101000000_a.up.sql`]: UP,
    [`${d}/20240201000000_b.up.sql`]: UP,
    [`${d}/20240301000000_c.up.sql`]: UP,
  };
  const sum = renderSum({
    files: new Map(Object.entries(recorded).map(([p, t]) => [p.slice(d.length + 1), hashText(t)])),
  });
  const v = view({
    ...recorded,
    [`${d}/20240201000000_b.up.sql`]: UP + "-- edited\n",
    [`${d}/20240301000000_c.up.sql`]: undefined as unknown as string,
    [`${d}/20240115000000_late.up.sql`]: UP,
    [`${d}/20240401000000_next.up.sql`]: UP,
    [`${d}/${SUM_FILE}`]: sum,
  });
  const check = checkFolder(v, parseSum(sum, d));
  assert.deepEqual(check.problems.sort(), [
    `${d}/20240115000000_late.up.sql is out of order: its version 20240115000000 is before ` +
    `20240301000000, the newest one recorded`,
    `${d}/20240201000000_b.up.sql was edited after it was written`,
    `${d}/20240301000000_c.up.sql was removed`,
  ]);
  assert.deepEqual(check.added, ["20240401000000_next.up.sql"]);
});

Deno.test("the fingerprint ignores the run id, the archive tag and comments", () => {
  const a = "-- run 20240101-000000Z-x\nCREATE TABLE smartspec_archive.t_abcd1234 (x int);\n";
  const b =
    "-- run 20240102-000000Z-x, other\nCREATE TABLE smartspec_archive.t_ffff0000 (x int);\n";
  assert.equal(
    changeFingerprint(a, "20240101-000000Z-x", "abcd1234"),
    changeFingerprint(b, "20240102-000000Z-x", "ffff0000"),
  );
  assert.notEqual(
    changeFingerprint(a, "20240101-000000Z-x", "abcd1234"),
    changeFingerprint(a.replace("x int", "y int"), "20240101-000000Z-x", "abcd1234"),
  );
});

Deno.test("the written checksum file records the folder and the change; the next run sees it", () => {
  const d = "db/migrations";
  const before = view({ [`${d}/1_old.up.sql`]: "old" });
  const w = sumWrite(before, d, [{ path: `${d}/2_new.up.sql`, content: UP, mode: "create" }], {
    hash: hashText("fp"),
    runId: "r2",
  });
  assert.equal(w.path, `${d}/${SUM_FILE}`);
  assert.equal(w.mode, "replace");
  const after = view({
    [`${d}/1_old.up.sql`]: "old",
    [`${d}/2_new.up.sql`]: UP,
    [w.path]: w.content,
  });
  const state = folderState(after, d, () => hashText("fp"));
  assert.deepEqual(state, { sumPath: w.path, problems: [], alreadyBy: "r2" });
  assert.equal(folderState(after, d, () => hashText("other")).alreadyBy, undefined);
  assert.deepEqual(folderState(view({}), d, () => hashText("fp")), { problems: [] });
});
