/**
 * How the benchmark pair generator (`scripts/gen_bench_schema.ts`) spells its PostgreSQL-shaped
 * model in SQLite and MySQL: column types, defaults, keys, and the views and triggers the
 * non-PostgreSQL pairs carry. PostgreSQL spellings pass through unchanged.
 * @module
 */

/** The dialects a benchmark pair can be generated for. */
export type GenDialect = "postgresql" | "sqlite" | "mysql";

/** All of them, in the benchmark's order. */
export const GEN_DIALECTS: readonly GenDialect[] = ["postgresql", "sqlite", "mysql"];

/** A column type as the dialect spells it (`kind` is the generator's type family). */
export function dialectType(
  d: GenDialect,
  c: { kind: string; type: string; default?: string; enumValues?: string[] },
): string {
  if (d === "postgresql") return c.type;
  const t = c.type;
  if (t === "serial" || t === "bigserial") {
    return d === "sqlite" ? "integer" : t === "serial" ? "int" : "bigint";
  }
  if (c.kind === "enum") {
    return d === "mysql" ? `enum(${c.enumValues!.map((v) => `'${v}'`).join(", ")})` : "text";
  }
  const numeric = /^numeric\((\d+), (\d+)\)$/.exec(t);
  if (numeric) return d === "mysql" ? `decimal(${numeric[1]}, ${numeric[2]})` : t;
  const map: Record<string, [string, string]> = {
    "double precision": ["real", "double"],
    real: ["real", "float"],
    timestamptz: ["datetime", "datetime"],
    timestamp: ["timestamp", "datetime"],
    jsonb: ["text", "json"],
    uuid: ["text", "char(36)"],
    inet: ["varchar(45)", "varchar(45)"],
    bytea: ["blob", "varbinary(64)"],
  };
  const m = map[t];
  if (m) return d === "sqlite" ? m[0] : m[1];
  // MySQL has no literal default on TEXT columns: a short varchar instead
  if (t === "text" && d === "mysql" && c.default !== undefined) return "varchar(64)";
  return t;
}

/** A default as the dialect spells it; undefined: the column has none there. */
export function dialectDefault(d: GenDialect, def: string | undefined): string | undefined {
  if (d === "postgresql" || def === undefined) return def;
  if (def === "now()") return "CURRENT_TIMESTAMP";
  // MySQL takes no literal default on JSON columns
  if (def.endsWith("::jsonb")) return d === "sqlite" ? def.replace(/::jsonb$/, "") : undefined;
  return def;
}

/** Whether a column of this type may be a plain index key in the dialect. */
export function indexable(d: GenDialect, c: { kind: string; len?: number }): boolean {
  if (c.kind === "jsonb") return false;
  // InnoDB keys: at most 3,072 bytes (utf8mb4: 4 bytes a character); no TEXT/BLOB without prefix
  if (d === "mysql") return c.kind !== "text" && c.kind !== "bytea" && (c.len ?? 0) <= 255;
  return true;
}

/** A view over one table: its `id` and one more column, active rows only when it can. */
export function viewSql(d: GenDialect, name: string, table: string, cols: string[]): string {
  const where = cols.includes("is_active") ? " WHERE is_active" : "";
  const shown = cols.filter((c) => c !== "is_active").slice(0, 2).join(", ");
  void d;
  return `CREATE VIEW ${name} AS SELECT id, ${shown} FROM ${table}${where};`;
}

/** A trigger that stamps `updated_at` when a row changes. */
export function touchTriggerSql(d: GenDialect, name: string, table: string): string {
  if (d === "mysql") {
    return `CREATE TRIGGER ${name} BEFORE UPDATE ON ${table} FOR EACH ROW ` +
      `SET NEW.updated_at = CURRENT_TIMESTAMP;`;
  }
  return `CREATE TRIGGER ${name} AFTER UPDATE ON ${table} FOR EACH ROW ` +
    `WHEN NEW.updated_at IS OLD.updated_at BEGIN UPDATE ${table} ` +
    `SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END;`;
}
