/**
 * Roles for a round trip: schema files grant to and give objects to roles, which belong to the
 * cluster, not to the schema, so a scratch engine has none of them. Before a schema is loaded
 * the roles it names are created (NOLOGIN, no privileges: they exist only to be named), and
 * default privileges left by an earlier load (`ALTER DEFAULT PRIVILEGES` without `IN SCHEMA`
 * survives the schemas being dropped) are taken back to the built-in defaults.
 * @module
 */
import { literal } from "../render/quote.ts";

/** Creates each role that does not exist yet (NOLOGIN); concurrent creators are tolerated. */
export function createRolesSql(roles: Iterable<string>): string {
  const list = [...new Set(roles)].sort();
  if (!list.length) return "";
  return `DO $smartspec_roles$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY[${list.map(literal).join(", ")}]::text[] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', r);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END;
    END IF;
  END LOOP;
END
$smartspec_roles$;`;
}

/** Takes every `ALTER DEFAULT PRIVILEGES` of the database back to the built-in defaults. */
export const RESET_DEFAULT_PRIVILEGES_SQL = `DO $smartspec_defacl$
DECLARE r record; x record; objs text; scope text;
BEGIN
  FOR r IN SELECT pg_get_userbyid(d.defaclrole) AS role, n.nspname, d.defaclobjtype::text AS t,
      d.defaclacl FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
  LOOP
    objs := CASE r.t WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES' WHEN 'f' THEN 'FUNCTIONS'
      WHEN 'T' THEN 'TYPES' ELSE 'SCHEMAS' END;
    scope := format('ALTER DEFAULT PRIVILEGES FOR ROLE %I ', r.role) ||
      CASE WHEN r.nspname IS NULL THEN '' ELSE format('IN SCHEMA %I ', r.nspname) END;
    FOR x IN SELECT DISTINCT grantee FROM aclexplode(r.defaclacl) LOOP
      EXECUTE scope || 'REVOKE ALL ON ' || objs || ' FROM ' ||
        CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(x.grantee)) END;
    END LOOP;
    IF r.nspname IS NULL THEN
      EXECUTE scope || 'GRANT ALL ON ' || objs || ' TO ' || quote_ident(r.role);
      IF r.t IN ('f', 'T') THEN EXECUTE scope || 'GRANT ALL ON ' || objs || ' TO PUBLIC'; END IF;
    END IF;
  END LOOP;
END
$smartspec_defacl$;`;

/**
 * `public` as a new database has it (PostgreSQL 15: owned by pg_database_owner, USAGE for
 * PUBLIC), after the schemas were dropped: its owner and privileges are compared.
 */
export const RECREATE_PUBLIC_SQL = `CREATE SCHEMA public AUTHORIZATION pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;`;

/** Everything to run before loading a schema that names `roles`. */
export function prepareRolesSql(roles: Iterable<string>): string {
  return [createRolesSql(roles), RESET_DEFAULT_PRIVILEGES_SQL].filter(Boolean).join("\n");
}
