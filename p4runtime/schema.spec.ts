import { readFileSync } from 'node:fs';
import { KITCHEN_SINK_P4INFO, kitchenSink } from '../test/fixtures/kitchen-sink';
import { P4Schema } from './schema';
import { p4, protoRoot } from './proto';
import { printText } from './textformat';

describe('P4Schema over the kitchen-sink P4Info', () => {
  const schema = kitchenSink();

  it('indexes every object kind', () => {
    expect(schema.tables.size).toBe(8);
    expect(schema.actions.get('set_next_hop').id).toBe(16777219);
    expect(schema.actionProfiles.get('ecmp_selector').withSelector).toBe(true);
    expect(schema.counters.get('port_counter').id).toBe(301989889);
    expect(schema.directCounters.get('acl_counter').directTableId).toBe(33554435);
    expect(schema.meters.get('port_meter').id).toBe(335544321);
    expect(schema.directMeters.get('acl_meter').id).toBe(352321537);
    expect(schema.packetMetadata.get('packet_in').metadata.list.length).toBeGreaterThan(0);
    expect(schema.valueSets.get('trill_types').id).toBe(50331649);
    expect(schema.registers.get('flow_bytes').id).toBe(369098753);
    expect(schema.digests.get('mac_learn_digest_t').id).toBe(385875969);
  });

  it('resolves tables by full name, alias, suffix and id alike', () => {
    const t = schema.tables.get('MyIngress.acl');
    expect(schema.tables.get('acl')).toBe(t);
    expect(schema.tables.get(33554435)).toBe(t);
  });

  it('knows which tables order entries by priority', () => {
    expect(schema.tables.get('acl').needsPriority).toBe(true);
    expect(schema.tables.get('ipv4_lpm').needsPriority).toBe(false);
    expect(schema.tables.get('ipv6_lpm').needsPriority).toBe(false);
  });

  it('finds match fields by name, suffix or id, with a suggestion when wrong', () => {
    const acl = schema.tables.get('acl');
    expect(acl.fields.get('hdr.tcp.dport').kind).toBe('range');
    expect(acl.fields.get('dport').id).toBe(4);
    expect(acl.fields.get(2).bitwidth).toBe(128);
    expect(() => acl.fields.get('hdr.tcp.dprot')).toThrow(
      "table 'MyIngress.acl' has no match field named 'hdr.tcp.dprot'. Did you mean 'hdr.tcp.dport'?",
    );
  });

  it('refuses an action that the table does not list', () => {
    const lpm = schema.tables.get('ipv4_lpm');
    expect(() => schema.tableAction(lpm, 'MyEgress.drop')).toThrow(
      /action 'MyEgress.drop' is not an action of table 'MyIngress.ipv4_lpm'/,
    );
  });

  it('reads the same P4Info from text and binary', () => {
    const bin = p4.config.v1.P4Info.encode(schema.p4info).finish();
    const again = P4Schema.fromBinary(bin);
    // The fixture opens with a comment of ours; p4c writes none, and the printer neither.
    const text = readFileSync(KITCHEN_SINK_P4INFO, 'utf8').replace(/^(#.*\n)+\n?/, '');
    expect(printText(again.p4info, protoRoot.P4Info)).toBe(text);
  });

  it('refuses a P4Info with duplicate ids', () => {
    const info = p4.config.v1.P4Info.decode(p4.config.v1.P4Info.encode(schema.p4info).finish());
    info.tables[1].preamble!.id = info.tables[0].preamble!.id;
    expect(() => new P4Schema(info)).toThrow(/duplicate table id 33554433/);
  });
});
