import { kitchenSink } from '../../test/fixtures/kitchen-sink';
import { P4ValueError } from './common';
import { CloneSessionEntry, MulticastGroupEntry, type Replica } from './replication';

const schema = kitchenSink();
const mc = (replicas: Replica[], groupId = 1) =>
  new MulticastGroupEntry({ groupId, replicas }).encode(schema);

describe('MulticastGroupEntry', () => {
  it('encodes ports in the v1.4+ bytes field (never the deprecated egress_port), instance default 0', () => {
    const e = mc([
      7,
      { port: 7, instance: 1 },
      { port: Uint8Array.of(0, 9) },
      { port: 0xfffffffd },
    ]);
    const replicas = e.packet_replication_engine_entry?.multicast_group_entry?.replicas;
    expect(replicas).toEqual([
      { port: Uint8Array.of(7), instance: 0 },
      { port: Uint8Array.of(7), instance: 1 },
      { port: Uint8Array.of(0, 9), instance: 0 },
      { port: Uint8Array.of(0xff, 0xff, 0xff, 0xfd), instance: 0 },
    ]);
    expect(replicas?.some((r) => 'egress_port' in r)).toBe(false);
  });

  it('reads every group with id 0 (or none)', () => {
    expect(new MulticastGroupEntry().encode(schema)).toEqual({
      packet_replication_engine_entry: { multicast_group_entry: { multicast_group_id: 0 } },
    });
  });

  it('round trips, including backups and metadata, and decodes the deprecated egress_port', () => {
    const g = new MulticastGroupEntry({
      groupId: 9,
      replicas: [
        { port: 1, instance: 0 },
        { port: 2, instance: 1, backups: [{ port: 3, instance: 1 }] },
      ],
      metadata: Uint8Array.of(0xab),
    });
    const msg = g.encode(schema).packet_replication_engine_entry?.multicast_group_entry ?? {};
    expect(MulticastGroupEntry.decode(msg)).toEqual(g);
    const old = MulticastGroupEntry.decode({
      multicast_group_id: 2,
      replicas: [{ egress_port: 4, instance: 1 }],
    });
    expect(old.replicas).toEqual([{ port: 4, instance: 1 }]);
  });

  it.each<[string, Replica[], string]>([
    [
      'a repeated (port, instance)',
      [
        { port: 1, instance: 1 },
        { port: 1, instance: 1 },
      ],
      'multicast group 1 replica #1: (port 1, instance 1) is already used by replica #0 (each (port, instance) must be unique in the group)',
    ],
    [
      'the same port as bytes and as a number',
      [5, { port: Uint8Array.of(0, 5) }],
      'replica #1: (port 0x0005, instance 0) is already used by replica #0',
    ],
    [
      'a backup on the replica port',
      [{ port: 1, instance: 0, backups: [{ port: 1, instance: 2 }] }],
      "multicast group 1 replica #0 backup #0: has the replica's own port 1",
    ],
    [
      'a backup that repeats another replica',
      [{ port: 1 }, { port: 2, backups: [{ port: 1 }] }],
      'replica #1 backup #0: (port 1, instance 0) is already used by replica #0',
    ],
    [
      'a port past 32 bits',
      [2 ** 32],
      'multicast group 1 replica #0 port: value 0x100000000 does not fit in 32 bits',
    ],
    [
      'a negative instance',
      [{ port: 1, instance: -1 }],
      'multicast group 1 replica #0 instance: -1 is out of range (expected 0 to 4294967295)',
    ],
  ])('refuses %s', (_what, replicas, message) => {
    expect(() => mc(replicas)).toThrow(P4ValueError);
    expect(() => mc(replicas)).toThrow(message);
  });

  it('refuses replicas in a group with id 0 (the read wildcard)', () => {
    expect(() => mc([1], 0)).toThrow(
      'multicast group 0 id: 0 is the read wildcard; a group with replicas needs an id >= 1',
    );
  });
});

describe('CloneSessionEntry', () => {
  it('encodes session, replicas, class of service and truncation', () => {
    const c = new CloneSessionEntry({
      sessionId: 100,
      replicas: [{ port: 255, instance: 1 }],
      classOfService: 2,
      packetLengthBytes: 4096,
    });
    expect(c.encode(schema)).toEqual({
      packet_replication_engine_entry: {
        clone_session_entry: {
          session_id: 100,
          replicas: [{ port: Uint8Array.of(255), instance: 1 }],
          class_of_service: 2,
          packet_length_bytes: 4096,
        },
      },
    });
    const msg = c.encode(schema).packet_replication_engine_entry?.clone_session_entry ?? {};
    expect(CloneSessionEntry.decode(msg)).toEqual(c);
  });

  it('reads every session with id 0 and refuses data on id 0', () => {
    expect(new CloneSessionEntry().encode(schema).packet_replication_engine_entry).toEqual({
      clone_session_entry: { session_id: 0 },
    });
    expect(() => new CloneSessionEntry({ classOfService: 1 }).encode(schema)).toThrow(
      'clone session 0 id: 0 is the read wildcard',
    );
    expect(() =>
      new CloneSessionEntry({ sessionId: 1, packetLengthBytes: -5 }).encode(schema),
    ).toThrow('clone session 1 packetLengthBytes: -5 is out of range');
  });
});
