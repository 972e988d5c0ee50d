/**
 * Reading a user's SQL file: UTF-8 validation, byte-offset to line conversion (parsers report
 * byte offsets), and `-- @renamed from=...` hints.
 * @module
 */
import { InputError } from "../errors.ts";

/** A source text with fast byte-offset to line/char conversion. */
export class SourceText {
  readonly text: string;
  readonly file: string;
  private lineStartsBytes: number[] = [0];
  private ascii: boolean;
  private bytes?: Uint8Array;

  constructor(text: string, file: string) {
    this.text = text;
    this.file = file;
    // deno-lint-ignore no-control-regex
    this.ascii = !/[^\x00-\x7f]/.test(text);
    // indexOf rather than a loop over every character: several times faster on big files
    const starts = this.lineStartsBytes;
    if (this.ascii) {
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    } else {
      const b = this.bytes = new TextEncoder().encode(text);
      for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) starts.push(i + 1);
    }
  }

  /** The text of a 1-based line, without its line end (`\r` stays, as `split("\n")` keeps it). */
  lineText(line: number): string {
    const a = this.lineStartsBytes;
    return this.sliceBytes(a[line - 1], line < a.length ? a[line] - 1 : undefined);
  }

  /** 1-based line of a byte offset. */
  lineOfByte(offset: number): number {
    const a = this.lineStartsBytes;
    let lo = 0, hi = a.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (a[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** The text as UTF-8 bytes (encoded once). */
  utf8(): Uint8Array {
    return this.bytes ??= new TextEncoder().encode(this.text);
  }

  /** The text between two byte offsets. */
  sliceBytes(start: number, end?: number): string {
    if (this.ascii) return this.text.slice(start, end);
    return new TextDecoder().decode(this.bytes!.subarray(start, end));
  }

  /** Byte offset of the first token at or after `offset` (skips blanks and comments). */
  skipBlank(offset: number): number {
    const s = this.ascii ? this.text : undefined;
    const at = (i: number) => s !== undefined ? s.charCodeAt(i) : this.bytes![i];
    const n = s !== undefined ? s.length : this.bytes!.length;
    let i = offset;
    while (i < n) {
      const c = at(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) i++;
      else if (c === 45 && at(i + 1) === 45) {
        while (i < n && at(i) !== 10) i++;
      } else if (c === 47 && at(i + 1) === 42) {
        let depth = 1;
        i += 2;
        while (i < n && depth > 0) {
          if (at(i) === 47 && at(i + 1) === 42) {
            depth++;
            i += 2;
          } else if (at(i) === 42 && at(i + 1) === 47) {
            depth--;
            i += 2;
          } else i++;
        }
      } else break;
    }
    return i;
  }
}

/** Decodes a schema file's bytes, refusing binary or non-UTF-8 content with a clear error. */
export function decodeSqlFile(bytes: Uint8Array, file: string): string {
  if (bytes.includes(0)) {
    throw new InputError("not a SQL text file (it contains NUL bytes)", { file });
  }
  try {
    // the replacing decoder is about twice as fast as the fatal one; its text is the fatal
    // one's unless it holds a U+FFFD, which only the fatal decoder tells apart (a replaced
    // sequence, or one written in the file)
    let text = new TextDecoder().decode(bytes);
    if (text.includes("\uFFFD")) text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw new InputError("not a SQL text file (it is not valid UTF-8)", { file });
  }
}

/** A `-- @renamed from=...` hint on one line. */
export interface RenameHint {
  line: number;
  from: string;
}

const HINT = /^--\s*@renamed\s+from\s*=\s*("(?:[^"]|"")+"|[^\s,;]+)/;

/**
 * Offset of the `--` comment on one line, outside 'string literals' and "quoted names" (a
 * literal `'a -- b'` holds no comment); -1 when the line has none.
 */
export function lineCommentStart(line: string): number {
  let quote = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) {
        if (line[i + 1] === quote) i++;
        else quote = "";
      }
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "-" && line[i + 1] === "-") return i;
  }
  return -1;
}

/** Collects `-- @renamed from=old` hints by line (sqldef-compatible). */
export function collectHints(text: string): Map<number, RenameHint> {
  const out = new Map<number, RenameHint>();
  // only the lines that mention @renamed are looked at (big files have few)
  let line = 1, counted = 0;
  for (let at = text.indexOf("@renamed"); at >= 0;) {
    const start = text.lastIndexOf("\n", at) + 1;
    let end = text.indexOf("\n", at);
    if (end < 0) end = text.length;
    for (let i = text.indexOf("\n", counted); i >= 0 && i < start; i = text.indexOf("\n", i + 1)) {
      line++;
    }
    counted = start;
    const lineText = text.slice(start, end);
    const c = lineCommentStart(lineText);
    const m = c < 0 ? null : HINT.exec(lineText.slice(c));
    if (m) {
      let from = m[1];
      if (from.startsWith('"')) from = from.slice(1, -1).replaceAll('""', '"');
      else from = from.toLowerCase();
      out.set(line, { line, from });
    }
    at = text.indexOf("@renamed", end);
  }
  return out;
}

/**
 * Blanks psql meta-command lines (`\restrict ...`, `\connect ...`, which pg_dump writes) that
 * start between statements, keeping every byte offset and line number in place. Lines inside
 * strings, quoted identifiers, dollar-quoted bodies and comments are left alone.
 */
export function blankPsqlMetaCommands(text: string): string {
  if (!/(^|\n)\\/.test(text)) return text;
  let out = "";
  let i = 0;
  const n = text.length;
  let atLineStart = true;
  while (i < n) {
    const c = text[i];
    if (atLineStart && c === "\\") {
      let j = text.indexOf("\n", i);
      if (j < 0) j = n;
      // same UTF-8 length, so that byte offsets after it do not move
      out += " ".repeat(new TextEncoder().encode(text.slice(i, j)).length);
      i = j;
      continue;
    }
    atLineStart = false;
    if (c === "\n") {
      out += c;
      i++;
      atLineStart = true;
      continue;
    }
    let end = i + 1;
    if (c === "'" || c === '"') {
      end = text.indexOf(c, i + 1);
      while (end >= 0 && text[end + 1] === c) end = text.indexOf(c, end + 2);
      end = end < 0 ? n : end + 1;
    } else if (c === "-" && text[i + 1] === "-") {
      end = text.indexOf("\n", i);
      if (end < 0) end = n;
    } else if (c === "/" && text[i + 1] === "*") {
      end = text.indexOf("*/", i + 2);
      end = end < 0 ? n : end + 2;
    } else if (c === "$") {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      if (m) {
        const close = text.indexOf(m[0], i + m[0].length);
        end = close < 0 ? n : close + m[0].length;
      }
    }
    out += text.slice(i, end);
    i = end;
  }
  return out;
}
