/**
 * Paths of the files that stay in the source tree (P4 programs, P4Info files) from code that
 * may run from the source tree (Jest) or from dist/ (npm start, benchmarks).
 *
 *   sourcePath('p4', 'v1model', 'main.p4info.txt')
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let root: string | undefined;

/** The repository root: the nearest folder above this module with a package.json. */
export function repoRoot(): string {
  if (root !== undefined) return root;
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = up;
  }
  root = dir;
  return dir;
}

/** `parts` joined onto the repository root. */
export function sourcePath(...parts: string[]): string {
  return join(repoRoot(), ...parts);
}
