/**
 * The round trip on a MySQL/MariaDB server named by `--dev-url`, like the other dialects'
 * embedded verification: three scratch databases are created there (the working one, and the
 * from- and to-schema loaded as references), rows with edge values are generated in the working
 * one, the migration is applied statement by statement, its catalog must equal the to-schema's,
 * the rollback is applied, and its catalog and every row must equal the from-schema's and the
 * generated rows. A guard of the preflight that stops the migration on the generated rows proves
 * itself instead (the database must then be untouched). The scratch databases are dropped.
 * @module
 */
import type { VerifyInput } from "../dialect.ts";
import type { VerificationResult, VerifyStep } from "../../verify/result.ts";
import type { Column, Schema, Table } from "../../model/schema.ts";
import type { MysqlFlavor } from "./expr.ts";
import { parseDevUrl } from "./dev_url.ts";
import { connectServer, type Server } from "./server.ts";
import { splitMysql } from "./split.ts";
import { diffCatalog, readCatalog } from "./catalog_text.ts";
import { colExt } from "./ddl_model.ts";
import { ident, literal } from "./quoting.ts";
import { EQUIVALENT_PREFIX } from "./online.ts";

const ROWS = 4;

const DDL = /^\s*(ALTER|RENAME|DROP\s+TABLE|DROP\s+VIEW|DROP\s+TRIGGER|CREATE\s+(?!TEMPORARY))/i;

/**
 * Runs a file statement by statement; returns where it stopped, if it did. A
 * pt-online-schema-change block of an online file (online.ts) runs as its equivalent ALTER, and
 * the file goes on at the block's resume marker, as the operator's run would.
 */
async function runFile(
  s: Server,
  text: string,
): Promise<{ error?: string; beforeDdl: boolean }> {
  let ddlSeen = false;
  let skipping = false;
  for (const st of splitMysql(text)) {
    if (skipping && !st.sql.includes(">>> resume here after pt-online-schema-change #")) continue;
    skipping = false;
    const at = st.sql.indexOf(EQUIVALENT_PREFIX.replace(/^-- /, ""));
    if (at >= 0 && /^-- >>> pt-online-schema-change #\d+/m.test(st.sql)) {
      const equivalent = st.sql.slice(at + EQUIVALENT_PREFIX.length - 3).split("\n")[0];
      try {
        await s.query(equivalent);
      } catch (e) {
        return { error: `line ${st.line}: ${(e as Error).message}`, beforeDdl: !ddlSeen };
      }
      ddlSeen = true;
      skipping = true;
      continue;
    }
    const sql = st.sql.replace(/^(\s*(--[^\n]*|#[^\n]*)?\n)*/, "");
    if (!sql.trim()) continue;
    try {
      await s.query(sql);
    } catch (e) {
      return { error: `line ${st.line}: ${(e as Error).message}`, beforeDdl: !ddlSeen };
    }
    if (DDL.test(sql)) ddlSeen = true;
  }
  return { beforeDdl: !ddlSeen };
}

function values(c: Column, other: Column | undefined, i: number): string[] {
  const ext = colExt(c);
  const t = c.type.name;
  const unsigned = !!ext.unsigned;
  if (/int$/.test(t)) return unsigned ? [String(i), "0"] : [String(i), "0", "-1"];
  if (t === "decimal" || t === "float" || t === "double") return [String(i), "0", "-1"];
  if (t === "enum" || t === "set") {
    const vs = ext.values ?? [];
    const ov = other ? colExt(other).values ?? vs : vs;
    const both = vs.filter((v) => ov.includes(v));
    return (both.length ? both : vs).slice(0, 2).map(literal);
  }
  if (t === "date") return [`'2024-01-0${i}'`];
  if (t === "datetime" || t === "timestamp") return [`'2024-01-0${i} 10:11:12'`];
  if (t === "time") return [`'10:11:0${i}'`];
  if (t === "year") return ["2024"];
  if (t === "json") return [`'{"k": ${i}}'`];
  if (t === "bit") return ["1"];
  const lens = [c, other].filter((x): x is Column => !!x).map((x) =>
    /char|binary/.test(x.type.name) ? x.type.mods[0] ?? 1 : 255
  );
  const max = Math.min(...lens);
  const picks = [`v${i}`, "Mary Ann", "C:\\new", "it's", ""].filter((v) => [...v].length <= max);
  if (/json/i.test(c.collation ?? "") || c.collation === "utf8mb4_bin" && t === "longtext") {
    return [`'{"k": ${i}}'`];
  }
  return picks.map(literal);
}

/**
 * Generates rows (4 per table, keys 1..4; edge values: NULL, '', a backslash, a quote, a value
 * with a blank, varied across columns) and inserts those the server accepts.
 */
async function generateRows(s: Server, db: string, from: Schema, to: Schema): Promise<number> {
  let n = 0;
  for (const t of from.tables.values()) {
    const other = to.tables.get(`${t.schema}.${t.name}`);
    const unique = new Set(
      t.constraints.filter((c) => c.kind === "primary" || c.kind === "unique").flatMap((c) =>
        c.columns
      ),
    );
    for (let i = 1; i <= ROWS; i++) {
      const cols = t.columns.filter((c) => !c.generated);
      const row = cols.map((c, ci) => {
        const fk = t.constraints.some((k) => k.kind === "foreign" && k.columns.includes(c.name));
        if (fk) return !c.notNull && i === 2 ? "NULL" : String(i);
        if (unique.has(c.name)) {
          return /int|decimal|float|double/.test(c.type.name) ? String(i) : literal(`k${i}`);
        }
        if (!c.notNull && i === 2) return "NULL";
        const vs = values(c, other?.columns.find((x) => x.name === c.name), i);
        return vs.length ? vs[(i - 1 + ci) % vs.length] : "NULL";
      });
      try {
        await s.query(
          `INSERT INTO ${ident(db)}.${ident(t.name)} (${
            cols.map((c) => ident(c.name)).join(", ")
          }) VALUES (${row.join(", ")})`,
        );
        n++;
      } catch { /* a row the schema refuses (a CHECK, a key) is left out */ }
    }
  }
  return n;
}

async function allRows(s: Server, db: string, tables: Table[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const t of tables) {
    const rows = await s.query(`SELECT * FROM ${ident(db)}.${ident(t.name)}`);
    out.set(t.name, rows.map((r) => JSON.stringify(r)).sort());
  }
  return out;
}

/** Verifies the files on the server of `url` (see the module documentation). */
export async function verifyOnServer(
  input: VerifyInput,
  url: string,
  flavor: MysqlFlavor,
): Promise<VerificationResult> {
  const t0 = performance.now();
  const dev = parseDevUrl(url);
  const steps: VerifyStep[] = [];
  const step = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const s = performance.now();
    try {
      const r = await f();
      steps.push({ name, ms: Math.round(performance.now() - s), result: "ok" });
      return r;
    } catch (e) {
      steps.push({
        name,
        ms: Math.round(performance.now() - s),
        result: "failed",
        detail: (e as Error).message,
      });
      throw e;
    }
  };
  let s: Server;
  try {
    s = await connectServer(dev);
  } catch (e) {
    return {
      status: "failed",
      reason: `cannot connect to --dev-url ${dev.display}: ${(e as Error).message}`,
    };
  }
  const tag = crypto.randomUUID().slice(0, 8);
  const work = `_smartspec_verify_${tag}`, ref1 = `${work}_from`, ref2 = `${work}_to`;
  const version = String((await s.query("SELECT VERSION()"))[0][0]);
  const base: VerificationResult = {
    status: "passed",
    engine: `${flavor} files on ${dev.display.replace(/\/\/[^@]*@/, "//")} (${version})`,
    data: "generated",
  };
  const differences: string[] = [];
  const compared: string[] = [];
  try {
    for (const db of [work, ref1, ref2]) {
      await s.query(`CREATE DATABASE ${ident(db)} CHARACTER SET utf8mb4`);
    }
    await step("load schemas", async () => {
      for (
        const [db, text] of [[work, input.fromSql], [ref1, input.fromSql], [ref2, input.toSql]]
      ) {
        await s.query(`USE ${ident(db)}`);
        const r = await runFile(s, text);
        if (r.error) throw new Error(`${db === ref2 ? "to" : "from"}-schema: ${r.error}`);
      }
    });
    await s.query(`USE ${ident(work)}`);
    await s.query("SET SESSION foreign_key_checks = 0");
    const rows = await step("generate rows", () => generateRows(s, work, input.from, input.to));
    await s.query("SET SESSION foreign_key_checks = 1");
    const tables = [...input.from.tables.values()];
    const seeded = await allRows(s, work, tables);
    const q = (sql: string) => s.query(sql);
    const up = await step("migration.sql", () => runFile(s, input.migrationSql));
    if (up.error) {
      if (!up.beforeDdl) {
        differences.push(`migration.sql stopped after a DDL statement: ${up.error}`);
      } else {
        // a preflight guard fired on the generated rows: nothing may have changed
        const d = diffCatalog(await readCatalog(q, work), await readCatalog(q, ref1));
        differences.push(...d.map((x) => `after the guard stopped: ${x}`));
        if (JSON.stringify([...await allRows(s, work, tables)]) !== JSON.stringify([...seeded])) {
          differences.push("after the guard stopped: rows changed");
        }
        return {
          ...base,
          status: differences.length ? "failed" : "guarded",
          reason: differences.length
            ? differences[0]
            : `a preflight guard stopped the migration on generated rows (database untouched): ${up.error}`,
          rows_generated: rows,
          guards_fired: [{ message: up.error, rows: "generated" }],
          steps,
          differences,
          duration_ms: Math.round(performance.now() - t0),
        };
      }
    } else {
      const d = diffCatalog(await readCatalog(q, work), await readCatalog(q, ref2));
      differences.push(...d.map((x) => `after up: ${x}`));
      if (!d.length) compared.push("catalog after migration.sql = to-schema");
      await s.query(`USE ${ident(work)}`);
      const down = await step("rollback.sql", () => runFile(s, input.rollbackSql));
      if (down.error) differences.push(`rollback.sql failed: ${down.error}`);
      else {
        const d2 = diffCatalog(await readCatalog(q, work), await readCatalog(q, ref1));
        differences.push(...d2.map((x) => `after down: ${x}`));
        if (!d2.length) compared.push("catalog after rollback.sql = from-schema");
        const back = await allRows(s, work, tables);
        let same = true;
        for (const [t, r] of seeded) {
          if (JSON.stringify(back.get(t)) !== JSON.stringify(r)) {
            same = false;
            differences.push(`after down: rows of ${t} differ from the generated ones`);
          }
        }
        if (same) compared.push(`every generated row after rollback.sql (${rows} rows)`);
      }
    }
    return {
      ...base,
      status: differences.length ? "failed" : "passed",
      reason: differences[0],
      rows_generated: rows,
      tables_filled: tables.length,
      steps,
      compared,
      differences,
      duration_ms: Math.round(performance.now() - t0),
    };
  } catch (e) {
    return {
      ...base,
      status: "failed",
      reason: (e as Error).message,
      steps,
      differences: [(e as Error).message],
    };
  } finally {
    for (const db of [work, ref1, ref2]) {
      await s.query(`DROP DATABASE IF EXISTS ${ident(db)}`).catch(() => {});
    }
    await s.close();
  }
}
