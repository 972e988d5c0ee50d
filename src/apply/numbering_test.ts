import assert from "node:assert/strict";
import { nextDottedVersions, nextVersions, slug, stampOf } from "./numbering.ts";

Deno.test("versions come after the existing ones, in the folder's style", () => {
  const stamp = "20240131120000";
  assert.deepEqual(nextVersions([], stamp, 2), ["20240131120000", "20240131120001"]);
  assert.deepEqual(nextVersions(["20990101000000"], stamp, 1), ["20990101000001"]);
  assert.deepEqual(nextVersions(["20200101000000"], stamp, 1), [stamp]);
  assert.deepEqual(nextVersions(["000001", "000009"], stamp, 2), ["000010", "000011"]);
  assert.deepEqual(nextDottedVersions([], stamp, 2), ["1", "2"]);
  assert.deepEqual(nextDottedVersions(["1", "1.9", "1.10"], stamp, 1), ["1.11"]);
  assert.deepEqual(nextDottedVersions(["2_1", "1"], stamp, 1), ["2_2"]);
});

Deno.test("stamps and slugs", () => {
  assert.equal(stampOf("20240131-120000Z-x", new Date(0)), "20240131120000");
  assert.equal(stampOf("my-run", new Date(Date.UTC(2024, 0, 2, 3, 4, 5))), "20240102030405");
  assert.equal(slug("User Profile-v2"), "user_profile_v2");
});
