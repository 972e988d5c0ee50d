import assert from "node:assert/strict";
import { parse } from "yaml";
import cases from "./detect_cases.yaml" with { type: "text" };
import { detectTool } from "./detect.ts";
import type { ProjectView } from "./types.ts";

interface Case {
  name: string;
  config_dir?: string;
  files: Record<string, string>;
  expect: { tool: string; dir: string } | null;
}

function view(files: Record<string, string>): ProjectView {
  return {
    list: (dir) =>
      Object.keys(files).filter((p) => (dir === "." ? !p.includes("/") : p.startsWith(`${dir}/`) &&
        !p.slice(dir.length + 1).includes("/"))
      )
        .map((p) => p.slice(p.lastIndexOf("/") + 1)).sort(),
    read: (path) => files[path.replace(/^\.\//, "")],
  };
}

for (const c of parse(cases) as Case[]) {
  Deno.test(`detect: ${c.name}`, () => {
    const d = detectTool(view(c.files), c.config_dir ?? "db/migrations");
    assert.deepEqual(d ? { tool: d.tool, dir: d.dir } : null, c.expect);
  });
}
