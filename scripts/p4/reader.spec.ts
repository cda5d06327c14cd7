import { ReadResult, readProgram } from './reader';
import { P4SourceError } from './source';

/**
 * A small v1model program around `control` (the ingress): typedefs, a header, nested
 * structs, a controller header, and the package. `control` is spliced in as written.
 */
function program(control: string): string {
  return `#include <core.p4>
#include <v1model.p4>
typedef bit<9> port_t;
typedef bit<128> addr_t;
@controller_header("packet_in") @id(2)
header packet_in_t { port_t port; @padding bit<7> _pad; bit<8> reason; }
header ip_t { bit<8> proto; addr_t dst; }
struct lookup_t { bit<16> dport; }
struct headers_t { packet_in_t packet_in; ip_t ip; }
struct meta_t { lookup_t lkp; bool flag; }
parser P(packet_in packet, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start { transition accept; }
}
control Empty(inout headers_t hdr, inout meta_t meta) { apply { } }
${control}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }
control D(packet_out packet, in headers_t hdr) { apply { } }
V1Switch(P(), Empty(), MyIngress(), E(), Empty(), D()) main;
`;
}

function read(control: string): ReadResult {
  return readProgram('main.p4', { read: () => program(control) });
}

/** The line of `needle` in the program around `control`. */
function lineOf(control: string, needle: string): number {
  const index = program(control).indexOf(needle);
  if (index < 0) throw new Error(`no '${needle}' in the program`);
  return program(control).slice(0, index).split('\n').length;
}

function failure(control: string): string {
  try {
    read(control);
  } catch (e) {
    if (e instanceof P4SourceError) return e.message;
    throw e;
  }
  throw new Error('expected a P4SourceError');
}

const INGRESS = `control MyIngress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    @id(1) @name(".f.t_counter")
    direct_counter(CounterType.packets_and_bytes) t_counter;
    @id(3) @name(".f.hits")
    counter(32, CounterType.packets) hits;
    @id(4) @name(".f.slots")
    register<port_t>(0x10) slots;
    bit<16> service = 0;
    @id(1) @name(".f.set")
    action set(port_t port, bit<1> flag) { meta.flag = flag == 1; }
    @id(2) @name(".f.miss")
    action miss() { }
    @id(3) @name(".f.spare")
    action spare() { }
    @hidden action helper() { }
    @id(5) @name(".f.direct")
    action direct(bit<4> x) { }
    @id(7) @name(".f.t")
    table t {
        key = {
            hdr.ip.dst         : lpm     @id(1) @name("dst");
            meta.lkp.dport     : ternary @id(2) @name("dport");
            service            : exact   @id(3) @name("service");
            meta.flag          : exact   @id(4) @name("flag");
        }
        actions = { set; @defaultonly miss; }
        default_action = miss();
        counters = t_counter;
        size = 100;
    }
    apply { t.apply(); helper(); direct(1); }
}`;

describe('readProgram on a small program', () => {
  const { program: p, warnings } = read(INGRESS);

  it('gives each key the bitwidth of its header field, metadata field, local or bool', () => {
    const t = p.tables[0];
    expect(t).toMatchObject({ id: 0x02000007, name: 'f.t', size: 100 });
    expect(t.keys.map((k) => [k.id, k.name, k.bitwidth, k.matchKind])).toEqual([
      [1, 'dst', 128, 'lpm'],
      [2, 'dport', 16, 'ternary'],
      [3, 'service', 16, 'exact'],
      [4, 'flag', 1, 'exact'],
    ]);
  });

  it('names action refs, scopes, the default action and the direct counter by P4Info name', () => {
    const t = p.tables[0];
    expect(t.actionRefs).toEqual([
      { action: 'f.set', scope: 'table_and_default' },
      { action: 'f.miss', scope: 'default_only' },
    ]);
    expect(t.constDefaultAction).toBeUndefined();
    expect(t.initialDefaultAction).toBe('f.miss');
    expect(t.directResources).toEqual(['f.t_counter']);
    expect(p.directCounters).toMatchObject([
      { id: 0x13000001, name: 'f.t_counter', unit: 'both', table: 'f.t' },
    ]);
  });

  it('lists the actions tables use, with parameter ids 1..n and typedef widths', () => {
    expect(p.actions.map((a) => a.name)).toContain('f.set');
    expect(p.actions.map((a) => a.name)).toContain('f.miss');
    expect(p.actions[0].params.map((x) => [x.id, x.name, x.bitwidth])).toEqual([
      [1, 'port', 9],
      [2, 'flag', 1],
    ]);
  });

  it('lists a pinned action the apply block calls without parameters (the call binds them)', () => {
    expect(p.actions.map((a) => a.name)).toEqual(['f.set', 'f.miss', 'f.direct']);
    expect(p.actions[2]).toMatchObject({ id: 0x01000005, params: [] });
  });

  it('keeps the parameters of an action a table lists and the apply block calls', () => {
    const both = read(INGRESS.replace('direct(1); }', 'direct(1); set(3, 1); }'));
    expect(both.program.actions.find((a) => a.name === 'f.set')?.params).toHaveLength(2);
  });

  it('warns about a pinned action nothing uses (p4c leaves it out)', () => {
    expect(warnings).toEqual([
      `main.p4:${lineOf(INGRESS, 'action spare')}: action spare is pinned but no table or apply block uses it: p4c leaves it out of the P4Info`,
    ]);
  });

  it('reads counters, registers and controller headers with their prefixes', () => {
    expect(p.counters).toMatchObject([
      { id: 0x12000003, name: 'f.hits', unit: 'packets', size: 32 },
    ]);
    expect(p.registers).toMatchObject([{ id: 0x16000004, name: 'f.slots', size: 16, bitwidth: 9 }]);
    expect(p.controllerHeaders).toHaveLength(1);
    expect(p.controllerHeaders[0]).toMatchObject({ id: 0x04000002, name: 'packet_in' });
    expect(p.controllerHeaders[0].fields.map((f) => [f.id, f.name, f.bitwidth, f.padding])).toEqual(
      [
        [1, 'port', 9, false],
        [2, '_pad', 7, true],
        [3, 'reason', 8, false],
      ],
    );
    expect(p.arch).toBe('v1model');
  });
});

describe('readProgram refuses what it does not understand, at file:line', () => {
  const cases: [string, string, string, string][] = [
    ['a relative @name', '@name(".f.t")', '@name("t")', 'is relative'],
    ['a key without @id', 'lpm     @id(1) @name("dst")', 'lpm @name("dst")', 'needs @id and @name'],
    [
      'an unknown annotation',
      '@id(7) @name(".f.t")',
      '@id(7) @name(".f.t") @hidden',
      '@hidden on a table is not understood',
    ],
    [
      'a slice as a key',
      'hdr.ip.dst         : lpm',
      'hdr.ip.dst[7:0] : lpm',
      'only a field or variable (a.b.c) is understood as a key',
    ],
    [
      'a key through the architecture',
      'service            : exact',
      'sm.ingress_port : exact',
      "'sm' is a standard_metadata_t, declared in the architecture",
    ],
    [
      'an unknown field',
      'meta.lkp.dport     :',
      'meta.lkp.sport :',
      "'meta.lkp' has no field 'sport'",
    ],
    [
      'a table property it does not know',
      'size = 100;',
      'size = 100; support_timeout = true;',
      "table property 'support_timeout'",
    ],
    ['a table without a size', 'size = 100;', '', 'table t has no size'],
    [
      'an unknown extern',
      'bit<16> service = 0;',
      'bit<16> service = 0; meter(8, MeterType.bytes) m;',
      "'meter(...)' in control MyIngress",
    ],
    [
      'an unpinned action in a table',
      '@id(2) @name(".f.miss")\n',
      '',
      'action miss needs @id and @name',
    ],
    [
      'NoAction',
      '@defaultonly miss;',
      '@defaultonly miss; NoAction;',
      "lists action 'NoAction', which control MyIngress does not declare",
    ],
    [
      'a wrong id prefix',
      '@id(7) @name(".f.t")',
      '@id(0x01000007) @name(".f.t")',
      'has the wrong 8-bit prefix (table ids start with 0x02)',
    ],
    [
      'a detached direct counter',
      'counters = t_counter;',
      '',
      'direct counter t_counter is attached to no table',
    ],
    [
      'an unpinned action the apply block calls',
      '@hidden action helper',
      'action helper',
      'action helper is called in the apply block of control MyIngress, so p4c lists it in the P4Info',
    ],
    [
      'an annotation inside an action body',
      'action miss() { }',
      'action miss() { @id(9) }',
      'an annotation inside action miss',
    ],
  ];

  it.each(cases)('%s', (_what, from, to, message) => {
    expect(INGRESS).toContain(from);
    const control = INGRESS.replace(from, to);
    const reported = failure(control);
    expect(reported).toMatch(/^main\.p4:\d+: /);
    expect(reported).toContain(message);
  });

  it('names the line of the construct', () => {
    const control = INGRESS.replace('hdr.ip.dst         : lpm', 'hdr.ip.dst[7:0] : lpm');
    expect(failure(control)).toMatch(
      new RegExp(`^main\\.p4:${lineOf(control, 'hdr.ip.dst[7:0]')}: `),
    );
  });
});

/** A small TNA program around `ingress`: one Pipeline, one Switch. */
function tnaProgram(ingress: string): string {
  return `#include <core.p4>
#include <tna.p4>
header ip_t { bit<8> proto; bit<32> dst; }
struct headers_t { ip_t ip; }
struct meta_t { bit<16> service; }
parser IP(packet_in packet, out headers_t hdr, out meta_t meta, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { transition accept; }
}
${ingress}
control ID(packet_out packet, inout headers_t hdr, in meta_t meta, in ingress_intrinsic_metadata_for_deparser_t d) {
    Checksum() ck;
    apply { }
}
parser EP(packet_in packet, out headers_t hdr, out meta_t meta, out egress_intrinsic_metadata_t eg_intr_md) {
    state start { transition accept; }
}
control E(inout headers_t hdr, inout meta_t meta, in egress_intrinsic_metadata_t eg_intr_md) { apply { } }
control ED(packet_out packet, inout headers_t hdr, in meta_t meta) { apply { } }
Pipeline(IP(), I(), ID(), EP(), E(), ED()) pipe;
Switch(pipe) main;
`;
}

const TNA_INGRESS = `control I(inout headers_t hdr, inout meta_t meta, in ingress_intrinsic_metadata_t ig_intr_md) {
    @id(1) @name(".f.t_counter")
    DirectCounter<bit<64>>(CounterType_t.PACKETS_AND_BYTES) t_counter;
    @id(3) @name(".f.hits")
    Counter<bit<64>, bit<32>>(32, CounterType_t.PACKETS) hits;
    @id(4) @name(".f.slots")
    Register<bit<16>, bit<32>>(1024, 0) slots;
    RegisterAction<bit<16>, bit<32>, bit<16>>(slots) take = {
        void apply(inout bit<16> cell, out bit<16> rv) { rv = cell; cell = cell + 1; }
    };
    Hash<bit<32>>(HashAlgorithm_t.CRC32) h;
    Random<bit<16>>() rnd;
    @id(1) @name(".f.set")
    action set(bit<16> service) { meta.service = service; t_counter.count(); }
    @id(7) @name(".f.t")
    table t {
        key = { hdr.ip.dst : exact @id(1) @name("dst"); }
        actions = { set; }
        const default_action = set();
        counters = t_counter;
        size = 64;
    }
    apply { t.apply(); }
}`;

function readTna(ingress: string): ReadResult {
  return readProgram('main.p4', { read: () => tnaProgram(ingress) });
}

describe('readProgram: TNA', () => {
  it('reads Pipeline / Switch, TNA counters, direct counters and registers', () => {
    const { program, warnings } = readTna(TNA_INGRESS);
    expect(warnings).toEqual([]);
    expect(program.arch).toBe('tna');
    expect(program.tables.map((t) => [t.name, t.id, t.directResources])).toEqual([
      ['f.t', 0x02000007, ['f.t_counter']],
    ]);
    expect(program.directCounters.map((c) => [c.name, c.id, c.unit, c.table])).toEqual([
      ['f.t_counter', 0x13000001, 'both', 'f.t'],
    ]);
    expect(program.counters.map((c) => [c.name, c.id, c.unit, c.size])).toEqual([
      ['f.hits', 0x12000003, 'packets', 32],
    ]);
    expect(program.registers.map((r) => [r.name, r.id, r.size, r.bitwidth])).toEqual([
      ['f.slots', 0x16000004, 1024, 16],
    ]);
  });

  it.each([
    [
      'an annotation on an extern that is no P4Info object',
      TNA_INGRESS.replace('    Hash<bit<32>>', '    @id(9) Hash<bit<32>>'),
      'Hash<bit<32>>',
      '@id on a Hash of control I is not understood by the P4Info reader',
    ],
    [
      'an unknown TNA counter type',
      TNA_INGRESS.replace('CounterType_t.PACKETS)', 'CounterType_t.FLOWS)'),
      'CounterType_t.FLOWS',
      'CounterType_t.FLOWS is not understood',
    ],
  ])('refuses %s, with file:line', (_what, ingress, needle, message) => {
    const at = tnaProgram(ingress).slice(0, tnaProgram(ingress).indexOf(needle)).split('\n').length;
    expect(() => readTna(ingress)).toThrow(`main.p4:${at}: ${message}`);
  });

  it('refuses a Switch of more than one pipeline', () => {
    const text = tnaProgram(TNA_INGRESS).replace('Switch(pipe) main;', 'Switch(pipe, pipe) main;');
    expect(() => readProgram('main.p4', { read: () => text })).toThrow(
      'Switch(...) must name exactly one Pipeline instance declared before it',
    );
  });
});
