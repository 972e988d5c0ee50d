import assert from "node:assert/strict";
import { parseMysql } from "./parse.ts";
import { clauseHow, fusedHow, ptDsn, ptOscBlocker, ptOscCommand, shellWord } from "./online.ts";
import { MYSQL_DEFAULT_SCHEMA } from "./names.ts";

/** Splits a shell line into words as a POSIX shell would (quotes only, no expansion). */
function shellSplit(line: string): string[] {
  const out: string[] = [];
  let cur = "", inWord = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      cur += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (ch === "\\") {
      cur += line[++i];
      inWord = true;
    } else if (ch === " ") {
      if (inWord) out.push(cur);
      cur = "";
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

Deno.test("pt-osc: a shell word survives quotes, blanks, dollars and backticks", () => {
  for (const s of ["plain", "it's", "a b", "$HOME `x` \\n", "''", '"q"']) {
    assert.deepEqual(shellSplit(shellWord(s)), [s]);
  }
});

Deno.test("pt-osc: the DSN names the file's database by $DB, another database by name", () => {
  const own = ptDsn({ schema: MYSQL_DEFAULT_SCHEMA, name: "user list" });
  assert.equal(own, `D="\${DB:?set DB to the database}",t='user list'`);
  assert.equal(ptDsn({ schema: "shop", name: "a$b" }), `D='shop',t='a$b'`);
  assert.equal(
    ptDsn({ schema: "shop", name: "t" }, "h=127.0.0.1,P=3306"),
    `'h=127.0.0.1,P=3306,'D='shop',t='t'`,
  );
});

Deno.test("pt-osc: the command's --alter is one word with every clause, SQL quoting kept", () => {
  const cmd = ptOscCommand({ schema: "shop", name: "orders" }, [
    "MODIFY COLUMN `note` varchar(10) NULL DEFAULT 'it\\'s'",
    "ADD COLUMN `x`\n  int NULL",
  ]);
  const words = shellSplit(cmd);
  assert.equal(words[0], "pt-online-schema-change");
  assert.equal(
    words[words.indexOf("--alter") + 1],
    "MODIFY COLUMN `note` varchar(10) NULL DEFAULT 'it\\'s', ADD COLUMN `x` int NULL",
  );
  assert.ok(words.includes("--execute"));
  assert.ok(!words.includes("--no-check-alter"));
  assert.equal(words[words.length - 1], "D=shop,t=orders");
  const renaming = shellSplit(
    ptOscCommand({ schema: "shop", name: "o" }, ["CHANGE COLUMN `a` `b` int NULL"], {
      renames: true,
    }),
  );
  assert.ok(renaming.includes("--no-check-alter"));
});

const schema = (sql: string) => parseMysql(sql, "s.sql", "mariadb");

Deno.test("pt-osc: refused for tables without a key, with foreign keys or triggers, odd names", () => {
  const s = schema(`
    CREATE TABLE p (id int PRIMARY KEY);
    CREATE TABLE c (id int PRIMARY KEY, p int, CONSTRAINT fk FOREIGN KEY (p) REFERENCES p (id));
    CREATE TABLE nokey (a int);
    CREATE TABLE plain (id int PRIMARY KEY, v int);
    CREATE TABLE \`it's\` (id int PRIMARY KEY);
    CREATE TABLE trig (id int PRIMARY KEY);
    CREATE TRIGGER tr BEFORE INSERT ON trig FOR EACH ROW SET NEW.id = NEW.id;
  `);
  const t = (n: string) => [...s.tables.values()].find((x) => x.name === n)!;
  const mod = [{ sql: "MODIFY v bigint", op: { op: "drop_column" as const } }];
  assert.equal(ptOscBlocker(t("plain"), mod, [s]), undefined);
  assert.match(ptOscBlocker(t("nokey"), mod, [s])!, /no primary key/);
  assert.match(ptOscBlocker(t("c"), mod, [s])!, /has foreign keys/);
  assert.match(ptOscBlocker(t("p"), mod, [s])!, /foreign keys of c refer to it/);
  assert.match(ptOscBlocker(t("it's"), mod, [s])!, /does not quote/);
  assert.match(ptOscBlocker(t("trig"), mod, [s])!, /triggers/);
  assert.match(
    ptOscBlocker(t("plain"), [{ sql: "DROP PRIMARY KEY", op: { op: "primary_key" } }], [s])!,
    /primary key/,
  );
});

Deno.test("online: a fused ALTER is as blocking as its worst clause", () => {
  const i = (method: string) => ({
    sql: "ADD KEY k (v)",
    op: { op: "add_index" as const, method, unique: false },
  });
  const drop = { sql: "DROP COLUMN w", op: { op: "drop_column" as const } };
  assert.equal(clauseHow(i("fulltext"), "mariadb", "utf8mb4"), "locking");
  assert.equal(fusedHow([drop], "mariadb", "utf8mb4"), "instant");
  assert.equal(fusedHow([drop, i("btree")], "mariadb", "utf8mb4"), "inplace");
  assert.equal(fusedHow([drop, i("btree"), i("spatial")], "mysql", "utf8mb4"), "locking");
});
