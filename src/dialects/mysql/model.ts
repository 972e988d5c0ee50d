/**
 * What MySQL and MariaDB add to the common model ({@link Table.mysql}, {@link Column.mysql}).
 * Everything else lives in the common fields: `Column.collation`, `Column.generated` (its
 * expression; VIRTUAL or STORED is here), `Table.partitionBy` (the `PARTITION BY` text), indexes
 * (FULLTEXT and SPATIAL as `Index.method`, prefix lengths as `IndexElem.options` `(10)`, DESC
 * as `DESC`, invisibility and comments as `Index.options` `{invisible: "true", comment: ...}`).
 * @module
 */
import type { Expr } from "../../model/schema.ts";

/** Table attributes of MySQL/MariaDB. */
export interface MysqlTableExt {
  /** Storage engine as the server names it (`InnoDB`, `MyISAM`), when written. */
  engine?: string;
  /** Row format (`DYNAMIC`, `COMPRESSED` ...), upper case, when written. */
  rowFormat?: string;
  /** Default character set of the table, lower case, when written. */
  charset?: string;
  /** Default collation of the table, lower case, when written. */
  collation?: string;
  /** Table comment. */
  comment?: string;
  /** `AUTO_INCREMENT=N`: the next value (dumps write it; the differ ignores it). */
  autoIncrement?: number;
  /** Other table options, keys lower case with `_` (`key_block_size`), values as written. */
  options: Record<string, string>;
}

/** Column attributes of MySQL/MariaDB. */
export interface MysqlColumnExt {
  unsigned?: boolean;
  zerofill?: boolean;
  /** Display width of an integer type (`int(11)`); not part of the type. */
  displayWidth?: number;
  /** Character set, lower case, when written. */
  charset?: string;
  /** ENUM or SET values, in order. */
  values?: string[];
  /** value -> previous value, from `-- @renamed from=` hints on the values' own lines. */
  renamedValues?: Record<string, string>;
  /** `ON UPDATE CURRENT_TIMESTAMP[(n)]`. */
  onUpdate?: Expr;
  autoIncrement?: boolean;
  /** A generated column is VIRTUAL (the default) or STORED. */
  storage?: "virtual" | "stored";
  /** `INVISIBLE` column (MySQL 8.0.23+, MariaDB 10.3+). */
  invisible?: boolean;
  /** Column comment. */
  comment?: string;
  /** `SRID n` of a spatial column. */
  srid?: number;
  /** Charset introducer written before the default literal (`_utf8mb4'x'`). */
  defaultIntroducer?: string;
  /**
   * A character column without its own charset and collation takes the table's defaults (as
   * written; either may be absent): a change of the table's default changes such a column.
   */
  inherited?: { charset?: string; collation?: string };
}
