import assert from "node:assert/strict";
import { InputError } from "../errors.ts";
import { findIntentBlock, parseSpec } from "./spec.ts";

const block = (body: string) =>
  `# Title\n\nSpec ID: demo\n\n\`\`\`yaml migration\n${body}\n\`\`\`\n`;

Deno.test("spec id comes from 'Spec ID:' or else the folder name", () => {
  assert.equal(
    parseSpec("# x\nSpec ID: user_profile\n", "specs/a/spec.md", "a").id,
    "user_profile",
  );
  assert.equal(parseSpec("# x\n**Spec ID:** `Orders`\n", "specs/a/spec.md", "a").id, "orders");
  assert.equal(parseSpec("# no id\n", "specs/data/noop/spec.md", "noop").id, "noop");
  assert.equal(parseSpec("# no id\n", "specs/x/spec.md", "My Spec!").id, "my-spec");
});

Deno.test("the yaml migration block is found with its first line", () => {
  const b = findIntentBlock("a\nb\n```yaml migration\nintents: []\n```\n");
  assert.deepEqual(b, { body: "intents: []", line: 4 });
  assert.equal(findIntentBlock("```yaml\nintents: []\n```\n"), undefined);
});

const cases: { name: string; body: string; want: unknown }[] = [
  {
    name: "rename",
    body: "intents:\n  - rename: users.username -> users.login",
    want: [{
      kind: "rename",
      from: { table: "users", column: "username" },
      to: { table: "users", column: "login" },
    }],
  },
  {
    name: "rename_table with quoted, case-sensitive name",
    body: 'intents:\n  - rename_table: Customer -> "Clients"',
    want: [{ kind: "rename_table", from: "customer", to: "Clients" }],
  },
  {
    name: "split with separator",
    body:
      'intents:\n  - split: users.full_name -> users.first_name, users.last_name\n    separator: ","',
    want: [{
      kind: "split",
      from: { table: "users", column: "full_name" },
      to: [{ table: "users", column: "first_name" }, { table: "users", column: "last_name" }],
      separator: ",",
    }],
  },
  {
    name: "merge defaults to a space",
    body: "intents:\n  - merge: a.x, a.y -> a.z",
    want: [{
      kind: "merge",
      from: [{ table: "a", column: "x" }, { table: "a", column: "y" }],
      to: { table: "a", column: "z" },
      separator: " ",
    }],
  },
  {
    name: "transform with samples as strings",
    body:
      'intents:\n  - transform: o.a -> o.b\n    up: "a * 2"\n    down: "b / 2"\n    samples: [1, "2.5", null]',
    want: [{
      kind: "transform",
      from: { table: "o", column: "a" },
      to: { table: "o", column: "b" },
      up: "a * 2",
      down: "b / 2",
      samples: ["1", "2.5", ""],
    }],
  },
  {
    name: "drop of a schema-qualified column",
    body: "intents:\n  - drop: app.users.flag",
    want: [{ kind: "drop", target: "app.users.flag" }],
  },
];
for (const c of cases) {
  Deno.test(`intent: ${c.name}`, () => {
    const spec = parseSpec(block(c.body), "specs/x/spec.md", "x");
    const got = spec.intents.map(({ line: _l, ...rest }) => rest);
    assert.deepEqual(got, c.want);
  });
}

Deno.test("each intent knows its line in the spec file", () => {
  const spec = parseSpec(block("intents:\n  - rename: a.b -> a.c\n  - drop: a.d"), "s.md", "x");
  assert.deepEqual(spec.intents.map((i) => i.line), [7, 8]);
});

Deno.test("schema paths and dialect are read from the block", () => {
  const spec = parseSpec(
    block("dialect: PostgreSQL\nfrom_schema: db/a.sql\nto_schema: db/b.sql"),
    "s.md",
    "x",
  );
  assert.equal(spec.dialect, "postgresql");
  assert.equal(spec.fromSchema, "db/a.sql");
  assert.equal(spec.toSchema, "db/b.sql");
});

const bad: { name: string; body: string; line: number; msg: RegExp }[] = [
  {
    name: "invalid YAML",
    body: "intents:\n  - rename: a.b -> a.c\n    separator: [unclosed",
    line: 8,
    msg: /not valid YAML/,
  },
  {
    name: "unknown top-level key",
    body: "intent:\n  - drop: a.b",
    line: 6,
    msg: /unknown key "intent"/,
  },
  {
    name: "unknown intent",
    body: "intents:\n  - rename_column: a.b -> a.c",
    line: 7,
    msg: /unknown intent/,
  },
  {
    name: "rename without arrow",
    body: "intents:\n  - rename: a.b a.c",
    line: 7,
    msg: /<from> -> <to>/,
  },
  {
    name: "rename across tables",
    body: "intents:\n  - rename: a.b -> c.b",
    line: 7,
    msg: /rename_table/,
  },
  {
    name: "column reference without table",
    body: "intents:\n  - rename: b -> c",
    line: 7,
    msg: /table\.column/,
  },
  {
    name: "transform without down",
    body: 'intents:\n  - transform: a.b -> a.c\n    up: "b"',
    line: 7,
    msg: /down/,
  },
  {
    name: "split into one column",
    body: "intents:\n  - split: a.b -> a.c",
    line: 7,
    msg: /at least two/,
  },
  {
    name: "foreign key on an intent",
    body: "intents:\n  - drop: a.b\n    up: x",
    line: 7,
    msg: /does not belong/,
  },
  { name: "bad dialect", body: "dialect: oracle", line: 6, msg: /dialect must be one of/ },
];
for (const c of bad) {
  Deno.test(`bad intents block: ${c.name} is located`, () => {
    assert.throws(
      () => parseSpec(block(c.body), "specs/x/spec.md", "x"),
      (e: unknown) => {
        assert.ok(e instanceof InputError, String(e));
        assert.equal(e.pos?.file, "specs/x/spec.md");
        assert.equal(e.pos?.line, c.line);
        assert.match(e.message, c.msg);
        return true;
      },
    );
  });
}
