/**
 * What the device pushes, read as bounded async iterators (PacketIn, digest lists, idle-timeout
 * notifications): a full queue drops new items and counts them, the events still fire; and
 * sends on the stream respect grpc-js's backpressure up to streamQueueLimit.
 */
import { SwitchEvent, type P4RuntimeClient } from '../../p4runtime/client/client';
import { P4RuntimeStreamFullError } from '../../p4runtime/client/errors';
import type { PacketIn } from '../../p4runtime/client/packet';
import type { p4 } from '../../p4runtime/proto';
import { TestSwitch, entity, kitchenSinkP4Info, reflectorP4Info } from './harness';

const frame = Buffer.from('ffffffffffff0000000000010800cafe', 'hex');

/** Polls `cond` every turn of the event loop, at most `max` times. */
async function until(cond: () => boolean, max = 2000): Promise<void> {
  for (let i = 0; i < max && !cond(); i++) await new Promise((r) => setImmediate(r));
  expect(cond()).toBe(true);
}

describe('bounded queues of pushes', () => {
  let sw: TestSwitch;
  afterEach(async () => sw.close());

  it('packets(): holds queueSize PacketIns for a slow reader, drops and counts the rest', async () => {
    sw = await TestSwitch.start();
    const c = await sw.primary(reflectorP4Info());
    const packets = c.packets({ queueSize: 2 });
    let events = 0;
    c.on(SwitchEvent.PACKET_IN, () => events++);
    // No port_table entry: every packet goes to the CPU port, so to this primary as PacketIn.
    for (let i = 0; i < 5; i++) sw.device.inject(5, Buffer.concat([frame, Buffer.of(i)]));
    await until(() => events === 5);
    expect(packets.dropped).toBe(3);
    const got: PacketIn[] = [];
    for await (const p of packets) {
      got.push(p);
      if (got.length === 2) break;
    }
    expect(got.map((p) => p.payload[p.payload.length - 1])).toEqual([0, 1]);
    expect(got[0].metadata.ingress_port).toBe(5n);
    // Leaving the loop ended the subscription.
    sw.device.inject(5, frame);
    await until(() => events === 6);
    expect(packets.length).toBe(0);
  });

  it('idleTimeouts(): notifications queue up and end with the signal', async () => {
    sw = await TestSwitch.start();
    const c = await sw.primary(reflectorP4Info());
    const ac = new AbortController();
    const notes = c.idleTimeouts({ queueSize: 10, signal: ac.signal });
    await c.write([
      {
        type: 'insert',
        entity: entity(
          'table_entry { table_id: 33554433 match { field_id: 1 exact { value: "\\x09" } } action { action { action_id: 16777219 } } idle_timeout_ns: 30000000 }',
        ),
      },
    ]);
    const seen: p4.v1.IdleTimeoutNotification[] = [];
    for await (const n of notes) {
      seen.push(n);
      ac.abort();
    }
    expect(seen).toHaveLength(1);
    expect(Array.from(seen[0].table_entry[0].match![0].exact!.value!)).toEqual([9]);
  });

  it('digests(): lists queue up to queueSize; the rest are dropped and counted', async () => {
    sw = await TestSwitch.start();
    const c = await sw.primary(kitchenSinkP4Info(), 'kitchen-sink');
    await c.write([
      {
        type: 'insert',
        entity: entity(
          'digest_entry { digest_id: 385875969 config { max_timeout_ns: 0 max_list_size: 1 ack_timeout_ns: 10000000000 } }',
        ),
      },
    ]);
    const lists = c.digests({ queueSize: 2 });
    let events = 0;
    c.on(SwitchEvent.DIGEST_LIST, () => events++);
    for (const src of [0xa1, 0xa2, 0xa3])
      sw.device.inject(3, Uint8Array.from([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, src, 8, 0]));
    await until(() => events === 3);
    expect(lists.dropped).toBe(1);
    const first = await lists.next();
    expect(first.done).toBe(false);
    expect(Array.from(first.value.data[0].struct!.members![0].bitstring!)).toEqual([0xa1]);
    lists.end();
  });
});

describe('stream backpressure', () => {
  let sw: TestSwitch;
  let c: P4RuntimeClient;
  afterEach(async () => sw.close());

  it('queues past the high-water mark, refuses past streamQueueLimit, accepts again once drained', async () => {
    sw = await TestSwitch.start();
    c = sw.client({ electionId: 10n, streamQueueLimit: 8 });
    await c.connect();
    await c.waitPrimary();
    await c.setPipeline({ p4info: reflectorP4Info(), deviceConfig: Buffer.from('reflector') });
    const big = Buffer.alloc(32 * 1024, 1);
    const results: boolean[] = [];
    let full: unknown;
    // A synchronous burst: the socket cannot drain in between, so grpc-js's buffer fills.
    for (let i = 0; i < 10_000 && !full; i++) {
      try {
        results.push(c.sendPacket(big, { egress_port: 1, _pad: 0 }));
      } catch (e) {
        full = e;
      }
    }
    expect(full).toBeInstanceOf(P4RuntimeStreamFullError);
    expect((full as P4RuntimeStreamFullError).queued).toBe(8);
    expect(results.filter((r) => !r)).toHaveLength(8);
    await c.drained({ timeout: 5000 });
    expect(c.sendPacket(frame, { egress_port: 1, _pad: 0 })).toBe(true);
    await until(() => sw.device.stats.received === results.length + 1);
  });
});
