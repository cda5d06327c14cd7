/**
 * The direct wire encoder must write exactly what protobufjs's generated encoder writes: for
 * random Updates over every field of a table entry (every match kind, action kind, 64-bit form,
 * unknown fields), for decoded message instances, and for every entity the library builds.
 */
import Long from 'long';
import { kitchenSink } from '../../test/fixtures/kitchen-sink';
import { p4, protoRoot } from '../proto';
import {
  ActionProfileGroup,
  ActionProfileMember,
  CounterEntry,
  DigestEntry,
  DirectCounterEntry,
  DirectMeterEntry,
  MeterEntry,
  MulticastGroupEntry,
  RegisterEntry,
  TableEntry,
  ValueSetEntry,
} from '../entities';
import type { EncodableEntity } from '../entities/update';
import { encodeUpdateBytes } from './write-request';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const protobufjs = (u: p4.v1.IUpdate) => hex(p4.v1.Update.encode(u).finish());
/** An update as JSON, bytes in hex, to name a failing case. */
const printable = (u: p4.v1.IUpdate) =>
  JSON.stringify(u, (_k, v: unknown) => (v instanceof Uint8Array ? `0x${hex(v)}` : v));

/** A seeded generator (mulberry32), so a failing case replays. */
function generator(seed: number) {
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  const maybe = <T>(make: () => T): T | null | undefined =>
    next() < 0.5 ? make() : pick([undefined, null]);
  return { next, int, pick, maybe };
}
type Gen = ReturnType<typeof generator>;

/** Bytes in every form protobufjs takes: empty, short, longer than 127, Buffer, base64 text. */
function bytes(g: Gen): Uint8Array | string {
  const len = g.pick([0, 1, 2, 6, 16, 127, 128, 300]);
  const b = Uint8Array.from({ length: len }, () => g.int(256));
  return g.pick([b, b, b, Buffer.from(b), Buffer.from(b).toString('base64')]);
}
const u32 = (g: Gen) =>
  g.pick([0, 1, 127, 128, 16383, 16384, 0x7fffffff, 0xffffffff, g.int(2 ** 32)]);
const i32 = (g: Gen) => g.pick([0, 1, -1, 127, 128, -(2 ** 31), 0x7fffffff, g.int(1e6)]);
const i64 = (g: Gen) =>
  g.pick<number | string | Long>([
    0,
    1,
    2 ** 53 - 1,
    g.int(2 ** 40),
    Long.ZERO,
    Long.fromBits(g.int(2 ** 32) | 0, g.int(2 ** 32) | 0, true),
    Long.fromBits(g.int(2 ** 32) | 0, 0, false),
    Long.fromNumber(-5),
    '0',
    '9007199254740993',
  ]) as unknown as Long;
/** Unknown fields a decoded message may carry: written back as they are. */
const unknowns = (g: Gen) => (g.next() < 0.1 ? { $unknowns: [Uint8Array.of(0xb8, 0x3e, 1)] } : {});

function fieldMatch(g: Gen): p4.v1.IFieldMatch {
  const m: p4.v1.IFieldMatch = { field_id: g.maybe(() => u32(g)), ...unknowns(g) };
  const kinds = g.next() < 0.1 ? 2 : 1; // a malformed oneof is still written field by field
  for (let i = 0; i < kinds; i++) {
    const b = () => g.maybe(() => bytes(g)) as Uint8Array;
    switch (g.int(6)) {
      case 0:
        m.exact = { value: b(), ...unknowns(g) };
        break;
      case 1:
        m.ternary = { value: b(), mask: b(), ...unknowns(g) };
        break;
      case 2:
        m.lpm = { value: b(), prefix_len: g.maybe(() => i32(g)), ...unknowns(g) };
        break;
      case 3:
        m.range = { low: b(), high: b(), ...unknowns(g) };
        break;
      case 4:
        m.optional = { value: b(), ...unknowns(g) };
        break;
      default:
        m.other = { type_url: 'type.googleapis.com/x.Y', value: b() };
    }
  }
  return m;
}

function action(g: Gen): p4.v1.IAction {
  return {
    action_id: g.maybe(() => u32(g)),
    params: g.maybe(() =>
      Array.from({ length: g.int(4) }, () => ({
        param_id: g.maybe(() => u32(g)),
        value: g.maybe(() => bytes(g)) as Uint8Array,
        ...unknowns(g),
      })),
    ),
    ...unknowns(g),
  };
}

function tableAction(g: Gen): p4.v1.ITableAction {
  switch (g.int(5)) {
    case 0:
      return { action: action(g) };
    case 1:
      return { action_profile_member_id: u32(g), ...unknowns(g) };
    case 2:
      return { action_profile_group_id: u32(g) };
    case 3:
      return {
        action_profile_action_set: {
          action_profile_actions: Array.from({ length: g.int(3) }, () => {
            const a: p4.v1.IActionProfileAction = { action: g.maybe(() => action(g)) };
            a.weight = g.maybe(() => i32(g));
            if (g.next() < 0.3) a.watch = i32(g);
            else if (g.next() < 0.5) a.watch_port = bytes(g) as Uint8Array;
            return { ...a, ...unknowns(g) };
          }),
          action_selection_mode: g.maybe(() => g.int(3)),
          size_semantics: g.maybe(() => g.int(3)),
          ...unknowns(g),
        },
      };
    default:
      return {};
  }
}

const counterData = (g: Gen): p4.v1.ICounterData => ({
  byte_count: g.maybe(() => i64(g)),
  packet_count: g.maybe(() => i64(g)),
  ...unknowns(g),
});

function tableEntry(g: Gen): p4.v1.ITableEntry {
  return {
    table_id: g.maybe(() => u32(g)),
    match: g.maybe(() => Array.from({ length: g.int(4) }, () => fieldMatch(g))),
    action: g.maybe(() => tableAction(g)),
    priority: g.maybe(() => i32(g)),
    controller_metadata: g.maybe(() => i64(g)),
    meter_config: g.maybe(() => ({
      cir: i64(g),
      cburst: i64(g),
      pir: g.maybe(() => i64(g)),
      pburst: i64(g),
      eburst: g.maybe(() => i64(g)),
      ...unknowns(g),
    })),
    counter_data: g.maybe(() => counterData(g)),
    meter_counter_data: g.maybe(() => ({
      green: g.maybe(() => counterData(g)),
      yellow: g.maybe(() => counterData(g)),
      red: g.maybe(() => counterData(g)),
    })),
    is_default_action: g.maybe(() => g.next() < 0.5),
    idle_timeout_ns: g.maybe(() => i64(g)),
    time_since_last_hit: g.maybe(() => ({ elapsed_ns: g.maybe(() => i64(g)), ...unknowns(g) })),
    metadata: g.maybe(() => bytes(g)) as Uint8Array,
    is_const: g.maybe(() => g.next() < 0.5),
    ...unknowns(g),
  };
}

function update(g: Gen): p4.v1.IUpdate {
  const entity = g.pick<() => p4.v1.IEntity | undefined>([
    () => ({ table_entry: tableEntry(g) }),
    () => ({ table_entry: tableEntry(g) }),
    () => ({ table_entry: tableEntry(g) }),
    () => ({ counter_entry: { counter_id: u32(g), index: { index: i64(g) } } }),
    () => ({ extern_entry: { extern_type_id: 1 }, table_entry: { table_id: 2 } }),
    () => ({ ...unknowns(g) }),
    () => undefined,
  ])();
  return { type: g.maybe(() => g.int(4)), entity, ...unknowns(g) };
}

describe('writeUpdate (via encodeUpdateBytes)', () => {
  it('writes the bytes protobufjs writes, for 3000 random updates', () => {
    const g = generator(20240611);
    const differ: { i: number; update: string }[] = [];
    for (let i = 0; i < 3000; i++) {
      const u = update(g);
      if (hex(encodeUpdateBytes(u)) !== protobufjs(u)) differ.push({ i, update: printable(u) });
    }
    expect(differ).toEqual([]);
  });

  it('writes the bytes protobufjs writes for decoded messages (defaults on their prototypes)', () => {
    const g = generator(7);
    for (let i = 0; i < 500; i++) {
      const bytes = p4.v1.Update.encode(update(g)).finish();
      // Generated classes, and reflection-built messages as the text format makes them.
      for (const decoded of [p4.v1.Update.decode(bytes), protoRoot.Update.decode(bytes)]) {
        expect(hex(encodeUpdateBytes(decoded))).toBe(protobufjs(decoded));
      }
    }
  });

  it.each([120, 125, 126, 127, 128, 16370, 16380, 16384, 2_097_140, 2_097_152])(
    'writes the lengths of nested messages around varint limits (%i-byte value)',
    (n) => {
      const value = new Uint8Array(n).fill(0xab);
      const u: p4.v1.IUpdate = {
        type: 1,
        entity: { table_entry: { table_id: 1, match: [{ field_id: 1, exact: { value } }] } },
      };
      expect(hex(encodeUpdateBytes(u))).toBe(protobufjs(u));
    },
  );
});

describe('every kitchen-sink entity', () => {
  const schema = kitchenSink();
  const route = { port: 1, dmac: '00:00:00:00:00:01' };
  const entities: [string, EncodableEntity][] = [
    [
      'every match kind',
      new TableEntry({
        table: 'mixed',
        match: {
          'hdr.ipv6.dst_addr': '2001:db8::/32',
          vrf: 3,
          'hdr.tcp.dport': { low: 80, high: 90 },
          flags: { value: 0x02, mask: 0x0f },
          opt: { optional: 7 },
        },
        action: { name: 'set_next_hop', params: route },
        priority: 10,
      }),
    ],
    [
      'a default entry',
      new TableEntry({ table: 'ipv4_lpm', isDefault: true, action: { name: 'NoAction' } }),
    ],
    [
      'metadata, cookie, idle timeout and direct counter',
      new TableEntry({
        table: 'ipv4_lpm',
        match: { 'hdr.ipv4.dst_addr': '10.0.0.0/8' },
        action: { name: 'MyIngress.drop' },
        metadata: 'cookie',
        controllerMetadata: 2n ** 62n,
        idleTimeoutNs: 5_000_000_000,
        counterData: { bytes: 10, packets: 1 },
      }),
    ],
    [
      'a direct meter config and its counts',
      new TableEntry({
        table: 'acl',
        match: { dport: 443 },
        priority: 3,
        meterConfig: { cir: 100, cburst: 10, pir: 200, pburst: 20 },
        meterCounterData: { green: { packets: 1 }, red: { bytes: 2 } },
      }),
    ],
    [
      'a member',
      new TableEntry({ table: 'nexthop', match: { 'meta.nexthop_id': 1 }, action: { member: 5 } }),
    ],
    ['a group', new TableEntry({ table: 'ecmp', action: { group: 7 } })],
    [
      'a one-shot set',
      new TableEntry({
        table: 'ecmp',
        action: {
          oneShot: [
            { action: { name: 'set_next_hop', params: route }, weight: 2, watchPort: 3 },
            { action: { name: 'set_next_hop', params: { ...route, port: 2 } } },
          ],
          selectionMode: 'hash',
        },
      }),
    ],
    ['a read of every table', TableEntry.wildcard()],
    [
      'a profile member',
      new ActionProfileMember({
        profile: 'nexthop_profile',
        memberId: 1,
        action: { name: 'set_next_hop', params: route },
      }),
    ],
    [
      'a selector group',
      new ActionProfileGroup({
        profile: 'ecmp_selector',
        groupId: 7,
        maxSize: 16,
        members: [{ member: 1 }],
      }),
    ],
    [
      'a counter cell',
      new CounterEntry({ counter: 'port_counter', index: 3, data: { packets: 5 } }),
    ],
    [
      'a direct counter',
      new DirectCounterEntry({ entry: { table: 'acl', match: { dport: 443 }, priority: 3 } }),
    ],
    [
      'a meter cell',
      new MeterEntry({
        meter: 'port_meter',
        index: 1,
        config: { cir: 1, cburst: 1, pir: 1, pburst: 1 },
      }),
    ],
    [
      'a direct meter',
      new DirectMeterEntry({ entry: { table: 'acl', match: { dport: 443 }, priority: 3 } }),
    ],
    [
      'a multicast group',
      new MulticastGroupEntry({ groupId: 1, replicas: [{ port: 5, instance: 1 }] }),
    ],
    ['a value set', new ValueSetEntry({ valueSet: 'trill_types', members: [{ 1: 0x22f3 }] })],
    ['a register cell', new RegisterEntry({ register: 'rtt_delta', index: 0, data: -99 })],
    [
      'a digest',
      new DigestEntry({
        digest: 'mac_learn_digest_t',
        config: { maxListSize: 10, maxTimeoutNs: 10n ** 9n },
      }),
    ],
  ];

  it.each(entities)('%s', (_name, entity) => {
    for (const type of [1, 2, 3]) {
      const u: p4.v1.IUpdate = { type, entity: entity.encode(schema) };
      expect(hex(encodeUpdateBytes(u))).toBe(protobufjs(u));
    }
  });
});
