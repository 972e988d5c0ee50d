import assert from "node:assert/strict";
import { verificationMarkdown } from "./report.ts";

Deno.test("report: a failed verification lists what differs; a skipped one says why", () => {
  const failed = verificationMarkdown({
    status: "failed",
    reason: "the schema after rollback.sql differs from what was expected",
    engine: "pglite 0.5.16 (postgresql 18.6)",
    rows_generated: 40,
    tables_filled: 2,
    duration_ms: 1234,
    compared: ["catalog after rollback.sql = from-schema: 1 difference(s)"],
    differences: [
      "after rollback.sql (expected from-schema != actual): column t.b: missing in actual",
    ],
  }).join("\n");
  assert.match(
    failed,
    /^\*\*failed\*\* in 1\.2 s on embedded pglite 0\.5\.16 .*: 40 generated row/,
  );
  assert.match(failed, /What differs or failed:\n\n- after rollback\.sql .*column t\.b: missing/);
  assert.match(
    verificationMarkdown({ status: "skipped", reason: "--no-verify" })[0],
    /Skipped: --no-verify/,
  );
  assert.equal(verificationMarkdown({}, "not run")[0], "not run");
});

Deno.test("report: guards that fired are listed as working", () => {
  const md = verificationMarkdown({
    status: "passed",
    guards_fired: [{
      step: 3,
      change: "[3] alter_column_type t.note",
      message: "smartspec guard: too long",
      rows: "generated",
    }],
  }).join("\n");
  assert.match(md, /Guards that worked: they stopped migration\.sql on generated rows/);
  assert.doesNotMatch(md, /fired|failure/);
  assert.match(md, /- \[3\] alter_column_type t\.note: too long/);
});
