import assert from "node:assert/strict";
import { isLoopback, parseDevUrl } from "./dev_url.ts";
import { InputError } from "../../errors.ts";

Deno.test("dev-url: loopback hosts and sockets are allowed, the password is hidden", () => {
  for (const h of ["127.0.0.1", "127.1.2.3", "localhost", "[::1]", "::1"]) {
    assert.ok(isLoopback(h), h);
  }
  for (const h of ["10.0.0.1", "128.0.0.1", "127.0.0.256", "db.example.com", "0.0.0.0"]) {
    assert.ok(!isLoopback(h), h);
  }
  const u = parseDevUrl("mysql://app:s3cret@127.0.0.1:3307/");
  assert.deepEqual([u.engine, u.host, u.port, u.user, u.password], [
    "mysql",
    "127.0.0.1",
    3307,
    "app",
    "s3cret",
  ]);
  assert.ok(!u.display.includes("s3cret"));
  assert.equal(
    parseDevUrl("mariadb://root@localhost/?socket=/run/mysqld/mysqld.sock").socket,
    "/run/mysqld/mysqld.sock",
  );
  assert.equal(parseDevUrl("postgres://u@[::1]:5432/").engine, "postgresql");
});

Deno.test("dev-url: remote hosts, other schemes and non-URLs are input errors (exit 2)", () => {
  for (
    const bad of [
      "mysql://u@10.0.0.1:3306/",
      "mysql://u@db.example.com/",
      "http://127.0.0.1/",
      "127.0.0.1:3306",
      "mysql:///",
    ]
  ) {
    assert.throws(() => parseDevUrl(bad), InputError, bad);
  }
});
