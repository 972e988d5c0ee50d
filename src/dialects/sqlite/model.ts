/**
 * SQLite-only attributes of tables and columns, kept in the typed extension fields
 * `Table.sqlite` and `Column.sqlite` of the common model (the SQLite dialect compares them).
 * @module
 */

/** What a SQLite table is besides its columns and constraints. */
export interface SqliteTableExt {
  /** `STRICT` table option. */
  strict: boolean;
  /** `WITHOUT ROWID` table option. */
  withoutRowid: boolean;
  /** The rowid alias is declared `AUTOINCREMENT` (rows ids never reused; uses sqlite_sequence). */
  autoincrement: boolean;
  /** The column that aliases the rowid (`id INTEGER PRIMARY KEY`), when there is one. */
  rowidAlias?: string;
  /**
   * `ON CONFLICT` clauses of PRIMARY KEY and UNIQUE constraints, by constraint name
   * (`ROLLBACK`, `ABORT`, `FAIL`, `IGNORE`, `REPLACE`); absent when none is written.
   */
  onConflict?: Record<string, string>;
  /**
   * COLLATE and DESC written on the columns of a PRIMARY KEY or UNIQUE table constraint, by
   * constraint name, one entry per column (`["COLLATE NOCASE", ""]`); absent when none is.
   */
  keyOptions?: Record<string, string[]>;
}

/** What a SQLite column is besides the common column fields. */
export interface SqliteColumnExt {
  /**
   * The declared type exactly as written (`VARCHAR(50)`, `unsigned big int`), which is what
   * SQLite's catalog shows; absent when the column has no declared type. A rebuild writes it
   * as is. Compare `Column.type` (canonical) for type changes, not this spelling.
   */
  declaredType?: string;
  /** For a generated column: `STORED` (true) or `VIRTUAL` (false, SQLite's default). */
  generatedStored?: boolean;
  /** `hidden` of `pragma_table_xinfo` when not 0 (2 virtual generated, 3 stored generated). */
  hidden?: number;
  /** `ON CONFLICT` clause of the column's NOT NULL, when written. */
  notNullOnConflict?: string;
  /**
   * NOT NULL holds without being declared: the rowid alias, or a primary key column of a
   * WITHOUT ROWID table. DDL leaves it out, as the user did (SQLite reports such a column as
   * nullable in `pragma_table_info`, and a written NOT NULL would show).
   */
  impliedNotNull?: boolean;
}
