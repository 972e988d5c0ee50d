/**
 * The bundled yaml (third_party/yaml/yaml.js, made by scripts/vendor_yaml.ts, what `yaml`
 * imports) is the npm package that deno.json names (`yaml-npm`): same version, and the same documents,
 * errors and output as the package on every YAML file of the repository and every YAML block of
 * its Markdown files. The two builds differ where the package's ES module build has no Node:
 * `!!binary` reads as a Uint8Array instead of a Buffer, and a warning (a collection used as a
 * key) goes to console.warn instead of process.emitWarning.
 */
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as bundled from "yaml";
import * as pkg from "yaml-npm";
import pkgJson from "yaml-npm/package.json" with { type: "json" };
import { BUNDLE, bundledVersion, normalisePaths } from "../scripts/vendor_yaml.ts";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

type Yaml = typeof pkg;

/** What a library makes of a text: the document, its errors and warnings, and its output. */
function outcome(y: Yaml, text: string): string {
  const lc = new y.LineCounter();
  const doc = y.parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const problems = [...doc.errors, ...doc.warnings].map((e) => [e.code, e.message, e.pos]);
  const js = attempt(() => doc.toJS());
  const out = doc.errors.length ? "" : attempt(() => doc.toString());
  return JSON.stringify({ js, problems, out, again: attempt(() => y.stringify(js ?? null)) });
}

function attempt(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return `throws ${(e as Error).message}`;
  }
}

function texts(): [string, string][] {
  const out: [string, string][] = [];
  const walk = (dir: string) => {
    for (const e of Deno.readDirSync(dir)) {
      const p = join(dir, e.name);
      if (e.isDirectory) {
        if (!["node_modules", ".git", "third_party", "dist", ".spec"].includes(e.name)) walk(p);
      } else if (/\.ya?ml$/.test(e.name)) out.push([relative(ROOT, p), Deno.readTextFileSync(p)]);
      else if (e.name.endsWith(".md")) {
        const md = Deno.readTextFileSync(p);
        let i = 0;
        for (const m of md.matchAll(/^```yaml[^\n]*\n([\s\S]*?)^```/gm)) {
          out.push([`${relative(ROOT, p)} block ${++i}`, m[1]]);
        }
      }
    }
  };
  walk(ROOT);
  return out;
}

Deno.test("yaml: the bundle is the version of the package deno.json names", () => {
  const text = Deno.readTextFileSync(join(ROOT, BUNDLE));
  assert.equal(bundledVersion(text), pkgJson.version);
});

Deno.test("yaml: the bundle reads every YAML text of the repository as the package does", () => {
  const all = texts();
  assert.ok(all.length > 500, `${all.length} texts`);
  const odd = [
    "a: [1, 2\nb: }",
    "- &x {a: 1}\n- *x\n- *y",
    "? complex\n: key",
    "x: 0o14\ny: 1e3\nz: .nan\nw: 2001-12-14",
    "dup: 1\ndup: 2",
    "\t- tab",
  ];
  for (const [name, text] of [...all, ...odd.map((t, i) => [`odd ${i}`, t])]) {
    assert.equal(outcome(bundled as unknown as Yaml, text), outcome(pkg, text), name);
  }
});

Deno.test("yaml: the bundle's path comments name the package's files", () => {
  const line =
    "// ../../../root/.cache/deno/npm/registry.npmjs.org/yaml/2.9.1/browser/dist/visit.js";
  assert.equal(normalisePaths(line), "// yaml/browser/dist/visit.js");
  const text = Deno.readTextFileSync(join(ROOT, BUNDLE));
  assert.doesNotMatch(text, /registry\.npmjs\.org|node_modules/);
});
