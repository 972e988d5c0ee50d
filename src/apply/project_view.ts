/**
 * The project as {@link ProjectView} reads it from disk: file names of a folder and the text of
 * a file, relative to the project root. The only reading that --apply does.
 * @module
 */
import { resolve } from "node:path";
import type { ProjectView } from "./types.ts";

const MAX_READ = 1 << 20;

/** A view of the project at `root`. */
export function diskView(root: string): ProjectView {
  return {
    list(dir) {
      try {
        return [...Deno.readDirSync(resolve(root, dir))]
          .filter((e) => e.isFile)
          .map((e) => e.name)
          .sort();
      } catch {
        return [];
      }
    },
    read(path) {
      try {
        const bytes = Deno.readFileSync(resolve(root, path));
        return new TextDecoder().decode(bytes.subarray(0, MAX_READ));
      } catch {
        return undefined;
      }
    },
  };
}
