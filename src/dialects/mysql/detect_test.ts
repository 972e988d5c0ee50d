import assert from "node:assert/strict";
import { looksLikeMysql, looksLikePostgres } from "./detect.ts";

const MYSQL = [
  "CREATE TABLE `t` (`id` int NOT NULL AUTO_INCREMENT, PRIMARY KEY (`id`)) ENGINE=InnoDB;",
  "CREATE TABLE t (id int unsigned, s enum('a','b'));",
  "/*!40101 SET NAMES utf8 */;\nCREATE TABLE t (a int);",
  "CREATE TABLE t (a mediumtext, KEY idx_a (a(10)));",
];
const POSTGRES = [
  "CREATE TABLE t (id bigserial PRIMARY KEY, created timestamptz DEFAULT now());",
  "CREATE TYPE mood AS ENUM ('sad', 'happy');\nCREATE TABLE t (m mood);",
  "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY, d jsonb);",
  "ALTER TABLE public.t OWNER TO app;\nSELECT 1::int;",
];
const NEITHER = ["CREATE TABLE t (id int PRIMARY KEY, name varchar(10) NOT NULL);"];

Deno.test("mysql detect: MySQL files look like MySQL, not PostgreSQL", () => {
  for (const t of MYSQL) {
    assert.ok(looksLikeMysql(t), t);
    assert.ok(!looksLikePostgres(t), t);
  }
});

Deno.test("mysql detect: PostgreSQL files look like PostgreSQL, not MySQL", () => {
  for (const t of POSTGRES) {
    assert.ok(looksLikePostgres(t), t);
    assert.ok(!looksLikeMysql(t), t);
  }
});

Deno.test("mysql detect: portable DDL looks like neither", () => {
  for (const t of NEITHER) {
    assert.ok(!looksLikeMysql(t), t);
    assert.ok(!looksLikePostgres(t), t);
  }
});
