/**
 * Tables built once for both files of a pair. Most CREATE TABLE statements of a schema change
 * are the same text in both files, and `pg_reuse.ts` gives the second file the first file's
 * tree for them (the same node object). Building such a table from its tree gives the same
 * table in both files, except for line numbers (the statement may have moved) and for what it
 * takes from the rest of its file: the implicit names it chooses (which depend on the names
 * taken before it), rename hints on its lines, the tables it reads (LIKE, a foreign key without
 * columns) and what it reports as not managed.
 *
 * So the first file's builder keeps, per CREATE TABLE node that reads nothing else of its file
 * and has no hint on its lines, a copy of the table as built, copies of the sequences it made,
 * its statement line and the names it took ({@link NameOp}); the second file's builder, for the
 * same node, takes the names again (when every chosen name comes out the same) and that copy of
 * the table and sequences with the lines moved, instead of building them. Copies are deep
 * (each model owns its objects and later statements and stages may change them), except for
 * the objects that are never changed after they are made (expressions and column types,
 * marked with {@link markShared}), which both models share.
 * @module
 */
import type { Sequence, Table } from "../../../model/schema.ts";
import type { NameOp } from "./pg_names.ts";

/** A CREATE TABLE as the first file built it. */
export interface BuiltTable {
  /** A copy of the table, as the statement left it. */
  table: Table;
  /** Copies of the sequences the statement made (serial and identity columns), in order. */
  sequences: Sequence[];
  /** The names the statement took and chose, in order. */
  names: NameOp[];
  /** The statement's first line in the first file. */
  line: number;
}

const built = new WeakMap<object, BuiltTable>();
const shared = new WeakSet<object>();

/** Marks an object that is never changed after it is made: copies share it. */
export function markShared<T extends object>(o: T): T {
  shared.add(o);
  return o;
}

/** Keeps what the first file built of the CREATE TABLE `node` (an AST node of that file). */
export function keepBuilt(node: object, b: BuiltTable): void {
  built.set(node, b);
}

/**
 * What the first file built of `node`, if it kept it; taken once (a first file's trees serve
 * one second file), so the caller owns it and may change it ({@link shiftLines}).
 */
export function takeBuilt(node: object): BuiltTable | undefined {
  const b = built.get(node);
  if (b) built.delete(node);
  return b;
}

/**
 * A deep copy of plain model data (objects and arrays); objects marked with {@link markShared}
 * are not copied.
 */
export function copyModel<T>(v: T): T {
  if (typeof v !== "object" || v === null) return v;
  if (Array.isArray(v)) return copyArray(v) as T;
  return shared.has(v) ? v : copyObject(v as Record<string, unknown>) as T;
}

function copyArray(v: unknown[]): unknown[] {
  const out = v.slice();
  for (let i = 0; i < out.length; i++) {
    const x = out[i];
    if (typeof x === "object" && x !== null) out[i] = copyModel(x);
  }
  return out;
}

function copyObject(v: Record<string, unknown>): Record<string, unknown> {
  // a spread keeps the keys' order (and the object's shape); then the nested objects are copied
  const out = { ...v };
  for (const k in out) {
    const x = out[k];
    if (typeof x === "object" && x !== null) out[k] = copyModel(x);
  }
  return out;
}

/** Moves every `line` of plain model data by `delta`, in place (not in shared objects). */
export function shiftLines(v: unknown, delta: number): void {
  if (typeof v !== "object" || v === null || delta === 0) return;
  if (Array.isArray(v)) {
    for (const x of v) shiftLines(x, delta);
    return;
  }
  if (shared.has(v)) return;
  const o = v as Record<string, unknown>;
  for (const k in o) {
    const x = o[k];
    if (typeof x === "object" && x !== null) shiftLines(x, delta);
    else if (k === "line" && typeof x === "number") o[k] = x + delta;
  }
}
