/**
 * Preprocessing of MySQL/MariaDB dump files before they are split and parsed. Every edit blanks
 * characters (spaces; line ends are kept), so byte offsets and line numbers stay those of the
 * user's file and errors point at the right line.
 *
 * - Versioned comments are unwrapped when the server would run them ({@link versionApplies}):
 *   `/*!50001 CREATE VIEW ... *\/` becomes the statement it holds (mysqldump writes views,
 *   triggers, `SET` preambles and table options that way, and the parser returns them as empty
 *   statements otherwise). `/*M!100100 ... *\/` holds MariaDB-only text: unwrapped for MariaDB,
 *   a comment for MySQL.
 * - Charset introducers (`_utf8mb4'x'`, `_binary 0x0A`) are removed from the text the parser sees
 *   and remembered with their line, as the parser does not read them.
 *
 * `DELIMITER` lines and statement boundaries are the splitter's job ({@link splitMysql}).
 * @module
 */
import { scanToken } from "./lex.ts";

/** A charset introducer removed from the text. */
export interface Introducer {
  /** The charset, without the underscore (`utf8mb4`, `binary`). */
  charset: string;
  /** Offset of the literal it introduced. */
  offset: number;
  line: number;
}

/** The preprocessed text (same length and lines as the input) and what was removed. */
export interface Preprocessed {
  text: string;
  introducers: Introducer[];
}

/** Known charset names, so that `_name'...'` is not mistaken for something else. */
const CHARSETS = new Set([
  "armscii8",
  "ascii",
  "big5",
  "binary",
  "cp1250",
  "cp1251",
  "cp1256",
  "cp1257",
  "cp850",
  "cp852",
  "cp866",
  "cp932",
  "dec8",
  "eucjpms",
  "euckr",
  "gb18030",
  "gb2312",
  "gbk",
  "geostd8",
  "greek",
  "hebrew",
  "hp8",
  "keybcs2",
  "koi8r",
  "koi8u",
  "latin1",
  "latin2",
  "latin5",
  "latin7",
  "macce",
  "macroman",
  "sjis",
  "swe7",
  "tis620",
  "ucs2",
  "ujis",
  "utf16",
  "utf16le",
  "utf32",
  "utf8",
  "utf8mb3",
  "utf8mb4",
]);

/**
 * Whether the server runs the text of a versioned comment. MySQL 8 runs every `/*!NNNNN` (5-digit
 * MySQL versions) and treats `/*M!` as a comment. MariaDB runs `/*!NNNNN` below 50700 only (it
 * answers as MySQL 5.6 there: `/*!80023 INVISIBLE *\/` is a comment to it), 6-digit `/*!` and
 * `/*M!` versions up to its own, and never `/*M!999999` (the client's sandbox-mode marker).
 */
export function versionApplies(
  flavor: "mysql" | "mariadb",
  mariadbOnly: boolean,
  version: number | undefined,
): boolean {
  if (flavor === "mysql") return !mariadbOnly && (version === undefined || version < 100000);
  if (version === undefined) return true;
  if (version >= 999999) return false;
  return mariadbOnly || version < 50700 || version >= 100000;
}

function blank(s: string): string {
  return s.replace(/[^\n\r]/g, " ");
}

/** Unwraps versioned comments and removes charset introducers; see the module documentation. */
export function preprocessMysql(text: string, flavor: "mysql" | "mariadb"): Preprocessed {
  const parts: string[] = [];
  const introducers: Introducer[] = [];
  let line = 1;
  let i = 0;
  let copied = 0;
  /** End offsets of unwrapped comments still open, whose `*\/` must be blanked. */
  const closers: number[] = [];
  const countLines = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (text.charCodeAt(k) === 10) line++;
  };
  while (i < text.length) {
    if (closers.length > 0 && i === closers[closers.length - 1]) {
      parts.push(text.slice(copied, i), "  ");
      closers.pop();
      i += 2;
      copied = i;
      continue;
    }
    const m = text.startsWith("/*", i) ? /^\/\*(M?)!(\d{5,6})?/.exec(text.slice(i, i + 12)) : null;
    if (m && versionApplies(flavor, m[1] === "M", m[2] === undefined ? undefined : Number(m[2]))) {
      const close = text.indexOf("*/", i + m[0].length);
      if (close >= 0) {
        parts.push(text.slice(copied, i), blank(m[0]));
        closers.push(close);
        i += m[0].length;
        copied = i;
        continue;
      }
    }
    const { end, kind } = scanToken(text, i);
    if (kind === "comment" && closers.length > 0 && end > closers[closers.length - 1]) {
      // A `-- ` or `#` comment inside a versioned comment ends at its `*\/` at the latest.
      const stop = closers[closers.length - 1];
      countLines(i, stop);
      i = stop;
      continue;
    }
    if (kind === "word" && text[i] === "_") {
      const name = text.slice(i + 1, end).toLowerCase();
      let j = end;
      while (j < text.length && (text[j] === " " || text[j] === "\t")) j++;
      const next = text[j];
      if (
        CHARSETS.has(name) &&
        (next === "'" || next === '"' || (next === "0" && /[xXbB]/.test(text[j + 1] ?? "")) ||
          ((next === "x" || next === "X" || next === "b" || next === "B") && text[j + 1] === "'"))
      ) {
        parts.push(text.slice(copied, i), blank(text.slice(i, end)));
        introducers.push({ charset: name, offset: j, line });
        copied = end;
      }
    }
    countLines(i, end);
    i = end;
  }
  parts.push(text.slice(copied));
  return { text: parts.join(""), introducers };
}
