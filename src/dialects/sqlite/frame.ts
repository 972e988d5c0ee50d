/**
 * The frame of a SQLite migration file: header comments, foreign keys off (before BEGIN: the
 * pragma is a no-op inside a transaction), BEGIN, the statements grouped by plan step with their
 * comments (the lowering puts the guards' set-up first and the final check last), COMMIT,
 * foreign keys back on. The file runs as it is with the `sqlite3` shell
 * (`sqlite3 app.db < migration.sql`) and with `node:sqlite` (`db.exec(text)`).
 * @module
 */
import { comment } from "./quote.ts";

/** What {@link renderSqliteFile} writes. */
export interface SqliteFileInput {
  /** Header lines (without `--`). */
  header: string[];
  /** The statements in order, without their final `;`; step 0 is set-up and checks. */
  statements: { step: number; sql: string }[];
  /** The comment line for a step (without `--`); empty for none. */
  stepComment: (step: number) => string;
}

/** Ends a statement: a `;` on its own line when its last line holds a `--` comment. */
export function terminate(sql: string): string {
  const s = sql.trimEnd();
  const last = s.slice(s.lastIndexOf("\n") + 1);
  return last.includes("--") ? `${s}\n;` : `${s};`;
}

/** The whole migration (or rollback) file. */
export function renderSqliteFile(o: SqliteFileInput): string {
  const out: string[] = o.header.map(comment);
  out.push(
    comment("Runs as it is: sqlite3 app.db < this.sql, or db.exec(text) with node:sqlite."),
    comment("Any failure rolls the whole transaction back: nothing is committed."),
    "",
    "PRAGMA foreign_keys = OFF;",
    "PRAGMA legacy_alter_table = OFF;",
    "BEGIN;",
  );
  let current: number | undefined;
  for (const s of o.statements) {
    if (s.step !== current) {
      current = s.step;
      const text = o.stepComment(s.step);
      out.push("");
      if (text) out.push(comment(text));
    }
    out.push(terminate(s.sql));
  }
  out.push("", "COMMIT;", "PRAGMA foreign_keys = ON;", "");
  return out.join("\n");
}
