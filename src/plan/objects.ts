/**
 * The rule-facing description and the execution phase of object changes
 * (see `src/diff/object_changes.ts`).
 * @module
 */
import type { ObjectChange } from "../diff/object_changes.ts";
import type { DescribeContext, Described } from "./describe.ts";

/** Template variables per object change kind. */
export const OBJECT_KIND_VARS: Record<ObjectChange["kind"], string[]> = {};

/** Execution phase per object change kind (see PHASE in plan.ts). */
export const OBJECT_PHASE: Record<ObjectChange["kind"], number> = {};

/** Describes an object change for the rules. */
export function describeObject(ch: ObjectChange, _ctx: DescribeContext): Described {
  throw new Error(`no description for change kind ${(ch as { kind: string }).kind}`);
}
