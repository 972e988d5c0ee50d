/**
 * Fenced blocks of a spec that look like intents but are not read as such: a ```yaml``` or
 * ```yml``` block holding `intents:`, `from_schema:` or `to_schema:` without the `migration`
 * info string. Its renames would be lost without a word, so the run warns about each.
 * @module
 */

/** A block that looks like intents but lacks the `yaml migration` info string. */
export interface LooseBlock {
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string as written (`yaml`, `yml title`...). */
  info: string;
}

const KEY = /^\s*(intents|from_schema|to_schema)\s*:/;

/** The yaml/yml blocks that hold intent keys but are not the intents block. */
export function looseIntentBlocks(text: string): LooseBlock[] {
  const lines = text.split(/\r?\n/);
  const out: LooseBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*(`{3,}|~{3,})\s*(.*?)\s*$/.exec(lines[i]);
    if (!m) continue;
    const fence = m[1];
    let j = i + 1;
    let looks = false;
    for (; j < lines.length; j++) {
      const t = lines[j].trim();
      if (t.startsWith(fence) && t.replace(/[`~]/g, "") === "") break;
      if (KEY.test(lines[j])) looks = true;
    }
    const info = m[2];
    if (looks && /^ya?ml\b/i.test(info) && !/^ya?ml\s+migration$/i.test(info)) {
      out.push({ line: i + 1, info });
    }
    i = j;
  }
  return out;
}

/** The warning for a loose block of `specPath`. */
export function looseBlockWarning(specPath: string, b: LooseBlock): string {
  return `${specPath}:${b.line}: the \`\`\`${b.info} block looks like migration intents but is ` +
    `not read: its info string must be \`yaml migration\` (or \`yml migration\`)`;
}
