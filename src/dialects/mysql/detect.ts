/**
 * Which SQL dialect a schema file looks like, for error messages when a file is read with the
 * wrong parser ("this looks like PostgreSQL: use --dialect postgresql"). Signs only: a file with
 * none of them says nothing.
 * @module
 */

const POSTGRES_SIGNS = [
  /::\s*[a-z_]+/i, // casts
  /\$[A-Za-z_]*\$/, // dollar quoting
  /\bCREATE\s+(EXTENSION|DOMAIN)\b/i,
  /\bCREATE\s+TYPE\s+\S+\s+AS\b/i,
  /\bOWNER\s+TO\b/i,
  /\bSET\s+search_path\b/i,
  /\b(timestamptz|jsonb|bytea|bigserial|smallserial|tsvector)\b/i,
  /^\\connect\b/m,
  /\bCOMMENT\s+ON\s+(TABLE|COLUMN|INDEX|SCHEMA)\b/i,
  /\bUSING\s+(gin|gist|brin)\b/i,
  /\bGENERATED\s+(ALWAYS|BY\s+DEFAULT)\s+AS\s+IDENTITY\b/i,
];

const MYSQL_SIGNS = [
  /`[^`\n]+`/, // backtick identifiers
  /\bAUTO_INCREMENT\b/i,
  /\bENGINE\s*=\s*\w+/i,
  /\b(TINYINT|MEDIUMINT|MEDIUMTEXT|LONGTEXT|TINYTEXT|LONGBLOB|MEDIUMBLOB)\b/i,
  /\bUNSIGNED\b/i,
  /\/\*!\d{5}/, // versioned comments
  /^\s*DELIMITER\s+\S+/im,
  /\b(DEFAULT\s+)?CHARSET\s*=/i,
  /\bENUM\s*\(\s*'/i,
  /\bON\s+UPDATE\s+CURRENT_TIMESTAMP\b/i,
  /^\s*(UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?KEY\s+`?\w+`?\s*\(/im,
];

function count(text: string, signs: RegExp[]): number {
  return signs.filter((re) => re.test(text)).length;
}

/** True when the text shows signs of PostgreSQL (and more of them than of MySQL). */
export function looksLikePostgres(text: string): boolean {
  const pg = count(text, POSTGRES_SIGNS);
  return pg > 0 && pg >= count(text, MYSQL_SIGNS);
}

/** True when the text shows signs of MySQL/MariaDB (and more of them than of PostgreSQL). */
export function looksLikeMysql(text: string): boolean {
  const my = count(text, MYSQL_SIGNS);
  return my > 0 && my > count(text, POSTGRES_SIGNS);
}
