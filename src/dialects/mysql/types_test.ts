import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { canonicalMysqlType, mysqlTypeFacts } from "./types.ts";

const RULES = join(import.meta.dirname!, "..", "..", "..", "rules");

Deno.test("mysql types: mysql.yaml and mariadb.yaml follow rules/types.schema.json", () => {
  const schema = JSON.parse(readFileSync(join(RULES, "types.schema.json"), "utf8"));
  const item = schema.properties.changes.items;
  for (const file of ["mysql.yaml", "mariadb.yaml"]) {
    const facts = parseYaml(readFileSync(join(RULES, "types", file), "utf8"));
    const problems: string[] = [];
    for (const k of Object.keys(facts)) if (!(k in schema.properties)) problems.push(`key ${k}`);
    for (const k of schema.required) if (!(k in facts)) problems.push(`missing ${k}`);
    for (const [i, c] of (facts.changes as Record<string, unknown>[]).entries()) {
      for (const [k, v] of Object.entries(c)) {
        const spec = item.properties[k];
        if (!spec) problems.push(`changes[${i}]: unknown key ${k}`);
        else if (spec.enum && !spec.enum.includes(v)) problems.push(`changes[${i}].${k}: ${v}`);
        else if (spec.type && typeof v !== spec.type) problems.push(`changes[${i}].${k}: ${v}`);
      }
      for (const k of item.required) if (!(k in c)) problems.push(`changes[${i}]: missing ${k}`);
    }
    // every canonical name a change names is a canonical name of the aliases
    const canon = new Set(Object.values(facts.aliases as Record<string, string>));
    const base = new Set(Object.values(mysqlTypeFacts("mysql").aliases));
    for (const c of facts.changes as { from: string; to: string }[]) {
      for (const n of [c.from, c.to]) {
        if (!canon.has(n) && !base.has(n)) problems.push(`unknown type ${n}`);
      }
    }
    assert.deepEqual(problems, [], file);
  }
});

Deno.test("mysql types: the acceptance changes classify as widen", () => {
  const facts = mysqlTypeFacts("mysql");
  const find = (from: string, to: string) =>
    facts.changes.find((c) => c.from === from && c.to === to);
  assert.equal(find("int", "bigint")?.class, "widen");
  assert.equal(find("varchar", "varchar")?.class, "by_length");
  assert.equal(find("decimal", "decimal")?.class, "by_precision");
  assert.equal(find("bigint", "int")?.guard, "range");
  assert.equal(find("text", "varchar")?.guard, "length");
  assert.equal(find("enum", "enum")?.class as string, "by_values");
});

Deno.test("mysql types: MariaDB's facts extend MySQL's", () => {
  const my = mysqlTypeFacts("mysql"), maria = mysqlTypeFacts("mariadb");
  assert.equal(maria.dialect, "mariadb");
  assert.equal(my.aliases.json, "json");
  assert.equal(maria.aliases.json, "longtext");
  assert.equal(maria.aliases.uuid, "uuid");
  assert.equal(my.aliases.uuid, undefined);
  assert.equal(maria.aliases.integer, "int");
  const v = (f: typeof my) =>
    (f.changes.find((c) => c.from === "varchar" && c.to === "varchar") as { algorithm?: string })
      .algorithm;
  assert.equal(v(my), "inplace");
  assert.equal(v(maria), "instant");
  assert.equal(maria.changes.length, my.changes.length + 4);
});

Deno.test("mysql types: written types normalise to canonical ones", () => {
  const facts = mysqlTypeFacts("mysql");
  const c = (spelling: string, args: number[] = []) => {
    const r = canonicalMysqlType({ spelling, args }, facts);
    return r
      ? `${r.type.name}${r.type.mods.length ? `(${r.type.mods.join(",")})` : ""}`
      : undefined;
  };
  assert.equal(c("integer", [11]), "int");
  assert.equal(c("dec"), "decimal(10,0)");
  assert.equal(c("numeric", [6]), "decimal(6,0)");
  assert.equal(c("float", [25]), "double");
  assert.equal(c("float", [7, 3]), "float(7,3)");
  assert.equal(c("char"), "char(1)");
  assert.equal(c("national varchar", [10]), "varchar(10)");
  assert.equal(c("text", [70000]), "mediumtext");
  assert.equal(c("blob", [100]), "tinyblob");
  assert.equal(c("datetime", [0]), "datetime");
  assert.equal(c("time", [3]), "time(3)");
  assert.equal(c("long varchar"), "mediumtext");
  assert.equal(c("jsonb"), undefined);
  assert.equal(canonicalMysqlType({ spelling: "bool", args: [] }, facts)?.displayWidth, 1);
});

Deno.test("mysql types: the facts in rules/catalog.json are those of the YAML files", () => {
  const my = parseYaml(readFileSync(join(RULES, "types", "mysql.yaml"), "utf8"));
  assert.deepEqual(mysqlTypeFacts("mysql"), my);
  const maria = parseYaml(readFileSync(join(RULES, "types", "mariadb.yaml"), "utf8"));
  assert.equal(mysqlTypeFacts("mariadb").aliases.json, maria.aliases.json);
});
