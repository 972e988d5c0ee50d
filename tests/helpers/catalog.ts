/**
 * Catalog and data snapshots for the tests: the product's own comparison code
 * (`src/verify/catalog.ts`, which embedded verification uses), re-exported so that the tests and
 * the tool compare databases the same way. Any `TestDb` of `pg_server.ts` is a `SqlClient`.
 * @module
 */
export {
  catalogSnapshot,
  diffCatalogs,
  diffData,
  EXCLUDED_SCHEMAS,
  stripSchema,
  tableRows,
} from "../../src/verify/catalog.ts";
export type {
  Catalog,
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
} from "../../src/verify/catalog.ts";
