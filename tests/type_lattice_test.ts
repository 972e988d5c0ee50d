/**
 * The type facts (`rules/types/postgresql.yaml`) proven on the server, not assumed: for every
 * ordered pair of built-in numeric, text, boolean, time, uuid, json and network types, edge
 * values of the first type are cast to the second and back on a real PostgreSQL (session time
 * zone with a daylight-saving gap), and `ALTER COLUMN ... TYPE` without `USING` is tried. From
 * that the pair is derived as
 *
 * - lossless: every edge value converts and converts back to the same value;
 * - assignable: PostgreSQL converts it without `USING` (an implicit or assignment cast);
 *
 * and the facts must agree: a `widen` is lossless and assignable; a `narrow` is not lossless
 * and has a guard; a cast conversion that needs no guard converts every edge value; and a
 * pair the facts leave out (no safe conversion) is not lossless (else a conversion is missing).
 * @module
 */
import { classifyTypeChange, typeFacts } from "../src/model/types.ts";
import { engineKind, freshDatabase } from "./helpers/pg_server.ts";

/** Canonical type -> its SQL spelling and edge values (as text literals). */
const TYPES: Record<string, { sql: string; values: string[] }> = {
  int2: { sql: "smallint", values: ["-32768", "0", "32767"] },
  int4: { sql: "integer", values: ["-2147483648", "0", "7", "2147483647"] },
  int8: { sql: "bigint", values: ["-9223372036854775808", "0", "9223372036854775807"] },
  numeric: {
    sql: "numeric",
    values: ["0", "-1.5", "12345678901234567890.123456789", "0.1", "NaN"],
  },
  float4: { sql: "real", values: ["0", "-0", "1.5", "3.4028235e+38", "1e-45", "NaN", "Infinity"] },
  float8: {
    sql: "double precision",
    values: ["0", "-0", "0.1", "1.7976931348623157e+308", "5e-324", "NaN", "-Infinity"],
  },
  text: { sql: "text", values: ["", "007", "abc", "ü ", "true", "2024-01-01"] },
  varchar: { sql: "varchar", values: ["", "007", "abc", "ü ", "true", "2024-01-01"] },
  bool: { sql: "boolean", values: ["true", "false"] },
  date: { sql: "date", values: ["2024-02-29", "4713-01-01 BC", "5874897-12-31", "infinity"] },
  timestamp: {
    sql: "timestamp",
    values: ["2024-02-29 12:34:56.789012", "2024-03-10 02:30:00", "4713-01-01 BC", "infinity"],
  },
  timestamptz: {
    sql: "timestamptz",
    values: ["2024-02-29 12:34:56.789012+00", "2024-11-03 05:30:00+00", "-infinity"],
  },
  time: { sql: "time", values: ["00:00", "23:59:59.999999", "24:00:00"] },
  timetz: { sql: "timetz", values: ["12:00+05", "00:00-03:30"] },
  interval: { sql: "interval", values: ["1 year 2 mons 3 days 04:05:06.789", "-1 days", "00:00"] },
  uuid: {
    sql: "uuid",
    values: ["00000000-0000-0000-0000-000000000000", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"],
  },
  json: { sql: "json", values: ['{"b": 1, "a": 2}', "[]", '{"a": 1, "a": 2}', "null"] },
  jsonb: { sql: "jsonb", values: ['{"a": 1}', "[1, 2]", "null", '"x"'] },
  inet: { sql: "inet", values: ["192.168.1.5/24", "::1", "10.0.0.1"] },
  cidr: { sql: "cidr", values: ["192.168.1.0/24", "::/0"] },
  macaddr: { sql: "macaddr", values: ["08:00:2b:01:02:03"] },
};

/** Tries one value both ways: 'fail' (does not convert), 'noback', 'inexact' or 'exact'. */
const PROBE = `CREATE FUNCTION probe(v text, a text, b text) RETURNS text
LANGUAGE plpgsql AS $p$
DECLARE orig text; back text;
BEGIN
  EXECUTE format('SELECT (%L::%s)::text', v, a) INTO orig;
  BEGIN
    EXECUTE format('SELECT ((%L::%s)::%s)::text', v, a, b);
  EXCEPTION WHEN others THEN RETURN 'fail';
  END;
  BEGIN
    EXECUTE format('SELECT (((%L::%s)::%s)::%s)::text', v, a, b, a) INTO back;
  EXCEPTION WHEN others THEN RETURN 'noback';
  END;
  RETURN CASE WHEN back IS NOT DISTINCT FROM orig THEN 'exact' ELSE 'inexact' END;
END $p$;
CREATE FUNCTION assignable(a text, b text) RETURNS boolean
LANGUAGE plpgsql AS $p$
BEGIN
  EXECUTE format('CREATE TEMP TABLE lattice_probe (c %s)', a);
  BEGIN
    EXECUTE format('ALTER TABLE lattice_probe ALTER COLUMN c TYPE %s', b);
  EXCEPTION WHEN others THEN
    DROP TABLE lattice_probe;
    RETURN false;
  END;
  DROP TABLE lattice_probe;
  RETURN true;
END $p$;`;

interface Pair {
  /** Every edge value converts. */
  converts: boolean;
  /** Every edge value converts and comes back unchanged. */
  lossless: boolean;
  /** `ALTER COLUMN TYPE` needs no USING. */
  assignable: boolean;
  /** The values that did not come back (for the message). */
  lost: string[];
}

async function probeAll(): Promise<Map<string, Pair>> {
  await using db = await freshDatabase();
  // a zone with daylight saving: timestamp <-> timestamptz is then not lossless
  await db.exec(`SET TimeZone = 'America/New_York'; ${PROBE}`);
  const out = new Map<string, Pair>();
  const names = Object.keys(TYPES);
  for (const a of names) {
    for (const b of names) {
      if (a === b) continue;
      const A = TYPES[a], B = TYPES[b];
      const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
      const rows = await db.query(
        `SELECT v, probe(v, ${lit(A.sql)}, ${lit(B.sql)}) FROM unnest(ARRAY[${
          A.values.map(lit).join(", ")
        }]::text[]) AS v`,
      );
      const [[assign]] = await db.query(`SELECT assignable(${lit(A.sql)}, ${lit(B.sql)})`);
      out.set(`${a}->${b}`, {
        converts: rows.every((r) => r[1] !== "fail"),
        lossless: rows.every((r) => r[1] === "exact"),
        assignable: assign === "t",
        lost: rows.filter((r) => r[1] !== "exact").map((r) => `${r[0]} (${r[1]})`),
      });
    }
  }
  return out;
}

Deno.test({
  name: "type lattice: the facts of rules/types/postgresql.yaml agree with the server",
  sanitizeOps: false,
  sanitizeResources: false,
  ignore: (await engineKind()) !== "server",
  async fn() {
    const facts = typeFacts("postgresql");
    const probed = await probeAll();
    const wrong: string[] = [];
    const t = (name: string) => ({ name, mods: [], arrayDims: 0 });
    for (const [key, p] of probed) {
      const [a, b] = key.split("->");
      const cls = classifyTypeChange(t(a), t(b), facts);
      const listed = !!cls.fact;
      const why = p.lost.length ? `; not back: ${p.lost.join(", ")}` : "";
      if (cls.class === "widen" && !(p.lossless && p.assignable)) {
        wrong.push(
          `${key} is listed as widen, but lossless=${p.lossless} assignable=${p.assignable}${why}`,
        );
      }
      if (cls.class === "narrow") {
        if (p.lossless) wrong.push(`${key} is listed as narrow but every edge value round-trips`);
        if (!cls.guard) wrong.push(`${key} is listed as narrow without a guard`);
      }
      if (cls.class === "convert" && listed) {
        if (!cls.cast) wrong.push(`${key} is listed as a conversion without a cast`);
        if ((cls.guard as string | undefined) === "none" && !p.converts) {
          wrong.push(
            `${key} is listed as a conversion that cannot fail, but some value fails${why}`,
          );
        }
        if (!p.converts && !(p.lost.length < (TYPES[a].values.length))) {
          wrong.push(`${key} is listed as a cast conversion but no edge value converts`);
        }
      }
      if (!listed && p.lossless) {
        wrong.push(
          `${key} is not listed (no safe conversion) but every edge value round-trips` +
            ` (assignable=${p.assignable}): list it as ${
              p.assignable ? "widen" : "a cast conversion"
            }`,
        );
      }
    }
    if (wrong.length) throw new Error(`${wrong.length} facts disagree:\n  ${wrong.join("\n  ")}`);
  },
});
