/**
 * Version numbers for new migration files: after every existing one, in the style the folder
 * already uses (timestamps like `20240131120000`, or zero-padded sequences like `000042`).
 * @module
 */

/** `YYYYMMDDHHMMSS` (UTC) from a run id `YYYYMMDD-HHMMSSZ-...`, else from `now`. */
export function stampOf(runId: string, now: Date): string {
  const m = /^(\d{8})-(\d{6})Z/.exec(runId);
  if (m) return m[1] + m[2];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}` +
    `${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
}

/** A spec id as a file-name part: lower case letters, digits and `_`. */
export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "") || "migration";
}

/** Timestamps have at least 12 digits; shorter numbers are sequences. */
const isTimestamp = (v: string) => v.length >= 12;

/**
 * `count` consecutive versions after `existing` (integer versions as written in file names):
 * - none yet: timestamps from `stamp`;
 * - timestamps: from `stamp`, or from the highest + 1 when that is later;
 * - sequences: highest + 1, padded to the width the folder uses.
 */
export function nextVersions(existing: string[], stamp: string, count: number): string[] {
  const nums = existing.filter((v) => /^\d+$/.test(v));
  const out: string[] = [];
  if (!nums.length || nums.every(isTimestamp)) {
    const max = nums.reduce((m, v) => (BigInt(v) > m ? BigInt(v) : m), 0n);
    let next = BigInt(stamp) > max ? BigInt(stamp) : max + 1n;
    for (let i = 0; i < count; i++) out.push(String(next++));
    return out;
  }
  const seq = nums.filter((v) => !isTimestamp(v));
  const width = Math.max(...seq.map((v) => v.length));
  const max = seq.reduce((m, v) => (BigInt(v) > m ? BigInt(v) : m), 0n);
  for (let i = 1; i <= count; i++) out.push(String(max + BigInt(i)).padStart(width, "0"));
  return out;
}

/** Compares dotted versions (`1.10` > `1.9`) part by part, numerically. */
export function compareDotted(a: string, b: string): number {
  const pa = a.split(/[._]/).map((x) => BigInt(x));
  const pb = b.split(/[._]/).map((x) => BigInt(x));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0n) - (pb[i] ?? 0n);
    if (d !== 0n) return d > 0n ? 1 : -1;
  }
  return 0;
}

/**
 * `count` Flyway versions after `existing` (`1`, `1.2`, `2_1`, `20240131120000` ...): the last
 * part of the highest version counts up, keeping its separator; timestamps as in
 * {@link nextVersions}; none yet: `1`, `2` ...
 */
export function nextDottedVersions(existing: string[], stamp: string, count: number): string[] {
  const valid = existing.filter((v) => /^\d+([._]\d+)*$/.test(v));
  if (!valid.length) return Array.from({ length: count }, (_, i) => String(i + 1));
  const max = [...valid].sort(compareDotted).pop()!;
  if (/^\d+$/.test(max) && isTimestamp(max)) return nextVersions([max], stamp, count);
  const m = /^(.*?)(\d+)$/.exec(max)!;
  return Array.from({ length: count }, (_, i) => `${m[1]}${BigInt(m[2]) + BigInt(i + 1)}`);
}
