/**
 * A set of loaded rules, by id: the built-in layer, then the user's layers over it. Apart from
 * the rule files' loading and validation (rules.ts), which only a run with user rules needs.
 * @module
 */
import { InputError } from "../errors.ts";
import type { Rule } from "./rules.ts";

/** A set of rules; later sets override earlier ones by id. */
export class RuleSet {
  private byId = new Map<string, Rule>();

  /** Adds rules; a duplicate id within one layer is an error, across layers an override. */
  addLayer(rules: Rule[]): void {
    const seen = new Map<string, Rule>();
    for (const r of rules) {
      const prev = seen.get(r.id);
      if (prev) {
        throw new InputError(`duplicate rule id ${r.id} (also in ${prev.source})`, {
          file: r.source,
          line: 1,
        });
      }
      seen.set(r.id, r);
    }
    const codes = new Map<string, Rule>();
    for (const r of this.byId.values()) codes.set(r.code, r);
    const layerCodes = new Map<string, Rule>();
    for (const r of rules) {
      const prev = layerCodes.get(r.code);
      if (prev) {
        throw new InputError(
          `duplicate rule code ${r.code} (also used by ${prev.id} in ${prev.source})`,
          {
            file: r.source,
            line: 1,
          },
        );
      }
      layerCodes.set(r.code, r);
    }
    for (const r of rules) {
      const other = codes.get(r.code);
      if (other && other.id !== r.id && !seen.has(other.id)) {
        throw new InputError(
          `rule code ${r.code} is already used by ${other.id} (${other.source})`,
          {
            file: r.source,
            line: 1,
          },
        );
      }
      this.byId.set(r.id, r);
    }
  }

  /** All rules. */
  all(): Rule[] {
    return [...this.byId.values()];
  }
}
