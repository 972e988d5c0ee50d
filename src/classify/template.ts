/**
 * Rule templates: `{{mode:name}}` placeholders with explicit quoting.
 *
 * - `ident` quotes an identifier (a qualified name renders as `"schema"."name"`),
 * - `lit` quotes a string literal,
 * - `raw` inserts a user expression verbatim (defaults, checks, transform expressions),
 * - `sql` inserts SQL the generator produced (already quoted),
 * - `text` inserts plain text (messages only).
 *
 * A line that held only placeholders and renders empty is removed.
 * @module
 */
import type { QName } from "../model/schema.ts";
import type { VarValue } from "./described.ts";
import type { Quoting } from "../dialects/dialect.ts";

/** Placeholder modes. */
export const MODES = ["ident", "lit", "raw", "sql", "text"] as const;
/** A placeholder mode. */
export type Mode = typeof MODES[number];

/** A placeholder found in a template. */
export interface Placeholder {
  mode: string;
  name: string;
  /** 0-based offset in the template. */
  offset: number;
}

const PH = /\{\{\s*([a-z]+)\s*:\s*([a-z_][a-z0-9_]*)\s*\}\}/g;
/**
 * Every placeholder of a template, including malformed ones (mode "" for those): each `{{` up
 * to the next `}}`, with no `}` between. One pass with indexOf (a regex that retries at every
 * `{` took minutes on a template of a million braces).
 */
export function placeholders(template: string): Placeholder[] {
  const out: Placeholder[] = [];
  let from = 0;
  for (;;) {
    const open = template.indexOf("{{", from);
    if (open < 0) break;
    const close = template.indexOf("}}", open + 2);
    if (close < 0) break; // no `}}` after this `{{`, so none after any later one either
    const brace = template.indexOf("}", open + 2);
    if (brace < close) {
      // a lone `}` before `}}`: no `{{` before it starts a placeholder
      from = brace + 1;
      continue;
    }
    // the innermost `{{`: a placeholder starts at the last `{{` before `}}`
    const start = template.lastIndexOf("{{", close - 1);
    const text = template.slice(start, close + 2);
    const ok = /^\{\{\s*([a-z]+)\s*:\s*([a-z_][a-z0-9_]*)\s*\}\}$/.exec(text);
    out.push({ mode: ok?.[1] ?? "", name: ok?.[2] ?? text, offset: start });
    from = close + 2;
  }
  return out;
}

function isQName(v: VarValue): v is QName {
  return typeof v === "object" && v !== null && "name" in v;
}

function renderValue(mode: Mode, v: VarValue, q: Quoting): string {
  switch (mode) {
    case "ident":
      return isQName(v) ? q.qualified(v) : q.ident(v);
    case "lit":
      return q.literal(isQName(v) ? q.display(v) : v);
    case "text":
      return isQName(v) ? q.display(v) : v;
    default:
      return isQName(v) ? q.qualified(v) : v;
  }
}

/** Renders a template with variables. Unknown names throw (rules are checked at load). */
export function renderTemplate(
  template: string,
  vars: Record<string, VarValue>,
  quoting: Quoting,
): string {
  const lines = template.replace(/\s+$/, "").split("\n");
  const out: string[] = [];
  for (const line of lines) {
    let hadPlaceholder = false;
    const rendered = line.replace(PH, (_m, mode: string, name: string) => {
      hadPlaceholder = true;
      const v = vars[name];
      if (v === undefined) throw new Error(`template variable ${name} is not defined`);
      return renderValue(mode as Mode, v, quoting);
    });
    const onlyPlaceholders = line.replace(PH, "").trim() === "";
    if (hadPlaceholder && onlyPlaceholders && rendered.trim() === "") continue;
    out.push(rendered);
  }
  return out.join("\n");
}
