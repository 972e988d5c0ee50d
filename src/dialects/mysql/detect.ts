/**
 * Which SQL dialect a schema file looks like, for error messages when a file is read with the
 * wrong parser ("this looks like PostgreSQL: use --dialect postgresql"): the signs are shared
 * by every parser (src/dialects/looks_like.ts).
 * @module
 */
import { otherFamily } from "../looks_like.ts";

/** True when a text read as MySQL shows more signs of PostgreSQL than of MySQL. */
export function looksLikePostgres(text: string): boolean {
  return otherFamily(text, "mysql")?.dialect === "postgresql";
}

/** True when a text read as PostgreSQL shows more signs of MySQL/MariaDB than of PostgreSQL. */
export function looksLikeMysql(text: string): boolean {
  return otherFamily(text, "postgresql")?.dialect === "mysql";
}
