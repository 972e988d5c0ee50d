import assert from "node:assert/strict";
import { InputError } from "../errors.ts";
import { searchedFolderError } from "./where.ts";

Deno.test("a spec not found names the folder searched and the deno task's folder", () => {
  const e = new InputError("spec file not found: specs/data/x/spec.md");
  assert.equal(
    searchedFolderError(e, "/repo").message,
    "spec file not found: specs/data/x/spec.md (searched the project at /repo)",
  );
  const task = searchedFolderError(e, "/repo", "/home/me/shop").message;
  assert.match(task, /searched the project at \/repo\); `deno task` runs in the folder of/);
  assert.match(task, /not in \/home\/me\/shop where it was started/);
  assert.match(task, /--config \/repo\/deno\.json \/repo\/main\.ts/);
  assert.doesNotMatch(searchedFolderError(e, "/repo", "/repo").message, /deno task/);
});
