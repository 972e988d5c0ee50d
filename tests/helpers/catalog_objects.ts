/**
 * The parts of a catalog that `src/verify/catalog.ts` does not compare yet, read the same way
 * (user schemas only, extension members and `smartspec_archive` left out, `public` unqualified):
 * row-level security flags and policies, comments, storage parameters (tables, views,
 * materialized views, indexes), column storage and statistics targets, inheritance parents and
 * collations. `tests/helpers/catalog.ts` merges them into its `catalogSnapshot` and
 * `diffCatalogs`.
 * @module
 */
import type { SqlClient } from "../../src/dialects/postgresql/verify/sql_client.ts";
import { EXCLUDED_SCHEMAS, stripSchema } from "../../src/dialects/postgresql/verify/catalog.ts";

/** A row-level security policy. */
export interface PolicyInfo {
  table: string;
  permissive: string;
  roles: string;
  command: string;
  using: string | null;
  withCheck: string | null;
}

/** A relation's settings beyond its columns. */
export interface RelationSettings {
  /** `r`, `p`, `v`, `m`, `i` ... */
  kind: string;
  /** Storage parameters, sorted (`fillfactor=70`). */
  options: string[];
  rls: boolean;
  forceRls: boolean;
  /** Inheritance parents (not partition parents), sorted. */
  inherits: string[];
  /** `REPLICA IDENTITY` when not the default: `full`, `nothing` or `index <name>`. */
  replicaIdentity: string | null;
  /** The index the table is clustered on (`CLUSTER ON`), or null. */
  clusterOn: string | null;
}

/** A column's storage mode and statistics target when set explicitly. */
export interface ColumnSettings {
  /** `plain`, `external`, `extended`, `main`, or null when it is the type's default. */
  storage: string | null;
  /** Statistics target, or null when it is the default (-1). */
  statistics: string | null;
}

/** A collation created by the schema. */
export interface CollationInfo {
  provider: string;
  locale: string | null;
  deterministic: boolean;
}

/** Everything this module adds to a catalog snapshot. */
export interface CatalogObjects {
  /** Keyed `table.policy`. */
  policies: Record<string, PolicyInfo>;
  /** Keyed by relation name; only relations with a setting that is not the default. */
  relations: Record<string, RelationSettings>;
  /** Keyed `table.column`; only columns with a setting that is not the default. */
  columnSettings: Record<string, ColumnSettings>;
  /** Keyed by identity (`users`, `users.email`, `f(integer)`, `users_pkey on users`). */
  comments: Record<string, string>;
  collations: Record<string, CollationInfo>;
}

function userSchema(alias: string): string {
  const list = EXCLUDED_SCHEMAS.map((s) => `'${s}'`).join(", ");
  return `(${alias}.nspname NOT IN (${list}) AND ${alias}.nspname NOT LIKE 'pg\\_%')`;
}

function notExtensionMember(catalog: string, oidExpr: string): string {
  return `NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = '${catalog}'::regclass ` +
    `AND dep.objid = ${oidExpr} AND dep.deptype = 'e')`;
}

function objectName(schema: string | null, name: string | null): string {
  return !schema || schema === "public" ? String(name) : `${schema}.${name}`;
}

const STRIP_PUBLIC = (s: string) => stripSchema(s, "public");

/** Reads the objects of {@link CatalogObjects} from `db`. */
export async function readCatalogObjects(db: SqlClient): Promise<CatalogObjects> {
  const out: CatalogObjects = {
    policies: {},
    relations: {},
    columnSettings: {},
    comments: {},
    collations: {},
  };
  for (
    const [schema, table, name, permissive, roles, cmd, qual, check] of await db.query(`
    SELECT p.schemaname, p.tablename, p.policyname, p.permissive, p.roles::text, p.cmd,
      p.qual, p.with_check
    FROM pg_policies p JOIN pg_namespace n ON n.nspname = p.schemaname
    WHERE ${userSchema("n")} ORDER BY 1, 2, 3`)
  ) {
    const t = objectName(schema, table);
    out.policies[`${t}.${name}`] = {
      table: t,
      permissive: String(permissive),
      roles: String(roles),
      command: String(cmd),
      using: qual === null ? null : stripSchema(qual, String(schema)),
      withCheck: check === null ? null : stripSchema(check, String(schema)),
    };
  }
  for (
    const [schema, rel, kind, options, rls, force, parents, replident, cluster] of await db.query(`
    SELECT n.nspname, c.relname, c.relkind::text,
      (SELECT string_agg(o, ',' ORDER BY o) FROM unnest(c.reloptions) o),
      c.relrowsecurity::text, c.relforcerowsecurity::text,
      (SELECT string_agg(pn.nspname || '.' || p.relname, ',' ORDER BY pn.nspname, p.relname)
        FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
        JOIN pg_namespace pn ON pn.oid = p.relnamespace
        WHERE i.inhrelid = c.oid AND NOT c.relispartition),
      CASE WHEN c.relkind NOT IN ('r', 'p') THEN NULL -- an index's or a view's is always 'n'
        WHEN c.relreplident = 'f' THEN 'full' WHEN c.relreplident = 'n' THEN 'nothing'
        WHEN c.relreplident = 'i' THEN
        'index ' || coalesce((SELECT x.relname FROM pg_index ix JOIN pg_class x
          ON x.oid = ix.indexrelid WHERE ix.indrelid = c.oid AND ix.indisreplident), '?') END,
      (SELECT x.relname FROM pg_index ix JOIN pg_class x ON x.oid = ix.indexrelid
        WHERE ix.indrelid = c.oid AND ix.indisclustered)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'i', 'I') AND ${userSchema("n")}
      AND ${notExtensionMember("pg_class", "c.oid")}
    ORDER BY 1, 2`)
  ) {
    const settings: RelationSettings = {
      kind: String(kind),
      options: options ? String(options).split(",") : [],
      rls: rls === "true",
      forceRls: force === "true",
      inherits: parents ? String(parents).split(",").map((p) => STRIP_PUBLIC(p)).sort() : [],
      replicaIdentity: replident === null ? null : String(replident),
      clusterOn: cluster === null ? null : String(cluster),
    };
    if (
      settings.options.length || settings.rls || settings.forceRls || settings.inherits.length ||
      settings.replicaIdentity || settings.clusterOn
    ) {
      out.relations[objectName(schema, rel)] = settings;
    }
  }
  for (
    const [schema, rel, col, storage, stats] of await db.query(`
    SELECT n.nspname, c.relname, a.attname,
      CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END,
      CASE WHEN a.attstattarget >= 0 THEN a.attstattarget::text END
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid
    WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p')
      AND ${userSchema("n")} AND ${notExtensionMember("pg_class", "c.oid")}
      AND (a.attstorage <> t.typstorage OR a.attstattarget >= 0)
    ORDER BY 1, 2, 3`)
  ) {
    const names: Record<string, string> = {
      p: "plain",
      e: "external",
      x: "extended",
      m: "main",
    };
    out.columnSettings[`${objectName(schema, rel)}.${col}`] = {
      storage: storage === null ? null : names[String(storage)] ?? String(storage),
      statistics: stats,
    };
  }
  for (
    const [type, schema, identity, text] of await db.query(`
    SELECT o.type, o.schema, o.identity, d.description
    FROM pg_description d
      CROSS JOIN LATERAL pg_identify_object(d.classoid, d.objoid, d.objsubid) o
    WHERE d.classoid <> 'pg_extension'::regclass
      AND (o.schema IS NULL OR (o.schema NOT IN (${
      EXCLUDED_SCHEMAS.map((s) => `'${s}'`).join(", ")
    }) AND o.schema NOT LIKE 'pg\\_%'))
      AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = d.classoid
        AND dep.objid = d.objoid AND dep.deptype = 'e')
      AND (d.classoid <> 'pg_namespace'::regclass OR d.objoid IN (
        SELECT n.oid FROM pg_namespace n WHERE ${userSchema("n")}))
      AND (d.classoid <> 'pg_namespace'::regclass OR d.objoid <> 'public'::regnamespace)
    ORDER BY 1, 3`)
  ) {
    // comments on objects that are not in a schema of their own (roles, databases) are left out
    if (schema === null && type !== "schema") continue;
    // keyed by the object's identity (`users.email`, `f(integer)`, `c on t`), so that filters
    // by object name apply; the kind is added only when two kinds share an identity
    let k = STRIP_PUBLIC(String(identity));
    if (k in out.comments) k = `${k} (${type})`;
    out.comments[k] = String(text);
  }
  for (
    const [schema, name, provider, locale, deterministic] of await db.query(`
    SELECT n.nspname, c.collname, c.collprovider::text,
      coalesce(to_jsonb(c) ->> 'colllocale', to_jsonb(c) ->> 'colliculocale', c.collcollate),
      c.collisdeterministic::text
    FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
    WHERE ${userSchema("n")} AND ${notExtensionMember("pg_collation", "c.oid")}
    ORDER BY 1, 2`)
  ) {
    out.collations[objectName(schema, name)] = {
      provider: String(provider),
      locale,
      deterministic: deterministic === "true",
    };
  }
  return out;
}

function show(v: unknown): string {
  if (v === null || v === undefined) return "(none)";
  if (Array.isArray(v)) return `[${v.join(", ")}]`;
  return typeof v === "string" ? v : JSON.stringify(v);
}

function diffRecords<T>(
  label: string,
  expected: Record<string, T>,
  actual: Record<string, T>,
  out: string[],
): void {
  for (const k of Object.keys(expected).sort()) {
    if (!(k in actual)) {
      out.push(`${label} ${k}: missing in actual`);
      continue;
    }
    const e = expected[k], a = actual[k];
    if (typeof e !== "object" || e === null) {
      if (show(e) !== show(a)) {
        out.push(`${label} ${k}: ${show(e)} != ${show(a)} (expected != actual)`);
      }
      continue;
    }
    for (const prop of Object.keys(e as object)) {
      const ev = (e as Record<string, unknown>)[prop], av = (a as Record<string, unknown>)[prop];
      if (show(ev) !== show(av)) {
        out.push(`${label} ${k}: ${prop} ${show(ev)} != ${show(av)} (expected != actual)`);
      }
    }
  }
  for (const k of Object.keys(actual).sort()) {
    if (!(k in expected)) out.push(`${label} ${k}: unexpected in actual`);
  }
}

/** Human-readable differences of two {@link CatalogObjects}, empty when equal. */
export function diffCatalogObjects(expected: CatalogObjects, actual: CatalogObjects): string[] {
  const out: string[] = [];
  diffRecords("policy", expected.policies, actual.policies, out);
  diffRecords("relation", expected.relations, actual.relations, out);
  diffRecords("column settings", expected.columnSettings, actual.columnSettings, out);
  diffRecords("comment on", expected.comments, actual.comments, out);
  diffRecords("collation", expected.collations, actual.collations, out);
  return out;
}
