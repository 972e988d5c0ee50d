/**
 * Names the SQLite dialect uses: the schema of unqualified names and the prefix of the tables
 * that keep what a migration removes (for its rollback).
 * @module
 */

/** SQLite's schema of the main database file. */
export const SQLITE_SCHEMA = "main";

/** Prefix of the archive tables (`_smartspec_archive_<table>__<tag>` ...). */
export const ARCHIVE_PREFIX = "_smartspec_archive_";
