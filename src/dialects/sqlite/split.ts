/**
 * Splitting SQLite text into statements: a `;` ends a statement except inside strings, quoted
 * identifiers, comments and the body of a `CREATE TRIGGER` (`BEGIN ... END`, where `CASE ... END`
 * nests). Each statement starts at its first token (comments before it are not part of it) and
 * ends before its `;`.
 * @module
 */
import { InputError, lineColAt } from "../../errors.ts";
import { isKw, LexError, type Token, tokenize } from "./lex.ts";

/** One statement with the 1-based line of its first token. */
export interface SqliteStatement {
  sql: string;
  line: number;
}

/** A statement with its tokens and offsets in the whole text (for the parser). */
export interface SplitPart extends SqliteStatement {
  /** Offset of the first token in the whole text. */
  start: number;
  /** Offset just past the last token. */
  end: number;
  /** The statement's tokens (offsets relative to the whole text). */
  tokens: Token[];
}

/** True when the statement's tokens start `CREATE [TEMP|TEMPORARY] TRIGGER`. */
function isCreateTrigger(toks: Token[], at: number): boolean {
  if (!isKw(toks[at], "CREATE")) return false;
  let i = at + 1;
  if (isKw(toks[i], "TEMP") || isKw(toks[i], "TEMPORARY")) i++;
  return isKw(toks[i], "TRIGGER");
}

/**
 * Splits text into statements with tokens and offsets. Throws InputError naming `path` and the
 * line of an unterminated string, identifier, comment or trigger body.
 */
export function splitSqliteParts(text: string, path: string): SplitPart[] {
  let toks: Token[];
  try {
    toks = tokenize(text);
  } catch (e) {
    if (e instanceof LexError) {
      const { line, column } = lineColAt(text, e.offset);
      throw new InputError(e.message, { file: path, line, column });
    }
    throw e;
  }
  const parts: SplitPart[] = [];
  let lineNo = 1;
  let lineAt = 0; // offset up to which newlines were counted
  const lineOf = (offset: number) => {
    for (let i = text.indexOf("\n", lineAt); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
      lineNo++;
    }
    lineAt = offset;
    return lineNo;
  };
  let i = 0;
  while (i < toks.length) {
    if (toks[i].kind === "semi") {
      i++;
      continue;
    }
    const first = i;
    const trigger = isCreateTrigger(toks, i);
    let depth = 0; // BEGIN and CASE open, END closes (trigger bodies only)
    for (; i < toks.length; i++) {
      const t = toks[i];
      if (t.kind === "semi" && depth === 0) break;
      // `new.end` names a column, not the end of a block
      if (!trigger || t.kind !== "word" || toks[i - 1]?.kind === "dot") continue;
      const w = t.text.toUpperCase();
      if (w === "BEGIN" || w === "CASE") {
        depth++;
      } else if (w === "END" && depth > 0) depth--;
    }
    const start = toks[first].start, end = toks[i - 1].end;
    const line = lineOf(start);
    if (trigger && depth > 0) {
      throw new InputError(
        "unterminated trigger body (CREATE TRIGGER without BEGIN ... END)",
        { file: path, line },
      );
    }
    parts.push({ sql: text.slice(start, end), line, start, end, tokens: toks.slice(first, i) });
    i++;
  }
  return parts;
}

/** Splits SQLite text into statements (see the module documentation). */
export function splitSqlite(text: string, path = "<sql>"): SqliteStatement[] {
  return splitSqliteParts(text, path).map(({ sql, line }) => ({ sql, line }));
}
