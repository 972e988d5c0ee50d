/**
 * The reset between the verification's loads: every user schema dropped, `public` created again
 * (each engine says how), the session's temporary objects gone.
 * @module
 */

/** The reset's SQL, `recreatePublic` (statements) run once the schemas are gone. */
export function resetSql(recreatePublic: string): string {
  return `
DO $smartspec_reset$
DECLARE r record;
BEGIN
  FOR r IN SELECT nspname FROM pg_namespace
    WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'
  LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
  END LOOP;
END
$smartspec_reset$;
${recreatePublic}
DISCARD TEMP;
SET search_path = public;`;
}
