import { kitchenSink } from '../../test/fixtures/kitchen-sink';
import type { EncodableEntity } from './update';
import { P4SchemaError } from './common';
import {
  ActionProfileGroup,
  ActionProfileMember,
  CloneSessionEntry,
  CounterEntry,
  DigestEntry,
  DirectCounterEntry,
  DirectMeterEntry,
  MeterEntry,
  MulticastGroupEntry,
  RegisterEntry,
  TableEntry,
  ValueSetEntry,
  decodeEntity,
} from './index';

const schema = kitchenSink();
const key = { table: 'MyIngress.acl', match: { 'hdr.ipv6.next_hdr': 17n }, priority: 2 };

const entities: EncodableEntity[] = [
  new TableEntry({ ...key, action: { name: 'MyIngress.drop' } }),
  new ActionProfileMember({
    profile: 'MyIngress.nexthop_profile',
    memberId: 1,
    action: { name: 'MyIngress.drop' },
  }),
  new ActionProfileGroup({
    profile: 'MyIngress.ecmp_selector',
    groupId: 2,
    maxSize: 4,
    members: [{ member: 1, weight: 1 }],
  }),
  new CounterEntry({
    counter: 'MyEgress.drop_counter',
    index: 1,
    data: { bytes: 0n, packets: 9n },
  }),
  new DirectCounterEntry({ entry: key, data: { bytes: 1n, packets: 1n } }),
  new MeterEntry({ meter: 'MyIngress.port_meter', index: 1 }),
  new DirectMeterEntry({ entry: key, config: { cir: 1n, cburst: 1n, pir: 1n, pburst: 1n } }),
  new MulticastGroupEntry({ groupId: 3, replicas: [{ port: 1, instance: 0 }] }),
  new CloneSessionEntry({ sessionId: 4, replicas: [{ port: 2, instance: 0 }] }),
  new ValueSetEntry({ valueSet: 'MyParser.trill_types', members: [{ 1: 0x8100n }] }),
  new RegisterEntry({ register: 'MyIngress.flow_bytes', index: 5, data: 6n }),
  new DigestEntry({
    digest: 'mac_learn_digest_t',
    config: { maxTimeoutNs: 0n, maxListSize: 1, ackTimeoutNs: 0n },
  }),
];

describe('decodeEntity', () => {
  it.each(entities.map((e) => [e.constructor.name, e]))('gives back a %s', (_name, e) => {
    const back = decodeEntity(e.encode(schema), schema);
    expect(back).toBeInstanceOf(e.constructor);
    expect(back).toEqual(e);
  });

  it('refuses extern entries and empty entities', () => {
    expect(() => decodeEntity({ extern_entry: { extern_id: 1 } }, schema)).toThrow(P4SchemaError);
    expect(() => decodeEntity({}, schema)).toThrow(
      'cannot decode no entity: expected one of the P4Runtime entity kinds',
    );
  });

  it('refuses unknown ids with the object kind', () => {
    expect(() => decodeEntity({ table_entry: { table_id: 0x0200ffff } }, schema)).toThrow(
      'no table with id 33619967',
    );
    expect(() => decodeEntity({ counter_entry: { counter_id: 7 } }, schema)).toThrow(
      'no counter with id 7',
    );
  });
});

describe('the kitchen-sink fixture', () => {
  it('holds every P4Info object kind, each id with its p4c resource prefix', () => {
    const kinds = {
      tables: 0x02,
      actions: 0x01,
      actionProfiles: 0x11,
      counters: 0x12,
      directCounters: 0x13,
      meters: 0x14,
      directMeters: 0x15,
      registers: 0x16,
      digests: 0x17,
      packetMetadata: 0x04,
      valueSets: 0x03,
    } as const;
    for (const [kind, prefix] of Object.entries(kinds)) {
      const all = schema[kind as keyof typeof kinds].all();
      expect([kind, all.length > 0]).toEqual([kind, true]);
      expect(all.filter((o) => o.id >>> 24 !== prefix).map((o) => o.name)).toEqual([]);
    }
    const kindsOfMatch = new Set(
      schema.tables.all().flatMap((t) => t.fields.list.map((f) => f.kind)),
    );
    expect([...kindsOfMatch].sort()).toEqual(['exact', 'lpm', 'optional', 'range', 'ternary']);
    expect(schema.digests.get('mac_learn_digest_t').typeSpec.struct?.name).toBe(
      'mac_learn_digest_t',
    );
    expect(Object.keys(schema.p4info.type_info?.structs ?? {})).toEqual(['mac_learn_digest_t']);
  });
});
