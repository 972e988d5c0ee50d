import assert from "node:assert/strict";
import { join } from "node:path";
import { onPath, processAlive, runSync, scratchServerDir, shellQuote } from "./scratch_server.ts";

const PREFIX = `smartspec-scratch-test-${Deno.pid}-`;

Deno.test("scratch_server: a dead owner's directory is stopped and reaped; a live one's is kept", async () => {
  // A pid that no process has: larger than any pid_max.
  const dead = await Deno.makeTempDir({ dir: "/tmp", prefix: PREFIX });
  await Deno.writeTextFile(join(dead, "owner.pid"), "99999999\n");
  const live = await Deno.makeTempDir({ dir: "/tmp", prefix: PREFIX });
  await Deno.writeTextFile(join(live, "owner.pid"), `${Deno.pid}\n`);
  const stopped: string[] = [];
  const scratch = await scratchServerDir(PREFIX, (dir) => stopped.push(dir));
  try {
    assert.deepEqual(stopped, [dead]);
    assert.throws(() => Deno.statSync(dead));
    assert.ok(Deno.statSync(live).isDirectory);
    assert.equal(Deno.readTextFileSync(join(scratch.dir, "owner.pid")).trim(), String(Deno.pid));
    assert.equal(scratch.released, false);
  } finally {
    scratch.release();
    scratch.forget();
    await Deno.remove(live, { recursive: true });
  }
  assert.equal(scratch.released, true);
  assert.throws(() => Deno.statSync(scratch.dir));
  assert.deepEqual(stopped, [dead, scratch.dir]);
  scratch.release(); // a second release does nothing
  assert.equal(stopped.length, 2);
});

Deno.test("scratch_server: commands run in the C locale, and a missing one is a result, not a throw", () => {
  const sh = onPath(["sh"], ["/bin"]);
  assert.ok(sh);
  const r = runSync([sh, "-c", `printf %s "$LC_ALL" ${shellQuote("it's")}`]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, "Cit's");
  const missing = runSync(["/nonexistent/smartspec-no-such-command"]);
  assert.equal(missing.code, -1);
  assert.match(missing.stderr, /NotFound|No such file/i);
  assert.equal(processAlive(Deno.pid), true);
});
