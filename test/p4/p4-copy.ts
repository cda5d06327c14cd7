/**
 * A copy of p4/ in a temporary folder, for the p4:check tests: edit it, then check it and read
 * the differences with paths relative to the copy.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type Difference, formatDifference } from '../../scripts/p4/compare';

export const ROOT = join(__dirname, '..', '..');

export class P4Copy {
  readonly dir: string;
  constructor(prefix = 'p4-check-') {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    cpSync(join(ROOT, 'p4'), join(this.dir, 'p4'), { recursive: true });
  }
  /** Replaces `from` (which must be in the file exactly once) with `to`. */
  edit(file: string, from: string, to: string): this {
    const path = join(this.dir, file);
    const text = readFileSync(path, 'utf8');
    if (text.split(from).length !== 2) throw new Error(`'${from}' is not in ${file} exactly once`);
    writeFileSync(path, text.replace(from, to));
    return this;
  }
  /** "file:line" of the line holding `needle` in the copy, as differences name it. */
  lineOf(file: string, needle: string): string {
    const lines = readFileSync(join(this.dir, file), 'utf8').split('\n');
    const index = lines.findIndex((l) => l.includes(needle));
    if (index < 0) throw new Error(`no '${needle}' in ${file}`);
    return `${file}:${index + 1}`;
  }
  /** Differences as one line each, file paths relative to the copy. */
  format(differences: readonly Difference[]): string[] {
    return differences.map((d) =>
      formatDifference({ ...d, where: d.where && relative(this.dir, d.where) }),
    );
  }
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
