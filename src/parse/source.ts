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
    this.ascii = /^[\x00-\x7f]*$/.test(text);
    if (this.ascii) {
      for (let i = 0; i < text.length; i++) {
        if (text.charCodeAt(i) === 10) this.lineStartsBytes.push(i + 1);
      }
    } else {
      this.bytes = new TextEncoder().encode(text);
      const b = this.bytes;
      for (let i = 0; i < b.length; i++) if (b[i] === 10) this.lineStartsBytes.push(i + 1);
    }
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
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
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

const HINT = /--\s*@renamed\s+from\s*=\s*("(?:[^"]|"")+"|[^\s,;]+)/;

/** Collects `-- @renamed from=old` hints by line (sqldef-compatible). */
export function collectHints(text: string): Map<number, RenameHint> {
  const out = new Map<number, RenameHint>();
  if (!text.includes("@renamed")) return out;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = HINT.exec(lines[i]);
    if (!m) continue;
    let from = m[1];
    if (from.startsWith('"')) from = from.slice(1, -1).replaceAll('""', '"');
    else from = from.toLowerCase();
    out.set(i + 1, { line: i + 1, from });
  }
  return out;
}
