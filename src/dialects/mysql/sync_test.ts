import assert from "node:assert/strict";
import { emitContext } from "./emit.ts";
import { syncTriggers } from "./sync.ts";

const ctx = () => emitContext(true, "mariadb", [], "20261207_abc");

Deno.test("sync: one BEFORE INSERT and one BEFORE UPDATE trigger, names quoted and fit", () => {
  const long = "t".repeat(60);
  const c = ctx();
  const s = syncTriggers(c, `\`${long}\``, long, [
    { column: "a", expr: "UPPER(t.`x y`)", sources: ["x y"] },
    { column: "b", expr: "`x y` + 1", sources: ["x y"] },
  ], 0);
  const create = s.create.map((x) => x.sql);
  assert.equal(create.length, 4);
  const names = create.map((sql) => /TRIGGER (?:IF EXISTS )?`([^`]+)`/.exec(sql)![1]);
  for (const n of names) assert.ok([...n].length <= 64, n);
  assert.notEqual(names[2], names[3]);
  assert.match(
    create[2],
    / BEFORE INSERT ON `t+` FOR EACH ROW SET NEW.`a` = UPPER\(`NEW`.`x y`\), NEW.`b` = `NEW`.`x y` \+ 1$/,
  );
  assert.match(
    create[3],
    /BEFORE UPDATE .* SET NEW.`a` = IF\(NEW.`x y` <=> OLD.`x y`, NEW.`a`, UPPER\(`NEW`.`x y`\)\), /,
  );
  assert.deepEqual(s.drop.map((x) => x.sql), create.slice(0, 2));
  assert.deepEqual(c.locking, []);
});

Deno.test("sync: a value no trigger can compute is reported, not silently skipped", () => {
  const c = ctx();
  const s = syncTriggers(c, "`o`", "o", [
    { column: "a", expr: "(SELECT MAX(y) FROM z)", sources: ["x"] },
  ], 0);
  assert.deepEqual(s.create, []);
  assert.deepEqual(s.drop, []);
  assert.match(s.note!, /not followed/);
  assert.equal(c.locking.length, 1);
  assert.match(c.locking[0], /^UPDATE o: writes made while its batches run are not followed/);
});

Deno.test("sync: nothing without --online", () => {
  const c = emitContext(false, "mysql", [], "t");
  assert.deepEqual(syncTriggers(c, "`o`", "o", [{ column: "a", expr: "x", sources: ["x"] }], 0), {
    create: [],
    drop: [],
  });
});
