import assert from "node:assert/strict";
import { DEFAULT_CONFIG, parseConfig } from "./config.ts";

Deno.test("settings are read from the data_migration_generator section", () => {
  const { config, warnings } = parseConfig(
    "data_migration_generator:\n  migrations_dir: migrations\n  migration_tool: dbmate\n" +
      "  lock_timeout: 2s\n  statement_timeout: 10min\n  dialect: postgresql\n  rules: [r]\n",
    ".spec/smartspec.config.yaml",
  );
  assert.deepEqual(warnings, []);
  assert.deepEqual(config, {
    migrationsDir: "migrations",
    migrationTool: "dbmate",
    lockTimeout: "2s",
    statementTimeout: "10min",
    dialect: "postgresql",
    rules: ["r"],
  });
});

Deno.test("invalid YAML is reported with its line and the defaults are used", () => {
  const { config, warnings } = parseConfig("a: 1\nb: [x\nc: 2\n", "cfg.yaml");
  assert.deepEqual(config, DEFAULT_CONFIG);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /^cfg\.yaml:\d+: not valid YAML/);
});

Deno.test("unknown values are warned about and ignored", () => {
  const { config, warnings } = parseConfig(
    "data_migration_generator:\n  migration_tool: alembic\n  lock_timeout: soon\n",
    "c.yaml",
  );
  assert.equal(config.migrationTool, undefined);
  assert.equal(config.lockTimeout, DEFAULT_CONFIG.lockTimeout);
  assert.equal(warnings.length, 2);
});

Deno.test("an empty config is the defaults", () => {
  assert.deepEqual(parseConfig("", "c.yaml"), { config: DEFAULT_CONFIG, warnings: [] });
});
