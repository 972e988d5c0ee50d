/**
 * A cursor over the significant tokens of one statement, with errors that name the file and the
 * line of the token where reading stopped.
 * @module
 */
import { InputError } from "../../errors.ts";
import { identName, isWord, type Tok } from "./lex.ts";
import type { MysqlFlavor } from "./expr.ts";

/** The file being parsed: its (preprocessed) text, name, flavor and line lookup. */
export interface FileCtx {
  file: string;
  text: string;
  flavor: MysqlFlavor;
  lineOf(offset: number): number;
}

const ALTERNATIVES = new Map<string, string[]>();

/** `"INDEX|KEY"` as `["INDEX", "KEY"]`, split once. */
function alternatives(kw: string): string[] {
  let a = ALTERNATIVES.get(kw);
  if (!a) ALTERNATIVES.set(kw, a = kw.split("|"));
  return a;
}

/** Reads tokens of one statement; offsets are offsets in {@link FileCtx.text}. */
export class Cursor {
  i = 0;
  constructor(readonly ctx: FileCtx, readonly toks: Tok[]) {}

  peek(k = 0): Tok | undefined {
    return this.toks[this.i + k];
  }
  atEnd(): boolean {
    return this.i >= this.toks.length;
  }
  next(): Tok {
    const t = this.toks[this.i];
    if (!t) this.fail("unexpected end of statement");
    this.i++;
    return t;
  }
  /** True when the next tokens are these keywords, in order. */
  isWord(...seq: string[]): boolean {
    for (let k = 0; k < seq.length; k++) {
      if (!isWord(this.peek(k), ...alternatives(seq[k]))) return false;
    }
    return true;
  }
  /** Consumes the keywords when they come next. */
  acceptWord(...seq: string[]): boolean {
    if (!this.isWord(...seq)) return false;
    this.i += seq.length;
    return true;
  }
  expectWord(...seq: string[]): void {
    if (!this.acceptWord(...seq)) this.fail(`expected ${seq.join(" ")}`);
  }
  isOp(op: string): boolean {
    return this.peek()?.kind === "op" && this.peek()!.text === op;
  }
  accept(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.i++;
    return true;
  }
  expect(op: string): Tok {
    if (!this.isOp(op)) this.fail(`expected '${op}'`);
    return this.next();
  }
  /** An identifier (bare word or backtick-quoted). */
  ident(what = "a name"): string {
    const t = this.peek();
    if (!t || (t.kind !== "word" && t.kind !== "ident")) this.fail(`expected ${what}`);
    this.i++;
    return identName(t!);
  }
  /** A possibly qualified name: `[db.]name`. */
  qname(what = "a name"): { db?: string; name: string } {
    const first = this.ident(what);
    if (this.isOp(".")) {
      this.i++;
      return { db: first, name: this.ident(what) };
    }
    return { name: first };
  }
  /** A string literal's token. */
  string(what = "a string"): Tok {
    const t = this.peek();
    if (!t || t.kind !== "string") this.fail(`expected ${what}`);
    this.i++;
    return t!;
  }
  /**
   * Consumes a balanced `( ... )` and returns the tokens between the parentheses, plus the text
   * offsets just inside them.
   */
  group(): { toks: Tok[]; start: number; end: number } {
    const open = this.expect("(");
    const from = this.i;
    let depth = 1;
    while (!this.atEnd()) {
      const t = this.next();
      if (t.kind === "op" && t.text === "(") depth++;
      else if (t.kind === "op" && t.text === ")") {
        depth--;
        if (depth === 0) {
          return { toks: this.toks.slice(from, this.i - 1), start: open.end, end: t.start };
        }
      }
    }
    this.fail("unbalanced parentheses", open);
  }
  /** Consumes tokens up to (not including) a top-level `,` or the end; returns them. */
  untilComma(): Tok[] {
    const from = this.i;
    let depth = 0;
    while (!this.atEnd()) {
      const t = this.peek()!;
      if (t.kind === "op" && t.text === "(") depth++;
      else if (t.kind === "op" && t.text === ")") depth--;
      else if (depth === 0 && t.kind === "op" && t.text === ",") break;
      this.i++;
    }
    return this.toks.slice(from, this.i);
  }
  /** 1-based line of a token (of the next one by default). */
  line(t?: Tok): number {
    const tok = t ?? this.peek() ?? this.toks[this.toks.length - 1];
    return tok ? this.ctx.lineOf(tok.start) : 1;
  }
  fail(message: string, at?: Tok): never {
    const t = at ?? this.peek();
    const near = t ? ` near '${t.text.length > 40 ? t.text.slice(0, 40) + "..." : t.text}'` : "";
    throw new InputError(`${message}${near}`, { file: this.ctx.file, line: this.line(t) });
  }
}
