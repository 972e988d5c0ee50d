/**
 * The ALTER algorithms predicted for MariaDB (src/dialects/mysql/algorithm.ts) checked on the
 * server: each case runs with ALGORITHM=INSTANT, NOCOPY, INPLACE and COPY, and the predicted
 * algorithm must be the cheapest the server accepts (NOCOPY counts as in place).
 */
import assert from "node:assert/strict";
import { alterAlgorithm } from "../src/dialects/mysql/algorithm.ts";
import { clauseHow } from "../src/dialects/mysql/online.ts";
import { ALGORITHM_CASES, caseOp, caseTableSql } from "../src/dialects/mysql/algorithm_cases.ts";
import { freshMariaDb, mariadbAvailable, mariadbServerInfo } from "./helpers/mariadb_server.ts";

Deno.test({
  name: "mysql algorithm on the server: every case's prediction is the cheapest accepted",
  ignore: !mariadbAvailable(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { flavor } = await mariadbServerInfo();
    await using db = await freshMariaDb();
    await db.exec("CREATE TABLE p (id int PRIMARY KEY)");
    const wrong: string[] = [];
    let n = 0;
    for (const c of ALGORITHM_CASES) {
      let cheapest: string | undefined;
      for (const alg of ["INSTANT", "NOCOPY", "INPLACE", "COPY"]) {
        const t = `t${++n}`;
        // Foreign key names are unique in a database.
        const own = (sql: string) => sql.replace(/\bfk\b/g, `fk_${t}`);
        await db.exec(own(caseTableSql(c, t)));
        try {
          await db.exec(own(`ALTER TABLE ${t} ${c.change}, ALGORITHM=${alg}`));
          cheapest = alg;
          break;
        } catch { /* not supported with this algorithm */ }
      }
      const seen = cheapest === "NOCOPY" ? "inplace" : cheapest?.toLowerCase();
      const predicted = alterAlgorithm(caseOp(c, flavor), flavor);
      if (seen !== predicted) {
        wrong.push(`${c.change} (from ${c.from}): server ${seen}, predicted ${predicted}`);
      }
    }
    assert.deepEqual(wrong, []);
  },
});

Deno.test({
  name: "mysql online: every case claimed instant or in place runs so on the server (LOCK=NONE)",
  ignore: !mariadbAvailable(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { flavor } = await mariadbServerInfo();
    await using db = await freshMariaDb();
    await db.exec("CREATE TABLE p (id int PRIMARY KEY)");
    const refused: string[] = [];
    let n = 0, claimed = 0;
    for (const c of ALGORITHM_CASES) {
      const how = clauseHow({ sql: c.change, op: caseOp(c, flavor) }, flavor, "utf8mb4");
      if (how === "locking") continue;
      claimed++;
      const t = `o${++n}`;
      const own = (sql: string) => sql.replace(/\bfk\b/g, `fk_${t}`);
      await db.exec(own(caseTableSql(c, t)));
      const clause = how === "instant" ? "ALGORITHM=INSTANT" : "ALGORITHM=INPLACE, LOCK=NONE";
      try {
        await db.exec(own(`ALTER TABLE ${t} ${c.change}, ${clause}`));
      } catch (e) {
        refused.push(`${c.change} (from ${c.from}) with ${clause}: ${(e as Error).message}`);
      }
    }
    assert.deepEqual(refused, []);
    assert.ok(claimed >= 20, `only ${claimed} cases claimed online`);
  },
});
