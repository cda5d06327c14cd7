import { readFileSync } from 'node:fs';
import { P4Schema } from '../../../p4runtime/schema';
import { ForwardingState } from '../../forwarding-state';
import { FABRIC_P4INFO, fabric } from './index';
import { FabricModel } from './v1model/main';
import { Headers } from './header';
import { FabricParser, ParserError, deparse } from './parser';

const load = (text = readFileSync(FABRIC_P4INFO, 'utf8')) => {
  const schema = P4Schema.fromText(text);
  const state = ForwardingState.create(schema);
  const ctx = { schema, state, cpuPort: 510, dropPort: 511, clock: () => 0 };
  return { schema, state, model: fabric.create(ctx) as FabricModel };
};

describe('the fabric model and the P4Info of p4/v1model/main.p4', () => {
  it('binds every table, key, action, parameter, counter, register and controller header by its exact P4Info name', () => {
    const { schema, model } = load();
    const p4info = new Set<string>();
    for (const t of schema.tables.all()) {
      p4info.add(t.name);
      for (const f of t.fields.list) p4info.add(`${t.name}.${f.name}`);
    }
    for (const a of schema.actions.all()) {
      if (a.name === 'NoAction') continue;
      p4info.add(a.name);
      for (const p of a.params.list) p4info.add(`${a.name}.${p.name}`);
    }
    for (const c of schema.counters.all()) p4info.add(c.name);
    for (const r of schema.registers.all()) p4info.add(r.name);
    for (const h of schema.packetMetadata.all()) {
      p4info.add(h.name);
      for (const f of h.metadata.list) p4info.add(`${h.name}.${f.name}`);
    }
    const used = [...model.namesUsed];
    // Every name the model uses is in the P4Info, and the model uses everything the P4Info has.
    expect(used.filter((n) => !p4info.has(n))).toEqual([]);
    expect([...p4info].filter((n) => !model.namesUsed.has(n))).toEqual([]);
  });

  it.each([
    [
      'a key of another width',
      'name: "ssa.slices"\n    alias: "slices"\n  }\n  match_fields {\n    id: 1\n    name: "ipv6_dst"\n    bitwidth: 128',
      'name: "ssa.slices"\n    alias: "slices"\n  }\n  match_fields {\n    id: 1\n    name: "ipv6_dst"\n    bitwidth: 64',
      "table 'ssa.slices': keys are (ipv6_dst:lpm:64); the model expects (ipv6_dst:lpm:128)",
    ],
    ['a renamed action', 'name: "sar.set_member"', 'name: "sar.set_member2"', /sar\.set_member/],
    [
      'a register of another width',
      '      bit {\n        bitwidth: 16\n      }\n    }\n  }\n  size: 16384',
      '      bit {\n        bitwidth: 32\n      }\n    }\n  }\n  size: 16384',
      "register 'sar.round_robin' is 16384 x bit<32>; the model expects 16384 x bit<16>",
    ],
  ])('refuses a P4Info with %s, naming what differs', (_what, from, to, message) => {
    const original = readFileSync(FABRIC_P4INFO, 'utf8');
    const text = original.replace(from, to);
    expect(text).not.toBe(original);
    expect(() => load(text)).toThrow(message);
  });
});

describe('FabricDeparser', () => {
  // An IPv6/UDP packet: the fast path (same headers as parsed) and the general path must agree.
  const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
  const frame = hex(
    '020000000002 020000000001 86dd 60000000 000c 11 40' +
      '20010db8000000000000000000000001 20010db8000000000000000000000002 1234 5678 000c 0000 01020304',
  );

  it('writes changed headers back in place when the header layout is unchanged', () => {
    const hdr = new Headers();
    const parser = new FabricParser(hdr, 510);
    expect(parser.parse(frame, 1)).toBe(ParserError.NoError);
    hdr.ipv6.b[7] = 63;
    const out = deparse(hdr, frame, parser.offset);
    const expected = frame.slice();
    expected[14 + 7] = 63;
    expect(Buffer.from(out).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
    expect(frame[14 + 7]).toBe(0x40); // the input is not changed
  });

  it('lays the headers out anew when one was pushed', () => {
    const hdr = new Headers();
    const parser = new FabricParser(hdr, 510);
    parser.parse(frame, 1);
    hdr.tun_ipv6.setValid();
    hdr.tun_ipv6.b[0] = 0x60;
    const out = deparse(hdr, frame, parser.offset);
    expect(out.length).toBe(frame.length + 40);
    expect(Buffer.from(out.subarray(14, 54)).toString('hex')).toBe('60' + '00'.repeat(39));
    expect(Buffer.from(out.subarray(54)).toString('hex')).toBe(
      Buffer.from(frame.subarray(14)).toString('hex'),
    );
  });

  it('ends parsing with PacketTooShort on a truncated header, leaving it invalid', () => {
    const hdr = new Headers();
    const parser = new FabricParser(hdr, 510);
    expect(parser.parse(frame.subarray(0, 60), 1)).toBe(ParserError.PacketTooShort);
    expect(hdr.ipv6.valid).toBe(true);
    expect(hdr.udp.valid).toBe(false);
  });
});
