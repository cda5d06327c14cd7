/**
 * npm run p4:check: the P4 source and the committed P4Info agree, without p4c. Reads the
 * pinned objects of the program (reader.ts), the P4Info (P4Schema) and prints every
 * difference; exit 1 when there is one, 2 when the source or the P4Info cannot be read.
 *
 *   node dist/scripts/p4/check.js [entry.p4 [p4info.txt]]
 *   # defaults: p4/v1model/main.p4 p4/v1model/main.p4info.txt
 */
import { P4Schema } from '../../p4runtime/schema';
import { Difference, compare, formatDifference } from './compare';
import { ProgramModel } from './model';
import { p4infoModel } from './p4info-model';
import { PreprocessOptions } from './preprocess';
import { readProgram } from './reader';

/** The program and the P4Info CI compares, relative to the repository root. */
export const DEFAULT_ENTRY = 'p4/v1model/main.p4';
export const DEFAULT_P4INFO = 'p4/v1model/main.p4info.txt';

export interface CheckResult {
  readonly differences: readonly Difference[];
  /** What p4c accepts but leaves out of the P4Info (printed, not a failure). */
  readonly warnings: readonly string[];
  /** What was compared, in one line. */
  readonly summary: string;
}

/** Compares the program of `entry` with the P4Info at `p4infoPath`. */
export function checkP4Info(
  entry: string,
  p4infoPath: string,
  options: PreprocessOptions = {},
): CheckResult {
  const { program, warnings, files } = readProgram(entry, options);
  const differences = compare(program, p4infoModel(P4Schema.fromFile(p4infoPath)));
  const summary = `${entry} (${files.length} files) and ${p4infoPath}: ${counts(program)}`;
  return { differences, warnings, summary };
}

/** "18 tables (26 keys), 50 actions (64 parameters), ..." */
export function counts(p: ProgramModel): string {
  const sum = (list: readonly { length: number }[]) => list.reduce((n, x) => n + x.length, 0);
  const n = (count: number, one: string, many = one + 's') =>
    `${count} ${count === 1 ? one : many}`;
  return [
    `${n(p.tables.length, 'table')} (${n(sum(p.tables.map((t) => t.keys)), 'key')})`,
    `${n(p.actions.length, 'action')} (${n(sum(p.actions.map((a) => a.params)), 'parameter')})`,
    n(p.counters.length, 'counter'),
    n(p.directCounters.length, 'direct counter'),
    n(p.registers.length, 'register'),
    `${n(p.controllerHeaders.length, 'controller header')} (${n(sum(p.controllerHeaders.map((h) => h.fields)), 'field')})`,
  ].join(', ');
}

function main(argv: string[]): number {
  const [entry = DEFAULT_ENTRY, p4info = DEFAULT_P4INFO] = argv;
  let result: CheckResult;
  try {
    result = checkP4Info(entry, p4info);
  } catch (e) {
    console.error(`p4:check: cannot compare ${entry} with ${p4info}: ${(e as Error).message}`);
    return 2;
  }
  for (const w of result.warnings) console.error(`p4:check: warning: ${w}`);
  if (result.differences.length) {
    for (const d of result.differences) console.error(formatDifference(d));
    console.error(
      `p4:check: ${result.differences.length} difference(s) between the P4 source and the P4Info ` +
        `(${result.summary}). Fix the source, or compile it with p4c (npm run p4:compile writes ` +
        `build/p4/main.p4info.txt) and commit that P4Info.`,
    );
    return 1;
  }
  console.log(`p4:check: P4 source and P4Info agree: ${result.summary}`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
