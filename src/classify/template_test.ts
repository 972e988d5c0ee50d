import assert from "node:assert/strict";
import { placeholders, renderTemplate } from "./template.ts";
import { postgresql } from "../dialects/postgresql/mod.ts";

Deno.test("template: each mode quotes as it says", () => {
  const out = renderTemplate(
    "{{ident:t}} {{ident:q}} {{lit:v}} {{raw:e}} {{sql:s}} {{text:x}}",
    {
      t: 'we"ird',
      q: { schema: "app", name: "users" },
      v: "it's",
      e: "now() + interval '1 day'",
      s: '"already" quoted',
      x: "plain",
    },
    postgresql.quoting,
  );
  assert.equal(
    out,
    `"we""ird" "app"."users" 'it''s' now() + interval '1 day' "already" quoted plain`,
  );
});

Deno.test("template: a line of placeholders that renders empty goes, others stay", () => {
  const out = renderTemplate(
    "A;\n  {{sql:none}}\nB {{sql:none}};\n",
    { none: "" },
    postgresql.quoting,
  );
  assert.equal(out, "A;\nB ;");
});

Deno.test("template: an undefined variable is an error", () => {
  assert.throws(
    () => renderTemplate("{{ident:nope}}", {}, postgresql.quoting),
    /nope is not defined/,
  );
});

Deno.test("template: placeholders are found, malformed ones with an empty mode", () => {
  const ps = placeholders("x {{ident:a}} {{b}} {{ raw : c }}");
  assert.deepEqual(ps.map((p) => [p.mode, p.name]), [["ident", "a"], ["", "{{b}}"], ["raw", "c"]]);
  assert.equal(ps[0].offset, 2);
});

Deno.test("placeholders: found in one pass, also among a million braces", () => {
  assert.deepEqual(
    placeholders("a {{ident:t}} b {{x}} {{a}b}} {{{lit:v}}").map((p) => [p.mode, p.name, p.offset]),
    [["ident", "t", 2], ["", "{{x}}", 16], ["lit", "v", 31]],
  );
  const huge = "{{" + "{".repeat(1_000_000);
  assert.deepEqual(placeholders(huge), []);
  assert.deepEqual(placeholders(huge + "}x}}").length, 0);
  assert.deepEqual(placeholders(huge + "}}").length, 1);
});
