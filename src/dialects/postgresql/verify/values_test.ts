import assert from "node:assert/strict";
import type { ColumnType } from "../../../model/schema.ts";
import { typeFacts } from "../../../model/types.ts";
import { clip, columnValues, maxLength, type ValueSpec } from "./values.ts";

const facts = typeFacts("postgresql");
const type = (name: string, mods: number[] = [], arrayDims = 0): ColumnType => ({
  name,
  mods,
  arrayDims,
});
const spec = (t: ColumnType, more: Partial<ValueSpec> = {}): ValueSpec => ({
  type: t,
  notNull: false,
  unique: false,
  ...more,
});

Deno.test("values: strings never exceed the declared length, counted in characters", () => {
  for (const t of [type("varchar", [5]), type("bpchar", [3]), type("varchar", [100])]) {
    const vs = columnValues(spec(t), 40, facts);
    for (const v of vs) {
      if (typeof v === "string") {
        assert.ok(Array.from(v).length <= maxLength(t)!, `${v} in ${t.name}`);
      }
    }
    // the maximum length itself is among them, with multi-byte characters
    assert.ok(vs.some((v) => v === "é".repeat(maxLength(t)!)), JSON.stringify(vs));
  }
});

Deno.test("values: edge values of text include NULL, empty, blanks at the ends and non-ASCII", () => {
  const vs = columnValues(spec(type("text")), 30, facts);
  assert.equal(vs[0], null);
  assert.ok(vs.includes(""));
  assert.ok(vs.some((v) => v?.startsWith(" ")) && vs.some((v) => v?.endsWith(" ")));
  assert.ok(
    vs.some((v) =>
      v !== null && v !== undefined && Array.from(v).some((c) => c.codePointAt(0)! > 127)
    ),
  );
  assert.ok(vs.some((v) => v?.includes("'")), "a quote");
});

Deno.test("values: a split's separator appears alone, at both ends and twice", () => {
  const vs = columnValues(spec(type("text"), { separator: ", ", notNull: true }), 40, facts);
  assert.ok(vs.includes(", "));
  assert.ok(vs.some((v) => v?.startsWith(", ") && v.length > 2));
  assert.ok(vs.some((v) => v?.endsWith(", ") && v.length > 2));
  assert.ok(vs.some((v) => v?.includes(", , ")));
  assert.ok(!vs.includes(null), "NOT NULL");
});

Deno.test("values: NOT NULL never gives NULL; unique never repeats", () => {
  for (
    const t of [type("int2"), type("bool"), type("text"), type("numeric", [3, 2]), type("date")]
  ) {
    const vs = columnValues(spec(t, { notNull: true, unique: true }), 50, facts);
    const given = vs.filter((v) => v !== undefined);
    assert.ok(!given.includes(null), t.name);
    assert.equal(new Set(given).size, given.length, `${t.name}: ${given}`);
  }
  // two booleans only: the other rows cannot be filled
  const b = columnValues(spec(type("bool"), { notNull: true, unique: true }), 5, facts);
  assert.deepEqual(b.filter((v) => v !== undefined).sort(), ["false", "true"]);
});

Deno.test("values: integers include both ends of the type's range", () => {
  assert.ok(columnValues(spec(type("int2")), 10, facts).includes("32767"));
  assert.ok(columnValues(spec(type("int2")), 10, facts).includes("-32768"));
  assert.ok(columnValues(spec(type("int8")), 10, facts).includes("9223372036854775807"));
});

Deno.test("values: numeric(p, s) values fit the precision", () => {
  const vs = columnValues(spec(type("numeric", [5, 2]), { notNull: true }), 40, facts);
  for (const v of vs) {
    assert.match(v!, /^-?\d{1,3}(\.\d{1,2})?$/, v!);
  }
  assert.ok(vs.includes("999.99") && vs.includes("-999.99"));
});

Deno.test("values: samples replace generated values (NULL first when allowed)", () => {
  const vs = columnValues(spec(type("text"), { samples: ["12.50", "3.00"] }), 5, facts);
  assert.deepEqual(vs, [null, "12.50", "3.00", "12.50", "3.00"]);
  const nn = columnValues(spec(type("text"), { samples: ["a"], notNull: true }), 2, facts);
  assert.deepEqual(nn, ["a", "a"]);
});

Deno.test("values: enum labels, arrays, and types without a generator", () => {
  const e = columnValues(spec(type("mood"), { labels: ["sad", "ok"], notNull: true }), 3, facts);
  assert.deepEqual(e, ["sad", "ok", "sad"]);
  const a = columnValues(spec(type("text", [], 1)), 4, facts);
  assert.deepEqual(a.slice(0, 2), [null, "{}"]);
  assert.match(a[3]!, /^\{".*",".*"\}$/);
  const unknown = { ...type("point"), schema: undefined };
  assert.deepEqual(columnValues(spec(unknown, { notNull: true }), 2, facts), [
    undefined,
    undefined,
  ]);
  assert.deepEqual(columnValues(spec(type("text"), { nullOnly: true }), 2, facts), [null, null]);
});

Deno.test("values: clip counts code points", () => {
  assert.equal(clip("🙂🙂🙂", 2), "🙂🙂");
  assert.equal(clip("abc", 5), "abc");
});
