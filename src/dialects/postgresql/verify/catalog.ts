/**
 * Catalog and data snapshots of a PostgreSQL database, for comparing "the database after the
 * migration" with "a fresh database loaded with the target schema" (verification, and the
 * tests, which re-export this module from `tests/helpers/catalog.ts`).
 *
 * Only user schemas are read: everything except `pg_catalog`, `information_schema`, the `pg_*`
 * schemas (toast, temp) and `smartspec_archive` (where a migration may keep dropped data for its
 * rollback). Objects that belong to an extension are left out too (the extension itself is
 * listed). Objects in `public` are named without schema, others as `schema.name`.
 * @module
 */
import { queryEach, type SqlClient, type TextRow, withPrefetch } from "./sql_client.ts";

/** A column, compared by name (column order is deliberately not part of the snapshot). */
export interface ColumnInfo {
  /** `format_type(atttypid, atttypmod)`, e.g. `character varying(50)`. */
  type: string;
  notNull: boolean;
  /** `pg_get_expr` of the default (or of the generation expression), null when none. */
  default: string | null;
  /** `always` / `by default` for identity columns, else null. */
  identity: string | null;
  /** `stored` / `virtual` for generated columns, else null. */
  generated: string | null;
  /** The collation when it is not the type's default, else null. */
  collation: string | null;
}

/** A table (ordinary, partitioned or foreign). */
export interface TableInfo {
  /** `table`, `partitioned table` or `foreign table`. */
  kind: string;
  /** `permanent` or `unlogged`. */
  persistence: string;
  /** `pg_get_partkeydef` for partitioned tables, else null. */
  partitionKey: string | null;
  /** `parent FOR VALUES ...` for partitions, else null. */
  partitionOf: string | null;
  columns: Record<string, ColumnInfo>;
}

/** A table constraint (NOT NULL constraints are covered by {@link ColumnInfo.notNull}). */
export interface ConstraintInfo {
  table: string;
  /** `primary key`, `unique`, `foreign key`, `check`, `exclusion` or `trigger`. */
  type: string;
  /** `pg_get_constraintdef`, schema qualification of its own schema removed. */
  definition: string;
}

/** An index, including those backing primary key and unique constraints. */
export interface IndexInfo {
  table: string;
  /** `pg_get_indexdef`, schema qualification of its own schema removed. */
  definition: string;
}

/** A sequence's definition (its position is part of the data snapshot instead). */
export interface SequenceInfo {
  type: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cycle: boolean;
  cache: string;
  /** `table.column` owning the sequence (serial, identity, OWNED BY), else null. */
  ownedBy: string | null;
  /** `identity` when it is an identity column's sequence, `owned` for OWNED BY, else null. */
  ownership: string | null;
}

/** A user type other than an enum: domain, composite or range. */
export interface TypeInfo {
  /** `domain`, `composite` or `range`. */
  kind: string;
  /** Domains: `base type [NOT NULL] [DEFAULT ...] [CONSTRAINT name CHECK ...]...`;
   * composites: `(attr type, ...)`; ranges: the subtype. */
  definition: string;
}

/** A view or materialized view. */
export interface ViewInfo {
  /** `view` or `materialized view`. */
  kind: string;
  /** `pg_get_viewdef(oid, true)`. */
  definition: string;
}

/** A function, procedure or aggregate, keyed by `name(identity arguments)`. */
export interface FunctionInfo {
  /** `function`, `procedure`, `aggregate` or `window`. */
  kind: string;
  /** `pg_get_functiondef` (null for aggregates, which it cannot print). */
  definition: string | null;
}

/** A user trigger. */
export interface TriggerInfo {
  table: string;
  /** `pg_get_triggerdef`, schema qualification of its own schema removed. */
  definition: string;
  /** `O` enabled, `D` disabled, `R` replica, `A` always. */
  enabled: string;
}

/** Everything {@link diffCatalogs} compares. Keys are object names (see the module doc). */
export interface Catalog {
  /** User schemas, sorted. */
  schemas: string[];
  /** Extension name to the schema it lives in. */
  extensions: Record<string, string>;
  tables: Record<string, TableInfo>;
  /** Keyed `table.constraint_name`. */
  constraints: Record<string, ConstraintInfo>;
  indexes: Record<string, IndexInfo>;
  sequences: Record<string, SequenceInfo>;
  /** Enum type to its labels in sort order. */
  enums: Record<string, string[]>;
  types: Record<string, TypeInfo>;
  views: Record<string, ViewInfo>;
  functions: Record<string, FunctionInfo>;
  /** Keyed `table.trigger_name`. */
  triggers: Record<string, TriggerInfo>;
  /**
   * Owner and privileges (the owner's own left out) of every object that has them, keyed
   * `kind name` (`table users`, `column users.email`, `function f(integer)`, `schema app`).
   */
  privileges: Record<string, PrivilegeInfo>;
  /** `ALTER DEFAULT PRIVILEGES`, keyed `role|schema|objects`. */
  defaultPrivileges: Record<string, { acl: string }>;
}

/** The owner and the privileges of an object. */
export interface PrivilegeInfo {
  /** The owner's role name (empty for columns). */
  owner: string;
  /** `grantee=PRIV,PRIV*` entries (`*`: with grant option), sorted, `;`-separated. */
  acl: string;
}

/** Schemas left out of every snapshot: the system's, and where rollback data is kept. */
export const EXCLUDED_SCHEMAS = ["pg_catalog", "information_schema", "smartspec_archive"];

/** SQL predicate selecting user schemas, for a `pg_namespace` aliased `alias`. */
function userSchema(alias: string): string {
  const list = EXCLUDED_SCHEMAS.map((s) => `'${s}'`).join(", ");
  return `(${alias}.nspname NOT IN (${list}) AND ${alias}.nspname NOT LIKE 'pg\\_%')`;
}

/** SQL predicate: the object `oidExpr` of catalog `catalog` is not part of an extension. */
function notExtensionMember(catalog: string, oidExpr: string): string {
  return `NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = '${catalog}'::regclass ` +
    `AND dep.objid = ${oidExpr} AND dep.deptype = 'e')`;
}

/** `schema.name`, or just `name` in `public`. */
function objectName(schema: string | null, name: string | null): string {
  return !schema || schema === "public" ? String(name) : `${schema}.${name}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Removes qualification by `schema` from a definition printed by PostgreSQL (`public.users` and
 * `"public".users` become `users`), so that it does not depend on how the schema file was written.
 */
export function stripSchema(definition: string, schema: string): string {
  const s = escapeRegExp(schema);
  const quoted = escapeRegExp(`"${schema.replaceAll('"', '""')}"`);
  const re = new RegExp(`(^|[^\\w$."])(?:${quoted}|${s})\\.(?=[\\w"])`, "g");
  return definition.replace(re, "$1");
}

function bool(v: string | null): boolean {
  return v === "t" || v === "true";
}

const RELKIND: Record<string, string> = {
  r: "table",
  p: "partitioned table",
  f: "foreign table",
  v: "view",
  m: "materialized view",
};
const CONTYPE: Record<string, string> = {
  p: "primary key",
  u: "unique",
  f: "foreign key",
  c: "check",
  x: "exclusion",
  t: "trigger",
};
const PROKIND: Record<string, string> = {
  f: "function",
  p: "procedure",
  a: "aggregate",
  w: "window",
};

/**
 * Runs `body` inside a read-only transaction whose search_path lists the user schemas, so that
 * printed definitions name objects the same way whatever the session's path was. The
 * transaction is rolled back afterwards; nothing is changed.
 */
async function withCatalogPath<T>(db: SqlClient, body: () => Promise<T>): Promise<T> {
  const [[path]] = await db.query(
    `SELECT coalesce(string_agg(quote_ident(n.nspname), ', ' ` +
      `ORDER BY n.nspname <> 'public', n.nspname), 'pg_catalog') ` +
      `FROM pg_namespace n WHERE ${userSchema("n")}`,
  );
  await db.exec(`BEGIN READ ONLY; SET LOCAL search_path = ${path}`);
  try {
    return await body();
  } finally {
    await db.exec("ROLLBACK");
  }
}

/**
 * Reads the catalog of the user schemas of `db` (see {@link Catalog}); its queries go in one
 * round trip where the client allows.
 */
export function catalogSnapshot(db: SqlClient): Promise<Catalog> {
  return withCatalogPath(db, () => withPrefetch(db, readCatalog));
}

async function readCatalog(db: SqlClient): Promise<Catalog> {
  const cat: Catalog = {
    schemas: [],
    extensions: {},
    tables: {},
    constraints: {},
    indexes: {},
    sequences: {},
    enums: {},
    types: {},
    views: {},
    functions: {},
    triggers: {},
    privileges: {},
    defaultPrivileges: {},
  };

  for (
    const [name] of await db.query(
      `SELECT n.nspname FROM pg_namespace n WHERE ${userSchema("n")} ORDER BY 1`,
    )
  ) cat.schemas.push(String(name));

  for (
    const [ext, schema] of await db.query(
      `SELECT e.extname, n.nspname FROM pg_extension e ` +
        `JOIN pg_namespace n ON n.oid = e.extnamespace ORDER BY 1`,
    )
  ) cat.extensions[String(ext)] = String(schema);

  // Tables
  for (
    const [schema, rel, kind, persistence, partKey, parent, bound] of await db.query(`
    SELECT n.nspname, c.relname, c.relkind::text, c.relpersistence::text,
      CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
      (SELECT pn.nspname || '.' || p.relname FROM pg_inherits i
        JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
        WHERE c.relispartition AND i.inhrelid = c.oid),
      CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'f') AND ${userSchema("n")}
      AND ${notExtensionMember("pg_class", "c.oid")}
    ORDER BY 1, 2`)
  ) {
    let partitionOf: string | null = null;
    if (parent) {
      const dot = parent.indexOf(".");
      partitionOf = `${objectName(parent.slice(0, dot), parent.slice(dot + 1))} ${bound}`;
    }
    cat.tables[objectName(schema, rel)] = {
      kind: RELKIND[String(kind)] ?? String(kind),
      persistence: persistence === "u" ? "unlogged" : "permanent",
      partitionKey: partKey,
      partitionOf,
      columns: {},
    };
  }

  // Columns
  for (
    const [schema, rel, col, type, notNull, def, identity, generated, collation] of await db
      .query(`
    SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
      a.attnotnull::text, pg_get_expr(d.adbin, d.adrelid), a.attidentity::text,
      a.attgenerated::text,
      CASE WHEN a.attcollation <> t.typcollation THEN
        CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname)
          ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END END
    FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_type t ON t.oid = a.atttypid
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      LEFT JOIN pg_collation co ON co.oid = a.attcollation
      LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
    WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f')
      AND ${userSchema("n")} AND ${notExtensionMember("pg_class", "c.oid")}
    ORDER BY 1, 2, 3`)
  ) {
    const table = cat.tables[objectName(schema, rel)];
    if (!table) continue;
    const isGenerated = generated !== null && generated !== "";
    table.columns[String(col)] = {
      type: String(type),
      notNull: bool(notNull),
      default: def === null ? null : stripSchema(def, String(schema)),
      identity: identity === "a" ? "always" : identity === "d" ? "by default" : null,
      generated: !isGenerated
        ? null
        : generated === "s"
        ? "stored"
        : generated === "v"
        ? "virtual"
        : generated,
      collation,
    };
  }

  // Constraints (contype 'n', PostgreSQL 18's NOT NULL constraints, is nullability: a column
  // attribute, whose generated names do not follow renames, so it is left to the columns).
  for (
    const [schema, rel, name, type, def] of await db.query(`
    SELECT n.nspname, c.relname, con.conname, con.contype::text, pg_get_constraintdef(con.oid, true)
    FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE con.conrelid <> 0 AND con.contype <> 'n' AND ${userSchema("n")}
      AND ${notExtensionMember("pg_class", "c.oid")}
    ORDER BY 1, 2, 3`)
  ) {
    const table = objectName(schema, rel);
    cat.constraints[`${table}.${name}`] = {
      table,
      type: CONTYPE[String(type)] ?? String(type),
      definition: stripSchema(String(def), String(schema)),
    };
  }

  // Indexes
  for (
    const [schema, name, tschema, rel, def, options] of await db.query(`
    SELECT n.nspname, ic.relname, tn.nspname, t.relname, pg_get_indexdef(i.indexrelid),
      (SELECT string_agg(o, ', ' ORDER BY o) FROM unnest(ic.reloptions) o)
    FROM pg_index i
      JOIN pg_class ic ON ic.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = ic.relnamespace
      JOIN pg_class t ON t.oid = i.indrelid
      JOIN pg_namespace tn ON tn.oid = t.relnamespace
    WHERE ${userSchema("n")} AND ${notExtensionMember("pg_class", "t.oid")}
    ORDER BY 1, 2`)
  ) {
    // storage parameters are a set: their order in WITH (...) is not a difference
    const sorted = options === null
      ? String(def)
      : String(def).replace(/ WITH \(.*?\)(?= WHERE |$)/, ` WITH (${options})`);
    cat.indexes[objectName(schema, name)] = {
      table: objectName(tschema, rel),
      definition: stripSchema(sorted, String(schema)),
    };
  }

  // Sequences
  for (
    const [schema, name, type, start, inc, min, max, cycle, cache, ownSchema, ownRel, ownCol, dep]
      of await db.query(`
    SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart::text,
      s.seqincrement::text, s.seqmin::text, s.seqmax::text, s.seqcycle::text, s.seqcache::text,
      o.nspname, o.relname, o.attname, o.deptype
    FROM pg_sequence s
      JOIN pg_class c ON c.oid = s.seqrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN LATERAL (
        SELECT tn.nspname, t.relname, a.attname, d.deptype::text AS deptype
        FROM pg_depend d
          JOIN pg_class t ON t.oid = d.refobjid
          JOIN pg_namespace tn ON tn.oid = t.relnamespace
          JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
          AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0
          AND d.deptype IN ('a', 'i')
        ORDER BY d.deptype LIMIT 1) o ON true
    WHERE ${userSchema("n")} AND ${notExtensionMember("pg_class", "c.oid")}
    ORDER BY 1, 2`)
  ) {
    cat.sequences[objectName(schema, name)] = {
      type: String(type),
      start: String(start),
      increment: String(inc),
      min: String(min),
      max: String(max),
      cycle: bool(cycle),
      cache: String(cache),
      ownedBy: ownRel === null ? null : `${objectName(ownSchema, ownRel)}.${ownCol}`,
      ownership: dep === "i" ? "identity" : dep === "a" ? "owned" : null,
    };
  }

  // Enums
  for (
    const [schema, name, label] of await db.query(`
    SELECT n.nspname, t.typname, e.enumlabel
    FROM pg_type t
      JOIN pg_namespace n ON n.oid = t.typnamespace
      JOIN pg_enum e ON e.enumtypid = t.oid
    WHERE ${userSchema("n")} AND ${notExtensionMember("pg_type", "t.oid")}
    ORDER BY 1, 2, e.enumsortorder`)
  ) {
    (cat.enums[objectName(schema, name)] ??= []).push(String(label));
  }

  // Domains, composite types, ranges
  for (
    const [schema, name, kind, def] of await db.query(`
    SELECT n.nspname, t.typname, t.typtype::text,
      CASE t.typtype
        WHEN 'd' THEN format_type(t.typbasetype, t.typtypmod)
          || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END
          || coalesce(' DEFAULT ' || t.typdefault, '')
          || coalesce((SELECT string_agg(' CONSTRAINT ' || quote_ident(con.conname) || ' '
                || pg_get_constraintdef(con.oid, true), '' ORDER BY con.conname)
              FROM pg_constraint con WHERE con.contypid = t.oid AND con.contype <> 'n'), '')
        WHEN 'c' THEN '(' || (SELECT string_agg(quote_ident(a.attname) || ' '
                || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
              FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0
                AND NOT a.attisdropped) || ')'
        WHEN 'r' THEN (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r
              WHERE r.rngtypid = t.oid)
      END
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE t.typtype IN ('d', 'c', 'r') AND ${userSchema("n")}
      AND ${notExtensionMember("pg_type", "t.oid")}
      AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')
    ORDER BY 1, 2`)
  ) {
    cat.types[objectName(schema, name)] = {
      kind: kind === "d" ? "domain" : kind === "c" ? "composite" : "range",
      definition: stripSchema(String(def), String(schema)),
    };
  }

  // Views and materialized views
  for (
    const [schema, name, kind, def] of await db.query(`
    SELECT n.nspname, c.relname, c.relkind::text, pg_get_viewdef(c.oid, true)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('v', 'm') AND ${userSchema("n")}
      AND ${notExtensionMember("pg_class", "c.oid")}
    ORDER BY 1, 2`)
  ) {
    cat.views[objectName(schema, name)] = {
      kind: RELKIND[String(kind)] ?? String(kind),
      definition: stripSchema(String(def), String(schema)),
    };
  }

  // Functions, procedures, aggregates
  for (
    const [schema, name, args, kind, def] of await db.query(`
    SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind::text,
      CASE WHEN p.prokind IN ('f', 'p') THEN pg_get_functiondef(p.oid) END
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE ${userSchema("n")} AND ${notExtensionMember("pg_proc", "p.oid")}
    ORDER BY 1, 2, 3`)
  ) {
    cat.functions[`${objectName(schema, name)}(${args})`] = {
      kind: PROKIND[String(kind)] ?? String(kind),
      definition: def === null ? null : stripSchema(def, String(schema)),
    };
  }

  // Triggers
  for (
    const [schema, rel, name, def, enabled] of await db.query(`
    SELECT n.nspname, c.relname, tg.tgname, pg_get_triggerdef(tg.oid, true), tg.tgenabled::text
    FROM pg_trigger tg
      JOIN pg_class c ON c.oid = tg.tgrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT tg.tgisinternal AND ${userSchema("n")}
    ORDER BY 1, 2, 3`)
  ) {
    const table = objectName(schema, rel);
    cat.triggers[`${table}.${name}`] = {
      table,
      definition: stripSchema(String(def), String(schema)),
      enabled: String(enabled),
    };
  }

  await readPrivileges(db, cat);
  return cat;
}

/**
 * `aclexplode` of an ACL (the default of the SQL `kind` for its owner when it is NULL) as sorted
 * `grantee=PRIV,PRIV*` entries, without the owner's own and without MAINTAIN (PostgreSQL 17's,
 * which `ALL` includes there and not on 15).
 */
function aclText(acl: string, kind: string, owner: string): string {
  return `(SELECT coalesce(string_agg(e, ';' ORDER BY e), '') FROM (
      SELECT CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x.grantee) END || '=' ||
        string_agg(x.privilege_type || CASE WHEN x.is_grantable THEN '*' ELSE '' END, ','
          ORDER BY x.privilege_type) AS e
      FROM aclexplode(coalesce(${acl}, acldefault((${kind})::"char", ${owner}))) x
      WHERE x.grantee <> ${owner} AND x.privilege_type <> 'MAINTAIN'
      GROUP BY x.grantee) entries)`;
}

async function readPrivileges(db: SqlClient, cat: Catalog): Promise<void> {
  const add = (key: string, owner: string | null, acl: string | null) => {
    cat.privileges[key] = { owner: owner ?? "", acl: acl ?? "" };
  };
  for (
    const [schema, name, kind, owner, acl] of await db.query(`
    SELECT n.nspname, c.relname, c.relkind::text, pg_get_userbyid(c.relowner),
      ${aclText("c.relacl", "CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END", "c.relowner")}
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S') AND ${userSchema("n")}
      AND ${notExtensionMember("pg_class", "c.oid")}
    ORDER BY 1, 2`)
  ) {
    const k = kind === "S" ? "sequence" : RELKIND[String(kind)] ?? String(kind);
    add(`${k} ${objectName(schema, name)}`, owner, acl);
  }
  for (
    const [schema, rel, col, acl] of await db.query(`
    SELECT n.nspname, c.relname, a.attname, ${aclText("a.attacl", "'c'", "c.relowner")}
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL AND ${userSchema("n")}
      AND ${notExtensionMember("pg_class", "c.oid")}
    ORDER BY 1, 2, 3`)
  ) {
    if (acl) add(`column ${objectName(schema, rel)}.${col}`, null, acl);
  }
  for (
    const [name, owner, acl] of await db.query(`
    SELECT n.nspname, pg_get_userbyid(n.nspowner), ${aclText("n.nspacl", "'n'", "n.nspowner")}
    FROM pg_namespace n WHERE ${userSchema("n")} ORDER BY 1`)
  ) add(`schema ${name}`, owner, acl);
  for (
    const [schema, name, args, owner, acl] of await db.query(`
    SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid),
      pg_get_userbyid(p.proowner), ${aclText("p.proacl", "'f'", "p.proowner")}
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE ${userSchema("n")} AND ${notExtensionMember("pg_proc", "p.oid")}
    ORDER BY 1, 2, 3`)
  ) add(`function ${objectName(schema, name)}(${args})`, owner, acl);
  for (
    const [schema, name, owner, acl] of await db.query(`
    SELECT n.nspname, t.typname, pg_get_userbyid(t.typowner),
      ${aclText("t.typacl", "'T'", "t.typowner")}
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE t.typtype IN ('e', 'd', 'c', 'r') AND ${userSchema("n")}
      AND ${notExtensionMember("pg_type", "t.oid")}
      AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')
    ORDER BY 1, 2`)
  ) add(`type ${objectName(schema, name)}`, owner, acl);
  for (
    const [role, schema, objtype, acl] of await db.query(`
    SELECT pg_get_userbyid(d.defaclrole), n.nspname, d.defaclobjtype::text,
      (SELECT coalesce(string_agg(e, ';' ORDER BY e), '') FROM (
        SELECT CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x.grantee) END
          || '=' || string_agg(x.privilege_type || CASE WHEN x.is_grantable THEN '*' ELSE '' END,
            ',' ORDER BY x.privilege_type) AS e
        FROM aclexplode(d.defaclacl) x
        WHERE x.grantee <> d.defaclrole AND x.privilege_type <> 'MAINTAIN'
        GROUP BY x.grantee) entries)
    FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
    ORDER BY 1, 2, 3`)
  ) {
    const objects = { r: "tables", S: "sequences", f: "functions", T: "types", n: "schemas" }[
      String(objtype) as "r"
    ] ?? String(objtype);
    cat.defaultPrivileges[`${role}|${schema ?? ""}|${objects}`] = { acl: String(acl ?? "") };
  }
}

// ---------------------------------------------------------------------------------------------
// Comparing catalogs

function show(v: unknown): string {
  if (v === null || v === undefined) return "(none)";
  if (Array.isArray(v)) return `[${v.join(", ")}]`;
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** Differences of two records of objects, property by property. */
function diffObjects<T extends object>(
  label: string,
  expected: Record<string, T>,
  actual: Record<string, T>,
  out: string[],
  nested?: (name: string, e: T, a: T, out: string[]) => void,
): void {
  for (const name of Object.keys(expected).sort()) {
    if (!(name in actual)) out.push(`${label} ${name}: missing in actual`);
  }
  for (const name of Object.keys(actual).sort()) {
    if (!(name in expected)) out.push(`${label} ${name}: unexpected in actual`);
  }
  for (const name of Object.keys(expected).sort()) {
    if (!(name in actual)) continue;
    const e = expected[name] as Record<string, unknown>;
    const a = actual[name] as Record<string, unknown>;
    for (const prop of Object.keys(e)) {
      const ev = e[prop];
      const av = a[prop];
      if (typeof ev === "object" && ev !== null && !Array.isArray(ev)) continue; // nested
      if (show(ev) !== show(av)) {
        out.push(`${label} ${name}: ${prop} ${show(ev)} != ${show(av)} (expected != actual)`);
      }
    }
    nested?.(name, expected[name], actual[name], out);
  }
}

/**
 * Human-readable differences between an expected and an actual catalog, empty when they are
 * equal. Examples: `index users_email_idx: missing in actual`,
 * `column users.age: type integer != smallint (expected != actual)`,
 * `enum order_status: labels [new, paid] != [new] (expected != actual)`.
 */
export function diffCatalogs(
  expected: Catalog,
  actual: Catalog,
  options: { privileges?: boolean; owners?: boolean } = {},
): string[] {
  const out: string[] = [];
  const eSchemas = new Set(expected.schemas);
  const aSchemas = new Set(actual.schemas);
  for (const s of eSchemas) if (!aSchemas.has(s)) out.push(`schema ${s}: missing in actual`);
  for (const s of aSchemas) if (!eSchemas.has(s)) out.push(`schema ${s}: unexpected in actual`);

  const wrap = (r: Record<string, string>) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, { schema: v }]));
  diffObjects("extension", wrap(expected.extensions), wrap(actual.extensions), out);

  diffObjects("table", expected.tables, actual.tables, out, (table, e, a, o) => {
    diffObjects(
      "column",
      prefixKeys(table, e.columns),
      prefixKeys(table, a.columns),
      o,
    );
  });
  diffObjects("constraint", expected.constraints, actual.constraints, out);
  diffObjects("index", expected.indexes, actual.indexes, out);
  diffObjects("sequence", expected.sequences, actual.sequences, out);
  const labels = (r: Record<string, string[]>) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, { labels: v }]));
  diffObjects("enum", labels(expected.enums), labels(actual.enums), out);
  diffObjects("type", expected.types, actual.types, out);
  diffObjects("view", expected.views, actual.views, out);
  diffObjects("function", expected.functions, actual.functions, out);
  diffObjects("trigger", expected.triggers, actual.triggers, out);
  const privileges = options.privileges !== false, owners = options.owners !== false;
  if (privileges || owners) {
    const pick = (c: Catalog) =>
      Object.fromEntries(
        Object.entries(c.privileges ?? {}).map(([k, v]) => [k, {
          ...(owners ? { owner: v.owner } : {}),
          ...(privileges ? { acl: v.acl } : {}),
        }]),
      );
    // objects missing on one side are reported by their own kind; columns only have an acl
    const e = pick(expected), a = pick(actual);
    for (const k of Object.keys(e)) if (!(k in a)) delete e[k];
    for (const k of Object.keys(a)) if (!(k in e)) delete a[k];
    if (privileges) {
      for (const k of Object.keys(expected.privileges ?? {})) {
        if (k.startsWith("column ") && !(k in a)) e[k] = { acl: expected.privileges[k].acl };
      }
      for (const k of Object.keys(actual.privileges ?? {})) {
        if (k.startsWith("column ") && !(k in e)) a[k] = { acl: actual.privileges[k].acl };
      }
    }
    diffObjects("privileges of", e, a, out);
  }
  if (privileges) {
    diffObjects(
      "default privileges",
      expected.defaultPrivileges ?? {},
      actual.defaultPrivileges ?? {},
      out,
    );
  }
  return out;
}

function prefixKeys<T>(prefix: string, r: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [`${prefix}.${k}`, v]));
}

// ---------------------------------------------------------------------------------------------
// Data snapshots

/** The rows of one table: columns sorted by name, rows sorted by all columns, values as text. */
export interface TableData {
  columns: string[];
  rows: TextRow[];
}

/** Where a sequence stands: what `nextval` will return next depends on both. */
export interface SequenceState {
  lastValue: string;
  isCalled: boolean;
}

/** Every row of every user table and the position of every user sequence. */
export interface DataSnapshot {
  tables: Record<string, TableData>;
  sequences: Record<string, SequenceState>;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function compareRows(a: TextRow, b: TextRow): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === null || x === undefined) return -1;
    if (y === null || y === undefined) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Reads every row of every table in the user schemas (ordered by all columns, independent of
 * the physical column order) and every sequence's `last_value` and `is_called`.
 */
export async function tableRows(db: SqlClient): Promise<DataSnapshot> {
  const snap: DataSnapshot = { tables: {}, sequences: {} };
  const columns = new Map<string, { schema: string; rel: string; cols: string[] }>();
  for (
    const [schema, rel, col] of await db.query(`
    SELECT n.nspname, c.relname, a.attname
    FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE c.relkind = 'r' AND ${userSchema("n")} AND ${notExtensionMember("pg_class", "c.oid")}
    ORDER BY 1, 2, 3`)
  ) {
    const key = objectName(schema, rel);
    const entry = columns.get(key) ?? { schema: String(schema), rel: String(rel), cols: [] };
    entry.cols.push(String(col));
    columns.set(key, entry);
  }
  // every table, then every sequence, in one round trip each where the client allows
  const tables = [...columns];
  const tableRowsRead = await queryEach(
    db,
    // No ::text cast: the values come back in the types' own output form (boolean `t`, not the
    // `true` of the cast), as a client shows them.
    tables.map(([, { schema, rel, cols }]) =>
      `SELECT ${cols.map(quoteIdent).join(", ")} FROM ${quoteIdent(schema)}.${quoteIdent(rel)}`
    ),
  );
  for (const [i, [key, { cols }]] of tables.entries()) {
    const rows = tableRowsRead[i];
    rows.sort(compareRows);
    snap.tables[key] = { columns: cols, rows };
  }
  const sequences = await db.query(`
    SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'S' AND ${userSchema("n")} AND ${notExtensionMember("pg_class", "c.oid")}
    ORDER BY 1, 2`);
  const positions = await queryEach(
    db,
    sequences.map(([schema, name]) =>
      `SELECT last_value::text, is_called::text FROM ${quoteIdent(String(schema))}.${
        quoteIdent(String(name))
      }`
    ),
  );
  for (const [i, [schema, name]] of sequences.entries()) {
    const [[lastValue, isCalled]] = positions[i];
    snap.sequences[objectName(schema, name)] = {
      lastValue: String(lastValue),
      isCalled: bool(isCalled),
    };
  }
  return snap;
}

/** A value as shown in a difference: quoted, long ones cut (with their length). */
function showValue(v: string | null): string {
  if (v === null) return "NULL";
  const chars = Array.from(v);
  if (chars.length <= 60) return JSON.stringify(v);
  return `${JSON.stringify(chars.slice(0, 24).join(""))}... (${chars.length} characters)`;
}

function showRow(row: TextRow): string {
  return `(${row.map(showValue).join(", ")})`;
}

/**
 * Human-readable differences between two data snapshots, empty when equal: tables or sequences
 * missing or unexpected, different column sets, rows missing or unexpected (multiset
 * comparison), sequence positions.
 */
export function diffData(expected: DataSnapshot, actual: DataSnapshot, maxRows = 10): string[] {
  const out: string[] = [];
  for (const t of Object.keys(expected.tables)) {
    if (!(t in actual.tables)) out.push(`table ${t}: missing in actual`);
  }
  for (const t of Object.keys(actual.tables)) {
    if (!(t in expected.tables)) out.push(`table ${t}: unexpected in actual`);
  }
  for (const [t, e] of Object.entries(expected.tables)) {
    const a = actual.tables[t];
    if (!a) continue;
    if (e.columns.join(",") !== a.columns.join(",")) {
      out.push(`table ${t}: columns [${e.columns}] != [${a.columns}] (expected != actual)`);
      continue;
    }
    const remaining = new Map<string, number>();
    for (const row of a.rows) {
      const k = JSON.stringify(row);
      remaining.set(k, (remaining.get(k) ?? 0) + 1);
    }
    const missing: TextRow[] = [];
    for (const row of e.rows) {
      const k = JSON.stringify(row);
      const n = remaining.get(k) ?? 0;
      if (n > 0) remaining.set(k, n - 1);
      else missing.push(row);
    }
    const unexpected: TextRow[] = [];
    for (const [k, n] of remaining) for (let i = 0; i < n; i++) unexpected.push(JSON.parse(k));
    const cols = `(${e.columns.join(", ")})`;
    for (const row of missing.slice(0, maxRows)) {
      out.push(`table ${t}: row ${cols} = ${showRow(row)} missing in actual`);
    }
    if (missing.length > maxRows) {
      out.push(`table ${t}: ... and ${missing.length - maxRows} more missing rows`);
    }
    for (const row of unexpected.slice(0, maxRows)) {
      out.push(`table ${t}: row ${cols} = ${showRow(row)} unexpected in actual`);
    }
    if (unexpected.length > maxRows) {
      out.push(`table ${t}: ... and ${unexpected.length - maxRows} more unexpected rows`);
    }
  }
  for (const s of Object.keys(expected.sequences)) {
    if (!(s in actual.sequences)) out.push(`sequence ${s}: missing in actual`);
  }
  for (const s of Object.keys(actual.sequences)) {
    if (!(s in expected.sequences)) out.push(`sequence ${s}: unexpected in actual`);
  }
  for (const [s, e] of Object.entries(expected.sequences)) {
    const a = actual.sequences[s];
    if (!a) continue;
    if (e.lastValue !== a.lastValue || e.isCalled !== a.isCalled) {
      out.push(
        `sequence ${s}: position last_value=${e.lastValue} is_called=${e.isCalled} != ` +
          `last_value=${a.lastValue} is_called=${a.isCalled} (expected != actual)`,
      );
    }
  }
  return out;
}
