/**
 * `deno run -A scripts/vendor_yaml.ts`: writes `third_party/yaml/yaml.js`, the npm package
 * `yaml`'s ES module build bundled into one module, and its licence beside it. The version is
 * the one deno.json's `yaml-npm` names (to upgrade: change it there, run this script).
 *
 * Why: the package's exports map gives Deno its CommonJS build (`node` condition), which Deno
 * loads through its `require` emulation, 70 files one after the other, with Node's module
 * machinery started for it: about 60 ms of CPU and 13 MB at the start of every run. Its ES
 * module build (`browser/`, the same parser) is not exported, so it is bundled here with
 * `deno bundle --platform browser`, unchanged but for the path comments, which name the
 * package's files instead of this machine's cache. Where that build differs from the Node one,
 * nothing the tool reads is concerned: `!!binary` reads as a Uint8Array instead of a Buffer,
 * and the library's warnings go to console.warn instead of process.emitWarning. The bundle declares its types as those of
 * `npm:yaml@<version>` (`@ts-self-types`), so type checking sees the package's own types.
 *
 * `tests/yaml_vendor_test.ts` checks the bundle against that package.
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** Where the bundle goes, relative to the repository root. */
export const BUNDLE = "third_party/yaml/yaml.js";

/** The version a bundle's header names (its `@ts-self-types` line). */
export function bundledVersion(text: string): string | undefined {
  return /^\/\/ @ts-self-types="npm:yaml@([^"]+)"/.exec(text)?.[1];
}

/** The header that goes before the bundled code. */
export function header(version: string): string {
  return [
    `// @ts-self-types="npm:yaml@${version}"`,
    `// yaml ${version} (https://eemeli.org/yaml/, ISC licence: LICENSE beside this file),`,
    `// its ES module build bundled into one module by scripts/vendor_yaml.ts. Do not edit.`,
    "",
  ].join("\n");
}

/** The bundle with the path comments naming the package's files. */
export function normalisePaths(code: string): string {
  return code.replace(/^\/\/ \S*?\/yaml\/[^/\s]+\/(browser\/\S+)$/gm, "// yaml/$1");
}

/** The version of `yaml-npm` in deno.json's imports. */
export function configuredVersion(denoJson: { imports?: Record<string, string> }): string {
  const v = /^npm:yaml@([^/]+)$/.exec(denoJson.imports?.["yaml-npm"] ?? "")?.[1];
  if (!v) throw new Error(`deno.json: imports["yaml-npm"] must be npm:yaml@<version>`);
  return v;
}

async function main(): Promise<void> {
  const out = join(ROOT, BUNDLE);
  const version = configuredVersion(JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json"))));
  const tmp = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(tmp, "entry.js"), `export * from "npm:yaml@${version}";\n`);
    await Deno.writeTextFile(join(tmp, "deno.json"), "{}\n");
    const cmd = new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--platform",
        "browser",
        "--format",
        "esm",
        "--node-modules-dir=none",
        "--output",
        join(tmp, "yaml.js"),
        join(tmp, "entry.js"),
      ],
      cwd: tmp,
      stdout: "inherit",
      stderr: "inherit",
    });
    const r = await cmd.output();
    if (!r.success) throw new Error("deno bundle failed");
    const code = normalisePaths(await Deno.readTextFile(join(tmp, "yaml.js")));
    const licence = await cachedLicence(version);
    await Deno.mkdir(dirname(out), { recursive: true });
    await Deno.writeTextFile(out, header(version) + code);
    await Deno.writeTextFile(join(dirname(out), "LICENSE"), licence);
    console.log(`${BUNDLE}: yaml ${version}, ${code.length} characters`);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

/** The package's LICENSE, from the npm cache that `deno bundle` filled. */
async function cachedLicence(version: string): Promise<string> {
  const r = await new Deno.Command(Deno.execPath(), { args: ["info", "--json"], stdout: "piped" })
    .output();
  const cache: string = JSON.parse(new TextDecoder().decode(r.stdout)).npmCache;
  return await Deno.readTextFile(join(cache, "registry.npmjs.org", "yaml", version, "LICENSE"));
}

if (import.meta.main) await main();
