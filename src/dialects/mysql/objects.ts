/**
 * Views, triggers and routines of MySQL/MariaDB: kept as written, compared by a canonical key.
 * A view's query is read by node-sql-parser when it can (its canonical spelling, and the tables it
 * reads); triggers and routines (whose bodies the parser does not read) by normalised tokens.
 * `DEFINER`, `SQL SECURITY` and `ALGORITHM` are not part of any key (dumps write them, users do
 * not, and they follow the account that loads the file).
 * @module
 */
import type { Func, QName, Trigger, View } from "../../model/schema.ts";
import type { Cursor } from "./cursor.ts";
import { grammars, sqlParser } from "./expr.ts";
import { identName, isWord, normalizeTokens, type Tok, tokenize } from "./lex.ts";

/** Skips `DEFINER = user`, `SQL SECURITY x`, `ALGORITHM = x`, `OR REPLACE`, `AGGREGATE`. */
export function skipCreatePrefix(cur: Cursor): { orReplace: boolean } {
  let orReplace = false;
  for (;;) {
    if (cur.acceptWord("OR", "REPLACE")) orReplace = true;
    else if (cur.acceptWord("ALGORITHM")) {
      cur.accept("=");
      cur.next();
    } else if (cur.acceptWord("DEFINER")) {
      cur.accept("=");
      cur.next(); // user, or CURRENT_USER
      if (cur.isOp("(")) cur.group(); // CURRENT_USER()
      if (cur.peek()?.text.startsWith("@")) {
        // `user`@`host`: the tokenizer reads '@' as an operator and the host as a name.
        const at = cur.next();
        if (at.text === "@") cur.next();
      }
    } else if (cur.acceptWord("SQL", "SECURITY")) cur.next();
    else return { orReplace };
  }
}

function textOf(cur: Cursor, toks: Tok[]): string {
  if (toks.length === 0) return "";
  return cur.ctx.text.slice(toks[0].start, toks[toks.length - 1].end);
}

/** The tables a query reads, as `schema.name` keys, by node-sql-parser (empty when unread). */
function queryReads(
  query: string,
  flavor: "mysql" | "mariadb",
  schemaOf: (db?: string) => string,
): {
  reads: string[];
  canonical?: string;
} {
  const p = sqlParser();
  for (const database of grammars(flavor)) {
    try {
      const r = p.parse(query, { database });
      const reads = new Set<string>();
      for (const entry of r.tableList) {
        const [, db, name] = entry.split("::");
        if (name) reads.add(`${schemaOf(db === "null" ? undefined : db)}.${name}`);
      }
      let canonical: string | undefined;
      try {
        canonical = p.sqlify(r.ast, { database });
      } catch { /* keep tokens */ }
      return { reads: [...reads], canonical };
    } catch {
      continue;
    }
  }
  return { reads: [] };
}

/** Reads `CREATE VIEW` from after the `VIEW` keyword. */
export function readView(
  cur: Cursor,
  sql: string,
  line: number,
  schemaOf: (db?: string) => string,
): View {
  cur.acceptWord("IF", "NOT", "EXISTS");
  const q = cur.qname("a view name");
  let columns: string[] = [];
  if (cur.isOp("(")) {
    const g = cur.group();
    columns = g.toks.filter((t) => t.kind === "word" || t.kind === "ident").map(identName);
  }
  cur.expectWord("AS");
  const rest = cur.toks.slice(cur.i);
  let end = rest.length;
  let checkOption = "";
  for (let k = 0; k < rest.length; k++) {
    if (isWord(rest[k], "WITH") && rest.slice(k).some((t) => isWord(t, "CHECK"))) {
      const tail = rest.slice(k);
      if (tail.length <= 4 && isWord(tail[tail.length - 1], "OPTION")) {
        end = k;
        checkOption = normalizeTokens(tail).replace(" cascaded", "");
        break;
      }
    }
  }
  const queryToks = rest.slice(0, end);
  const query = textOf(cur, queryToks);
  const read = queryReads(query, cur.ctx.flavor, schemaOf);
  const body = read.canonical !== undefined
    ? normalizeTokens(tokenize(read.canonical))
    : normalizeTokens(queryToks);
  cur.i = cur.toks.length;
  return {
    schema: schemaOf(q.db),
    name: q.name,
    materialized: false,
    key: `(${columns.map((c) => c.toLowerCase()).join(",")}) ${body} ${checkOption}`.trim(),
    sql,
    indexes: [],
    line,
    reads: read.reads,
    calls: [],
    types: [],
  };
}

/** Reads `CREATE TRIGGER` from after the `TRIGGER` keyword. */
export function readTrigger(
  cur: Cursor,
  sql: string,
  line: number,
  schemaOf: (db?: string) => string,
): Trigger {
  cur.acceptWord("IF", "NOT", "EXISTS");
  const q = cur.qname("a trigger name");
  const timing = cur.next();
  if (!isWord(timing, "BEFORE", "AFTER")) cur.fail("expected BEFORE or AFTER", timing);
  const event = cur.next();
  if (!isWord(event, "INSERT", "UPDATE", "DELETE")) {
    cur.fail("expected INSERT, UPDATE or DELETE", event);
  }
  // MariaDB: several events (`INSERT OR UPDATE`).
  const events = [event.text.toLowerCase()];
  while (cur.acceptWord("OR")) events.push(cur.next().text.toLowerCase());
  cur.expectWord("ON");
  const table = cur.qname("a table name");
  cur.expectWord("FOR", "EACH", "ROW");
  let order = "";
  if (cur.isWord("FOLLOWS") || cur.isWord("PRECEDES")) {
    const w = cur.next().text.toLowerCase();
    order = `${w} ${cur.ident().toLowerCase()} `;
  }
  const body = cur.toks.slice(cur.i);
  cur.i = cur.toks.length;
  const tq: QName = { schema: schemaOf(table.db), name: table.name };
  void q.db;
  return {
    table: tq,
    name: q.name,
    func: "",
    columns: [],
    enabled: "O",
    key: `${timing.text.toLowerCase()} ${events.join(" or ")} ${order}${normalizeTokens(body)}`,
    sql,
    line,
    reads: [],
    calls: [],
    types: [],
  };
}

/** Reads `CREATE PROCEDURE` / `CREATE FUNCTION` from after the keyword. */
export function readRoutine(
  cur: Cursor,
  kind: "procedure" | "function",
  sql: string,
  line: number,
  schemaOf: (db?: string) => string,
): Func {
  cur.acceptWord("IF", "NOT", "EXISTS");
  const q = cur.qname("a routine name");
  const params = cur.group();
  let returns = "";
  const from = cur.i;
  if (kind === "function") {
    cur.expectWord("RETURNS");
    const start = cur.i;
    while (
      !cur.atEnd() &&
      !cur.isWord(
        "DETERMINISTIC|NOT|LANGUAGE|CONTAINS|NO|READS|MODIFIES|SQL|COMMENT|RETURN|BEGIN|SET|SELECT|IF|CASE|DECLARE",
      )
    ) {
      cur.next();
    }
    returns = normalizeTokens(cur.toks.slice(start, cur.i));
  }
  const rest = cur.toks.slice(from);
  cur.i = cur.toks.length;
  const signature = `(${normalizeTokens(params.toks)})${returns ? " returns " + returns : ""}`;
  return {
    schema: schemaOf(q.db),
    name: q.name,
    kind,
    params: [],
    returns,
    signature,
    key: `${kind} ${normalizeTokens(params.toks)} ${normalizeTokens(rest)}`,
    sql,
    line,
    reads: [],
    calls: [],
    types: [],
  };
}
