/**
 * Deterministic generator of a realistic PostgreSQL schema pair for benchmarks: `from.sql`
 * with N tables (serial/identity/uuid keys, 5-15 columns of varied types, PRIMARY KEY, UNIQUE,
 * CHECK, foreign keys to earlier tables, plain/partial/multi-column/expression indexes, enums,
 * standalone sequences) and `to.sql` where about 10% of the tables change in the ways the
 * generator handles (widenings, narrowings, added/dropped/renamed columns, NOT NULL changes,
 * new/dropped indexes and tables, new foreign keys, added enum values). Renames carry
 * `-- @renamed from=old` hints and drops are acknowledged by `drop:` intents in the spec, so the
 * pair is a complete migration that no rule blocks.
 *
 * With `dialect: "sqlite"` or `"mysql"` the same model is spelt for that engine
 * (`scripts/gen_bench_dialects.ts`): no sequences, enums only in MySQL columns, no partial,
 * expression or GIN indexes in MySQL, and a few views and `updated_at` triggers on tables the
 * to-schema leaves alone; the spec declares the dialect.
 *
 * Library: `generateSchemaPair({ tables, seed, dialect })`. CLI:
 * `deno run --allow-write scripts/gen_bench_schema.ts --tables 1000 --out dir [--seed 42]
 * [--dialect postgresql|sqlite|mysql]`
 * writes `from.sql`, `to.sql` and `spec.md` and prints the statistics as JSON.
 * @module
 */
import { join } from "node:path";
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  dialectDefault,
  dialectType,
  GEN_DIALECTS,
  type GenDialect,
  indexable,
  touchTriggerSql,
  viewSql,
} from "./gen_bench_dialects.ts";

export type { GenDialect } from "./gen_bench_dialects.ts";

/** Options of the generator. */
export interface GenOptions {
  /** Tables of the from-schema (default 1000). */
  tables?: number;
  /** PRNG seed (default 42). */
  seed?: number;
  /** Share of tables that change (default 0.1). */
  changeRatio?: number;
  /** Dialect of the SQL (default postgresql); the spec declares it. */
  dialect?: GenDialect;
}

/** Kinds of changes the generator makes (each touches one table, except `add_enum_value`). */
export type GenChangeKind =
  | "widen_int"
  | "widen_varchar"
  | "widen_numeric"
  | "narrow_varchar"
  | "narrow_bigint"
  | "narrow_numeric"
  | "add_nullable_column"
  | "add_default_column"
  | "drop_column"
  | "add_index"
  | "drop_index"
  | "create_table"
  | "drop_table"
  | "rename_column"
  | "set_not_null"
  | "drop_not_null"
  | "add_foreign_key"
  | "add_enum_value";

/** What the generator produced. */
export interface GenStats {
  seed: number;
  tables: { from: number; to: number };
  statements: { from: number; to: number };
  /** Tables that differ between the files (changed, created or dropped). */
  changedTables: number;
  /** Generated changes by kind. */
  generated: Partial<Record<GenChangeKind, number>>;
  /** Changes the differ should report, by the tool's change kinds. */
  expected: Record<string, number>;
  /** Sum of `expected`. */
  expectedTotal: number;
}

/** A generated pair: both schema files, a spec that acknowledges the drops, statistics. */
export interface SchemaPair {
  from: string;
  to: string;
  spec: string;
  stats: GenStats;
}

// ------------------------------------------------------------------ model

interface Col {
  name: string;
  /** Type family, for the mutations. */
  kind: string;
  type: string;
  len?: number;
  precision?: number;
  scale?: number;
  notNull: boolean;
  default?: string;
  /** Column constraint text after NOT NULL/DEFAULT (PRIMARY KEY, GENERATED ..., UNIQUE ...). */
  extra: string[];
  ref?: FkRef;
  /** Not used by any key, index, check or default: free for mutations. */
  plain: boolean;
  renamedFrom?: string;
}

interface FkRef {
  table: string;
  column: string;
  onDelete?: string;
}

interface Fk extends FkRef {
  name: string;
  columns: string[];
  /** `table`: a table constraint; `alter`: an ALTER TABLE after all tables. */
  style: "table" | "alter";
}

interface Idx {
  name?: string;
  table: string;
  unique: boolean;
  method?: string;
  keys: string[];
  where?: string;
}

interface Tbl {
  name: string;
  columns: Col[];
  /** Table-level constraint lines. */
  constraints: string[];
  fks: Fk[];
  indexes: Idx[];
  /** Type of the key column other tables reference (`id`); undefined: not referenceable. */
  keyType?: string;
  /** Columns that hold a reference without a foreign key (candidates for new FKs). */
  loose: { column: string; table: string }[];
  incoming: number;
}

interface Enum {
  name: string;
  values: string[];
}

interface Model {
  enums: Enum[];
  sequences: string[];
  tables: Tbl[];
  /** Views over one table each (SQLite and MySQL pairs). */
  views: { name: string; table: string; cols: string[] }[];
  /** `updated_at` triggers (SQLite and MySQL pairs). */
  triggers: { name: string; table: string }[];
}

// ------------------------------------------------------------------ random

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  float(): number {
    return this.next();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  }
}

// ------------------------------------------------------------------ vocabulary

const MODULES = [
  "billing",
  "crm",
  "sales",
  "inventory",
  "hr",
  "support",
  "shipping",
  "catalog",
  "auth",
  "analytics",
  "marketing",
  "finance",
  "ops",
  "content",
  "payments",
  "procurement",
  "legal",
  "projects",
  "events",
  "messaging",
  "reporting",
  "fleet",
  "logistics",
  "warehouse",
  "pricing",
  "loyalty",
  "audit",
  "compliance",
  "partners",
  "learning",
];
const ENTITIES = [
  "account",
  "customer",
  "contact",
  "order",
  "invoice",
  "payment",
  "product",
  "item",
  "category",
  "supplier",
  "shipment",
  "address",
  "ticket",
  "comment",
  "tag",
  "user",
  "role",
  "session",
  "event",
  "note",
  "task",
  "project",
  "document",
  "file",
  "campaign",
  "lead",
  "quote",
  "contract",
  "vendor",
  "asset",
  "location",
  "device",
  "subscription",
  "plan",
  "refund",
  "review",
  "schedule",
  "batch",
  "report",
  "rule",
];
const plural = (s: string) =>
  s.endsWith("y") ? s.slice(0, -1) + "ies" : /(s|ch|sh|x)$/.test(s) ? s + "es" : s + "s";

const ENUMS: Enum[] = [
  { name: "order_status", values: ["new", "paid", "shipped", "delivered"] },
  { name: "priority_level", values: ["low", "normal", "high"] },
  { name: "ticket_state", values: ["open", "pending", "resolved", "closed"] },
  { name: "payment_method", values: ["card", "transfer", "cash"] },
  { name: "approval_state", values: ["draft", "submitted", "approved", "rejected"] },
  { name: "channel_kind", values: ["email", "sms", "push"] },
  { name: "visibility", values: ["private", "team", "public"] },
  { name: "risk_grade", values: ["a", "b", "c", "d", "e"] },
  { name: "shift_kind", values: ["day", "night", "weekend"] },
  { name: "unit_kind", values: ["piece", "kg", "litre", "metre"] },
  { name: "billing_cycle", values: ["monthly", "quarterly", "yearly"] },
  { name: "doc_format", values: ["pdf", "docx", "html"] },
];
const NEW_ENUM_VALUES = ["archived", "on_hold", "escalated", "unknown", "other", "expired"];

const SEQUENCES = [
  "invoice_number",
  "order_number",
  "ticket_number",
  "receipt_number",
  "batch_number",
  "voucher_number",
  "case_number",
  "serial_number",
  "claim_number",
  "lot_number",
];

/** Column templates: name and a function making its type and attributes. */
type ColMaker = (r: Rng, name: string) => Omit<Col, "name" | "extra" | "plain">;
const varchar = (lens: number[]): ColMaker => (r) => {
  const len = r.pick(lens);
  return { kind: "varchar", type: `varchar(${len})`, len, notNull: r.chance(0.4) };
};
const numeric = (ps: [number, number][]): ColMaker => (r) => {
  const [precision, scale] = r.pick(ps);
  return {
    kind: "numeric",
    type: `numeric(${precision}, ${scale})`,
    precision,
    scale,
    notNull: r.chance(0.5),
  };
};
const simple = (kind: string, type: string, pNotNull = 0.3, def?: string): ColMaker => (r) => {
  const notNull = r.chance(pNotNull);
  return { kind, type, notNull, default: def && notNull ? def : undefined };
};
const COLUMNS: [string, ColMaker][] = [
  ["name", varchar([80, 100, 120, 200])],
  ["title", varchar([100, 150, 200])],
  ["label", varchar([40, 60, 80])],
  ["code", varchar([16, 32, 64])],
  ["slug", varchar([64, 120])],
  ["email", varchar([255, 320])],
  ["phone", varchar([20, 32])],
  ["url", varchar([500, 1000])],
  ["description", simple("text", "text", 0.1)],
  ["notes", simple("text", "text", 0.05)],
  ["summary", simple("text", "text", 0.1)],
  ["amount", numeric([[12, 2], [14, 2], [10, 2]])],
  ["price", numeric([[10, 2], [12, 4]])],
  ["total", numeric([[14, 2], [16, 2]])],
  ["balance", numeric([[14, 2], [18, 4]])],
  ["discount", numeric([[5, 2], [6, 2]])],
  ["tax_rate", numeric([[5, 4], [6, 3]])],
  ["quantity", simple("int", "integer", 0.6, "1")],
  ["sort_order", simple("int", "integer", 0.5, "0")],
  ["retries", simple("smallint", "smallint", 0.5, "0")],
  ["priority", simple("int", "integer", 0.3)],
  ["version", simple("int", "integer", 0.7, "1")],
  ["views", simple("bigint", "bigint", 0.6, "0")],
  ["size_bytes", simple("bigint", "bigint", 0.3)],
  ["external_id", simple("bigint", "bigint", 0.2)],
  ["score", simple("float8", "double precision", 0.2)],
  ["weight", simple("float4", "real", 0.2)],
  ["is_active", simple("bool", "boolean", 0.9, "true")],
  ["is_archived", simple("bool", "boolean", 0.9, "false")],
  ["created_at", simple("timestamptz", "timestamptz", 0.9, "now()")],
  ["updated_at", simple("timestamptz", "timestamptz", 0.6, "now()")],
  ["deleted_at", simple("timestamptz", "timestamptz", 0)],
  ["occurred_at", simple("timestamp", "timestamp", 0.5)],
  ["starts_on", simple("date", "date", 0.4)],
  ["ends_on", simple("date", "date", 0)],
  ["due_date", simple("date", "date", 0.3)],
  ["metadata", simple("jsonb", "jsonb", 0.5, "'{}'::jsonb")],
  ["payload", simple("jsonb", "jsonb", 0.2)],
  ["external_ref", simple("uuid", "uuid", 0.2)],
  ["ip_address", simple("inet", "inet", 0.1)],
  ["currency", simple("bpchar", "char(3)", 0.7, "'EUR'")],
  ["country_code", simple("bpchar", "char(2)", 0.4)],
  ["checksum", simple("bytea", "bytea", 0.1)],
];

const RENAMES: Record<string, string> = {
  name: "display_name",
  title: "headline",
  label: "caption",
  notes: "remarks",
  description: "details",
  summary: "abstract",
  phone: "phone_number",
  url: "website_url",
  amount: "gross_amount",
  price: "unit_price",
  total: "grand_total",
  priority: "ranking",
  score: "rating",
  weight: "mass",
  due_date: "deadline",
  payload: "body",
  checksum: "digest",
  ip_address: "client_ip",
  external_id: "legacy_id",
  occurred_at: "happened_at",
};

// ------------------------------------------------------------------ from-schema

class Builder {
  readonly r: Rng;
  readonly m: Model = { enums: [], sequences: [], tables: [], views: [], triggers: [] };
  readonly names = new Set<string>();
  /** Tables a view or trigger reads: the to-schema leaves them as they are. */
  readonly pinned = new Set<string>();

  constructor(readonly n: number, seed: number, readonly dialect: GenDialect = "postgresql") {
    this.r = new Rng(seed);
  }

  /** A global relation name (tables, indexes, sequences share the namespace). */
  uniqueName(base: string): string {
    let name = base.slice(0, 60);
    for (let i = 2; this.names.has(name); i++) name = `${base.slice(0, 56)}_${i}`;
    this.names.add(name);
    return name;
  }

  tableNames(count: number): string[] {
    const combos: string[] = [];
    for (const m of MODULES) for (const e of ENTITIES) combos.push(`${m}_${plural(e)}`);
    this.r.shuffle(combos);
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      const base = combos[i % combos.length];
      out.push(i < combos.length ? base : `${base}_${Math.floor(i / combos.length) + 1}`);
    }
    return out;
  }

  build(): Model {
    const pg = this.dialect === "postgresql";
    // SQLite has no enum types; MySQL spells them in the column
    const nEnums = this.dialect === "sqlite"
      ? 0
      : Math.min(ENUMS.length, Math.max(3, Math.round(this.n / 100)));
    this.m.enums = ENUMS.slice(0, nEnums).map((e) => ({ ...e, values: [...e.values] }));
    const nSeqs = pg ? Math.max(2, Math.round(this.n / 50)) : 0;
    for (let i = 0; i < nSeqs; i++) {
      const base = SEQUENCES[i % SEQUENCES.length];
      this.m.sequences.push(
        this.uniqueName(i < SEQUENCES.length ? `${base}_seq` : `${base}_${i}_seq`),
      );
    }
    const names = this.tableNames(this.n);
    for (const name of names) this.names.add(name);
    for (let i = 0; i < this.n; i++) this.m.tables.push(this.table(names[i], i));
    if (!pg) this.viewsAndTriggers();
    // each standalone sequence numbers one table's rows
    this.m.sequences.forEach((seq, i) => {
      const t = this.m.tables[Math.floor((i + 0.5) * this.n / this.m.sequences.length)];
      const col = seq.replace(/_seq$/, "");
      if (t.columns.some((c) => c.name === col)) return;
      t.columns.push({
        name: col,
        kind: "bigint",
        type: "bigint",
        notNull: true,
        default: `nextval('${seq}')`,
        extra: ["UNIQUE"],
        plain: false,
      });
    });
    return this.m;
  }

  /** About one view and one trigger per 50 tables, on tables the to-schema leaves alone. */
  viewsAndTriggers(): void {
    const n = Math.max(1, Math.round(this.n / 50));
    const withId = this.m.tables.filter((t) => t.keyType);
    for (let k = 0; k < n; k++) {
      const t = withId[Math.floor((k + 0.25) * withId.length / n)];
      if (!t || this.pinned.has(t.name)) continue;
      const cols = t.columns.filter((c) => c.name !== "id" && c.kind !== "ref").map((c) => c.name);
      if (!cols.length) continue;
      this.pinned.add(t.name);
      this.m.views.push({ name: this.uniqueName(`v_${t.name}`), table: t.name, cols });
    }
    const stamped = withId.filter((t) => t.columns.some((c) => c.name === "updated_at"));
    for (let k = 0; k < n; k++) {
      const t = stamped[Math.floor((k + 0.75) * stamped.length / n)];
      if (!t || this.pinned.has(t.name)) continue;
      this.pinned.add(t.name);
      this.m.triggers.push({ name: this.uniqueName(`trg_${t.name}_touch`), table: t.name });
    }
  }

  /** Picks an earlier, referenceable table (hubs are referenced more). */
  refTarget(i: number, avoid: Set<string>): Tbl | undefined {
    const r = this.r;
    for (let tries = 0; tries < 6 && i > 0; tries++) {
      const j = r.chance(0.35) ? r.int(0, Math.min(i, 20) - 1) : r.int(0, i - 1);
      const t = this.m.tables[j];
      if (t.keyType && !avoid.has(t.name)) return t;
    }
    return undefined;
  }

  table(name: string, i: number): Tbl {
    const r = this.r;
    const t: Tbl = {
      name,
      columns: [],
      constraints: [],
      fks: [],
      indexes: [],
      loose: [],
      incoming: 0,
    };
    const isLink = i > 10 && r.chance(0.05);
    const used = new Set<string>();
    const add = (c: Col) => {
      used.add(c.name);
      t.columns.push(c);
    };
    // key
    if (isLink) {
      const a = this.refTarget(i, new Set()), b = a && this.refTarget(i, new Set([a.name]));
      if (a && b) {
        for (const ref of [a, b]) this.fkColumn(t, ref, true, add, "inline", "CASCADE");
        t.constraints.push(`PRIMARY KEY (${t.columns.map((c) => c.name).join(", ")})`);
      }
    }
    if (t.columns.length === 0) {
      const style = r.float();
      const key: Col = {
        name: "id",
        kind: "int",
        type: "integer",
        notNull: true,
        extra: [],
        plain: false,
      };
      const tablePk = r.chance(0.15);
      if (style < 0.3) {
        Object.assign(key, { type: "serial", kind: "int" });
        t.keyType = "integer";
      } else if (style < 0.5) {
        Object.assign(key, { type: "bigserial", kind: "bigint" });
        t.keyType = "bigint";
      } else if (style < 0.65) {
        Object.assign(key, { type: "bigint", kind: "bigint" });
        key.extra.push("GENERATED BY DEFAULT AS IDENTITY");
        t.keyType = "bigint";
      } else if (style < 0.75) {
        Object.assign(key, { type: "integer", kind: "int" });
        key.extra.push("GENERATED ALWAYS AS IDENTITY");
        t.keyType = "integer";
      } else if (style < 0.9 && this.dialect === "postgresql") {
        Object.assign(key, { type: "uuid", kind: "uuid", default: "gen_random_uuid()" });
        t.keyType = "uuid";
      } else {
        t.keyType = "integer";
      }
      if (tablePk) {
        t.constraints.push(
          r.chance(0.5) ? `PRIMARY KEY (id)` : `CONSTRAINT pk_${name} PRIMARY KEY (id)`,
        );
      } else key.extra.unshift("PRIMARY KEY");
      add(key);
      // foreign keys
      const nFk = i === 0 ? 0 : r.pick([0, 1, 1, 1, 2, 2, 3]);
      const avoid = new Set<string>();
      for (let k = 0; k < nFk; k++) {
        const ref = this.refTarget(i, avoid);
        if (!ref) break;
        avoid.add(ref.name);
        const style = r.float() < 0.5 ? "inline" : r.float() < 0.5 ? "table" : "alter";
        const onDelete = r.pick([undefined, undefined, "CASCADE", "RESTRICT"]);
        this.fkColumn(t, ref, r.chance(0.6), add, style, onDelete);
      }
      // a reference without a foreign key (yet)
      if (i > 0 && r.chance(0.25)) {
        const ref = this.refTarget(i, avoid);
        const col = ref && `${singular(ref.name)}_ref`;
        if (ref && col && !used.has(col)) {
          add({
            name: col,
            kind: "ref",
            type: ref.keyType!,
            notNull: false,
            extra: [],
            plain: false,
          });
          t.loose.push({ column: col, table: ref.name });
        }
      }
    }
    // payload columns: 5-15 columns in all
    const target = Math.max(t.columns.length + 2, r.int(5, 15));
    const pool = r.shuffle([...COLUMNS]);
    const hasEnum = r.chance(0.3) && this.m.enums.length > 0;
    if (hasEnum) {
      const e = r.pick(this.m.enums);
      add({
        name: "status",
        kind: "enum",
        type: e.name,
        notNull: true,
        default: `'${e.values[0]}'`,
        extra: [],
        plain: false,
      });
    }
    for (const [cname, make] of pool) {
      if (t.columns.length >= target) break;
      if (used.has(cname)) continue;
      const c: Col = { name: cname, ...make(r, cname), extra: [], plain: true };
      if (c.default) c.plain = false;
      add(c);
    }
    this.constraints(t);
    this.indexes(t);
    return t;
  }

  fkColumn(
    t: Tbl,
    ref: Tbl,
    notNull: boolean,
    add: (c: Col) => void,
    style: "inline" | "table" | "alter",
    onDelete?: string,
  ): void {
    const colName = `${singular(ref.name)}_id`;
    if (t.columns.some((c) => c.name === colName)) return;
    const c: Col = {
      name: colName,
      kind: "ref",
      type: ref.keyType!,
      notNull,
      extra: [],
      plain: false,
    };
    // a nullable reference may let go of its row instead of blocking the delete
    const od = onDelete === "RESTRICT" && !notNull ? "SET NULL" : onDelete;
    ref.incoming++;
    if (style === "inline") c.ref = { table: ref.name, column: "id", onDelete: od };
    else {
      t.fks.push({
        name: `fk_${t.name}_${colName}`.slice(0, 63),
        columns: [colName],
        table: ref.name,
        column: "id",
        onDelete: od,
        style,
      });
    }
    add(c);
  }

  constraints(t: Tbl): void {
    const r = this.r;
    const col = (n: string) => t.columns.find((c) => c.name === n);
    for (const c of t.columns) {
      if (!c.plain) continue;
      if ((c.name === "email" || c.name === "code" || c.name === "slug") && r.chance(0.6)) {
        c.extra.push("UNIQUE");
        c.plain = false;
      } else if (
        (c.name === "amount" || c.name === "price" || c.name === "quantity" ||
          c.name === "discount") && r.chance(0.5)
      ) {
        c.extra.push(`CHECK (${c.name} >= 0)`);
        c.plain = false;
      }
    }
    const starts = col("starts_on"), ends = col("ends_on");
    if (starts && ends && r.chance(0.7)) {
      const name = r.chance(0.5) ? `CONSTRAINT ck_${t.name}_dates ` : "";
      t.constraints.push(`${name}CHECK (ends_on IS NULL OR ends_on >= starts_on)`);
      starts.plain = ends.plain = false;
    }
    const code = col("code"), fk = t.columns.find((c) => c.kind === "ref" && c.notNull);
    if (code && fk && code.plain && r.chance(0.5)) {
      t.constraints.push(`CONSTRAINT uq_${t.name}_code UNIQUE (${fk.name}, code)`);
      code.plain = false;
    }
    const label = col("label");
    if (label?.plain && r.chance(0.3)) {
      const len = this.dialect === "sqlite" ? "length" : "char_length";
      t.constraints.push(`CHECK (${len}(label) > 0)`);
      label.plain = false;
    }
  }

  indexes(t: Tbl): void {
    const r = this.r;
    const col = (n: string) => t.columns.find((c) => c.name === n);
    const refs = t.columns.filter((c) => c.kind === "ref");
    const d = this.dialect;
    const ok = (c: Col) => indexable(d, c);
    const nIdx = r.pick([0, 0, 0, 1, 1, 1, 2]);
    const options: (() => Idx | undefined)[] = [
      () => {
        // MySQL: no index after the table on a column whose foreign key is inside it (the
        // parser keeps the foreign key's own index the server drops then: see leadsIndex)
        const cands = d === "mysql" ? refs.filter((c) => !fkInTable(t, c.name)) : refs;
        const c = cands.length ? r.pick(cands) : undefined;
        if (!c) return undefined;
        const created = col("created_at");
        if (created && r.chance(0.4)) {
          created.plain = false;
          return { table: t.name, unique: false, keys: [c.name, "created_at DESC"] };
        }
        return { table: t.name, unique: false, keys: [c.name] };
      },
      () => {
        // MySQL has no partial indexes
        const del = col("deleted_at"), k = t.columns.find((c) => c.plain && ok(c));
        if (!del || !k || k === del || d === "mysql") return undefined;
        del.plain = k.plain = false;
        return { table: t.name, unique: false, keys: [k.name], where: "deleted_at IS NULL" };
      },
      () => {
        // MariaDB has no expression indexes
        const e = col("email");
        if (!e?.plain || d === "mysql") return undefined;
        e.plain = false;
        return { table: t.name, unique: true, keys: ["lower(email)"] };
      },
      () => {
        const j = col("metadata") ?? col("payload");
        if (!j || d !== "postgresql") return undefined;
        j.plain = false;
        return { table: t.name, unique: false, method: "gin", keys: [j.name] };
      },
      () => {
        const a = col("is_active"), k = t.columns.find((c) => c.plain && ok(c));
        if (!a || !k || d === "mysql") return undefined;
        a.plain = k.plain = false;
        return { table: t.name, unique: false, keys: [k.name], where: "is_active" };
      },
      () => {
        const ks = t.columns.filter((c) => c.plain && ok(c)).slice(0, 2);
        if (ks.length < 2) return undefined;
        ks.forEach((c) => c.plain = false);
        return { table: t.name, unique: false, keys: ks.map((c) => c.name) };
      },
    ];
    for (let tries = 0; tries < 8 && t.indexes.length < nIdx; tries++) {
      const idx = r.pick(options)();
      if (!idx || t.indexes.some((x) => x.keys[0] === idx.keys[0])) continue;
      for (const key of idx.keys) {
        const c = col(key.split(" ")[0]);
        if (c) c.plain = false;
      }
      // only PostgreSQL names an index itself
      if (r.chance(0.75) || d !== "postgresql") {
        idx.name = this.uniqueName(`idx_${t.name}_${idx.keys[0].replace(/\W.*$/, "")}`);
      }
      t.indexes.push(idx);
    }
  }
}

/** Whether the column's foreign key is inside CREATE TABLE (not an ALTER TABLE after). */
function fkInTable(t: Tbl, column: string): boolean {
  return t.columns.some((c) => c.name === column && c.ref) ||
    t.fks.some((f) => f.style === "table" && f.columns[0] === column);
}

/**
 * Whether an index of the table leads with the column. On MySQL such a column's foreign key is
 * added after the index: the MySQL parser (src/dialects/mysql) keeps the index a foreign key in
 * CREATE TABLE gets of its own even when a later CREATE INDEX makes the server drop it.
 */
function leadsIndex(t: Tbl, column: string): boolean {
  return t.indexes.some((i) => i.keys[0] === column) ||
    t.constraints.some((k) => k.includes(`UNIQUE (${column},`));
}

/** MySQL: the indexes the table's foreign keys get of their own (no index leads with them). */
function implicitFkIndexes(t: Tbl): number {
  const cols = [
    ...t.columns.filter((c) => c.ref).map((c) => c.name),
    ...t.fks.map((f) => f.columns[0]),
  ];
  return cols.filter((c) => !leadsIndex(t, c)).length;
}

function singular(table: string): string {
  const m = /^(.*?)(_\d+)?$/.exec(table)!;
  const base = m[1].endsWith("ies")
    ? m[1].slice(0, -3) + "y"
    : /(ss|ch|sh|x)es$/.test(m[1])
    ? m[1].slice(0, -2)
    : m[1].replace(/s$/, "");
  return base + (m[2] ?? "");
}

// ------------------------------------------------------------------ mutations

/** Weights of the table-level change kinds. */
const WEIGHTS: [GenChangeKind, number][] = [
  ["widen_int", 4],
  ["widen_varchar", 4],
  ["widen_numeric", 3],
  ["narrow_varchar", 3],
  ["narrow_bigint", 2],
  ["narrow_numeric", 1],
  ["add_nullable_column", 8],
  ["add_default_column", 6],
  ["drop_column", 6],
  ["add_index", 7],
  ["drop_index", 5],
  ["create_table", 7],
  ["drop_table", 4],
  ["rename_column", 7],
  ["set_not_null", 5],
  ["drop_not_null", 5],
  ["add_foreign_key", 6],
];

/** Splits `total` over the kinds by weight (largest remainder), deterministically. */
function allocate(total: number): [GenChangeKind, number][] {
  const sum = WEIGHTS.reduce((s, [, w]) => s + w, 0);
  const raw = WEIGHTS.map(([k, w]) => ({ k, exact: (total * w) / sum }));
  const out = raw.map((x) => ({ k: x.k, n: Math.floor(x.exact), rem: x.exact % 1 }));
  let left = total - out.reduce((s, x) => s + x.n, 0);
  for (const x of [...out].sort((a, b) => b.rem - a.rem)) {
    if (left-- <= 0) break;
    x.n++;
  }
  return out.map((x) => [x.k, x.n]);
}

class Mutator {
  readonly generated: Partial<Record<GenChangeKind, number>> = {};
  readonly expected: Record<string, number> = {};
  readonly touched = new Set<string>();
  readonly dropped: string[] = [];
  readonly droppedColumns: string[] = [];

  constructor(readonly b: Builder, readonly to: Model, readonly r: Rng) {}

  private count(kind: GenChangeKind, expect: Record<string, number>): void {
    this.generated[kind] = (this.generated[kind] ?? 0) + 1;
    for (const [k, n] of Object.entries(expect)) this.expected[k] = (this.expected[k] ?? 0) + n;
  }

  private plainCol(t: Tbl, ok: (c: Col) => boolean): Col | undefined {
    const cands = t.columns.filter((c) => c.plain && ok(c));
    return cands.length ? this.r.pick(cands) : undefined;
  }

  /** Applies one change of `kind` to table `t`; false when the table has no candidate. */
  apply(kind: GenChangeKind, t: Tbl): boolean {
    const r = this.r;
    const alter = (c: Col, patch: Partial<Col>) => {
      Object.assign(c, patch);
      c.plain = false;
      this.count(kind, { alter_column_type: 1 });
      return true;
    };
    switch (kind) {
      case "widen_int": {
        const c = this.plainCol(t, (c) => c.kind === "int" || c.kind === "smallint");
        return !!c && alter(c, { kind: "bigint", type: "bigint" });
      }
      case "widen_varchar": {
        const c = this.plainCol(t, (c) => c.kind === "varchar");
        return !!c && alter(c, { len: c.len! * 2, type: `varchar(${c.len! * 2})` });
      }
      case "widen_numeric": {
        const c = this.plainCol(t, (c) => c.kind === "numeric");
        const p = (c?.precision ?? 0) + 4;
        return !!c && alter(c, { precision: p, type: `numeric(${p}, ${c.scale})` });
      }
      case "narrow_varchar": {
        const c = this.plainCol(t, (c) => c.kind === "varchar" && c.len! >= 32);
        const len = Math.floor((c?.len ?? 0) / 2);
        return !!c && alter(c, { len, type: `varchar(${len})` });
      }
      case "narrow_bigint": {
        const c = this.plainCol(t, (c) => c.kind === "bigint");
        return !!c && alter(c, { kind: "int", type: "integer" });
      }
      case "narrow_numeric": {
        const c = this.plainCol(t, (c) => c.kind === "numeric" && c.precision! - c.scale! > 4);
        const p = (c?.precision ?? 0) - 2;
        return !!c && alter(c, { precision: p, type: `numeric(${p}, ${c.scale})` });
      }
      case "add_nullable_column":
      case "add_default_column": {
        const options: Col[] = kind === "add_nullable_column"
          ? [
            {
              name: "nickname",
              kind: "varchar",
              type: "varchar(100)",
              len: 100,
              notNull: false,
              extra: [],
              plain: false,
            },
            {
              name: "extra_info",
              kind: "jsonb",
              type: "jsonb",
              notNull: false,
              extra: [],
              plain: false,
            },
            {
              name: "reviewed_on",
              kind: "date",
              type: "date",
              notNull: false,
              extra: [],
              plain: false,
            },
            { name: "memo", kind: "text", type: "text", notNull: false, extra: [], plain: false },
          ]
          : [
            {
              name: "revision",
              kind: "int",
              type: "integer",
              notNull: true,
              default: "0",
              extra: [],
              plain: false,
            },
            {
              name: "is_locked",
              kind: "bool",
              type: "boolean",
              notNull: true,
              default: "false",
              extra: [],
              plain: false,
            },
            {
              name: "synced_at",
              kind: "timestamptz",
              type: "timestamptz",
              notNull: true,
              default: "now()",
              extra: [],
              plain: false,
            },
            {
              name: "source",
              kind: "text",
              type: "text",
              notNull: true,
              default: "'import'",
              extra: [],
              plain: false,
            },
          ];
        const c = r.pick(options.filter((o) => !t.columns.some((x) => x.name === o.name)));
        if (!c) return false;
        t.columns.push(c);
        this.count(kind, { add_column: 1 });
        return true;
      }
      case "drop_column": {
        const c = this.plainCol(t, () => true);
        if (!c || t.columns.length <= 3) return false;
        t.columns.splice(t.columns.indexOf(c), 1);
        this.droppedColumns.push(`${t.name}.${c.name}`);
        this.count(kind, { drop_column: 1 });
        return true;
      }
      case "rename_column": {
        const c = this.plainCol(t, (c) => !!RENAMES[c.name] || c.kind !== "jsonb");
        if (!c) return false;
        const to = RENAMES[c.name] ?? `${c.name}_v2`;
        if (t.columns.some((x) => x.name === to)) return false;
        c.renamedFrom = c.name;
        c.name = to;
        c.plain = false;
        this.count(kind, { rename_column: 1 });
        return true;
      }
      case "set_not_null": {
        const c = this.plainCol(t, (c) => !c.notNull);
        if (!c) return false;
        c.notNull = true;
        c.plain = false;
        this.count(kind, { set_not_null: 1 });
        return true;
      }
      case "drop_not_null": {
        const c = this.plainCol(t, (c) => c.notNull);
        if (!c) return false;
        c.notNull = false;
        c.plain = false;
        this.count(kind, { drop_not_null: 1 });
        return true;
      }
      case "add_index": {
        const d = this.b.dialect;
        const cs = t.columns.filter((c) => c.plain && indexable(d, c) && c.kind !== "text");
        if (!cs.length) return false;
        const c = r.pick(cs);
        const idx: Idx = { table: t.name, unique: false, keys: [c.name] };
        if (r.chance(0.4) && t.columns.some((x) => x.name === "created_at")) {
          idx.keys.push("created_at DESC");
        } else if (r.chance(0.4) && !c.notNull && d !== "mysql") {
          idx.where = `${c.name} IS NOT NULL`;
        }
        idx.name = this.b.uniqueName(`idx_${t.name}_${c.name}_new`);
        c.plain = false;
        t.indexes.push(idx);
        this.count(kind, { add_index: 1 });
        return true;
      }
      case "drop_index": {
        if (!t.indexes.length) return false;
        t.indexes.splice(r.int(0, t.indexes.length - 1), 1);
        this.count(kind, { drop_index: 1 });
        return true;
      }
      case "add_foreign_key": {
        const l = t.loose.find((l) => !this.dropped.includes(l.table));
        if (!l) return false;
        const c = t.columns.find((c) => c.name === l.column)!;
        // MySQL gives a foreign key an index of its own unless one leads with its column; the
        // foreign key goes after such an index (ALTER TABLE), see leadsIndex
        const mysql = this.b.dialect === "mysql";
        const indexed = mysql && leadsIndex(t, c.name);
        const inTable = r.chance(0.5) && !indexed;
        const implicit = mysql && !indexed;
        if (inTable) c.ref = { table: l.table, column: "id" };
        else {
          t.fks.push({
            name: `fk_${t.name}_${c.name}`.slice(0, 63),
            columns: [c.name],
            table: l.table,
            column: "id",
            style: "alter",
          });
        }
        t.loose.splice(t.loose.indexOf(l), 1);
        this.count(kind, { add_constraint: 1, ...(implicit ? { add_index: 1 } : {}) });
        return true;
      }
      default:
        return false;
    }
  }

  dropTable(t: Tbl): void {
    this.to.tables.splice(this.to.tables.indexOf(t), 1);
    this.dropped.push(t.name);
    this.count("drop_table", { drop_table: 1 });
  }

  createTable(i: number): void {
    const existing = this.to.tables.filter((t) => t.keyType && !this.dropped.includes(t.name));
    const name = this.b.uniqueName(`${this.r.pick(MODULES)}_new_${plural(this.r.pick(ENTITIES))}`);
    // build a table against the surviving ones: the builder picks refs from its table list
    const saved = this.b.m.tables;
    this.b.m.tables = existing;
    const t = this.b.table(name, existing.length);
    this.b.m.tables = saved;
    void i;
    // new tables keep their foreign keys inside CREATE TABLE (MySQL: but those an index leads
    // with, which come after it)
    const mysql = this.b.dialect === "mysql";
    for (const fk of t.fks) {
      if (!mysql || !leadsIndex(t, fk.columns[0])) fk.style = "table";
    }
    this.to.tables.push(t);
    const fks = t.fks.length + t.columns.filter((c) => c.ref).length;
    const indexes = t.indexes.length + (mysql ? implicitFkIndexes(t) : 0);
    this.count("create_table", {
      create_table: 1,
      ...(fks ? { add_constraint: fks } : {}),
      ...(indexes ? { add_index: indexes } : {}),
    });
  }

  addEnumValue(e: Enum, k: number): void {
    const v = NEW_ENUM_VALUES[k % NEW_ENUM_VALUES.length];
    if (e.values.includes(v)) return;
    if (this.r.chance(0.5)) e.values.push(v);
    else e.values.splice(this.r.int(0, e.values.length - 1), 0, v);
    this.count("add_enum_value", { add_enum_value: 1 });
  }
}

function cloneModel(m: Model): Model {
  return structuredClone(m);
}

// ------------------------------------------------------------------ rendering

function colSql(c: Col, d: GenDialect, enums: Enum[]): string {
  const enumValues = enums.find((e) => e.name === c.type)?.values;
  const parts = [c.name, dialectType(d, { ...c, enumValues })];
  const generated = c.extra.some((e) => e.startsWith("GENERATED"));
  const isKey = c.extra.some((e) => e.startsWith("PRIMARY KEY")) || generated;
  let extra = c.extra;
  let notNull = c.notNull && !isKey && c.type !== "serial" && c.type !== "bigserial";
  if (d !== "postgresql") {
    // PostgreSQL's identity and serial keys: AUTO_INCREMENT, or SQLite's rowid key
    const auto = generated || c.type === "serial" || c.type === "bigserial";
    const inlinePk = extra[0] === "PRIMARY KEY";
    extra = extra.filter((e) => !e.startsWith("GENERATED"));
    if (auto && d === "mysql") extra = ["AUTO_INCREMENT", ...extra];
    if (auto && d === "sqlite") parts[1] = "integer";
    if (generated && d === "sqlite" && inlinePk) {
      extra = ["PRIMARY KEY AUTOINCREMENT", ...extra.slice(1)];
    }
    notNull = c.notNull && !inlinePk;
  }
  if (notNull) parts.push("NOT NULL");
  const def = dialectDefault(d, c.default);
  if (def !== undefined) parts.push(`DEFAULT ${def}`);
  parts.push(...extra);
  if (c.ref && d !== "mysql") {
    parts.push(`REFERENCES ${c.ref.table} (${c.ref.column})`);
    if (c.ref.onDelete) parts.push(`ON DELETE ${c.ref.onDelete}`);
  }
  return parts.join(" ");
}

function fkSql(fk: Omit<Fk, "style">): string {
  return `CONSTRAINT ${fk.name} FOREIGN KEY (${fk.columns.join(", ")}) REFERENCES ${fk.table} ` +
    `(${fk.column})` + (fk.onDelete ? ` ON DELETE ${fk.onDelete}` : "");
}

function idxSql(i: Idx): string {
  const head = `CREATE ${i.unique ? "UNIQUE " : ""}INDEX ${
    i.name ? i.name + " " : ""
  }ON ${i.table}`;
  const using = i.method ? ` USING ${i.method}` : "";
  return `${head}${using} (${i.keys.join(", ")})${i.where ? ` WHERE ${i.where}` : ""};`;
}

/** Renders a model; returns the SQL text and its statement count. */
function render(m: Model, title: string, d: GenDialect): { sql: string; statements: number } {
  const out: string[] = [`-- ${title}`, "-- Generated by scripts/gen_bench_schema.ts", ""];
  let n = 0;
  for (const e of d === "postgresql" ? m.enums : []) {
    out.push(`CREATE TYPE ${e.name} AS ENUM (${e.values.map((v) => `'${v}'`).join(", ")});`);
    n++;
  }
  out.push("");
  for (const s of m.sequences) {
    out.push(`CREATE SEQUENCE ${s} AS bigint START WITH 1000 INCREMENT BY 1;`);
    n++;
  }
  for (const t of m.tables) {
    out.push("", `CREATE TABLE ${t.name} (`);
    const lines = [
      ...t.columns.map((c) => ({ sql: colSql(c, d, m.enums), hint: c.renamedFrom })),
      ...t.constraints.map((sql) => ({ sql, hint: undefined })),
      // MySQL (before 9.0) ignores a column's REFERENCES: its foreign keys are constraints
      ...(d === "mysql" ? t.columns : []).filter((c) => c.ref).map((c) => ({
        sql: fkSql({ ...c.ref!, name: `fk_${t.name}_${c.name}`.slice(0, 64), columns: [c.name] }),
        hint: undefined,
      })),
      // SQLite has no ALTER TABLE ... ADD CONSTRAINT: all its foreign keys are in the table
      ...t.fks.filter((f) => f.style === "table" || d === "sqlite")
        .map((f) => ({ sql: fkSql(f), hint: undefined })),
    ];
    lines.forEach((l, i) => {
      const comma = i < lines.length - 1 ? "," : "";
      out.push(`  ${l.sql}${comma}${l.hint ? ` -- @renamed from=${l.hint}` : ""}`);
    });
    out.push(");");
    n++;
    for (const i of t.indexes) {
      out.push(idxSql(i));
      n++;
    }
  }
  out.push("");
  for (const t of m.tables) {
    for (const fk of t.fks.filter((f) => f.style === "alter" && d !== "sqlite")) {
      out.push(`ALTER TABLE ${t.name} ADD ${fkSql(fk)};`);
      n++;
    }
  }
  if (m.views.length || m.triggers.length) out.push("");
  for (const v of m.views) {
    out.push(viewSql(d, v.name, v.table, v.cols));
    n++;
  }
  for (const t of m.triggers) {
    out.push(touchTriggerSql(d, t.name, t.table));
    n++;
  }
  return { sql: out.join("\n") + "\n", statements: n };
}

// ------------------------------------------------------------------ entry points

/** Generates a from/to schema pair and a spec acknowledging its drops. Deterministic per seed. */
export function generateSchemaPair(opts: GenOptions = {}): SchemaPair {
  const n = opts.tables ?? 1000;
  const seed = opts.seed ?? 42;
  if (!Number.isInteger(n) || n < 10) throw new Error(`--tables must be an integer >= 10`);
  const dialect = opts.dialect ?? "postgresql";
  const b = new Builder(n, seed, dialect);
  const from = b.build();
  const to = cloneModel(from);
  const r = new Rng(seed ^ 0x5bd1e995);
  const mut = new Mutator(b, to, r);
  const byName = new Map(to.tables.map((t) => [t.name, t]));

  const total = Math.max(1, Math.round(n * (opts.changeRatio ?? 0.1)));
  const plan = allocate(total);
  const order = r.shuffle([...to.tables.map((t) => t.name)]);
  let cursor = 0;
  const nextTable = (ok: (t: Tbl) => boolean): Tbl | undefined => {
    for (let k = 0; k < order.length; k++) {
      const name = order[(cursor + k) % order.length];
      const t = byName.get(name)!;
      if (mut.touched.has(name) || mut.dropped.includes(name) || b.pinned.has(name) || !ok(t)) {
        continue;
      }
      cursor = (cursor + k + 1) % order.length;
      return t;
    }
    return undefined;
  };
  // drops first, so that nothing new points at a dropped table
  for (const [kind, count] of plan) {
    if (kind !== "drop_table") continue;
    const referenced = new Set<string>();
    for (const t of from.tables) for (const l of t.loose) referenced.add(l.table);
    for (let k = 0; k < count; k++) {
      const t = nextTable((t) => t.incoming === 0 && !referenced.has(t.name));
      if (!t) break;
      mut.touched.add(t.name);
      mut.dropTable(t);
    }
  }
  for (const [kind, count] of plan) {
    if (kind === "drop_table") continue;
    for (let k = 0; k < count; k++) {
      if (kind === "create_table") {
        mut.createTable(k);
        continue;
      }
      // try tables until one has a candidate column for this kind
      for (let tries = 0; tries < 50; tries++) {
        const t = nextTable(() => true);
        if (!t) break;
        const probe = structuredClone(t);
        if (mut.apply(kind, probe)) {
          Object.assign(t, probe);
          mut.touched.add(t.name);
          break;
        }
      }
    }
  }
  // a MySQL enum is spelt in each column: a new value would change every column of it
  const nEnumChanges = dialect === "postgresql" ? Math.max(1, Math.round(n / 250)) : 0;
  for (let k = 0; k < nEnumChanges; k++) mut.addEnumValue(to.enums[k % to.enums.length], k);

  const f = render(from, `from-schema: ${n} ${dialect} tables, seed ${seed}`, dialect);
  const t = render(
    to,
    `to-schema: ${n} ${dialect} tables, seed ${seed}, about 10% changed`,
    dialect,
  );
  const created = to.tables.length - (from.tables.length - mut.dropped.length);
  const intents = [...mut.dropped, ...mut.droppedColumns].map((d) => `  - drop: ${d}`);
  const spec = [
    "# Benchmark: synthetic schema migration",
    "",
    "Spec ID: bench",
    "Status: draft",
    "",
    `Generated by scripts/gen_bench_schema.ts (${n} tables, seed ${seed}). The dropped tables`,
    "and columns are acknowledged below.",
    "",
    "```yaml migration",
    ...(dialect === "postgresql" ? [] : [`dialect: ${dialect}`]),
    intents.length ? "intents:" : "intents: []",
    ...intents,
    "```",
    "",
  ].join("\n");
  return {
    from: f.sql,
    to: t.sql,
    spec,
    stats: {
      seed,
      tables: { from: from.tables.length, to: to.tables.length },
      statements: { from: f.statements, to: t.statements },
      changedTables: mut.touched.size + created,
      generated: mut.generated,
      expected: mut.expected,
      expectedTotal: Object.values(mut.expected).reduce((s, x) => s + x, 0),
    },
  };
}

/** Writes a generated pair (`from.sql`, `to.sql`, `spec.md`) into a folder. */
export function writeSchemaPair(
  dir: string,
  pair: SchemaPair,
): { from: string; to: string; spec: string } {
  mkdirSync(dir, { recursive: true });
  const paths = {
    from: join(dir, "from.sql"),
    to: join(dir, "to.sql"),
    spec: join(dir, "spec.md"),
  };
  writeFileSync(paths.from, pair.from);
  writeFileSync(paths.to, pair.to);
  writeFileSync(paths.spec, pair.spec);
  return paths;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      tables: { type: "string", default: "1000" },
      seed: { type: "string", default: "42" },
      dialect: { type: "string", default: "postgresql" },
      out: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  const dialect = values.dialect as GenDialect;
  if (values.help || !values.out || !GEN_DIALECTS.includes(dialect)) {
    console.error(
      "usage: gen_bench_schema.ts --out <dir> [--tables 1000] [--seed 42] " +
        `[--dialect ${GEN_DIALECTS.join("|")}]`,
    );
    Deno.exit(values.help ? 0 : 2);
  }
  const pair = generateSchemaPair({
    tables: Number(values.tables),
    seed: Number(values.seed),
    dialect,
  });
  writeSchemaPair(values.out, pair);
  console.log(JSON.stringify(pair.stats, null, 2));
}
