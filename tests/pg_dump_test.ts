/**
 * Schemas as `pg_dump --schema-only` writes them. For every realistic database of
 * `tests/corpus/dumps/<db>/` (v1.sql and v2.sql, written by hand), the test loads each version
 * on the test server and dumps it, then checks that:
 * - every statement of the dump is read: nothing is listed as not managed (owners and
 *   privileges are part of the model);
 * - the dump and the hand-written file give the same model: no change between them, either way
 *   (owners aside: the hand-written files leave them to the role that loads them);
 * - the migration between the two dumps (and between a hand-written version and a dump) turns
 *   v1 into v2 and the rollback turns it back, on the real server.
 * @module
 */
import { join } from "node:path";
import { CORPUS_DIR, generate, roundTrip } from "./corpus/roundtrip.ts";
import { engineKind, findServerBinDir, freshDatabase } from "./helpers/pg_server.ts";

const DUMPS_DIR = join(CORPUS_DIR, "dumps");
const binDir = findServerBinDir();
const pgDump = binDir ? join(binDir, "pg_dump") : undefined;

/** Loads `sql` into a fresh database and returns `pg_dump --schema-only` of it. */
async function dumpOf(sql: string): Promise<string> {
  await using db = await freshDatabase();
  await db.applyScript(sql);
  const [[port]] = await db.query("SHOW port");
  const out = await new Deno.Command(pgDump!, {
    args: ["--schema-only", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", db.name],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`pg_dump failed: ${new TextDecoder().decode(out.stderr)}`);
  return new TextDecoder().decode(out.stdout);
}

const databases: string[] = [];
for await (const e of Deno.readDir(DUMPS_DIR)) if (e.isDirectory) databases.push(e.name);
databases.sort();

for (const name of databases) {
  const hand = {
    v1: await Deno.readTextFile(join(DUMPS_DIR, name, "v1.sql")),
    v2: await Deno.readTextFile(join(DUMPS_DIR, name, "v2.sql")),
  };
  let dumps: { v1: string; v2: string } | undefined;
  const dumped = async () => {
    if (!dumps) {
      dumps = { v1: await dumpOf(hand.v1), v2: await dumpOf(hand.v2) };
      const keep = Deno.env.get("PG_DUMP_KEEP"); // a folder to keep the dumps in, for debugging
      if (keep) {
        for (const [v, text] of Object.entries(dumps)) {
          await Deno.writeTextFile(join(keep, `${name}.${v}.dump.sql`), text);
        }
      }
    }
    return dumps;
  };
  // pg_dump needs the real server (a client without one, or PGlite, cannot be dumped)
  const opts = {
    ignore: !pgDump || (await engineKind()) !== "server",
    sanitizeOps: false,
    sanitizeResources: false,
  };

  Deno.test({
    ...opts,
    name: `pg_dump: ${name}: every statement of the dump is read`,
    async fn() {
      const d = await dumped();
      for (const [v, text] of Object.entries(d)) {
        const r = await generate(text, text);
        const notManaged = r.from.unmanaged.filter((u) =>
          (u.category ?? "unmanaged") !== "ignored"
        );
        if (notManaged.length) {
          throw new Error(
            `${name} ${v}: not managed:\n` +
              notManaged.map((u) => `  line ${u.line}: ${u.reason}: ${u.text}`).join("\n"),
          );
        }
        if (r.classified.length) {
          throw new Error(
            `${name} ${v}: the dump differs from itself: ${r.classified.length} changes`,
          );
        }
      }
    },
  });

  Deno.test({
    ...opts,
    name: `pg_dump: ${name}: the dump and the hand-written schema are the same`,
    async fn() {
      const d = await dumped();
      const problems: string[] = [];
      for (const v of ["v1", "v2"] as const) {
        for (
          const [a, b, label] of [[hand[v], d[v], "hand -> dump"], [d[v], hand[v], "dump -> hand"]]
        ) {
          // the hand-written files declare no owner (the loading role's), the dumps postgres
          const r = await generate(a, b, [], { owners: "ignore" });
          for (const c of r.classified) {
            problems.push(`${v} ${label}: ${c.change.kind} ${c.described.target}`);
          }
        }
      }
      if (problems.length) throw new Error(problems.join("\n"));
    },
  });

  for (
    const [label, pick] of [
      ["dump v1 -> dump v2", (d: { v1: string; v2: string }) => [d.v1, d.v2]],
      ["dump v2 -> dump v1", (d: { v1: string; v2: string }) => [d.v2, d.v1]],
      ["hand-written v1 -> dump v2", (d: { v1: string; v2: string }) => [hand.v1, d.v2]],
    ] as const
  ) {
    Deno.test({
      ...opts,
      name: `pg_dump: ${name}: ${label} round trip`,
      async fn() {
        const [from, to] = pick(await dumped());
        const { problems, result } = await roundTrip({
          kind: "dumps",
          name,
          from,
          to,
          // owners and privileges are managed; pg_dump's extension comments are not
          mayIgnore: ["CommentStmt"],
        });
        if (problems.length) {
          const files = Deno.env.get("CORPUS_VERBOSE") && result
            ? `\n--- migration.sql\n${result.files.migration}\n--- rollback.sql\n${result.files.rollback}`
            : "";
          throw new Error(`${name} ${label}:\n  ${problems.join("\n  ")}${files}`);
        }
      },
    });
  }
}
