/**
 * Names for the constraints SQLite leaves unnamed. SQLite has no constraint names of its own,
 * but the model needs names that stay the same between two versions of a table and read like
 * PostgreSQL's (`users_pkey`, `users_email_key`, `orders_customer_id_fkey`, `users_age_check`,
 * `users_check`), with PostgreSQL's numeric suffix on a clash (`users_check1`). Names are
 * chosen per table (SQLite constraint names live in no namespace) and are not truncated
 * (SQLite has no identifier length limit).
 * @module
 */

/** The names taken in one table, and the choice of implicit ones. */
export class ConstraintNames {
  private taken = new Set<string>();

  /** Records a name written by the user. */
  reserve(name: string): void {
    this.taken.add(name);
  }

  /** `<table>_<cols>_<label>` (or `<table>_<label>`), with 1, 2 ... appended to the label on a clash. */
  choose(table: string, columns: string[] | undefined, label: string): string {
    const base = columns?.length ? `${table}_${columns.join("_")}` : table;
    let name = `${base}_${label}`;
    for (let n = 1; this.taken.has(name); n++) name = `${base}_${label}${n}`;
    this.taken.add(name);
    return name;
  }
}
