/**
 * `--lang th`: report.md with Thai headings and fixed sentences; the data in it (kinds, targets,
 * paths, rule ids) is the same as in the English report.
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { reportText } from "../src/report/i18n.ts";
import { ACCEPTANCE_DIR, copyProject, describeRun, readRunFile, runTool } from "./helpers/cli.ts";

const THAI = /[\u0E00-\u0E7F]/;
const ARGS = [
  "specs/data/user_profile/spec.md",
  "--from-schema",
  "db/schema_v1.sql",
  "--to-schema",
  "db/schema_v2.sql",
  "--no-verify",
];

Deno.test("every fixed text has a Thai version", () => {
  const en = reportText("en");
  const th = reportText("th");
  const counts = { total: 3, safe: 1, review: 1, destructive: 1 };
  for (const k of Object.keys(en) as (keyof typeof en)[]) {
    if (k === "fixHow" || k === "sentence" || k === "verify" || k === "online") continue;
    const [e, t] = [en[k], th[k]];
    if (typeof e === "function") {
      const tt = (t as (x: unknown) => string)(k === "counts" ? counts : "3-1");
      assert.match(tt, THAI, k);
      for (const n of ["3", "1"]) assert.ok(tt.includes(n), `${k} keeps the numbers`);
    } else if (typeof e === "string") {
      if (k === "tableHeader") assert.equal((t as string).split("|").length, e.split("|").length);
      assert.match(t as string, THAI, k);
    } else {
      for (const s of Object.keys(e)) assert.match((t as Record<string, string>)[s], THAI, s);
    }
  }
});

Deno.test("the Online section has a Thai version of every text, numbers kept", () => {
  const [en, th] = [reportText("en").online, reportText("th").online];
  for (const k of Object.keys(en) as (keyof typeof en)[]) {
    const t = th[k];
    const text = typeof t === "function"
      ? (t as (n: number, tx: boolean, steps: string) => string)(7, true, "[3] [9]")
      : t;
    assert.match(text, THAI, k);
    if (typeof t === "function") assert.ok(text.includes("7"), `${k} keeps the number`);
  }
});

Deno.test("--lang th writes report.md in Thai with the same data as English", async () => {
  await using p = await copyProject(join(ACCEPTANCE_DIR, "user_profile"));
  const en = await runTool(p.dir, [...ARGS, "--run-id", "en"]);
  assert.equal(en.code, 0, describeRun(en));
  const th = await runTool(p.dir, [...ARGS, "--run-id", "th", "--lang", "th"]);
  assert.equal(th.code, 0, describeRun(th));
  const enText = await readRunFile(p.dir, "en", "report.md");
  const thText = await readRunFile(p.dir, "th", "report.md");
  const headings = (s: string) => s.split("\n").filter((l) => /^#{1,2} /.test(l));
  const T = reportText("th");
  assert.equal(headings(thText)[0], `# ${T.title}: user_profile`);
  for (const h of headings(thText)) assert.match(h, THAI, h);
  for (const h of [T.changes, T.risks, T.files, T.next, T.verification]) {
    assert.ok(thText.includes(`## ${h}\n`), `heading ${h}`);
  }
  for (const h of headings(enText)) assert.ok(!thText.includes(`${h}\n`), `no English ${h}`);
  assert.equal(headings(thText).length, headings(enText).length);
  // the same data in the change table (#, kind, target, safety, reversibility, rule); the reason
  // is the rule's message in Thai
  const rows = (s: string) =>
    s.split("\n").filter((l) => /^\| \d+ \|/.test(l)).map((l) => l.split(" | "));
  const data = (r: string[][]) => r.map((cells) => cells.slice(0, 6).join(" | "));
  assert.deepEqual(data(rows(thText)), data(rows(enText)));
  assert.ok(rows(enText).length > 5);
  for (const r of rows(thText)) assert.match(r[6], THAI, r.join(" | "));
  // risks, rule explanations, verification sentences and the next step are Thai too
  const section = (h: string) => thText.split(`## ${h}\n`)[1].split("\n## ")[0];
  for (const line of section(T.risks).split("\n").filter((l) => l.startsWith("- "))) {
    assert.match(line, THAI, line);
  }
  for (
    const para of section(T.rulesApplied).split("\n\n").map((p) => p.trim())
      .filter((p) => p && !p.startsWith("#"))
  ) {
    assert.match(para, THAI, para);
  }
  assert.match(section(T.next).trim(), /^เขียน migration ลงโฟลเดอร์ migrations\./);
  assert.doesNotMatch(thText, /\b(renamed|dropped|widens|generated rows)\b/, "no English sentence");
  // the JSON summary does not depend on the language
  const a = JSON.parse(await readRunFile(p.dir, "en", "summary.json"));
  const b = JSON.parse(await readRunFile(p.dir, "th", "summary.json"));
  assert.deepEqual(a.changes, b.changes);
});

Deno.test("Thai: verification sentences; a failed status is said once", async () => {
  await using p = await copyProject(join(ACCEPTANCE_DIR, "user_profile"));
  const run = await runTool(p.dir, [
    ...ARGS.filter((a) => a !== "--no-verify"),
    "--run-id",
    "v",
    "--lang",
    "th",
  ]);
  assert.equal(run.code, 0, describeRun(run));
  const text = await readRunFile(p.dir, "v", "report.md");
  const T = reportText("th");
  const verification = text.split(`## ${T.verification}\n`)[1].split("\n## ")[0];
  assert.match(verification, /^\*\*passed\*\* \(ผ่าน\)/m);
  for (const line of verification.split("\n").filter((l) => l.startsWith("- "))) {
    assert.match(line, THAI, line);
  }
  // a failed run's status is not "**failed** (failed)" in English
  const { renderReport } = await import("../src/report/report_md.ts");
  const summary = JSON.parse(await readRunFile(p.dir, "v", "summary.json"));
  const failed = renderReport({ ...summary, status: "failed", exit_code: 1 }, new Map(), "en");
  assert.match(failed, /\*\*failed\*\*, exit code 1/);
  assert.doesNotMatch(failed, /\*\*failed\*\* \(failed\)/);
});

/** The other dialects' acceptance projects: a SQLite run and a MySQL run without a server. */
const DIALECT_RUNS = [
  { project: "notes_sqlite", prefix: "sqlite.", args: ["specs/data/notes/spec.md", "--no-verify"] },
  {
    project: "accounts_mysql",
    prefix: "mysql.",
    args: [
      "specs/data/accounts/spec.md",
      "--from-schema",
      "db/schema_v1.sql",
      "--to-schema",
      "db/schema_v2.sql",
    ],
  },
];

for (const d of DIALECT_RUNS) {
  Deno.test(`--lang th on ${d.project}: the ${d.prefix}* rules' reasons and help are Thai`, async () => {
    await using p = await copyProject(join(ACCEPTANCE_DIR, d.project));
    const en = await runTool(p.dir, [...d.args, "--run-id", "en"]);
    assert.equal(en.code, 0, describeRun(en));
    const th = await runTool(p.dir, [...d.args, "--run-id", "th", "--lang", "th"]);
    assert.equal(th.code, 0, describeRun(th));
    const enText = await readRunFile(p.dir, "en", "report.md");
    const thText = await readRunFile(p.dir, "th", "report.md");
    const T = reportText("th");
    const rows = (s: string) =>
      s.split("\n").filter((l) => /^\| \d+ \|/.test(l)).map((l) => l.split(" | "));
    const [enRows, thRows] = [rows(enText), rows(thText)];
    assert.ok(thRows.length >= 4, thText);
    // the same changes and rules, each rule of this dialect; the reason is Thai, not the English
    assert.deepEqual(
      thRows.map((r) => r.slice(0, 6).join(" | ")),
      enRows.map((r) => r.slice(0, 6).join(" | ")),
    );
    thRows.forEach((r, i) => {
      assert.ok(r[5].startsWith(d.prefix), r.join(" | "));
      assert.match(r[6], THAI, r.join(" | "));
      assert.notEqual(r[6], enRows[i][6], "the Thai reason differs from the English one");
    });
    const section = (h: string) => thText.split(`## ${h}\n`)[1].split("\n## ")[0];
    const risks = section(T.risks).split("\n").filter((l) => l.startsWith("- "));
    assert.ok(risks.length > 0, thText);
    for (const line of risks) assert.match(line, THAI, line);
    const help = section(T.rulesApplied).split("\n### ").map((s) => s.trim()).filter(Boolean);
    const rules = new Set(thRows.map((r) => r[5].split(" ")[0]));
    assert.equal(help.length, rules.size, section(T.rulesApplied));
    for (const h of help) {
      const [id, ...text] = h.replace(/^### /, "").split("\n");
      assert.ok(rules.has(id), id);
      assert.match(text.join("\n"), THAI, id);
      assert.ok(!enText.includes(text.join("\n").trim()), `${id}: help not in the English report`);
    }
  });
}

Deno.test("--lang th on a SQLite probable rename: the decision and its evidence are Thai", async () => {
  const dir = await Deno.makeTempDir({ prefix: "smartspec-th-rename-" });
  try {
    await Deno.mkdir(join(dir, "specs/data/app"), { recursive: true });
    await Deno.mkdir(join(dir, "db"));
    await Deno.writeTextFile(
      join(dir, "db/schema_v1.sql"),
      "CREATE TABLE t (id INTEGER PRIMARY KEY, full_name TEXT);\n",
    );
    await Deno.writeTextFile(
      join(dir, "db/schema_v2.sql"),
      "CREATE TABLE t (id INTEGER PRIMARY KEY, fullname TEXT);\n",
    );
    await Deno.writeTextFile(
      join(dir, "specs/data/app/spec.md"),
      "# App\n\nSpec ID: app\n\n```yaml migration\ndialect: sqlite\n" +
        "from_schema: db/schema_v1.sql\nto_schema: db/schema_v2.sql\n```\n",
    );
    const args = ["specs/data/app/spec.md", "--no-verify", "--lang", "th", "--run-id", "th"];
    const run = await runTool(dir, args);
    assert.equal(run.code, 1, describeRun(run));
    const text = await readRunFile(dir, "th", "report.md");
    const T = reportText("th");
    const decision = text.split(`## ${T.needsDecision}\n`)[1].split("\n## ")[0];
    const line = decision.split("\n").find((l) => l.startsWith("- [1]"))!;
    assert.match(line, /ดูเหมือนการเปลี่ยนชื่อ \(ชื่อคล้ายกัน [\d.]+, ชนิดเดียวกัน/, line);
    assert.ok(line.includes("`-- @renamed from=full_name`"), line);
    assert.ok(line.includes("`- drop: t.full_name`"), line);
    assert.doesNotMatch(line, /similarity|same type|[{}]/, line);
    assert.match(decision, /`- drop: t\.full_name`/, "the fix names the column to drop");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
