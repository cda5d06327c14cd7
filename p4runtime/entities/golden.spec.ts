/**
 * Golden encodings: for a representative set of entities, the expected p4.v1.Entity written as
 * protobuf text (as p4runtime-shell's tests do), so a reviewer reads the wire form directly.
 * Ids are in hex with the object's name beside them; values are the canonical bytestrings.
 */
import { kitchenSink } from '../../test/fixtures/kitchen-sink';
import type { EncodableEntity } from './update';
import { p4, protoRoot } from '../proto';
import { parseText, printText } from '../textformat';
import { ActionProfileGroup } from './action-profile';
import { CounterEntry, DirectCounterEntry } from './counter';
import { DigestEntry } from './digest';
import { decodeEntity } from './entity';
import { RegisterEntry } from './register';
import { CloneSessionEntry, MulticastGroupEntry } from './replication';
import { TableEntry } from './table-entry';
import { ValueSetEntry } from './value-set';

const schema = kitchenSink();
const Entity = protoRoot.Entity;
const print = (m: object) => printText(m, Entity);

const V6_2001_DB8 = String.raw`\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00`;

const cases: [string, EncodableEntity, string][] = [
  [
    'an LPM IPv6 route',
    new TableEntry({
      table: 'ipv6_lpm',
      match: { 'hdr.ipv6.dst_addr': '2001:db8::/32', vrf: 3 },
      action: { name: 'set_next_hop', params: { port: 1, dmac: '00:00:00:00:00:01' } },
    }),
    String.raw`
      table_entry {
        table_id: 0x02000002                 # MyIngress.ipv6_lpm
        match {
          field_id: 1                        # meta.vrf
          exact { value: "\x03" }
        }
        match {
          field_id: 2                        # hdr.ipv6.dst_addr
          lpm { value: "${V6_2001_DB8}" prefix_len: 32 }
        }
        action {
          action {
            action_id: 0x01000003            # MyIngress.set_next_hop
            params { param_id: 1 value: "\x01" }
            params { param_id: 2 value: "\x01" }
          }
        }
      }`,
  ],
  [
    'a ternary ACL entry with priority',
    new TableEntry({
      table: 'acl',
      match: {
        ingress_port: { value: 1, mask: 0x1ff },
        ether_type: { value: 0x86dd, mask: 0xffff },
        src_addr: { value: 0, mask: 0 }, // "don't care": left out
      },
      action: { name: 'punt_to_cpu', params: { reason: 1 } },
      priority: 10,
    }),
    String.raw`
      table_entry {
        table_id: 0x02000003                 # MyIngress.acl
        match {
          field_id: 1                        # standard_metadata.ingress_port
          ternary { value: "\x01" mask: "\x01\xff" }
        }
        match {
          field_id: 3                        # hdr.ethernet.ether_type
          ternary { value: "\x86\xdd" mask: "\xff\xff" }
        }
        action { action { action_id: 0x01000005 params { param_id: 1 value: "\x01" } } }
        priority: 10
      }`,
  ],
  [
    'a range entry with every match kind',
    new TableEntry({
      table: 'mixed',
      match: {
        'hdr.ipv6.dst_addr': '2001:db8::/32',
        vrf: 3,
        'hdr.tcp.dport': { low: 80, high: 90 },
        flags: { value: 0x02, mask: 0x0f },
        opt: { optional: 7 },
      },
      action: { name: 'set_next_hop', params: { port: 1, dmac: '00:00:00:00:00:01' } },
      priority: 10,
    }),
    String.raw`
      table_entry {
        table_id: 0x02000004                 # MyIngress.mixed
        match { field_id: 1 exact { value: "\x03" } }
        match { field_id: 2 lpm { value: "${V6_2001_DB8}" prefix_len: 32 } }
        match { field_id: 3 range { low: "\x50" high: "\x5a" } }
        match { field_id: 4 ternary { value: "\x02" mask: "\x0f" } }
        match { field_id: 5 optional { value: "\x07" } }
        action {
          action {
            action_id: 0x01000003
            params { param_id: 1 value: "\x01" }
            params { param_id: 2 value: "\x01" }
          }
        }
        priority: 10
      }`,
  ],
  [
    'a default entry',
    new TableEntry({ table: 'ipv4_lpm', isDefault: true, action: { name: 'NoAction' } }),
    String.raw`
      table_entry {
        table_id: 0x02000001                 # MyIngress.ipv4_lpm
        action { action { action_id: 0x01000001 } }   # NoAction
        is_default_action: true
      }`,
  ],
  [
    'a one-shot selector entry',
    new TableEntry({
      table: 'ecmp',
      match: { dst_addr: '2001:db8::/32' },
      action: {
        oneShot: [
          {
            action: { name: 'set_next_hop', params: { port: 1, dmac: 1 } },
            weight: 1,
            watchPort: 1,
          },
          {
            action: { name: 'set_next_hop', params: { port: 2, dmac: 2 } },
            weight: 2,
            watchPort: 2,
          },
        ],
      },
    }),
    String.raw`
      table_entry {
        table_id: 0x02000005                 # MyIngress.ecmp
        match { field_id: 1 lpm { value: "${V6_2001_DB8}" prefix_len: 32 } }
        action {
          action_profile_action_set {
            action_profile_actions {
              action { action_id: 0x01000003 params { param_id: 1 value: "\x01" } params { param_id: 2 value: "\x01" } }
              weight: 1
              watch_port: "\x01"
            }
            action_profile_actions {
              action { action_id: 0x01000003 params { param_id: 1 value: "\x02" } params { param_id: 2 value: "\x02" } }
              weight: 2
              watch_port: "\x02"
            }
          }
        }
      }`,
  ],
  [
    'a selector group',
    new ActionProfileGroup({
      profile: 'ecmp_selector',
      groupId: 7,
      maxSize: 16,
      members: [
        { member: 1, weight: 2 },
        { member: 2, watchPort: 3 },
      ],
    }),
    String.raw`
      action_profile_group {
        action_profile_id: 0x11000002        # MyIngress.ecmp_selector
        group_id: 7
        members { member_id: 1 weight: 2 }
        members { member_id: 2 weight: 1 watch_port: "\x03" }
        max_size: 16
      }`,
  ],
  [
    'a multicast group with a backup replica',
    new MulticastGroupEntry({
      groupId: 1,
      replicas: [
        { port: 5, instance: 1 },
        { port: 12, instance: 2, backups: [{ port: 13, instance: 5 }] },
      ],
    }),
    String.raw`
      packet_replication_engine_entry {
        multicast_group_entry {
          multicast_group_id: 1
          replicas { port: "\x05" instance: 1 }
          replicas { port: "\x0c" instance: 2 backup_replicas { port: "\x0d" instance: 5 } }
        }
      }`,
  ],
  [
    'a clone session to the CPU port',
    new CloneSessionEntry({
      sessionId: 100,
      replicas: [{ port: 0xfffffffd, instance: 1 }],
      classOfService: 2,
      packetLengthBytes: 4096,
    }),
    String.raw`
      packet_replication_engine_entry {
        clone_session_entry {
          session_id: 100
          replicas { port: "\xff\xff\xff\xfd" instance: 1 }
          class_of_service: 2
          packet_length_bytes: 4096
        }
      }`,
  ],
  [
    'a counter read wildcard',
    new CounterEntry({ counter: 'port_counter' }),
    'counter_entry { counter_id: 0x12000001 }   # MyIngress.port_counter, every index',
  ],
  ['a read of every counter', new CounterEntry(), 'counter_entry { }'],
  [
    'a direct counter read of one ACL entry',
    new DirectCounterEntry({ entry: { table: 'acl', match: { dport: 443 }, priority: 3 } }),
    String.raw`
      direct_counter_entry {
        table_entry {
          table_id: 0x02000003
          match { field_id: 4 range { low: "\x01\xbb" high: "\x01\xbb" } }
          priority: 3
        }
      }`,
  ],
  [
    'a value set with two members',
    new ValueSetEntry({ valueSet: 'trill_types', members: [{ 1: 0x22f3 }, { 1: 0x893b }] }),
    String.raw`
      value_set_entry {
        value_set_id: 0x03000001             # MyParser.trill_types
        members { match { field_id: 1 exact { value: "\x22\xf3" } } }
        members { match { field_id: 1 exact { value: "\x89\x3b" } } }
      }`,
  ],
  [
    'a register cell (bit<32>)',
    new RegisterEntry({ register: 'flow_bytes', index: 7, data: 1500 }),
    String.raw`register_entry { register_id: 0x16000001 index { index: 7 } data { bitstring: "\x05\xdc" } }`,
  ],
  [
    'a signed register cell (int<16>)',
    new RegisterEntry({ register: 'rtt_delta', index: 0, data: -99 }),
    String.raw`register_entry { register_id: 0x16000002 index { } data { bitstring: "\x9d" } }`,
  ],
  [
    'a digest configuration',
    new DigestEntry({
      digest: 'mac_learn_digest_t',
      config: { maxTimeoutNs: 1_000_000n, maxListSize: 64, ackTimeoutNs: 1_000_000_000n },
    }),
    String.raw`
      digest_entry {
        digest_id: 0x17000001
        config { max_timeout_ns: 1000000 max_list_size: 64 ack_timeout_ns: 1000000000 }
      }`,
  ],
];

describe('golden protobuf text of encoded entities', () => {
  it.each(cases)('%s', (_what, entity, text) => {
    const expected = print(parseText(text, Entity));
    const encoded = entity.encode(schema);
    expect(print(encoded)).toBe(expected);
    // The static encoder accepts it and the wire form decodes to the same message.
    const wire = p4.v1.Entity.decode(p4.v1.Entity.encode(encoded).finish());
    expect(print(wire)).toBe(expected);
    // Decoding the golden message and encoding it again gives it back (read-write symmetry).
    const decoded = decodeEntity(parseText<p4.v1.IEntity>(text, Entity), schema);
    expect(print(decoded.encode(schema))).toBe(expected);
  });
});
