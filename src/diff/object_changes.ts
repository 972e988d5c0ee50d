/**
 * Changes of schema objects beyond tables, columns, constraints, indexes, enums and sequences
 * (views, functions, triggers, domains ...). Each member has a unique `kind`.
 * @module
 */

/** Object changes (none yet). */
export type ObjectChange = never;
