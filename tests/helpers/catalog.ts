/**
 * Catalog and data snapshots for the tests: the product's own comparison code
 * (`src/verify/catalog.ts`, which embedded verification uses), re-exported so that the tests and
 * the tool compare databases the same way. Any `TestDb` of `pg_server.ts` is a `SqlClient`.
 * @module
 */
import {
  catalogSnapshot as coreSnapshot,
  diffCatalogs as coreDiff,
} from "../../src/dialects/postgresql/verify/catalog.ts";
import type { Catalog as CoreCatalog } from "../../src/dialects/postgresql/verify/catalog.ts";
import type { SqlClient } from "../../src/dialects/postgresql/verify/sql_client.ts";
import { type CatalogObjects, diffCatalogObjects, readCatalogObjects } from "./catalog_objects.ts";

export {
  diffData,
  EXCLUDED_SCHEMAS,
  stripSchema,
  tableRows,
} from "../../src/dialects/postgresql/verify/catalog.ts";

/**
 * The catalog the tests compare: the product's ({@link CoreCatalog}) plus policies, row-level
 * security, comments, storage settings, inheritance and collations (`catalog_objects.ts`).
 */
export type Catalog = CoreCatalog & Partial<CatalogObjects>;

/** Reads the catalog of the user schemas of `db`, with the objects of `catalog_objects.ts`. */
export async function catalogSnapshot(db: SqlClient): Promise<Catalog> {
  const core = await coreSnapshot(db);
  return { ...core, ...await readCatalogObjects(db) };
}

/** Human-readable differences of two catalogs, empty when they are equal. */
export function diffCatalogs(
  expected: Catalog,
  actual: Catalog,
  options: { privileges?: boolean; owners?: boolean } = {},
): string[] {
  const out = coreDiff(expected, actual, options);
  if (expected.policies && actual.policies) {
    out.push(...diffCatalogObjects(expected as CatalogObjects, actual as CatalogObjects));
  }
  return out;
}

export type {
  CatalogObjects,
  CollationInfo,
  ColumnSettings,
  PolicyInfo,
  RelationSettings,
} from "./catalog_objects.ts";
export type {
  ColumnInfo,
  ConstraintInfo,
  DataSnapshot,
  FunctionInfo,
  IndexInfo,
  SequenceInfo,
  SequenceState,
  TableData,
  TableInfo,
  TriggerInfo,
  TypeInfo,
  ViewInfo,
} from "../../src/dialects/postgresql/verify/catalog.ts";
