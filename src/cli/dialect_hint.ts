/**
 * When the PostgreSQL parser refuses a schema file that is written in another dialect, say so
 * and name `--dialect` instead of leaving the user with a bare syntax error.
 * @module
 */
import { InputError } from "../errors.ts";

const MYSQL: [RegExp, string][] = [
  [/`[^`\n]+`/, "backtick-quoted names"],
  [/\bAUTO_INCREMENT\b/i, "AUTO_INCREMENT"],
  [/\)\s*ENGINE\s*=/i, "ENGINE="],
  [/\b(?:TINY|MEDIUM)?INT\s*\(\s*\d+\s*\)\s*UNSIGNED\b|\bUNSIGNED\b/i, "UNSIGNED"],
  [/\bDEFAULT\s+CHARSET\s*=|\bCHARACTER\s+SET\s+utf8/i, "CHARSET"],
  [/\b(?:TINYINT|MEDIUMINT|DATETIME|MEDIUMTEXT|LONGTEXT)\b/i, "MySQL types"],
];

const SQLITE: [RegExp, string][] = [
  [/\bAUTOINCREMENT\b/i, "AUTOINCREMENT"],
  [/\bWITHOUT\s+ROWID\b/i, "WITHOUT ROWID"],
];

/** Which other dialect a schema text looks like, with the evidence, or undefined. */
export function otherDialect(text: string): { dialect: string; evidence: string[] } | undefined {
  const found = (sigs: [RegExp, string][]) => sigs.filter(([re]) => re.test(text)).map((s) => s[1]);
  const my = found(MYSQL);
  if (my.length) return { dialect: "mysql", evidence: my };
  const lite = found(SQLITE);
  if (lite.length) return { dialect: "sqlite", evidence: lite };
  return undefined;
}

/** The sentence appended to a PostgreSQL syntax error of a file that looks like another dialect. */
export function dialectHint(text: string): string | undefined {
  const other = otherDialect(text);
  if (!other) return undefined;
  const name = other.dialect === "mysql" ? "MySQL/MariaDB" : "SQLite";
  return `the file looks like ${name} (${other.evidence.join(", ")}), but it was read as ` +
    `PostgreSQL: pass --dialect ${other.dialect === "mysql" ? "mysql (or mariadb)" : "sqlite"}` +
    ` or set \`dialect:\` in the spec's yaml migration block`;
}

/**
 * Runs `fn`; a PostgreSQL syntax error in one of `texts` (path -> text) that looks like another
 * dialect gets {@link dialectHint} appended.
 */
export function withDialectHint<T>(fn: () => T, dialect: string, texts: Record<string, string>): T {
  try {
    return fn();
  } catch (e) {
    const file = e instanceof InputError ? e.pos?.file : undefined;
    const hint = dialect === "postgresql" && file !== undefined && file in texts &&
        /syntax error/i.test((e as Error).message)
      ? dialectHint(texts[file])
      : undefined;
    if (!hint) throw e;
    throw new InputError(`${(e as Error).message}; ${hint}`);
  }
}
