import { TableError } from './errors';
import { PacketReplicationEngine } from './pre';

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TableError);
    return `${(e as TableError).kind}: ${(e as TableError).message}`;
  }
  throw new Error('expected a TableError');
}

const r = (egressPort: number, instance = 0) => ({ egressPort, instance });

describe('PacketReplicationEngine', () => {
  it('keeps multicast groups: insert, read, modify, delete', () => {
    const pre = new PacketReplicationEngine();
    pre.insertMulticastGroup(2, [r(1), r(2), r(2, 1)]);
    pre.insertMulticastGroup(1, []);
    expect(pre.multicastGroup(2)).toEqual([r(1), r(2), r(2, 1)]);
    expect(Object.isFrozen(pre.multicastGroup(2))).toBe(true);
    pre.modifyMulticastGroup(2, [r(3)]);
    expect(pre.multicastGroups()).toEqual([
      { groupId: 1, replicas: [] },
      { groupId: 2, replicas: [r(3)] },
    ]);
    pre.deleteMulticastGroup(2);
    expect(pre.multicastGroup(2)).toBeUndefined();
  });

  it('keeps clone sessions with class of service and truncation', () => {
    const pre = new PacketReplicationEngine();
    pre.insertCloneSession({
      sessionId: 5,
      replicas: [r(255)],
      classOfService: 3,
      packetLengthBytes: 128,
    });
    expect(pre.cloneSession(5)).toEqual({
      sessionId: 5,
      replicas: [r(255)],
      classOfService: 3,
      packetLengthBytes: 128,
    });
    pre.modifyCloneSession({
      sessionId: 5,
      replicas: [r(1)],
      classOfService: 0,
      packetLengthBytes: 0,
    });
    expect(pre.cloneSessions().map((s) => s.replicas)).toEqual([[r(1)]]);
    pre.deleteCloneSession(5);
    expect(pre.cloneSession(5)).toBeUndefined();
  });

  it.each<[string, (pre: PacketReplicationEngine) => void, RegExp]>([
    [
      'group id 0',
      (p) => p.insertMulticastGroup(0, []),
      /^INVALID_ARGUMENT: multicast group 0: id 0 must be a uint32 > 0/,
    ],
    [
      'a duplicate group',
      (p) => p.insertMulticastGroup(7, []),
      /^ALREADY_EXISTS: multicast group 7 already exists/,
    ],
    [
      'a replica listed twice',
      (p) => p.insertMulticastGroup(8, [r(1, 2), r(1, 2)]),
      /port 1 instance 2 is listed twice/,
    ],
    [
      'a negative port',
      (p) => p.insertMulticastGroup(8, [r(-1)]),
      /needs uint32 egressPort and instance/,
    ],
    [
      'modifying a missing group',
      (p) => p.modifyMulticastGroup(9, []),
      /^NOT_FOUND: multicast group 9 does not exist/,
    ],
    [
      'deleting a missing session',
      (p) => p.deleteCloneSession(9),
      /^NOT_FOUND: clone session 9 does not exist/,
    ],
    [
      'too many replicas',
      (p) => p.insertMulticastGroup(8, [r(1), r(2), r(3), r(4)]),
      /^RESOURCE_EXHAUSTED: .*4 replicas exceed the maximum 3/,
    ],
    [
      'too many groups',
      (p) => {
        p.insertMulticastGroup(8, []);
        p.insertMulticastGroup(9, []);
      },
      /^RESOURCE_EXHAUSTED: .*2 groups at most/,
    ],
    [
      'a bad class of service',
      (p) =>
        p.insertCloneSession({
          sessionId: 1,
          replicas: [],
          classOfService: -1,
          packetLengthBytes: 0,
        }),
      /class of service -1/,
    ],
  ])('refuses %s', (_what, op, expected) => {
    const pre = new PacketReplicationEngine({ maxReplicas: 3, maxMulticastGroups: 2 });
    pre.insertMulticastGroup(7, [r(1)]);
    expect(message(() => op(pre))).toMatch(expected);
    expect(pre.multicastGroup(7)).toEqual([r(1)]);
  });
});
