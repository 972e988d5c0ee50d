/**
 * The formats whose tools cannot be installed here (golang-migrate, goose, Flyway, Liquibase):
 * the files --apply writes are checked against each tool's documented syntax (file names, up/down
 * markers, transaction directives) and then run the way the tool runs them, on the test
 * PostgreSQL: golang-migrate sends each file as one batch; goose runs each StatementBegin/End
 * block, inside a transaction unless the file says NO TRANSACTION; Flyway runs a file in one
 * transaction unless its `.sql.conf` says executeInTransaction=false (then statement by
 * statement); Liquibase runs each changeset (splitStatements:false: as one batch) in a
 * transaction unless runInTransaction:false, and its --rollback lines in reverse order.
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { compareDotted } from "../src/apply/numbering.ts";
import { splitSql } from "../src/apply/sql_split.ts";
import { defineApplyRoundTrips } from "./helpers/apply_roundtrip.ts";
import type { TestDb } from "./helpers/pg_server.ts";

const read = (dir: string, f: string) => Deno.readTextFileSync(join(dir, f));
const inTx = (sql: string) => `BEGIN;\n${sql}\nCOMMIT;`;
const base = (p: string) => p.slice(p.lastIndexOf("/") + 1);

// golang-migrate: <version>_<title>.up.sql / .down.sql, each file one batch
const GM = /^(\d+)_([a-z0-9_]+)\.(up|down)\.sql$/;
function golangFiles(written: string[], dir: "up" | "down"): string[] {
  for (const w of written) assert.match(base(w), GM, w);
  const ups = written.filter((w) => w.endsWith(".up.sql"));
  for (const u of ups) assert.ok(written.includes(u.replace(/\.up\.sql$/, ".down.sql")), u);
  const files = written.filter((w) => w.endsWith(`.${dir}.sql`))
    .sort((a, b) => compareDotted(GM.exec(base(a))![1], GM.exec(base(b))![1]));
  return dir === "up" ? files : files.reverse();
}
await defineApplyRoundTrips("golang-migrate", {
  async up(dir, db, written) {
    for (const f of golangFiles(written, "up")) await db.exec(read(dir, f));
  },
  async down(dir, db, written) {
    for (const f of golangFiles(written, "down")) await db.exec(read(dir, f));
  },
});

// goose: <version>_<name>.sql with -- +goose Up / Down, StatementBegin / StatementEnd
interface GooseFile {
  noTx: boolean;
  up: string[];
  down: string[];
}
function parseGoose(text: string): GooseFile {
  const f: GooseFile = { noTx: false, up: [], down: [] };
  let section: "up" | "down" | undefined;
  let block: string[] | undefined;
  for (const line of text.split("\n")) {
    const a = /^--\s*\+goose\s+(.+?)\s*$/.exec(line)?.[1];
    if (a === "NO TRANSACTION") {
      assert.equal(section, undefined, "NO TRANSACTION comes before the Up section");
      f.noTx = true;
    } else if (a === "Up" || a === "Down") {
      assert.equal(block, undefined, "sections do not start inside a statement block");
      section = a === "Up" ? "up" : "down";
    } else if (a === "StatementBegin") {
      assert.ok(section, "a statement block is inside a section");
      block = [];
    } else if (a === "StatementEnd") {
      assert.ok(block, "StatementEnd closes a StatementBegin");
      f[section!].push(block.join("\n"));
      block = undefined;
    } else if (a !== undefined) throw new Error(`unknown goose annotation: ${line}`);
    else if (block) block.push(line);
    else if (line.trim() && !line.startsWith("--")) throw new Error(`statement outside a block`);
  }
  assert.ok(f.up.length && f.down.length, "both sections hold a statement block");
  return f;
}
function gooseFiles(written: string[]): string[] {
  for (const w of written) assert.match(base(w), /^\d+_[a-z0-9_]+\.sql$/, w);
  return [...written].sort((a, b) =>
    compareDotted(/^\d+/.exec(base(a))![0], /^\d+/.exec(base(b))![0])
  );
}
async function runGoose(db: TestDb, f: GooseFile, blocks: string[]) {
  for (const b of blocks) await db.exec(f.noTx ? b : inTx(b));
}
await defineApplyRoundTrips("goose", {
  async up(dir, db, written) {
    for (const w of gooseFiles(written)) {
      const f = parseGoose(read(dir, w));
      await runGoose(db, f, f.up);
    }
  },
  async down(dir, db, written) {
    for (const w of gooseFiles(written).reverse()) {
      const f = parseGoose(read(dir, w));
      await runGoose(db, f, f.down);
    }
  },
});

// Flyway: V<version>__<desc>.sql, undo U<version>__<desc>.sql, optional .sql.conf
const FW = /^([VU])(\d+(?:[._]\d+)*)__([A-Za-z0-9_]+)\.sql$/;
function flywayFiles(written: string[], prefix: "V" | "U"): string[] {
  for (const w of written) {
    if (w.endsWith(".conf")) {
      assert.ok(written.includes(w.slice(0, -5)), `${w} belongs to a migration`);
      continue;
    }
    assert.match(base(w), FW, w);
  }
  const vs = written.filter((w) => FW.exec(base(w))?.[1] === "V");
  for (const v of vs) assert.ok(written.some((w) => base(w) === "U" + base(v).slice(1)), v);
  const files = written.filter((w) => FW.exec(base(w))?.[1] === prefix)
    .sort((a, b) => compareDotted(FW.exec(base(a))![2], FW.exec(base(b))![2]));
  return prefix === "V" ? files : files.reverse();
}
async function runFlyway(dir: string, db: TestDb, file: string) {
  let conf = "";
  try {
    conf = read(dir, `${file}.conf`);
  } catch { /* none */ }
  assert.match(conf, /^(executeInTransaction=(true|false)\n)?$/, "known script configuration");
  const text = read(dir, file);
  if (conf.includes("executeInTransaction=false")) {
    for (const s of splitSql(text).statements) await db.exec(s.sql);
  } else {
    assert.doesNotMatch(text, /^\s*(BEGIN|COMMIT)\s*;/im, "Flyway adds the transaction");
    await db.exec(inTx(text));
  }
}
await defineApplyRoundTrips("flyway", {
  async up(dir, db, written) {
    for (const f of flywayFiles(written, "V")) await runFlyway(dir, db, f);
  },
  async down(dir, db, written) {
    for (const f of flywayFiles(written, "U")) await runFlyway(dir, db, f);
  },
});

// Liquibase formatted SQL
interface Changeset {
  id: string;
  attrs: Record<string, string>;
  body: string;
  rollback: string;
}
function parseLiquibase(text: string): Changeset[] {
  const lines = text.split("\n");
  assert.match(lines[0], /^--liquibase formatted sql$/);
  const out: Changeset[] = [];
  for (const line of lines.slice(1)) {
    const m = /^--changeset (\S+?):(\S+)((?: \S+:\S+)*)$/.exec(line);
    if (m) {
      const attrs = Object.fromEntries(
        m[3].trim().split(" ").filter((a) => a).map((a) => a.split(":")),
      );
      for (const k of Object.keys(attrs)) {
        assert.ok(
          ["splitStatements", "rollbackSplitStatements", "runInTransaction"].includes(k),
          `documented changeset attribute ${k}`,
        );
      }
      out.push({ id: `${m[1]}:${m[2]}`, attrs, body: "", rollback: "" });
      continue;
    }
    const cs = out[out.length - 1];
    if (!cs) continue;
    if (line.startsWith("--rollback ") || line === "--rollback") {
      cs.rollback += line.replace(/^--rollback ?/, "") + "\n";
    } else if (!line.startsWith("--comment:")) cs.body += line + "\n";
  }
  assert.ok(out.length > 0, "at least one changeset");
  assert.equal(new Set(out.map((c) => c.id)).size, out.length, "changeset ids are unique");
  for (const c of out) assert.ok(c.rollback.trim(), `${c.id} has a rollback`);
  return out;
}
async function runChange(db: TestDb, c: Changeset, sql: string) {
  await db.exec(c.attrs.runInTransaction === "false" ? sql : inTx(sql));
}
await defineApplyRoundTrips("liquibase", {
  async up(dir, db, written) {
    assert.equal(written.length, 1);
    for (const c of parseLiquibase(read(dir, written[0]))) await runChange(db, c, c.body);
  },
  async down(dir, db, written) {
    for (const c of parseLiquibase(read(dir, written[0])).reverse()) {
      await runChange(db, c, c.rollback);
    }
  },
});
