/**
 * Parsing the second file of a pair once per statement it does not share with the first: most
 * statements of a schema change are the same text in both files, and PostgreSQL's parser reads
 * a statement the same whatever precedes it (its lexer starts afresh after each `;`, and the
 * raw parser applies no `SET`). The first file's parse tree is kept with its schema; the second
 * file is split into statements (`pg_split.ts`), each statement whose text the first file holds
 * takes that file's tree (its locations shifted by where it now starts), and the others are
 * parsed in one call, from the file with the shared statements blanked out (so that every
 * location is still an offset into the file). Anything unexpected (a statement count or end the
 * parser does not confirm, a syntax error, a `SET search_path`, whose pre-pass rewrites trees in
 * place) gives up: the caller parses the whole file, as without a first file.
 * @module
 */
import type { Schema } from "../../../model/schema.ts";
import type { SourceText } from "../../../parse/source.ts";
import type { Node } from "./pg_expr.ts";
import { setsSearchPath } from "./pg_search_path.ts";
import { splitPgStatements } from "./pg_split.ts";
import { parsePgBytes } from "./pg_wasm.ts";

/** One statement of a parse tree (libpg-query's RawStmt), as the model builder reads it. */
export interface RawStmt {
  stmt: Node;
  stmt_location?: number;
  stmt_len?: number;
  /** Added to the locations inside `stmt` (a tree taken from the other file). */
  locDelta?: number;
  /** Set by the search-path pre-pass. */
  searchPath?: string;
}

/** A parsed file whose statements the other file of its pair may take. */
interface ParsedFile {
  src: SourceText;
  stmts: RawStmt[];
}

const parsed = new WeakMap<Schema, ParsedFile>();

/**
 * Keeps a file's parse tree with the schema built from it, for {@link parseReusing} of the
 * other file; not when it sets a search_path (whose pre-pass changed the trees in place).
 */
export function keepParse(schema: Schema, src: SourceText, stmts: RawStmt[]): void {
  if (stmts.some((s) => setsSearchPath(s.stmt))) return;
  parsed.set(schema, { src, stmts });
}

/** The statements of `src` (see the module), taking those of `reference`'s file; undefined: give up. */
export function parseReusing(src: SourceText, reference: Schema): RawStmt[] | undefined {
  const ref = parsed.get(reference);
  if (!ref) return undefined;
  // used once: the trees are freed with the second file's model
  parsed.delete(reference);
  const bytes = src.utf8();
  const segments = splitPgStatements(bytes);
  if (!segments?.length) return undefined;
  const known = new Map<string, { stmt: Node; start: number }>();
  for (const raw of ref.stmts) {
    const loc = raw.stmt_location ?? 0;
    const start = ref.src.skipBlank(loc);
    const key = ref.src.sliceBytes(start, raw.stmt_len ? loc + raw.stmt_len : undefined);
    if (!known.has(key)) known.set(key, { stmt: raw.stmt, start });
  }
  const out: RawStmt[] = [];
  const pending: number[] = [];
  let rest: Uint8Array | undefined;
  for (const seg of segments) {
    const raw: RawStmt = {
      stmt: undefined,
      stmt_location: seg.start,
      stmt_len: seg.terminated ? seg.end - seg.start : undefined,
    };
    const hit = known.get(src.sliceBytes(seg.start, seg.end));
    if (hit) {
      raw.stmt = hit.stmt;
      raw.locDelta = seg.start - hit.start;
      rest ??= bytes.slice();
      rest.fill(32, seg.start, seg.terminated ? seg.end + 1 : seg.end);
    } else pending.push(out.length);
    out.push(raw);
  }
  if (!pending.length) return out;
  let got: RawStmt[];
  try {
    got = parsePgBytes(rest ?? bytes).stmts ?? [];
  } catch {
    return undefined; // the whole file's parse reports the error
  }
  if (got.length !== pending.length) return undefined;
  for (let k = 0; k < got.length; k++) {
    const g = got[k];
    const seg = segments[pending[k]];
    const end = g.stmt_len ? (g.stmt_location ?? 0) + g.stmt_len : bytes.length;
    if (end !== seg.end || setsSearchPath(g.stmt)) return undefined;
    out[pending[k]].stmt = g.stmt;
  }
  return out;
}
