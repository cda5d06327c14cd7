/**
 * npm run p4:check on the committed program: the P4 source and p4/v1model/main.p4info.txt
 * agree, and the check does fail, naming exactly what changed, when one of them is edited
 * (in a copy of p4/ in a temporary folder).
 */
import { join } from 'node:path';
import { P4Schema } from '../../p4runtime/schema';
import { CheckResult, DEFAULT_ENTRY, DEFAULT_P4INFO, checkP4Info } from '../../scripts/p4/check';
import { formatDifference } from '../../scripts/p4/compare';
import { P4SourceError } from '../../scripts/p4/source';
import { P4Copy, ROOT } from './p4-copy';

const SAR = 'p4/include/control/sar.p4';
const SSA = 'p4/include/control/ssa.p4';

describe('the committed P4 source and P4Info', () => {
  const result = checkP4Info(join(ROOT, DEFAULT_ENTRY), join(ROOT, DEFAULT_P4INFO));

  it('agree, with nothing left out by p4c', () => {
    expect(result.differences.map(formatDifference)).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('compare every object of the P4Info', () => {
    const schema = P4Schema.fromFile(join(ROOT, DEFAULT_P4INFO));
    const keys = schema.tables.all().reduce((n, t) => n + t.fields.list.length, 0);
    expect(result.summary).toContain(`${schema.tables.size} tables (${keys} keys)`);
    expect(result.summary).toContain(`${schema.actions.size} actions`);
    expect(result.summary).toContain(`${schema.counters.size} counters`);
    expect(result.summary).toContain(`${schema.directCounters.size} direct counters`);
    expect(result.summary).toContain(`${schema.packetMetadata.size} controller headers`);
  });
});

/** A copy of p4/ in a temporary folder, edited, checked against its (maybe edited) P4Info. */
class Copy extends P4Copy {
  check(): CheckResult {
    return checkP4Info(join(this.dir, DEFAULT_ENTRY), join(this.dir, DEFAULT_P4INFO));
  }
  /** Every difference as one line, file paths relative to the copy. */
  differences(): string[] {
    return this.format(this.check().differences);
  }
}

describe('p4:check fails on one edit, naming exactly that difference', () => {
  const copies: Copy[] = [];
  const copy = () => {
    const c = new Copy();
    copies.push(c);
    return c;
  };
  afterAll(() => copies.forEach((c) => c.remove()));

  it('a changed table @id', () => {
    const c = copy().edit(SAR, '@id(21) @name(".sar.fib")', '@id(29) @name(".sar.fib")');
    expect(c.differences()).toEqual([
      `${c.lineOf(SAR, 'table fib {')}: table 'sar.fib': id: source 0x0200001d, P4Info 0x02000015`,
    ]);
  });

  it('a changed action parameter bitwidth', () => {
    const c = copy().edit(SAR, 'bit<8> mode, bit<16> members', 'bit<16> mode, bit<16> members');
    expect(c.differences()).toEqual([
      `${c.lineOf(SAR, 'action set_service(')}: action 'sar.set_service' parameter 'mode': bitwidth: source 16, P4Info 8`,
    ]);
  });

  it('a removed action', () => {
    const c = copy()
      .edit(
        SSA,
        '    @id(15) @name(".ssa.rule_content")\n    action rule_content(',
        '    action rule_content(',
      )
      .edit(SSA, '            rule_content;\n', '');
    expect(c.differences()).toEqual([
      `${c.lineOf(SSA, 'table ranges {')}: table 'ssa.ranges' action 'ssa.rule_content': in the P4Info, not in the source`,
      "action 'ssa.rule_content': in the P4Info, not in the source",
    ]);
  });

  it('a renamed key', () => {
    const c = copy().edit(SAR, '@name("slot")', '@name("member_slot")');
    expect(c.differences()).toEqual([
      `${c.lineOf(SAR, '@name("member_slot")')}: table 'sar.nhib' key 'member_slot': name: source 'member_slot', P4Info 'slot'`,
    ]);
  });

  it('a changed match kind and a changed size override (-D) together, both reported', () => {
    const c = copy().edit(
      SSA,
      'hdr.ipv6.dst_addr : lpm @id(1) @name("ipv6_dst");\n        }\n        actions = {\n            rule_any;',
      'hdr.ipv6.dst_addr : ternary @id(1) @name("ipv6_dst");\n        }\n        actions = {\n            rule_any;',
    );
    const result = checkP4Info(join(c.dir, DEFAULT_ENTRY), join(c.dir, DEFAULT_P4INFO), {
      defines: { SAR_SERVICES: '1024' },
    });
    expect(
      result.differences.map((d) => `${d.object}: ${d.field}: ${d.source} / ${d.p4info}`),
    ).toEqual([
      "table 'sar.fib': size: 1024 / 16384",
      "table 'ssa.ranges' key 'ipv6_dst': match kind: 'ternary' / 'lpm'",
      "register 'sar.round_robin': size: 1024 / 16384",
    ]);
  });

  it('a P4Info id and a P4Info field that differ', () => {
    const c = copy()
      .edit(
        DEFAULT_P4INFO,
        'registers {\n  preamble {\n    id: 369098753',
        'registers {\n  preamble {\n    id: 369098754',
      )
      .edit(
        DEFAULT_P4INFO,
        '    id: 4\n    name: "mtu"\n    bitwidth: 16',
        '    id: 4\n    name: "mtu"\n    bitwidth: 32',
      );
    expect(c.differences()).toEqual([
      `${c.lineOf('p4/v1model/arch.p4', 'register<bit<16>>')}: register 'sar.round_robin': id: source 0x16000001, P4Info 0x16000002`,
      `${c.lineOf('p4/include/header.p4', 'bit<16>       mtu;')}: controller header 'packet_in' field 'mtu': bitwidth: source 16, P4Info 32`,
    ]);
  });

  it('a P4Info object the source does not declare', () => {
    const c = copy().edit(
      DEFAULT_P4INFO,
      'type_info {',
      'meters {\n  preamble {\n    id: 335544321\n    name: "acl.meter"\n  }\n  size: 8\n}\ntype_info {',
    );
    expect(c.differences()).toEqual(["meter 'acl.meter': in the P4Info, not in the source"]);
  });
});

describe('p4:check refuses source it does not understand, naming file:line', () => {
  it('an extern it does not know', () => {
    const c = new Copy().edit(
      'p4/include/control/acl.p4',
      '    DIRECT_COUNTER(acl_counter);\n',
      '    DIRECT_COUNTER(acl_counter);\n    meter(8, MeterType.bytes) acl_meter;\n',
    );
    try {
      expect(() => c.check()).toThrow(P4SourceError);
      expect(() => c.check()).toThrow(
        `${join(c.dir, c.lineOf('p4/include/control/acl.p4', 'acl_meter'))}: 'meter(...)'`,
      );
    } finally {
      c.remove();
    }
  });
});
