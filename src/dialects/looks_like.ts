/**
 * Which SQL dialect a schema text looks like, for the error a parser gives when a file is read
 * as the wrong dialect ("it looks like MySQL: pass --dialect mysql"). Signs only, counted in the
 * text without its strings and comments; a text with none of another dialect's signs, or no
 * more of them than of the dialect it was read as, says nothing. One table for every parser.
 * @module
 */
import type { DialectName } from "./dialect.ts";

type Family = "postgresql" | "mysql" | "sqlite";

/** Signs of each family, with the name an error message gives them. */
const SIGNS: Record<Family, [RegExp, string][]> = {
  postgresql: [
    [/::\s*[a-z_"]/i, ":: casts"],
    [/\$[A-Za-z_]*\$/, "dollar quoting"],
    [
      /\bCREATE\s+(OR\s+REPLACE\s+)?(TYPE|EXTENSION|DOMAIN|POLICY|ROLE|MATERIALIZED|AGGREGATE|COLLATION)\b/i,
      "CREATE TYPE/EXTENSION/DOMAIN",
    ],
    [/\b(BIG|SMALL)?SERIAL\b/i, "SERIAL"],
    [/\bAS\s+IDENTITY\b/i, "identity columns"],
    [/\bCOMMENT\s+ON\b/i, "COMMENT ON"],
    [/\bOWNER\s+TO\b/i, "OWNER TO"],
    [/\bsearch_path\b/i, "search_path"],
    [/\bUSING\s+(gin|gist|brin|spgist)\b/i, "GIN/GiST indexes"],
    [/\b(TIMESTAMPTZ|JSONB|BYTEA|TSVECTOR)\b/i, "PostgreSQL types"],
    [/\bLANGUAGE\s+plpgsql\b/i, "plpgsql"],
    [/^\\connect\b/m, "psql meta-commands"],
  ],
  mysql: [
    [/`[^`\n]+`/, "backtick-quoted names"],
    [/\bAUTO_INCREMENT\b/i, "AUTO_INCREMENT"],
    [/\bENGINE\s*=/i, "ENGINE="],
    [/\bUNSIGNED\b/i, "UNSIGNED"],
    [/\b(DEFAULT\s+)?CHARSET\s*=|\bCHARACTER\s+SET\s+utf8/i, "CHARSET"],
    [/\b(TINYINT|MEDIUMINT|MEDIUMTEXT|LONGTEXT|TINYTEXT|LONGBLOB|MEDIUMBLOB)\b/i, "MySQL types"],
    [/\/\*!\d{5}/, "versioned comments"],
    [/^\s*DELIMITER\s+\S+/im, "DELIMITER"],
    [/(?<!\bAS\s+)\bENUM\s*\(\s*'/i, "inline ENUM"],
    [/\bON\s+UPDATE\s+CURRENT_TIMESTAMP\b/i, "ON UPDATE CURRENT_TIMESTAMP"],
    [/\bSET\s+(NAMES|FOREIGN_KEY_CHECKS|SQL_MODE)\b/i, "SET NAMES"],
    [/\bLOCK\s+TABLES\b/i, "LOCK TABLES"],
    [/(^|,)\s*(UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?KEY\s+`?\w+`?\s*\(/im, "KEY name (...)"],
    [/\bALTER\s+TABLE\s+\S+\s+MODIFY\b/i, "ALTER TABLE ... MODIFY"],
  ],
  sqlite: [
    [/\bAUTOINCREMENT\b/i, "AUTOINCREMENT"],
    [/\bWITHOUT\s+ROWID\b/i, "WITHOUT ROWID"],
    [/\)\s*STRICT\s*(,|;|$)/im, "STRICT tables"],
  ],
};

const FAMILY: Record<DialectName, Family> = {
  postgresql: "postgresql",
  mysql: "mysql",
  mariadb: "mysql",
  sqlite: "sqlite",
};

/** The text without string literals and comments, whose content is no sign. */
function bare(text: string): string {
  return text.replace(/'(?:[^'\\]|''|\\.)*'/g, "''").replace(/--[^\n]*/g, "")
    .replace(/\/\*(?!!)[\s\S]*?\*\//g, "");
}

/** The signs of a family found in a text. */
export function signsOf(text: string, family: Family): string[] {
  const t = bare(text);
  return SIGNS[family].filter(([re]) => re.test(t)).map(([, name]) => name);
}

/**
 * The other family a text read as `readAs` looks like, with its signs: the one with the most
 * signs, when it has more than `readAs`'s own; undefined otherwise.
 */
export function otherFamily(
  text: string,
  readAs: DialectName,
): { dialect: Family; evidence: string[] } | undefined {
  const own = signsOf(text, FAMILY[readAs]).length;
  let best: { dialect: Family; evidence: string[] } | undefined;
  for (const f of Object.keys(SIGNS) as Family[]) {
    if (f === FAMILY[readAs]) continue;
    const evidence = signsOf(text, f);
    if (evidence.length > own && evidence.length > (best?.evidence.length ?? 0)) {
      best = { dialect: f, evidence };
    }
  }
  return best;
}
