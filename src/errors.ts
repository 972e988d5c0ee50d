/**
 * Errors that the CLI turns into exit codes and one-line messages (never stack traces).
 * @module
 */

/** A place in a user's file, for messages ("db/schema.sql:3"). */
export interface SourcePos {
  /** Path as the user wrote it or relative to the project root. */
  file: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
}

/** Formats `file:line:col` for messages. */
export function formatPos(pos: SourcePos): string {
  let s = pos.file;
  if (pos.line !== undefined) s += `:${pos.line}`;
  if (pos.line !== undefined && pos.column !== undefined) s += `:${pos.column}`;
  return s;
}

/** Invalid invocation or input (flags, paths, unparseable files): exit 2, no run folder. */
export class InputError extends Error {
  /** Where the problem is, when it is in a file. */
  readonly pos?: SourcePos;
  constructor(message: string, pos?: SourcePos) {
    super(pos ? `${formatPos(pos)}: ${message}` : message);
    this.name = "InputError";
    this.pos = pos;
  }
}

/** Valid input, but the run is refused or failed: exit 1. */
export class RunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunError";
  }
}

/** Converts a 0-based character offset in `text` to a 1-based line and column. */
export function lineColAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastNl = -1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastNl = i;
    }
  }
  return { line, column: end - lastNl };
}
