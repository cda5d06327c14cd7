import { DigestQueue, type DigestConfig } from './digests';
import { TableError } from './errors';

const mac = (n: number) => Uint8Array.of(0, 0, 0, 0, 0, n);
const port = (n: number) => Uint8Array.of(0, n);
const learn = (n: number) => [mac(n), port(n)];

/** A queue on a clock the test moves by hand. */
function queue(config: DigestConfig | undefined, maxPending?: number) {
  const clock = { now: 0 };
  const q = new DigestQueue(401, config, { clock: () => clock.now, maxPending });
  return { q, clock };
}

describe('DigestQueue', () => {
  it('drops messages until the controller configures the digest', () => {
    const { q } = queue(undefined);
    expect(q.push(learn(1))).toBe(false);
    expect(q.dropped).toBe(1);
    q.configure({ maxTimeoutNs: 0, maxListSize: 1, ackTimeoutNs: 1000 });
    expect(q.push(learn(1))).toBe(true);
    expect(q.poll()?.data).toEqual([learn(1)]);
  });

  it('sends a list as soon as it reaches max_list_size', () => {
    const { q } = queue({ maxTimeoutNs: 1e9, maxListSize: 3, ackTimeoutNs: 1e9 });
    q.push(learn(1));
    q.push(learn(2));
    expect(q.poll()).toBeUndefined();
    q.push(learn(3));
    q.push(learn(4));
    const list = q.poll()!;
    expect(list).toMatchObject({ digestId: 401, listId: 1, timestampNs: 0 });
    expect(list.data).toEqual([learn(1), learn(2), learn(3)]);
    expect(q.pendingCount).toBe(1);
    expect(q.poll()).toBeUndefined();
  });

  it('sends what it has once the oldest message waited max_timeout_ns', () => {
    const { q, clock } = queue({ maxTimeoutNs: 500, maxListSize: 100, ackTimeoutNs: 1e9 });
    q.push(learn(1));
    clock.now = 200;
    q.push(learn(2));
    expect(q.nextDeadlineNs()).toBe(500);
    clock.now = 499;
    expect(q.poll()).toBeUndefined();
    clock.now = 500;
    expect(q.poll()?.data).toEqual([learn(1), learn(2)]);
    expect(q.nextDeadlineNs()).toBeUndefined();
  });

  it('with max_list_size 0 sends everything pending in one list', () => {
    const { q } = queue({ maxTimeoutNs: 0, maxListSize: 0, ackTimeoutNs: 1e9 });
    for (let i = 0; i < 5; i++) q.push(learn(i));
    expect(q.drain().map((l) => l.data.length)).toEqual([5]);
  });

  it('suppresses a message identical to one pending or sent and unacknowledged, until ack', () => {
    const { q } = queue({ maxTimeoutNs: 0, maxListSize: 10, ackTimeoutNs: 1e9 });
    expect(q.push(learn(1))).toBe(true);
    expect(q.push(learn(1))).toBe(false); // pending
    const list = q.poll()!;
    expect(q.push(learn(1))).toBe(false); // sent, not acked
    expect(q.suppressed).toBe(2);
    expect(q.ack(list.listId)).toBe(true);
    expect(q.ack(list.listId)).toBe(false);
    expect(q.push(learn(1))).toBe(true);
  });

  it('allows repeats again after ack_timeout_ns without an ack', () => {
    const { q, clock } = queue({ maxTimeoutNs: 0, maxListSize: 10, ackTimeoutNs: 1000 });
    q.push(learn(7));
    q.poll();
    clock.now = 999;
    expect(q.push(learn(7))).toBe(false);
    expect(q.outstandingCount).toBe(1);
    clock.now = 1000;
    expect(q.push(learn(7))).toBe(true);
    expect(q.outstandingCount).toBe(0);
  });

  it('drops and counts messages beyond maxPending', () => {
    const { q } = queue({ maxTimeoutNs: 1e9, maxListSize: 0, ackTimeoutNs: 0 }, 2);
    expect([1, 2, 3].map((i) => q.push(learn(i)))).toEqual([true, true, false]);
    expect(q.dropped).toBe(1);
  });

  it('copies members, forgets everything when unconfigured, and validates its config', () => {
    const { q } = queue({ maxTimeoutNs: 0, maxListSize: 1, ackTimeoutNs: 1e9 });
    const m = learn(1);
    q.push(m);
    m[0][5] = 9;
    expect(q.poll()?.data[0][0]).toEqual(mac(1));
    q.configure(undefined);
    expect(q.currentConfig).toBeUndefined();
    expect(q.outstandingCount).toBe(0);
    expect(() => q.configure({ maxTimeoutNs: -1, maxListSize: 1, ackTimeoutNs: 0 })).toThrow(
      TableError,
    );
    expect(() => q.configure({ maxTimeoutNs: -1, maxListSize: 1, ackTimeoutNs: 0 })).toThrow(
      /digest 401: maxTimeoutNs -1 is not a non-negative integer/,
    );
  });
});
