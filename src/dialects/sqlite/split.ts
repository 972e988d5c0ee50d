/**
 * Splitting SQLite text into statements: a `;` ends a statement except inside strings, quoted
 * identifiers, comments and the body of a `CREATE TRIGGER` (`BEGIN ... END`, where `CASE ... END`
 * nests). Each statement starts at its first token (comments before it are not part of it) and
 * ends before its `;`.
 * @module
 */
import { InputError, lineColAt } from "../../errors.ts";
import { isKw, lexAt, LexError, type Token } from "./lex.ts";

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
  return [...sqliteParts(text, path)];
}

/**
 * {@link splitSqliteParts} one statement at a time: each statement is tokenized when it is
 * asked for (a caller that runs statements as they come keeps one statement's tokens at a time,
 * not the whole file's). The InputError of an unterminated construct comes when the statement
 * holding it is reached.
 */
export function* sqliteParts(text: string, path: string): Generator<SplitPart, void, undefined> {
  const lex = (at: number): Token | undefined => {
    try {
      return lexAt(text, at);
    } catch (e) {
      if (e instanceof LexError) {
        const { line, column } = lineColAt(text, e.offset);
        throw new InputError(e.message, { file: path, line, column });
      }
      throw e;
    }
  };
  let lineNo = 1;
  let lineAt = 0; // offset up to which newlines were counted
  const lineOf = (offset: number) => {
    for (let i = text.indexOf("\n", lineAt); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
      lineNo++;
    }
    lineAt = offset;
    return lineNo;
  };
  let next = lex(0); // the first token not yet in a statement
  while (next) {
    if (next.kind === "semi") {
      next = lex(next.end);
      continue;
    }
    const toks: Token[] = [];
    // the first three tokens say whether this is a CREATE TRIGGER (whose body holds `;`)
    while (next && next.kind !== "semi" && toks.length < 3) {
      toks.push(next);
      next = lex(next.end);
    }
    const trigger = isCreateTrigger(toks, 0);
    let depth = 0; // BEGIN and CASE open, END closes (trigger bodies only)
    for (let k = 0;; k++) {
      if (k === toks.length) {
        if (!next || (next.kind === "semi" && depth === 0)) break;
        toks.push(next);
        next = lex(next.end);
      }
      const t = toks[k];
      // `new.end` names a column, not the end of a block
      if (!trigger || t.kind !== "word" || toks[k - 1]?.kind === "dot") continue;
      const w = t.text.toUpperCase();
      if (w === "BEGIN" || w === "CASE") {
        depth++;
      } else if (w === "END" && depth > 0) depth--;
    }
    const start = toks[0].start, end = toks[toks.length - 1].end;
    const line = lineOf(start);
    if (trigger && depth > 0) {
      throw new InputError(
        "unterminated trigger body (CREATE TRIGGER without BEGIN ... END)",
        { file: path, line },
      );
    }
    yield { sql: text.slice(start, end), line, start, end, tokens: toks };
  }
}

/** Splits SQLite text into statements (see the module documentation). */
export function splitSqlite(text: string, path = "<sql>"): SqliteStatement[] {
  return splitSqliteParts(text, path).map(({ sql, line }) => ({ sql, line }));
}
