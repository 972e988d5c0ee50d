/**
 * A migration as units a migration tool can run (the dialect's renderer gives them,
 * `MigrationFiles.units`): a transactional unit is run in the tool's transaction; a unit that
 * must not be (CREATE INDEX CONCURRENTLY, a SQLite file that manages its own transaction) is run
 * on its own, after its session `settings`. Pairing up and down units, one migration each.
 * @module
 */
import type { FileUnit } from "../render/files.ts";

/** Statements that run together (see {@link FileUnit}). */
export type Unit = FileUnit;

/** A file as units. */
export interface UnitFile {
  units: Unit[];
}

/** An up unit with the down unit that undoes it. */
export interface UnitPair {
  up: Unit;
  down: Unit;
}

/**
 * Pairs up and down units: the rollback undoes the steps in reverse order, so up unit `i` goes
 * with down unit `n-1-i`. Undefined when the two files do not mirror each other (different
 * numbers of units).
 */
export function pairUnits(up: Unit[], down: Unit[]): UnitPair[] | undefined {
  if (up.length !== down.length) return undefined;
  return up.map((u, i) => ({ up: u, down: down[down.length - 1 - i] }));
}

/** True when any unit must run outside a transaction. */
export function hasNonTransactional(units: Unit[]): boolean {
  return units.some((u) => !u.transactional);
}
