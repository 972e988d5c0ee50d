import assert from "node:assert/strict";
import { makeObjectName } from "./pg_names.ts";

Deno.test("makeObjectName: whole up to 63 bytes, then the longer part is shortened first", () => {
  assert.equal(makeObjectName("users", "email", "key"), "users_email_key");
  assert.equal(makeObjectName("users", undefined, "pkey"), "users_pkey");
  // 30 + 1 + 28 + 4 = 63 bytes: kept whole; one more byte shortens the longer part
  const a = "a".repeat(30);
  assert.equal(makeObjectName(a, "b".repeat(28), "key"), `${a}_${"b".repeat(28)}_key`);
  assert.equal(
    makeObjectName(a, "b".repeat(29), "key"),
    `${"a".repeat(29)}_${"b".repeat(29)}_key`,
  );
  // bytes, not characters: Thai letters are 3 bytes each, never split
  assert.equal(makeObjectName("ลูกค้า", "ชื่อ", "key"), "ลูกค้า_ชื่อ_key");
  assert.equal(makeObjectName("ลูกค้า".repeat(4), "ชื่อ", "fkey"), "ลูกค้าลูกค้าลูก_ชื่อ_fkey");
});
