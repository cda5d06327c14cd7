/**
 * npm run p4:check: the P4 source and the committed P4Info agree, without p4c. Reads the
 * pinned objects of the program (reader.ts), the P4Info (P4Schema) and prints every
 * difference; exit 1 when there is one, 2 when the source or the P4Info cannot be read.
 * Without arguments it also checks the TNA entry (architectures.ts): every profile has the
 * v1model P4Info's names and ids, and every shared file reads under both architectures'
 * macros.
 *
 *   node dist/scripts/p4/check.js [entry.p4 [p4info.txt]]
 *   # defaults: p4/v1model/main.p4 p4/v1model/main.p4info.txt, then p4/tna/main.p4
 */
import { P4Schema } from '../../p4runtime/schema';
import { TNA_ENTRY, TNA_PROFILES, checkProfile, checkSharedSources } from './architectures';
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
  const v1model = checkV1model(argv);
  if (argv.length || v1model === 2) return v1model;
  return Math.max(v1model, checkTna());
}

/** The TNA entry's profiles against the v1model P4Info, and the shared files. */
function checkTna(): number {
  let status = 0;
  for (const profile of TNA_PROFILES) {
    let result;
    try {
      result = checkProfile(TNA_ENTRY, DEFAULT_P4INFO, profile);
    } catch (e) {
      console.error(
        `p4:check: cannot read ${TNA_ENTRY} (${profile.name}): ${(e as Error).message}`,
      );
      return 2;
    }
    for (const w of result.warnings)
      console.error(`p4:check: warning: ${TNA_ENTRY} (${profile.name}): ${w}`);
    if (result.differences.length) {
      for (const d of result.differences) console.error(formatDifference(d));
      console.error(
        `p4:check: ${TNA_ENTRY} (profile ${profile.name}) differs from the v1model P4Info in ` +
          `${result.differences.length} control-plane name(s) or id(s)`,
      );
      status = 1;
    } else {
      const kind = profile.subset ? 'a subset of' : 'the same as';
      console.log(
        `p4:check: ${TNA_ENTRY} (profile ${profile.name}): names and ids are ${kind} ${DEFAULT_P4INFO}'s: ${result.objects}`,
      );
    }
  }
  const problems = checkSharedSources('.');
  for (const p of problems)
    console.error(`p4:check: shared ${p.file} under ${p.arch}: ${p.detail}`);
  if (problems.length) status = 1;
  else console.log('p4:check: every file of p4/include reads under the v1model and the TNA macros');
  return status;
}

function checkV1model(argv: string[]): number {
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
