/**
 * The checks that keep one P4 source tree serving two architectures (docs/tofino.md):
 *
 *   - every TNA profile exposes the control-plane names and ids of the v1model P4Info: the
 *     full profile every object of it, each reduced profile a subset, with the same ids,
 *     keys, parameters and action lists; only table, counter and register sizes (set per
 *     profile) and the architecture name may differ;
 *   - every file of p4/include reads under each architecture's macros (its arch.p4 first,
 *     as the entries include it), and names no extern, type or intrinsic of either
 *     architecture itself: the shared code reaches them only through those macros.
 *
 * Neither needs p4c; bf-p4c and p4test compile the entries for real (docs/tofino.md).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { P4Schema } from '../../p4runtime/schema';
import { Difference, compare } from './compare';
import { p4infoModel } from './p4info-model';
import { PreprocessOptions, preprocess } from './preprocess';
import { readDeclarations, readProgram } from './reader';
import { P4SourceError, where } from './source';

/** The TNA entry, relative to the repository root. */
export const TNA_ENTRY = 'p4/tna/main.p4';

/** A compile-time profile of the TNA entry: the -D flags it is built with. */
export interface Profile {
  readonly name: string;
  readonly defines: Readonly<Record<string, string>>;
  /** True when the profile leaves features out: its objects are a subset of the P4Info's. */
  readonly subset: boolean;
}

/** The profiles of p4/tna/profiles.p4, and two composed with feature flags. */
export const TNA_PROFILES: readonly Profile[] = [
  { name: 'full', defines: {}, subset: false },
  { name: 'ssa-sar', defines: { PROFILE_SSA_SAR: '1' }, subset: true },
  { name: 'mslb', defines: { PROFILE_MSLB: '1' }, subset: true },
  { name: 'full without time-hop', defines: { WITHOUT_TIME_HOP: '1' }, subset: true },
  {
    name: 'mslb without the return path',
    defines: { PROFILE_MSLB: '1', WITHOUT_MSLB_RETURN: '1' },
    subset: true,
  },
];

/** Fields that may differ between targets: sizes are per profile, the architecture is TNA. */
const TARGET_FIELDS = new Set(['size', 'arch']);

export interface ProfileResult {
  readonly profile: Profile;
  readonly differences: readonly Difference[];
  readonly warnings: readonly string[];
  /** Objects read from the source, in one line. */
  readonly objects: string;
}

/** The differences in control-plane names and ids between a TNA profile and the P4Info. */
export function checkProfile(
  entry: string,
  p4infoPath: string,
  profile: Profile,
  options: Omit<PreprocessOptions, 'defines'> = {},
): ProfileResult {
  const { program, warnings } = readProgram(entry, { ...options, defines: profile.defines });
  const all = compare(program, p4infoModel(P4Schema.fromFile(p4infoPath)));
  const differences = all.filter(
    (d) =>
      !TARGET_FIELDS.has(d.field) &&
      // A reduced profile may leave out objects (and action refs) the P4Info has.
      !(profile.subset && d.field === 'exists' && d.p4info === 'present'),
  );
  const n = (count: number, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;
  const objects = [
    n(program.tables.length, 'table'),
    n(program.actions.length, 'action'),
    n(program.counters.length + program.directCounters.length, 'counter'),
    n(program.registers.length, 'register'),
  ].join(', ');
  return { profile, differences, warnings, objects };
}

/** An architecture: where its arch.p4 is, and the names only it declares. */
export interface Architecture {
  readonly name: string;
  readonly arch: string;
  /** Identifiers of this architecture that shared code must reach only through macros. */
  readonly own: readonly string[];
}

export const ARCHITECTURES: readonly Architecture[] = [
  {
    name: 'v1model',
    arch: 'p4/v1model/arch.p4',
    own: [
      'standard_metadata_t',
      'standard_metadata',
      'mark_to_drop',
      'verify_checksum',
      'update_checksum',
      'update_checksum_with_payload',
      'hash',
      'random',
      'counter',
      'direct_counter',
      'register',
      'HashAlgorithm',
      'CounterType',
      'V1Switch',
    ],
  },
  {
    name: 'tna',
    arch: 'p4/tna/arch.p4',
    own: [
      'Hash',
      'Random',
      'Counter',
      'DirectCounter',
      'Register',
      'RegisterAction',
      'Checksum',
      'HashAlgorithm_t',
      'CounterType_t',
      'ig_intr_md',
      'eg_intr_md',
      'ingress_intrinsic_metadata_t',
      'egress_intrinsic_metadata_t',
      'Pipeline',
      'Switch',
    ],
  },
];

/** A call of an upper-case name: a macro (P4 functions and externs are not all capitals). */
const MACRO_CALL = /^[A-Z][A-Z0-9_]*$/;

/** One problem of a shared file under one architecture. */
export interface SharedProblem {
  readonly file: string;
  readonly arch: string;
  readonly detail: string;
}

/** Every .p4 file under `dir`, sorted. */
export function p4Files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...p4Files(path));
    else if (name.endsWith('.p4')) out.push(path);
  }
  return out;
}

/**
 * Reads each file of `root`/p4/include under every architecture's macros (arch.p4,
 * define.p4, size.p4 and header.p4 first, as the entries include them) and lists what fails:
 * a construct the reader refuses, a token of either architecture written in the shared file
 * itself, one of the other architecture's names reached through a macro, or a macro call
 * the architecture does not define (it would be left unexpanded).
 */
export function checkSharedSources(root: string): SharedProblem[] {
  const problems: SharedProblem[] = [];
  const includeDir = join(root, 'p4', 'include');
  const allOwn = new Set(ARCHITECTURES.flatMap((a) => a.own));
  for (const file of p4Files(includeDir)) {
    const rel = relative(root, file);
    for (const arch of ARCHITECTURES) {
      const others = new Set(
        ARCHITECTURES.filter((a) => a !== arch).flatMap((a) =>
          a.own.filter((n) => !arch.own.includes(n)),
        ),
      );
      // A virtual entry beside the architecture's arch.p4, so relative includes resolve.
      const entry = join(root, arch.arch.replace(/arch\.p4$/, '__shared_check__.p4'));
      const text = ['arch.p4', 'define.p4', 'size.p4', 'header.p4']
        .map(
          (f) =>
            `#include "${f === 'arch.p4' ? f : relative(join(entry, '..'), join(includeDir, f))}"`,
        )
        .concat(`#include "${relative(join(entry, '..'), file)}"`)
        .join('\n');
      const read = (path: string) => (path === entry ? text : readFileSync(path, 'utf8'));
      try {
        const pre = preprocess(entry, { read });
        pre.tokens.forEach((t, i) => {
          if (t.kind !== 'id' || t.loc.file !== file) return;
          if (MACRO_CALL.test(t.text) && pre.tokens[i + 1]?.text === '(') {
            problems.push({
              file: rel,
              arch: arch.name,
              detail: `${where({ ...t.loc, file: rel })}: ${t.text}(...) is not a macro of ${arch.arch}`,
            });
          } else if (!t.macro && allOwn.has(t.text)) {
            problems.push({
              file: rel,
              arch: arch.name,
              detail: `${where({ ...t.loc, file: rel })}: '${t.text}' is an architecture's own name; reach it through a macro of arch.p4`,
            });
          } else if (t.macro && others.has(t.text)) {
            problems.push({
              file: rel,
              arch: arch.name,
              detail: `${where({ ...t.loc, file: rel })}: macro ${t.macro} gives '${t.text}', a name of another architecture`,
            });
          }
        });
        readDeclarations(entry, { read });
      } catch (e) {
        const detail =
          e instanceof P4SourceError
            ? `${where({ ...e.loc, file: relative(root, e.loc.file) })}: ${e.detail}`
            : (e as Error).message;
        problems.push({ file: rel, arch: arch.name, detail });
      }
    }
  }
  return problems;
}
