/**
 * npm run p4:check on the TNA entry: every profile of p4/tna/main.p4 has the control-plane
 * names and ids of p4/v1model/main.p4info.txt, every file of p4/include reads under both
 * architectures' macros, and each check fails, naming the place, on one edit (in a copy of
 * p4/ in a temporary folder).
 */
import { join } from 'node:path';
import { P4Schema } from '../../p4runtime/schema';
import {
  ARCHITECTURES,
  TNA_ENTRY,
  TNA_PROFILES,
  checkProfile,
  checkSharedSources,
  p4Files,
} from '../../scripts/p4/architectures';
import { DEFAULT_P4INFO } from '../../scripts/p4/check';
import { formatDifference } from '../../scripts/p4/compare';
import { readProgram } from '../../scripts/p4/reader';
import { P4Copy, ROOT } from './p4-copy';

const full = TNA_PROFILES.find((p) => p.name === 'full')!;
const mslb = TNA_PROFILES.find((p) => p.name === 'mslb')!;

describe('the committed TNA entry', () => {
  it.each(TNA_PROFILES.map((p) => [p.name, p] as const))(
    'profile %s has the v1model names and ids, and nothing p4c would leave out',
    (_name, profile) => {
      const result = checkProfile(join(ROOT, TNA_ENTRY), join(ROOT, DEFAULT_P4INFO), profile);
      expect(result.differences.map(formatDifference)).toEqual([]);
      expect(result.warnings).toEqual([]);
    },
  );

  it('full profile: every object of the P4Info, with the Tofino sizes of profiles.p4', () => {
    const schema = P4Schema.fromFile(join(ROOT, DEFAULT_P4INFO));
    const tna = readProgram(join(ROOT, TNA_ENTRY)).program;
    expect(tna.arch).toBe('tna');
    expect(tna.tables.map((t) => t.name).sort()).toEqual(
      schema.tables
        .all()
        .map((t) => t.name)
        .sort(),
    );
    expect(tna.actions.length).toBe(schema.actions.size);
    expect(tna.tables.find((t) => t.name === 'ssa.slices')?.size).toBe(4096);
    expect(tna.registers.map((r) => [r.name, r.size, r.bitwidth])).toEqual([
      ['sar.round_robin', 4096, 16],
    ]);
  });

  it('the reduced profiles leave out exactly their features', () => {
    const names = (defines: Record<string, string>) =>
      readProgram(join(ROOT, TNA_ENTRY), { defines }).program.tables.map((t) => t.name);
    const features = (list: string[]) => [...new Set(list.map((n) => n.split('.')[0]))].sort();
    expect(features(names({ PROFILE_SSA_SAR: '1' }))).toEqual(['acl', 'routing', 'sar', 'ssa']);
    expect(features(names({ PROFILE_MSLB: '1' }))).toEqual(['acl', 'mslb', 'routing']);
    const actions = readProgram(join(ROOT, TNA_ENTRY), {
      defines: { WITHOUT_TIME_HOP: '1' },
    }).program.actions.map((a) => a.name);
    expect(actions).not.toContain('ssa.rule_time_hop');
    expect(actions).toContain('ssa.rule_hash');
  });

  it('every file of p4/include reads under both architectures', () => {
    expect(checkSharedSources(ROOT)).toEqual([]);
    // Not vacuous: every shared file, under each architecture.
    expect(p4Files(join(ROOT, 'p4', 'include')).length).toBeGreaterThanOrEqual(17);
    expect(ARCHITECTURES.map((a) => a.name)).toEqual(['v1model', 'tna']);
  });
});

/** A copy of p4/ in a temporary folder, edited. */
class Copy extends P4Copy {
  constructor() {
    super('p4-tna-check-');
  }
  profile(profile = full): string[] {
    return this.format(
      checkProfile(join(this.dir, TNA_ENTRY), join(ROOT, DEFAULT_P4INFO), profile).differences,
    );
  }
  shared(): string[] {
    return checkSharedSources(this.dir).map((p) => `${p.arch}: ${p.detail}`);
  }
}

describe('the TNA checks fail on one edit, naming it', () => {
  const copies: Copy[] = [];
  const copy = () => {
    const c = new Copy();
    copies.push(c);
    return c;
  };
  afterAll(() => copies.forEach((c) => c.remove()));

  it('a register id changed in the TNA RoundRobin', () => {
    const c = copy().edit(
      'p4/tna/arch.p4',
      '@id(1) @name(".sar.round_robin")',
      '@id(2) @name(".sar.round_robin")',
    );
    expect(c.profile()).toEqual([
      `${c.lineOf('p4/tna/arch.p4', 'next_slot;')}: register 'sar.round_robin': id: source 0x16000002, P4Info 0x16000001`,
    ]);
  });

  it('a shared table id changed: the full and a reduced profile both report it', () => {
    const ACL = 'p4/include/control/acl.p4';
    const c = copy().edit(ACL, '@id(1) @name(".acl.acl")', '@id(9) @name(".acl.acl")');
    const line = `${c.lineOf(ACL, 'table acl {')}: table 'acl.acl': id: source 0x02000009, P4Info 0x02000001`;
    expect(c.profile()).toEqual([line]);
    expect(c.profile(mslb)).toEqual([line]);
  });

  it('a reduced profile with an object the P4Info does not have', () => {
    const ACL = 'p4/include/control/acl.p4';
    const c = copy().edit(ACL, '@name(".acl.punt")', '@name(".acl.punt_to_cpu")');
    expect(c.profile(mslb)).toContain(
      `${c.lineOf(ACL, 'action punt(')}: action 'acl.punt_to_cpu': name: source 'acl.punt_to_cpu', P4Info 'acl.punt'`,
    );
  });

  it('an architecture name written in a shared file', () => {
    const ROUTING = 'p4/include/control/routing.p4';
    const c = copy().edit(ROUTING, 'meta.drop = true;', 'meta.drop = true; mark_to_drop();');
    const at = c.lineOf(ROUTING, 'mark_to_drop');
    const message = `${at}: 'mark_to_drop' is an architecture's own name; reach it through a macro of arch.p4`;
    expect(c.shared()).toEqual([`v1model: ${message}`, `tna: ${message}`]);
  });

  it('a TNA macro that gives a v1model extern', () => {
    const c = copy().edit(
      'p4/tna/arch.p4',
      '#define DIRECT_COUNT(name) name.count()',
      '#define DIRECT_COUNT(name) hash(name)',
    );
    const problems = c.shared();
    expect(problems.length).toBeGreaterThan(0);
    expect(
      problems.every((p) => p.startsWith('tna: ') && p.includes("macro DIRECT_COUNT gives 'hash'")),
    ).toBe(true);
  });

  it('a macro one architecture does not define', () => {
    const SSA = 'p4/include/control/ssa.p4';
    const c = copy().edit('p4/tna/arch.p4', '#define EQ64(a, b)', '#define EQ64_UNUSED(a, b)');
    expect(c.shared()).toEqual([
      `tna: ${c.lineOf(SSA, 'EQ64(')}: EQ64(...) is not a macro of p4/tna/arch.p4`,
    ]);
  });

  it('a shared file the reader cannot read under one architecture', () => {
    const c = copy().edit(
      'p4/tna/arch.p4',
      '#define DIRECT_COUNTER(name) DirectCounter<bit<64>>(CounterType_t.PACKETS_AND_BYTES) name',
      '#define DIRECT_COUNTER(name) DirectCounter<bit<64>>(CounterType_t.PACKETS_AND_PKTS) name',
    );
    const problems = c.shared();
    expect(problems.length).toBeGreaterThan(0);
    expect(
      problems.every(
        (p) =>
          p.startsWith('tna: ') && p.includes('CounterType_t.PACKETS_AND_PKTS is not understood'),
      ),
    ).toBe(true);
  });
});
