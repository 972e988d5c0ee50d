/**
 * A generated `migration.sql` / `rollback.sql` as units a migration tool can run: each
 * `BEGIN; ... COMMIT;` block is one transactional unit (its statements without the transaction
 * control, which the tools add themselves), and each statement outside a block that cannot run
 * inside a transaction (CREATE INDEX CONCURRENTLY ...) is a unit of its own, as is any other
 * statement outside a block (psql runs it on its own, in autocommit). Session settings
 * written before such a statement (`SET lock_timeout = ...`) are kept with it as `settings`, for
 * the tools that run statements one by one on one connection.
 * @module
 */
import { splitSql } from "./sql_split.ts";
import type { FileUnit } from "../render/files.ts";

/** Statements that run together (see {@link FileUnit}). */
export type Unit = FileUnit;

/** A file as units, with its leading comment block (the header). */
export interface UnitFile {
  header: string;
  units: Unit[];
}

const BEGIN = /^(BEGIN|START\s+TRANSACTION)\b/i;
const COMMIT = /^(COMMIT|END)\b/i;
const SET = /^SET\s+(?!LOCAL\b)/i;

/** Statements that PostgreSQL refuses inside a transaction block. */
export const NON_TRANSACTIONAL =
  /^(CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY|DROP\s+INDEX\s+CONCURRENTLY|REINDEX\b.*\bCONCURRENTLY|VACUUM\b|CREATE\s+DATABASE\b|DROP\s+DATABASE\b|ALTER\s+SYSTEM\b|CREATE\s+TABLESPACE\b|DROP\s+TABLESPACE\b|ALTER\s+TABLE\b.*\bDETACH\s+PARTITION\b.*\bCONCURRENTLY\b)/is;

/** True when the statement cannot run inside a transaction block. */
export function needsNoTransaction(sql: string): boolean {
  return NON_TRANSACTIONAL.test(sql.replace(/--[^\n]*\n/g, "").trim());
}

function trimLead(lead: string): string {
  return lead.replace(/^\s*\n/, "").replace(/\s+$/, "");
}

function join(lead: string, sql: string): string {
  const l = trimLead(lead);
  return l ? `${l}\n${sql}` : sql;
}

/** Parses a generated file into its header and units (see the module doc). */
export function toUnits(text: string): UnitFile {
  const { statements } = splitSql(text);
  let header = "";
  const units: Unit[] = [];
  let block: string[] | undefined;
  let settings: string[] = [];
  statements.forEach((st, idx) => {
    let lead = st.lead;
    if (idx === 0) {
      // the header is the first comment block; what follows a blank line belongs to the statement
      const m = /^([\s\S]*?)(\n\s*\n)([\s\S]*)$/.exec(lead);
      if (m) {
        header = m[1].trim();
        lead = m[3];
      } else {
        header = lead.trim();
        lead = "";
      }
    }
    if (BEGIN.test(st.sql)) {
      block = [];
      return;
    }
    if (COMMIT.test(st.sql) && block) {
      units.push({ transactional: true, sql: block.join("\n\n"), settings: [] });
      block = undefined;
      return;
    }
    if (block) {
      if (needsNoTransaction(st.sql)) {
        // cannot run here: close the block around it, keep its SET LOCAL prelude for the rest
        const prelude = block.filter((s) => /^SET\s+LOCAL\b/im.test(s.split("\n").pop() ?? ""));
        if (block.length) {
          units.push({ transactional: true, sql: block.join("\n\n"), settings: [] });
        }
        units.push({ transactional: false, sql: join(lead, st.sql), settings: [] });
        block = [...prelude];
        return;
      }
      block.push(join(lead, st.sql));
      return;
    }
    if (SET.test(st.sql)) {
      settings.push(st.sql);
      return;
    }
    // outside a block each statement runs on its own (autocommit), after the settings
    units.push({ transactional: !needsNoTransaction(st.sql), sql: join(lead, st.sql), settings });
    settings = [];
  });
  if (block?.length) units.push({ transactional: true, sql: block.join("\n\n"), settings: [] });
  // a block that held only its SET LOCAL prelude does nothing
  return {
    header,
    units: units.filter((u) =>
      !u.transactional ||
      splitSql(u.sql).statements.some((s) => !/^SET\s+LOCAL\b/i.test(s.sql))
    ),
  };
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
