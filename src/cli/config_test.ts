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

Deno.test("privileges and owners: manage or ignore, anything else warned about", () => {
  const ok = parseConfig(
    "data_migration_generator:\n  privileges: ignore\n  owners: manage\n",
    "c.yaml",
  );
  assert.deepEqual(ok.warnings, []);
  assert.equal(ok.config.privileges, "ignore");
  assert.equal(ok.config.owners, "manage");
  const bad = parseConfig("data_migration_generator:\n  owners: skip\n", "c.yaml");
  assert.equal(bad.config.owners, undefined);
  assert.match(bad.warnings[0], /owners: "skip" is not manage or ignore/);
});

Deno.test("the online backfill's batch size and pause are read; bad values are warned about", () => {
  const ok = parseConfig(
    "data_migration_generator:\n  online_batch_size: 500\n  online_batch_pause_ms: 20\n",
    "c.yaml",
  );
  assert.deepEqual(ok.warnings, []);
  assert.equal(ok.config.batchSize, 500);
  assert.equal(ok.config.batchPauseMs, 20);
  const bad = parseConfig(
    "data_migration_generator:\n  online_batch_size: 0\n  online_batch_pause_ms: soon\n",
    "c.yaml",
  );
  assert.equal(bad.config.batchSize, undefined);
  assert.equal(bad.config.batchPauseMs, undefined);
  assert.equal(bad.warnings.length, 2);
  assert.match(bad.warnings[0], /online_batch_size: "0" is not a whole number from 1/);
});
