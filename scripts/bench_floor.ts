/**
 * The benchmark's floor: a bare Deno process that only reads two schema files and parses them
 * with the dialect's own parser, nothing else (no model, diff, rules or output). The generator's
 * whole-process time and memory are compared with this one's.
 * - postgresql: libpg-query (`loadModule`, then `parseSync`), PostgreSQL's parser;
 * - sqlite: node:sqlite runs each file into an empty in-memory database (SQLite's own parser);
 * - mysql: node-sql-parser (`astify`, MySQL grammar).
 *
 * `deno run --allow-read --config deno.json scripts/bench_floor.ts [--dialect=postgresql]
 * <from.sql> <to.sql>` prints the statement counts (or what the parser counts) as JSON.
 * @module
 */
import { parseArgs } from "node:util";

/** Parses one file; returns how many statements (or top-level items) the parser saw. */
type Floor = (text: string) => number;

const FLOORS: Record<string, () => Promise<Floor>> = {
  async postgresql() {
    const { loadModule, parseSync } = await import("libpg-query");
    await loadModule();
    return (text) => parseSync(text).stmts?.length ?? 0;
  },
  async sqlite() {
    const { DatabaseSync } = await import("node:sqlite");
    return (text) => {
      const db = new DatabaseSync(":memory:");
      db.exec(text);
      const [{ n }] = db.prepare("SELECT count(*) AS n FROM sqlite_schema").all() as {
        n: number;
      }[];
      db.close();
      return n;
    };
  },
  async mysql() {
    const { default: sqlParser } = await import("node-sql-parser");
    const parser = new sqlParser.Parser();
    return (text) => {
      const ast = parser.astify(text, { database: "MySQL" });
      return Array.isArray(ast) ? ast.length : 1;
    };
  },
};

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    options: { dialect: { type: "string", default: "postgresql" } },
    allowPositionals: true,
  });
  const [fromPath, toPath] = positionals;
  const load = FLOORS[values.dialect];
  if (!fromPath || !toPath || !load) {
    console.error(`usage: bench_floor.ts [--dialect=${Object.keys(FLOORS).join("|")}] <from> <to>`);
    Deno.exit(2);
  }
  const from = Deno.readTextFileSync(fromPath);
  const to = Deno.readTextFileSync(toPath);
  const parse = await load();
  const a = parse(from), b = parse(to);
  console.log(JSON.stringify({ from: a, to: b }));
}
