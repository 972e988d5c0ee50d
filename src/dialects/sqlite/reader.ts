/**
 * A cursor over SQLite tokens for the clause readers (`clauses.ts`, `clauses_objects.ts`).
 * @module
 */
import { closingParen, identValue, isKw, isName, type Token } from "./lex.ts";

/** Reads tokens with a cursor, within `[from, end)`. */
export class Reader {
  i: number;
  constructor(readonly sql: string, readonly toks: Token[], from = 0, readonly end = toks.length) {
    this.i = from;
  }
  peek(k = 0): Token | undefined {
    return this.i + k < this.end ? this.toks[this.i + k] : undefined;
  }
  kw(word: string): boolean {
    if (isKw(this.peek(), word)) {
      this.i++;
      return true;
    }
    return false;
  }
  kws(...words: string[]): boolean {
    for (let k = 0; k < words.length; k++) if (!isKw(this.peek(k), words[k])) return false;
    this.i += words.length;
    return true;
  }
  word(): string {
    const t = this.peek();
    this.i++;
    return t ? t.text.toUpperCase() : "";
  }
  name(): string {
    const t = this.peek();
    this.i++;
    return t ? identValue(t) : "";
  }
  /** A possibly schema-qualified name (`main.t`); returns the last part and its index. */
  qualifiedName(): { name: string; index: number } {
    if (this.peek(1)?.kind === "dot" && isName(this.peek(2))) this.i += 2;
    const index = this.i;
    return { name: this.name(), index };
  }
  text(a: number, b: number): string {
    return a < b ? this.sql.slice(this.toks[a].start, this.toks[b - 1].end) : "";
  }
  /** Index of the `)` closing the `(` at the cursor (the reader's end when unbalanced). */
  close(): number {
    const c = closingParen(this.toks, this.i);
    return c < 0 || c >= this.end ? this.end : c;
  }
  /** The text inside the parenthesis at the cursor; moves past it. */
  parenText(): string {
    const open = this.i;
    if (this.peek()?.kind !== "lparen") return "";
    const end = this.close();
    this.i = end + 1;
    return this.text(open + 1, end);
  }
  conflict(): string | undefined {
    return this.kws("ON", "CONFLICT") ? this.word() : undefined;
  }
  order(): "ASC" | "DESC" | undefined {
    if (this.kw("ASC")) return "ASC";
    if (this.kw("DESC")) return "DESC";
    return undefined;
  }
}

/** Skips `CREATE [TEMP|TEMPORARY] <what...> [IF NOT EXISTS]`; returns whether TEMP was said. */
export function createPrefix(r: Reader, ...what: string[]): boolean {
  r.kw("CREATE");
  const temp = r.kw("TEMP") || r.kw("TEMPORARY");
  for (const w of what) r.kw(w);
  r.kws("IF", "NOT", "EXISTS");
  return temp;
}
