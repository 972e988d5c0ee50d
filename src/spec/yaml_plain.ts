/**
 * YAML nodes to plain values with the `yaml` package's alias limit: a document whose aliases
 * expand too much (an "alias bomb") or point nowhere is an input error naming the file, never
 * an exhausted memory or an internal error.
 * @module
 */
import { type Document, isNode } from "yaml";
import { InputError } from "../errors.ts";

/** Most alias expansions a document may make (the `yaml` package's `maxAliasCount`). */
export const MAX_ALIAS_COUNT = 100;

/**
 * A document (or one node of it) as plain values, with the alias limit; alias problems become an
 * {@link InputError} naming the file (and line).
 */
export function plainYaml(
  doc: Document,
  node: unknown,
  file: string,
  line?: number,
): unknown {
  try {
    const opts = { maxAliasCount: MAX_ALIAS_COUNT };
    return node === undefined || node === doc.contents
      ? doc.toJS(opts)
      : isNode(node)
      ? node.toJS(doc, opts)
      : node;
  } catch (e) {
    if (e instanceof ReferenceError) {
      throw new InputError(
        `YAML aliases are refused here: ${e.message} (at most ${MAX_ALIAS_COUNT} expansions)`,
        { file, line },
      );
    }
    throw e;
  }
}
