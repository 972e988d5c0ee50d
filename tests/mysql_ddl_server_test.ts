/**
 * MySQL DDL rendering checked on a real server: each corpus schema is rendered from the parsed
 * model (CREATE TABLE, foreign keys added once every table exists, views, triggers and routines
 * as written), loaded into MariaDB, and the catalog must equal the model; literals round-trip
 * exactly; a fused ALTER TABLE turns accounts v1 into v2 in one statement.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Schema } from "../src/model/schema.ts";
import {
  columnDef,
  constraintClause,
  createTableSql,
  withoutDefiner,
} from "../src/dialects/mysql/ddl_model.ts";
import { terminate } from "../src/dialects/mysql/frame.ts";
import type { MysqlFlavor } from "../src/dialects/mysql/expr.ts";
import { parseMysql } from "../src/dialects/mysql/parse.ts";
import { hexLiteral, ident, literal, qualified } from "../src/dialects/mysql/quoting.ts";
import { freshMariaDb, mariadbAvailable, mariadbServerInfo } from "./helpers/mariadb_server.ts";
import { readMysqlCatalog, summarizeModel } from "./helpers/mysql_catalog.ts";

const CORPUS = join(import.meta.dirname!, "corpus_mysql");
const ignore = !mariadbAvailable();
const FOR_MARIADB: [RegExp, string][] = [[/utf8mb4_0900_ai_ci/g, "utf8mb4_general_ci"]];
const opts = { ignore, sanitizeResources: false, sanitizeOps: false };

/** The whole schema as a script for the command-line client. */
function renderSchema(s: Schema, flavor: MysqlFlavor): string {
  const out: string[] = [];
  const indexes = [...s.indexes.values()];
  for (const t of s.tables.values()) {
    const own = indexes.filter((i) => i.table.name === t.name);
    out.push(createTableSql(t, own, flavor, false) + ";");
  }
  for (const t of s.tables.values()) {
    const fks = t.constraints.filter((c) => c.kind === "foreign");
    if (fks.length) {
      out.push(
        `ALTER TABLE ${qualified(t)} ${fks.map((c) => `ADD ${constraintClause(c)}`).join(", ")};`,
      );
    }
  }
  for (const o of [...s.views.values(), ...s.triggers.values(), ...s.functions.values()]) {
    out.push(terminate(withoutDefiner(o.sql.trim().replace(/;\s*$/, ""))));
  }
  return out.join("\n\n") + "\n";
}

for (
  const dir of [...Deno.readDirSync(CORPUS)].filter((e) => e.isDirectory).map((e) => e.name).sort()
) {
  for (const f of [...Deno.readDirSync(join(CORPUS, dir))].map((e) => e.name).sort()) {
    Deno.test({
      name: `mysql ddl on the server: ${dir}/${f} rendered from the model`,
      ...opts,
      async fn() {
        const { flavor } = await mariadbServerInfo();
        let text = await Deno.readTextFile(join(CORPUS, dir, f));
        for (const [re, to] of FOR_MARIADB) text = text.replace(re, to);
        const parsed = parseMysql(text, f, flavor);
        const rendered = renderSchema(parsed, flavor);
        await using db = await freshMariaDb();
        await db.applyScript(rendered).catch((e) => {
          throw new Error(`${e.message}\n--- rendered:\n${rendered}`);
        });
        const server = await readMysqlCatalog(db, flavor, parsed);
        assert.deepEqual(server, summarizeModel(parsed, flavor), rendered);
        // and the rendered text parses back to the same model summary
        const again = parseMysql(rendered, "rendered.sql", flavor);
        assert.deepEqual(summarizeModel(again, flavor), summarizeModel(parsed, flavor));
      },
    });
  }
}

Deno.test({
  name: "mysql ddl on the server: literals and identifiers round-trip exactly",
  ...opts,
  async fn() {
    const values = [
      "C:\\new",
      "it's",
      "\\'",
      "a\nb\r\nc",
      "nul\0byte",
      "ctrl-z\x1a",
      "ünï😀",
      "\\",
      "'",
      "",
    ];
    await using db = await freshMariaDb();
    const t = ident("we`ird table"), c = ident("a b");
    await db.exec(
      `CREATE TABLE ${t} (id int PRIMARY KEY, ${c} varchar(50) DEFAULT ${literal("C:\\new")})`,
    );
    const rows = values.map((v, i) => `(${i}, ${literal(v)})`).join(", ");
    // through the driver and through the command-line client
    await db.exec(`INSERT INTO ${t} VALUES ${rows}`);
    await db.applyScript(
      `INSERT INTO ${t} VALUES ${
        values.map((v, i) => `(${i + 100}, ${literal(v)})`).join(", ")
      };\n` +
        `INSERT INTO ${t} VALUES ${
          values.map((v, i) => `(${i + 200}, ${hexLiteral(v)})`).join(", ")
        };\n` +
        `INSERT INTO ${t} (id) VALUES (300);\n`,
    );
    const got = await db.query(`SELECT id, ${c} FROM ${t} ORDER BY id`);
    const expected = [
      ...values.map((v, i) => [String(i), v]),
      ...values.map((v, i) => [String(i + 100), v]),
      ...values.map((v, i) => [String(i + 200), v]),
      ["300", "C:\\new"],
    ];
    assert.deepEqual(got, expected);
  },
});

Deno.test({
  name: "mysql ddl on the server: one fused ALTER TABLE turns accounts v1 into v2",
  ...opts,
  async fn() {
    const { flavor } = await mariadbServerInfo();
    const v1 = parseMysql(
      await Deno.readTextFile(join(CORPUS, "accounts/schema_v1.sql")),
      "v1",
      flavor,
    );
    const v2 = parseMysql(
      await Deno.readTextFile(join(CORPUS, "accounts/schema_v2.sql")),
      "v2",
      flavor,
    );
    const t2 = v2.tables.get("db.accounts")!;
    const col = (n: string) => t2.columns.find((c) => c.name === n)!;
    await using db = await freshMariaDb();
    await db.applyScript(renderSchema(v1, flavor));
    await db.exec(
      "INSERT INTO accounts (handle, first_name, last_name, balance) VALUES ('ada', 'Ada', 'Lovelace', 10.5)",
    );
    const alter = `ALTER TABLE ${qualified(t2)} ${
      [
        `MODIFY COLUMN ${columnDef(col("id"))}`,
        `CHANGE COLUMN ${ident("handle")} ${columnDef(col("username"))}`,
        `ADD COLUMN ${columnDef(col("display_name"))} AFTER ${ident("username")}`,
        `MODIFY COLUMN ${columnDef(col("balance"))}`,
        `DROP COLUMN ${ident("first_name")}`,
        `DROP COLUMN ${ident("last_name")}`,
      ].join(", ")
    };`;
    assert.equal(alter.split(";").length, 2, "one statement");
    await db.applyScript(alter);
    assert.deepEqual(
      await readMysqlCatalog(db, flavor, v2),
      summarizeModel(v2, flavor),
      alter,
    );
    assert.deepEqual(await db.query("SELECT id, username, balance FROM accounts"), [[
      "1",
      "ada",
      "10.50",
    ]]);
  },
});
