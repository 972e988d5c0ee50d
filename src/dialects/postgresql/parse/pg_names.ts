/**
 * PostgreSQL's rules for the names it chooses itself (`users_pkey`, `users_email_key`,
 * `orders_customer_id_fkey`, `users_id_seq`, `users_email_idx` ...), including truncation to
 * 63 bytes and the numeric suffixes it adds on collisions.
 * @module
 */

/** NAMEDATALEN - 1: the longest identifier PostgreSQL keeps, in bytes. */
export const MAX_IDENT_BYTES = 63;

const enc = new TextEncoder();

function byteLen(s: string): number {
  // deno-lint-ignore no-control-regex
  return /^[\x00-\x7f]*$/.test(s) ? s.length : enc.encode(s).length;
}

/** Clips a string to at most `bytes` UTF-8 bytes without splitting a character. */
export function clipBytes(s: string, bytes: number): string {
  if (byteLen(s) <= bytes) return s;
  let out = "";
  let used = 0;
  for (const ch of s) {
    const l = byteLen(ch);
    if (used + l > bytes) break;
    out += ch;
    used += l;
  }
  return out;
}

/** PostgreSQL's makeObjectName: `name1_name2_label`, shortening the longer part first. */
export function makeObjectName(name1: string, name2: string | undefined, label: string): string {
  let overhead = label ? byteLen(label) + 1 : 0;
  let n1 = byteLen(name1);
  let n2 = 0;
  if (name2) {
    n2 = byteLen(name2);
    overhead++;
  }
  const avail = MAX_IDENT_BYTES - overhead;
  while (n1 + n2 > avail) {
    if (n1 > n2) n1--;
    else n2--;
  }
  let out = clipBytes(name1, n1);
  if (name2) out += "_" + clipBytes(name2, n2);
  if (label) out += "_" + label;
  return out;
}

/** Chooses a name like PostgreSQL: adds 1, 2 ... to the label until `taken` says no. */
export function chooseName(
  name1: string,
  name2: string | undefined,
  label: string,
  taken: (name: string) => boolean,
): string {
  let name = makeObjectName(name1, name2, label);
  for (let pass = 1; taken(name); pass++) name = makeObjectName(name1, name2, `${label}${pass}`);
  return name;
}

/** Joins column names for index and constraint names, stopping at the length limit. */
export function nameAddition(columns: string[]): string {
  let buf = "";
  for (const c of columns) {
    const part = buf ? "_" + c : c;
    buf += part;
    if (byteLen(buf) >= MAX_IDENT_BYTES) break;
  }
  return buf;
}

/**
 * Per-schema registry of the names taken, in PostgreSQL's two namespaces that matter for
 * implicit names: relations (tables, indexes, sequences, views) and constraints.
 */
export class NameRegistry {
  private relations = new Map<string, Set<string>>();
  private constraints = new Map<string, Set<string>>();

  private set(m: Map<string, Set<string>>, schema: string): Set<string> {
    let s = m.get(schema);
    if (!s) m.set(schema, s = new Set());
    return s;
  }

  /** Records a relation name (table, index, sequence, view). */
  addRelation(schema: string, name: string): void {
    this.set(this.relations, schema).add(name);
  }

  /** Records a constraint name. */
  addConstraint(schema: string, name: string): void {
    this.set(this.constraints, schema).add(name);
  }

  /** True when a relation of that name exists in the schema. */
  hasRelation(schema: string, name: string): boolean {
    return this.set(this.relations, schema).has(name);
  }

  /** Chooses and records an index-backed name (pkey, key, idx, excl): relation and constraint. */
  chooseIndexName(schema: string, table: string, cols: string | undefined, label: string): string {
    const name = chooseName(
      table,
      cols,
      label,
      (n) => this.hasRelation(schema, n) || this.set(this.constraints, schema).has(n),
    );
    this.addRelation(schema, name);
    return name;
  }

  /** Chooses and records a constraint name (check, fkey). */
  chooseConstraintName(
    schema: string,
    table: string,
    cols: string | undefined,
    label: string,
  ): string {
    const name = chooseName(table, cols, label, (n) => this.set(this.constraints, schema).has(n));
    this.addConstraint(schema, name);
    return name;
  }

  /** Chooses and records a sequence name for a serial or identity column. */
  chooseSequenceName(schema: string, table: string, column: string): string {
    const name = chooseName(table, column, "seq", (n) => this.hasRelation(schema, n));
    this.addRelation(schema, name);
    return name;
  }
}
