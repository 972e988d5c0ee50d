import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { movedColumns } from "./positions.ts";

const same = (names: string[]) => new Map(names.map((n) => [n, n]));

Deno.test("positions: the same order moves nothing, added and dropped columns aside", () => {
  assertEquals(
    movedColumns(same(["a", "b", "c"]), ["a", "x", "b", "c"], ["a", "b", "y", "c"]).size,
    0,
  );
});

Deno.test("positions: one column moved to the front moves only that column", () => {
  const moved = movedColumns(same(["id", "email", "created", "name", "phone"]), [
    "id",
    "email",
    "created",
    "name",
    "phone",
  ], ["id", "name", "email", "phone", "created"]);
  // three of five keep their order (id, email and one more): two move, never id
  assertEquals(moved.size, 2);
  assertEquals(moved.has("id"), false);
  assertEquals(moved.has("name"), true);
});

Deno.test("positions: renamed columns are followed by their pair", () => {
  const pairs = new Map([["a", "a2"], ["b", "b2"]]);
  assertEquals([...movedColumns(pairs, ["a", "b"], ["b2", "a2"])].length, 1);
  assertEquals(movedColumns(pairs, ["a", "b"], ["A2", "B2"]).size, 0);
});
