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
  // (most names: ASCII and short enough, kept whole; one test instead of one per part)
  const whole = (name2 ? `${name1}_${name2}` : name1) + (label ? `_${label}` : "");
  // deno-lint-ignore no-control-regex
  if (whole.length <= MAX_IDENT_BYTES && /^[\x00-\x7f]*$/.test(whole)) return whole;
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
 * A name the registry took (`relation`, `constraint`) or chose (`index`, `check`, `sequence`:
 * the chooser's arguments and the name it gave), in order: what {@link NameRegistry.replay}
 * takes again for a statement built once for both files of a pair.
 */
export type NameOp =
  | { kind: "relation" | "constraint"; schema: string; name: string }
  | {
    kind: "index" | "check";
    schema: string;
    table: string;
    cols: string | undefined;
    label: string;
    name: string;
  }
  | { kind: "sequence"; schema: string; table: string; column: string; name: string };

/**
 * Per-schema registry of the names taken, in PostgreSQL's two namespaces that matter for
 * implicit names: relations (tables, indexes, sequences, views) and constraints.
 */
export class NameRegistry {
  private relations = new Map<string, Set<string>>();
  private constraints = new Map<string, Set<string>>();
  /** When set, every name taken or chosen is added to it ({@link NameOp}). */
  log: NameOp[] | undefined;

  private set(m: Map<string, Set<string>>, schema: string): Set<string> {
    let s = m.get(schema);
    if (!s) m.set(schema, s = new Set());
    return s;
  }

  /** Records a relation name (table, index, sequence, view). */
  addRelation(schema: string, name: string): void {
    this.set(this.relations, schema).add(name);
    this.log?.push({ kind: "relation", schema, name });
  }

  /** Records a constraint name. */
  addConstraint(schema: string, name: string): void {
    this.set(this.constraints, schema).add(name);
    this.log?.push({ kind: "constraint", schema, name });
  }

  /** True when a relation of that name exists in the schema. */
  hasRelation(schema: string, name: string): boolean {
    return this.set(this.relations, schema).has(name);
  }

  private pickIndexName(schema: string, table: string, cols: string | undefined, label: string) {
    const rel = this.set(this.relations, schema), con = this.set(this.constraints, schema);
    return chooseName(table, cols, label, (n) => rel.has(n) || con.has(n));
  }

  private pickConstraintName(
    schema: string,
    table: string,
    cols: string | undefined,
    label: string,
  ) {
    const con = this.set(this.constraints, schema);
    return chooseName(table, cols, label, (n) => con.has(n));
  }

  private pickSequenceName(schema: string, table: string, column: string): string {
    const rel = this.set(this.relations, schema);
    return chooseName(table, column, "seq", (n) => rel.has(n));
  }

  /** Chooses and records an index-backed name (pkey, key, idx, excl): relation and constraint. */
  chooseIndexName(schema: string, table: string, cols: string | undefined, label: string): string {
    const name = this.pickIndexName(schema, table, cols, label);
    this.set(this.relations, schema).add(name);
    this.log?.push({ kind: "index", schema, table, cols, label, name });
    return name;
  }

  /** Chooses and records a constraint name (check, fkey). */
  chooseConstraintName(
    schema: string,
    table: string,
    cols: string | undefined,
    label: string,
  ): string {
    const name = this.pickConstraintName(schema, table, cols, label);
    this.set(this.constraints, schema).add(name);
    this.log?.push({ kind: "check", schema, table, cols, label, name });
    return name;
  }

  /** Chooses and records a sequence name for a serial or identity column. */
  chooseSequenceName(schema: string, table: string, column: string): string {
    const name = this.pickSequenceName(schema, table, column);
    this.set(this.relations, schema).add(name);
    this.log?.push({ kind: "sequence", schema, table, column, name });
    return name;
  }

  /**
   * Takes the names of `ops` again, in order: true when every chosen name comes out as it did
   * then; otherwise nothing is taken (the names added so far are removed) and false.
   */
  replay(ops: NameOp[]): boolean {
    const added: [Set<string>, string][] = [];
    const take = (s: Set<string>, n: string) => {
      if (s.has(n)) return;
      s.add(n);
      added.push([s, n]);
    };
    for (const op of ops) {
      let name: string, into: Set<string>;
      switch (op.kind) {
        case "relation":
          take(this.set(this.relations, op.schema), op.name);
          continue;
        case "constraint":
          take(this.set(this.constraints, op.schema), op.name);
          continue;
        case "index":
          name = this.pickIndexName(op.schema, op.table, op.cols, op.label);
          into = this.set(this.relations, op.schema);
          break;
        case "check":
          name = this.pickConstraintName(op.schema, op.table, op.cols, op.label);
          into = this.set(this.constraints, op.schema);
          break;
        case "sequence":
          name = this.pickSequenceName(op.schema, op.table, op.column);
          into = this.set(this.relations, op.schema);
          break;
      }
      if (name !== op.name) {
        for (const [s, n] of added) s.delete(n);
        return false;
      }
      take(into, name);
    }
    this.log?.push(...ops);
    return true;
  }
}
