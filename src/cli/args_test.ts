import assert from "node:assert/strict";
import { InputError } from "../errors.ts";
import { parseCliArgs } from "./args.ts";

Deno.test("flags of the contract parse", () => {
  const a = parseCliArgs([
    "specs/x/spec.md",
    "--from-schema",
    "a.sql",
    "--to-schema=b.sql",
    "--apply",
    "--json",
    "--platform",
    "kilo",
    "--quiet",
    "--out",
    "out",
    "--config",
    "c.yaml",
    "--lang",
    "th",
    "--dialect",
    "postgresql",
    "--migration-tool",
    "dbmate",
    "--allow-destructive",
    "--no-verify",
    "--rules",
    "r1",
    "--rules",
    "r2",
    "--run-id",
    "run-1",
  ]);
  assert.deepEqual(a, {
    spec: "specs/x/spec.md",
    fromSchema: "a.sql",
    toSchema: "b.sql",
    apply: true,
    json: true,
    platform: "kilo",
    quiet: true,
    out: "out",
    config: "c.yaml",
    lang: "th",
    dialect: "postgresql",
    migrationTool: "dbmate",
    allowDestructive: true,
    verify: false,
    rules: ["r1", "r2"],
    runId: "run-1",
    version: false,
    help: false,
  });
});

Deno.test("defaults", () => {
  const a = parseCliArgs(["specs/x/spec.md"]);
  assert.equal(a.apply, false);
  assert.equal(a.verify, true);
  assert.equal(a.lang, "en");
  assert.deepEqual(a.rules, []);
  assert.equal(a.platform, undefined);
});

const bad: [string[], RegExp][] = [
  [["s", "--form-schema", "x"], /unknown flag --form-schema/],
  [["s", "--platform", "kilocode"], /--platform must be one of cli, kilo, ci, other/],
  [["s", "--lang", "fr"], /--lang/],
  [["s", "--dialect", "oracle"], /--dialect/],
  [["s", "--migration-tool", "alembic"], /--migration-tool/],
  [["s", "--from-schema"], /--from-schema needs a value/],
  [["a", "b"], /one spec file expected/],
  [["s", "--run-id", "../x"], /--run-id/],
];
for (const [argv, msg] of bad) {
  Deno.test(`bad flags: ${argv.join(" ")}`, () => {
    assert.throws(() => parseCliArgs(argv), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, msg);
      return true;
    });
  });
}

Deno.test("a mistyped flag or value gets a suggestion", () => {
  const msg = (argv: string[]) => {
    try {
      parseCliArgs(argv);
    } catch (e) {
      return (e as Error).message;
    }
    return "";
  };
  assert.equal(msg(["s.md", "--aply"]), "unknown flag --aply: did you mean --apply?");
  assert.equal(
    msg(["s.md", "--from-shema", "x"]),
    "unknown flag --from-shema: did you mean --from-schema?",
  );
  assert.equal(msg(["s.md", "--no-verfy"]), "unknown flag --no-verfy: did you mean --no-verify?");
  assert.equal(msg(["s.md", "--zzzzzz"]), "unknown flag --zzzzzz (see --help)");
  assert.match(msg(["s.md", "--dialect", "postgres"]), /did you mean postgresql\?$/);
});

Deno.test("--batch-size and --batch-pause take whole numbers; others exit 2 naming the flag", () => {
  const a = parseCliArgs(["s.md", "--online", "--batch-size", "500", "--batch-pause", "0"]);
  assert.equal(a.batchSize, 500);
  assert.equal(a.batchPauseMs, 0);
  assert.equal(parseCliArgs(["s.md"]).batchSize, undefined);
  for (
    const [flag, v] of [["--batch-size", "0"], ["--batch-size", "1e3"], ["--batch-pause", "-1"]]
  ) {
    assert.throws(
      () => parseCliArgs(["s.md", flag, v]),
      (e: Error) => e instanceof InputError && e.message.includes(flag),
    );
  }
});
