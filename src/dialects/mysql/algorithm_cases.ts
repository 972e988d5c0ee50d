/** The algorithm cases (algorithm_cases.yaml) turned into ALTER operations, for the tests. */
import { parse as parseYaml } from "yaml";
import casesText from "./algorithm_cases.yaml" with { type: "text" };
import type { Algorithm, AlterOp } from "./algorithm.ts";
import type { MysqlFlavor } from "./expr.ts";
import { parseMysql } from "./parse.ts";

/** One case of algorithm_cases.yaml. */
export interface AlgorithmCase {
  op: AlterOp["op"];
  from: string;
  to?: string;
  change: string;
  method?: string;
  unique?: boolean;
  mariadb: Algorithm;
  mysql: Algorithm;
}

/** The cases. */
export const ALGORITHM_CASES = parseYaml(casesText) as AlgorithmCase[];

/** The table a case starts from, as DDL. */
export function caseTableSql(c: AlgorithmCase, name: string, defs = c.from): string {
  return `CREATE TABLE ${name} (id int PRIMARY KEY, ${defs}) DEFAULT CHARSET=utf8mb4`;
}

/** The ALTER operation of a case, with columns read by the parser. */
export function caseOp(c: AlgorithmCase, flavor: MysqlFlavor): AlterOp {
  const cols = (defs: string) =>
    parseMysql(
      `CREATE TABLE p (id int PRIMARY KEY);\n${caseTableSql(c, "t", defs)};`,
      "case.sql",
      flavor,
    ).tables.get("db.t")!.columns;
  switch (c.op) {
    case "modify_column":
      return {
        op: c.op,
        from: cols(c.from).find((x) => x.name === "v")!,
        to: cols(c.to!).find((x) => x.name === "v")!,
      };
    case "add_column":
      return { op: c.op, column: cols(c.to!).find((x) => x.name === "x")! };
    case "add_index":
      return { op: c.op, method: c.method ?? "btree", unique: !!c.unique };
    default:
      return { op: c.op } as AlterOp;
  }
}
