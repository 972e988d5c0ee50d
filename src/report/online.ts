/**
 * What a run in online mode says about itself (summary.json `online`, report.md's Online
 * section): whether each file is atomic, its numbered parts with their steps, and every step
 * that still takes a long lock, with the lock and the recipe that avoids it (the deciding
 * rule's `long_lock`).
 * @module
 */
import type { FilePart, MigrationFiles, OnlineReport } from "../render/files.ts";
import type { Step } from "../plan/plan.ts";

/** One numbered part of a file. */
export interface OnlinePart {
  part: number;
  transactional: boolean;
  steps: number[];
}

/** A step that still takes a long lock. */
export interface LongLockEntry {
  n: number;
  kind: string;
  target: string;
  rule: string;
  lock: string;
  avoid: string;
  /** Why the online mode could not avoid it (the change's fact `online_blocked`), when known. */
  not_online?: string;
}

/** summary.json `online` (present when the online mode was on). */
export interface OnlineSummary {
  /** True when migration.sql runs as one transaction. */
  atomic: boolean;
  /** The parts of migration.sql, in order. */
  parts: OnlinePart[];
  /** The parts of rollback.sql, in order. */
  rollback_parts: OnlinePart[];
  /**
   * True when every part can run again after a failure and the rollback works from any point
   * (said by the dialect: PostgreSQL's step ledger).
   */
  rerunnable?: boolean;
  long_locks: LongLockEntry[];
  /** How the files run online, said by the dialect (MySQL/MariaDB). */
  notes?: string[];
  /** Commands the operator runs by hand from a shell (pt-online-schema-change), in order. */
  by_hand?: OnlineReport["manual"];
  /** ALTERs that still block writes while they run, with why (MySQL/MariaDB). */
  blocking?: OnlineReport["locking"];
}

const numbered = (parts: FilePart[]): OnlinePart[] =>
  parts.map((p, i) => ({ part: i + 1, transactional: p.transactional, steps: [...p.steps] }));

/** The reason a dialect gave for not making the change online (fact `online_blocked`). */
function notOnline(s: Step): { not_online?: string } {
  const why = s.item.described.facts.online_blocked;
  return typeof why === "string" && why ? { not_online: why } : {};
}

/** The online section of a run; undefined when the online mode was off. */
export function onlineSummary(
  online: boolean | undefined,
  steps: Step[],
  files: MigrationFiles,
): OnlineSummary | undefined {
  if (!online) return undefined;
  const parts = numbered(files.parts?.up ?? []);
  const long_locks = steps
    .filter((s) => s.item.rule?.long_lock && !s.item.blocked && (s.up || s.down))
    .map((s) => ({
      n: s.n,
      kind: s.item.change.kind,
      target: s.item.described.target,
      rule: s.item.ruleId,
      lock: s.item.rule!.long_lock!.lock.replace(/\s+/g, " ").trim(),
      avoid: s.item.rule!.long_lock!.avoid.replace(/\s+/g, " ").trim(),
      ...notOnline(s),
    }));
  const o = files.online;
  return {
    atomic: parts.length === 0 || (parts.length === 1 && parts[0].transactional),
    parts,
    rollback_parts: numbered(files.parts?.down ?? []),
    rerunnable: !!files.rerunnable,
    long_locks,
    ...(o ? { notes: o.notes, by_hand: o.manual, blocking: o.locking } : {}),
  };
}
