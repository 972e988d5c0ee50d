/**
 * The V8 flags the tool runs with: baked into the binary (`scripts/build.ts`), in `deno task
 * gen` and in the install line of the README (a test keeps them in step).
 *
 * `--liftoff-only`: WebAssembly (libpg-query, PGlite) runs on Liftoff, V8's baseline compiler,
 * and is never recompiled by the optimizing compiler. A run is short: with the default tiering,
 * V8's background threads spend more CPU recompiling PGlite's hot functions (about 2.5 s in a
 * 50-table verification) than the verification itself takes (about 2 s on the engine's
 * thread), and on a machine with two cores that work competes with the engine. Liftoff-only,
 * the engine's own thread needs about 10 % more, the process about 45 % less CPU and 20 % less
 * memory; the 1,000-table generator about 30 % less CPU and 20 % less memory, the 10,000-table
 * one the same CPU.
 * @module
 */

/** The flags, as `deno run` / `deno compile` take them. */
export const V8_FLAGS = "--v8-flags=--liftoff-only";
