/**
 * The evidence of a probable rename in words (the `evidence` variable of the rename rules), in
 * English for the rules' messages and in Thai for `report.md --lang th`. One function for every
 * dialect.
 * @module
 */
import type { RenameEvidence } from "../diff/changes.ts";

/** The languages the evidence is said in. */
export type EvidenceLang = "en" | "th";

interface Words {
  unlikeNames: string;
  nameSimilarity: (n: number) => string;
  sameType: string;
  typeClass: (c: string) => string;
  samePosition: string;
  nullability: [same: string, differs: string];
  default: [same: string, differs: string];
  constraints: [same: string, differs: string];
  score: (n: number) => string;
}

const WORDS: Record<EvidenceLang, Words> = {
  en: {
    unlikeNames: "the only column dropped and the only one added",
    nameSimilarity: (n) => `name similarity ${n}`,
    sameType: "same type",
    typeClass: (c) => `type ${c}`,
    samePosition: "same position",
    nullability: ["same nullability", "nullability differs"],
    default: ["same default", "default differs"],
    constraints: ["same constraints", "constraints differ"],
    score: (n) => `score ${n}`,
  },
  th: {
    unlikeNames: "เป็นคอลัมน์เดียวที่ถูกลบและคอลัมน์เดียวที่ถูกเพิ่ม",
    nameSimilarity: (n) => `ชื่อคล้ายกัน ${n}`,
    sameType: "ชนิดเดียวกัน",
    typeClass: (c) => `ชนิด ${c}`,
    samePosition: "ตำแหน่งเดียวกัน",
    nullability: ["การยอมให้เป็น NULL เหมือนกัน", "การยอมให้เป็น NULL ต่างกัน"],
    default: ["ค่า default เหมือนกัน", "ค่า default ต่างกัน"],
    constraints: ["constraint เหมือนกัน", "constraint ต่างกัน"],
    score: (n) => `คะแนน ${n}`,
  },
};

/** The evidence of a probable rename, in words, in `lang` (English by default). */
export function renameEvidenceText(ev: RenameEvidence, lang: EvidenceLang = "en"): string {
  const w = WORDS[lang];
  const either = (same: boolean | undefined, [yes, no]: [string, string]) => same ? yes : no;
  const parts = [
    ev.unlikeNames ? w.unlikeNames : w.nameSimilarity(ev.nameSimilarity),
    ev.sameType ? w.sameType : w.typeClass(ev.typeClass ?? ""),
  ];
  if (ev.samePosition) parts.push(w.samePosition);
  if (ev.unlikeNames) {
    parts.push(either(ev.sameNullability, w.nullability));
    parts.push(either(ev.sameDefault, w.default));
    parts.push(either(ev.sameConstraints, w.constraints));
  }
  parts.push(w.score(ev.score));
  return parts.join(", ");
}
