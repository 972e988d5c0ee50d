/**
 * When the PostgreSQL parser refuses a schema file that is written in another dialect, say so
 * and name `--dialect` instead of leaving the user with a bare syntax error.
 * @module
 */
import { InputError } from "../errors.ts";
import { otherFamily } from "../dialects/looks_like.ts";

/** Which other dialect a schema text read as PostgreSQL looks like, with the evidence. */
export function otherDialect(text: string): { dialect: string; evidence: string[] } | undefined {
  return otherFamily(text, "postgresql");
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
