/**
 * The MySQL parser on small inputs, as data (`parse_cases.yaml`): each case's `expect` is matched
 * against a readable projection of the parsed schema (only the keys it names), or `error` against
 * the InputError (its line and a pattern of its message).
 */
import assert from "node:assert/strict";
import { parse as parseYaml } from "yaml";
import casesText from "./parse_cases.yaml" with { type: "text" };
import { InputError } from "../../errors.ts";
import type { Schema } from "../../model/schema.ts";
import { parseMysql } from "./parse.ts";

interface Case {
  name: string;
  flavor?: "mysql" | "mariadb";
  sql: string;
  expect?: Record<string, unknown>;
  error?: { line: number; message: string };
}

function typeText(
  t: { name: string; mods: number[] },
  m?: { values?: string[]; unsigned?: boolean; zerofill?: boolean },
): string {
  let s = t.name;
  if (m?.values) s += `(${m.values.map((v) => `'${v}'`).join(",")})`;
  else if (t.mods.length) s += `(${t.mods.join(",")})`;
  if (m?.unsigned) s += " unsigned";
  if (m?.zerofill) s += " zerofill";
  return s;
}

/** A readable view of a schema for the cases. */
function project(s: Schema): Record<string, unknown> {
  const tables: Record<string, unknown> = {};
  for (const t of s.tables.values()) {
    const columns: Record<string, unknown> = {};
    for (const c of t.columns) {
      const { values: _v, unsigned: _u, zerofill: _z, onUpdate, ...ext } = c.mysql ?? {};
      columns[c.name] = {
        type: typeText(c.type, c.mysql),
        notNull: c.notNull,
        ...(c.default ? { default: c.default.sql, defaultKey: c.default.key } : {}),
        ...(c.generated ? { generated: c.generated.key } : {}),
        ...(c.collation ? { collation: c.collation } : {}),
        ...(onUpdate ? { onUpdate: onUpdate.key } : {}),
        ...(c.renamedFrom ? { renamedFrom: c.renamedFrom } : {}),
        ...ext,
        line: c.line,
      };
    }
    const constraints: Record<string, unknown> = {};
    for (const k of t.constraints) {
      constraints[k.name] = {
        kind: k.kind,
        columns: k.columns,
        implicit: k.implicitName,
        ...(k.ref ? { ref: `${k.ref.table.name}(${k.ref.columns.join(",")})` } : {}),
        ...(k.kind === "foreign" ? { onDelete: k.onDelete, onUpdate: k.onUpdate } : {}),
        ...(k.expr ? { check: k.expr.key } : {}),
        ...(k.renamedFrom ? { renamedFrom: k.renamedFrom } : {}),
        line: k.line,
      };
    }
    tables[t.name] = {
      schema: t.schema,
      columns,
      constraints,
      options: t.mysql,
      ...(t.partitionBy ? { partitionBy: t.partitionBy.sql } : {}),
      ...(t.renamedFrom ? { renamedFrom: t.renamedFrom } : {}),
      line: t.line,
    };
  }
  const indexes: Record<string, unknown> = {};
  for (const ix of s.indexes.values()) {
    indexes[`${ix.table.name}.${ix.name}`] = {
      method: ix.method,
      unique: ix.unique,
      implicit: ix.implicitName,
      keys: ix.keys.map((k) =>
        `${k.column ?? `(${k.expr!.key})`}${k.options ? " " + k.options : ""}`
      ),
      ...(ix.options ? { options: ix.options } : {}),
      ...(ix.renamedFrom ? { renamedFrom: ix.renamedFrom } : {}),
    };
  }
  return {
    tables,
    indexes,
    views: Object.fromEntries(
      [...s.views.values()].map((v) => [v.name, { key: v.key, reads: v.reads }]),
    ),
    triggers: Object.fromEntries(
      [...s.triggers.values()].map((t) => [`${t.table.name}.${t.name}`, t.key]),
    ),
    functions: Object.fromEntries(
      [...s.functions.values()].map((
        f,
      ) => [f.name, { kind: f.kind, signature: f.signature, key: f.key }]),
    ),
    unmanaged: s.unmanaged.map((u) => `${u.line} ${u.category} ${u.kind}`),
  };
}

/** Asserts that `actual` has every key of `expected` with a matching value (arrays exactly). */
function assertPartial(actual: unknown, expected: unknown, path: string): void {
  if (expected !== null && typeof expected === "object" && !Array.isArray(expected)) {
    assert.ok(
      actual !== null && typeof actual === "object",
      `${path}: expected an object, got ${JSON.stringify(actual)}`,
    );
    for (const [k, v] of Object.entries(expected as Record<string, unknown>)) {
      const a: unknown = (actual as Record<string, unknown>)[k];
      if (v === null) {
        assert.equal(a, undefined, `${path}.${k}: expected absent, got ${JSON.stringify(a)}`);
      } else assertPartial(a, v, `${path}.${k}`);
    }
    return;
  }
  assert.deepEqual(
    actual,
    expected,
    `${path}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`,
  );
}

const cases = parseYaml(casesText) as Case[];
for (const c of cases) {
  Deno.test(`mysql parse: ${c.name}`, () => {
    const file = "db/schema.sql";
    if (c.error) {
      let err: unknown;
      try {
        parseMysql(c.sql, file, c.flavor ?? "mysql");
      } catch (e) {
        err = e;
      }
      assert.ok(err instanceof InputError, `expected an InputError, got ${String(err)}`);
      assert.equal(err.pos?.file, file);
      assert.equal(err.pos?.line, c.error.line, err.message);
      assert.match(err.message, new RegExp(c.error.message));
      return;
    }
    const s = parseMysql(c.sql, file, c.flavor ?? "mysql");
    assert.equal(s.dialect, c.flavor ?? "mysql");
    assertPartial(project(s), c.expect ?? {}, "schema");
  });
}
