import assert from "node:assert/strict";
import { expressionProblem } from "./expression_check.ts";

Deno.test("one expression passes", () => {
  for (
    const e of [
      "round(amount::numeric * 100)::bigint",
      "to_char(amount_cents / 100.0, 'FM999999990.00')",
      "split_part(full_name, ' ', 1) || '; -- (not code'",
      `"odd;name" || $$a;b)$$ || $x$--$x$`,
      "E'it\\'s (' || x",
      "coalesce(a, 'it''s')",
    ]
  ) assert.equal(expressionProblem(e), undefined, e);
});

Deno.test("a second statement, a comment or an unbalanced expression is refused", () => {
  for (
    const [e, why] of [
      ["1; DROP TABLE victim", /more than one statement/],
      ["1); DROP TABLE victim; SELECT (1", /no matching/],
      ["(1); DROP TABLE victim; SELECT (1)", /more than one statement/],
      ["round(amount", /not closed/],
      ["amount)", /no matching/],
      ["'abc", /string is not closed/],
      ['"abc', /quoted name is not closed/],
      ["$$abc", /dollar-quoted/],
      ["amount -- x", /comment/],
      ["amount /* x */", /comment/],
    ] as const
  ) assert.match(expressionProblem(e) ?? "", why, e);
});
