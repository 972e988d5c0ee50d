import assert from "node:assert/strict";
import { renameEvidenceText } from "./rename_evidence.ts";
import type { RenameEvidence } from "../diff/changes.ts";

const SIMILAR: RenameEvidence = {
  score: 0.93,
  nameSimilarity: 0.89,
  sameType: true,
  samePosition: true,
  intentLine: "- rename: t.full_name -> t.fullname",
};
const UNLIKE: RenameEvidence = {
  score: 0.7,
  nameSimilarity: 0.1,
  sameType: false,
  typeClass: "widen",
  samePosition: false,
  unlikeNames: true,
  sameNullability: true,
  sameDefault: false,
  sameConstraints: true,
  intentLine: "- rename: t.a -> t.b",
};

Deno.test("rename evidence in English words, not the evidence object", () => {
  assert.equal(
    renameEvidenceText(SIMILAR),
    "name similarity 0.89, same type, same position, score 0.93",
  );
  assert.equal(
    renameEvidenceText(UNLIKE),
    "the only column dropped and the only one added, type widen, same nullability, " +
      "default differs, same constraints, score 0.7",
  );
});

Deno.test("rename evidence in Thai: the same parts and numbers, each part Thai", () => {
  for (const ev of [SIMILAR, UNLIKE, { ...UNLIKE, sameNullability: false, sameDefault: true }]) {
    const en = renameEvidenceText(ev, "en").split(", ");
    const th = renameEvidenceText(ev, "th").split(", ");
    assert.equal(th.length, en.length, th.join(", "));
    th.forEach((part, i) => {
      assert.match(part, /[\u0E00-\u0E7F]/, part);
      assert.deepEqual(part.match(/\d[\d.]*/g), en[i].match(/\d[\d.]*/g), part);
    });
  }
});
