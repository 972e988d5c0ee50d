/**
 * Reads units back from SQL text in the generator's PostgreSQL parts layout (BEGIN/COMMIT
 * blocks, statements on their own between them): for test fixtures written by hand. The tool
 * itself never does this (the renderer gives the units).
 * @module
 */
import { splitSql } from "../../src/apply/sql_split.ts";
import type { Unit, UnitFile } from "../../src/apply/units.ts";
import { needsNoTransaction } from "../../src/dialects/postgresql/render/non_transactional.ts";

const BEGIN = /^(BEGIN|START\s+TRANSACTION)\b/i;
const COMMIT = /^(COMMIT|END)\b/i;
const SET = /^SET\s+(?!LOCAL\b)/i;

function trimLead(lead: string): string {
  return lead.replace(/^\s*\n/, "").replace(/\s+$/, "");
}

function join(lead: string, sql: string): string {
  const l = trimLead(lead);
  return l ? `${l}\n${sql}` : sql;
}

/** Parses a generated file into its header and units (see the module doc). */
export function toUnits(text: string): UnitFile & { header: string } {
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
