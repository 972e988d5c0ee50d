/**
 * A pool of test databases that are emptied after use and handed out again: creating a
 * database costs more than most test cases, so data-driven suites reuse them.
 * @module
 */
import { freshDatabase, type TestDb } from "./pg_server.ts";
import {
  RECREATE_PUBLIC_SQL,
  RESET_DEFAULT_PRIVILEGES_SQL,
} from "../../src/dialects/postgresql/verify/roles.ts";

/**
 * Empties a database: every user schema and extension goes, `public` comes back empty (owned
 * and granted as in a new database), default
 * privileges are the built-in ones again.
 */
export const RESET_SQL = `DO $reset$
DECLARE r record;
BEGIN
  FOR r IN SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' LOOP
    EXECUTE format('DROP EXTENSION %I CASCADE', r.extname);
  END LOOP;
  FOR r IN SELECT nspname FROM pg_namespace
    WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
  END LOOP;
END
$reset$;
${RECREATE_PUBLIC_SQL}
${RESET_DEFAULT_PRIVILEGES_SQL}`;

const idle: TestDb[] = [];

/** An empty database: an idle one, or a new one. */
export async function acquireDatabase(): Promise<TestDb> {
  return idle.pop() ?? await freshDatabase();
}

/** Empties a database and keeps it for the next {@link acquireDatabase} (closes it on failure). */
export async function releaseDatabase(db: TestDb): Promise<void> {
  try {
    await db.exec(RESET_SQL);
    idle.push(db);
  } catch {
    await db.close();
  }
}

/** Closes the databases kept for reuse. */
export async function closeIdleDatabases(): Promise<void> {
  for (const db of idle.splice(0)) await db.close();
}
