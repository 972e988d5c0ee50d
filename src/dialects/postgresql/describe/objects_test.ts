import assert from "node:assert/strict";
import { OBJECT_KIND_VARS, OBJECT_PHASE } from "./objects.ts";

// core phases (plan.ts) these orderings rely on
const CORE = {
  create_type: 1,
  create_table: 6,
  add_column: 7,
  alter_column_type: 9,
  drop_column: 14,
  drop_table: 15,
  drop_enum_value: 16,
  drop_type: 17,
};

Deno.test("objects that block core changes go before them and come back after them", () => {
  for (const k of ["drop_view", "drop_materialized_view", "drop_trigger", "drop_policy"] as const) {
    assert.ok(OBJECT_PHASE[k] < CORE.create_type, k);
  }
  for (
    const k of [
      "create_view",
      "create_materialized_view",
      "create_trigger",
      "create_policy",
    ] as const
  ) {
    assert.ok(OBJECT_PHASE[k] > CORE.drop_enum_value && OBJECT_PHASE[k] < CORE.drop_type, k);
  }
  assert.ok(OBJECT_PHASE.drop_comment < OBJECT_PHASE.drop_trigger);
  assert.ok(Object.values(OBJECT_PHASE).every((p) => p <= OBJECT_PHASE.set_comment));
  assert.ok(
    OBJECT_PHASE.attach_partition > CORE.drop_column &&
      OBJECT_PHASE.attach_partition < CORE.drop_table,
  );
  assert.ok(
    OBJECT_PHASE.create_function <= CORE.create_type &&
      OBJECT_PHASE.drop_function > CORE.drop_table,
  );
});

Deno.test("every object kind has variables and a phase", () => {
  assert.deepEqual(Object.keys(OBJECT_KIND_VARS).sort(), Object.keys(OBJECT_PHASE).sort());
});
