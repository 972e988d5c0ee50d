import assert from "node:assert/strict";
import { byHandMarkdown } from "./online_md.ts";
import { reportText } from "./i18n.ts";
import type { OnlineSummary } from "./online.ts";

const base: OnlineSummary = { atomic: false, parts: [], rollback_parts: [], long_locks: [] };

Deno.test("report online: each command by hand with the command that resumes the file", () => {
  const o: OnlineSummary = {
    ...base,
    notes: ["ALTERs run online"],
    by_hand: [{
      file: "migration",
      n: 1,
      table: "users",
      command: "pt-online-schema-change --alter 'X' --execute D=\"$DB\",t='users'",
      equivalent: "ALTER TABLE `users` X, ALGORITHM=COPY",
      resume: '{ sed ...; } | mysql "$DB"',
    }],
    blocking: [{ file: "rollback", what: "ALTER TABLE c: blocks writes (foreign keys)" }],
  };
  for (const lang of ["en", "th"] as const) {
    const t = reportText(lang).online;
    const md = byHandMarkdown(o, t).join("\n");
    assert.ok(md.includes(t.byHand) && md.includes(t.then) && md.includes(t.blocking));
    assert.ok(md.includes("   pt-online-schema-change --alter 'X'"));
    assert.ok(md.includes('   { sed ...; } | mysql "$DB"'));
    // the ALTER holds backticks: a double-backtick code span keeps it whole
    assert.ok(md.includes("`` ALTER TABLE `users` X, ALGORITHM=COPY ``"));
    assert.ok(md.includes("- `rollback.sql`: ALTER TABLE c: blocks writes (foreign keys)"));
  }
  assert.deepEqual(byHandMarkdown(base, reportText("en").online), []);
});
