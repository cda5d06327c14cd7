/**
 * Write ordering and fatal errors (docs/p4runtime.md, "Write: phases, refusals, fatal errors"):
 * write() sends phase after phase with a barrier, keeps several requests in flight within a
 * phase, stops after a phase with refusals, and stops at once on any other error, saying what
 * became of every update. Requests are watched on the wire with a grpc-js client interceptor.
 */
import * as grpc from '@grpc/grpc-js';
import type { P4RuntimeClient } from '../../p4runtime/client/client';
import { P4RuntimeWriteAbortedError, P4RuntimeWriteError } from '../../p4runtime/client/errors';
import { TableEntry, type Update, type UpdateType } from '../../p4runtime/entities';
import { p4 } from '../../p4runtime/proto';
import { Code, TestSwitch, readAll } from './harness';

const entry = (port: number, to = 1) =>
  new TableEntry({
    table: 'port_table',
    match: { ingress_port: port },
    action: { name: 'to_port', params: { port: to } },
  });
const up = (type: UpdateType, port: number, to = 1): Update => ({
  type,
  entity: entry(port, to),
});
const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

/** Every Write on the wire: when it was sent, its update types, when it was answered. */
interface WireWrite {
  types: Set<number>;
  ports: number[];
  ended: boolean;
  /** The requests still in flight when this one was sent. */
  inFlight: WireWrite[];
}

function watchWrites(log: WireWrite[], onEnd: (w: WireWrite) => void = () => {}): grpc.Interceptor {
  return (options, nextCall) => {
    if (options.method_definition.path !== '/p4.v1.P4Runtime/Write')
      return new grpc.InterceptingCall(nextCall(options));
    let w: WireWrite | undefined;
    return new grpc.InterceptingCall(nextCall(options), {
      start(metadata, _listener, next) {
        next(metadata, {
          onReceiveStatus(status, nextStatus) {
            if (w) {
              w.ended = true;
              onEnd(w);
            }
            nextStatus(status);
          },
        });
      },
      sendMessage(message, next) {
        const req = p4.v1.WriteRequest.decode(message as Buffer);
        const sent: WireWrite = {
          types: new Set(req.updates.map((u) => u.type ?? 0)),
          ports: req.updates.map((u) => u.entity!.table_entry!.match![0].exact!.value![0]),
          ended: false,
          inFlight: log.filter((o) => !o.ended),
        };
        w = sent;
        log.push(sent);
        next(message);
      },
    });
  };
}

async function portsOf(c: P4RuntimeClient): Promise<number[]> {
  const all = await readAll(c, [{ table_entry: {} }]);
  return all.map((e) => e.table_entry!.match![0].exact!.value![0]).sort((a, b) => a - b);
}

describe('write() phases', () => {
  let sw: TestSwitch;
  let c: P4RuntimeClient;
  const log: WireWrite[] = [];
  let onEnd: (w: WireWrite) => void;
  beforeEach(async () => {
    log.length = 0;
    onEnd = () => {};
    sw = await TestSwitch.start();
    c = sw.client({
      electionId: 10n,
      writeConcurrency: 4,
      channelOptions: { interceptors: [watchWrites(log, (w) => onEnd(w))] },
    });
    await c.connect();
    await c.waitPrimary();
    await c.setPipeline({
      p4info: (await import('./harness')).reflectorP4Info(),
      deviceConfig: Buffer.from('reflector'),
    });
  });
  afterEach(async () => sw.close());

  it('sends a phase only once the one before is answered, several requests in flight within one', async () => {
    const updates = [
      ...range(20).map((p) => up('insert', p)),
      ...range(20).map((p) => up('modify', p, 9)),
      ...range(10).map((p) => up('delete', p)),
    ];
    await c.write(updates, { batchSize: 2 });
    expect(log).toHaveLength(25);
    for (const w of log) {
      expect(w.types.size).toBe(1);
      // Barrier: nothing of another phase is in flight when a request is sent.
      for (const o of w.inFlight) expect([...o.types]).toEqual([...w.types]);
    }
    expect(Math.max(...log.map((w) => w.inFlight.length))).toBeGreaterThan(0);
    expect(await portsOf(c)).toEqual(range(10, 10));
  });

  it('stops after a phase with refusals: later phases are not sent, and say so', async () => {
    const updates = [up('insert', 1), up('insert', 2), up('insert', 1), up('delete', 2)];
    const err = (await c.write(updates).catch((e: unknown) => e)) as P4RuntimeWriteError;
    expect(err).toBeInstanceOf(P4RuntimeWriteError);
    expect(err.failures.map((f) => [f.index, f.code])).toEqual([[2, Code.ALREADY_EXISTS]]);
    expect(err.notSent).toEqual([3]);
    expect(log).toHaveLength(1);
    expect(await portsOf(c)).toEqual([1, 2]);
  });

  it('writePhases: the caller’s phases in order, indexes counted across them', async () => {
    const err = (await c
      .writePhases([[up('insert', 1), up('insert', 2)], [], [up('modify', 1, 5), up('modify', 7)]])
      .catch((e: unknown) => e)) as P4RuntimeWriteError;
    expect(err.failures.map((f) => [f.index, f.code])).toEqual([[3, Code.NOT_FOUND]]);
    expect(log.map((w) => [...w.types])).toEqual([[1], [2]]);
  });

  it('a fatal error (not primary) stops the write: nothing is sent after it', async () => {
    const backup = sw.client({
      electionId: 5n,
      schema: c.schema,
      writeConcurrency: 1,
      channelOptions: { interceptors: [watchWrites(log)] },
    });
    await backup.connect();
    const err = (await backup
      .write(
        range(50).map((p) => up('insert', p)),
        { batchSize: 10 },
      )
      .catch((e: unknown) => e)) as P4RuntimeWriteAbortedError;
    expect(err).toBeInstanceOf(P4RuntimeWriteAbortedError);
    expect(err.code).toBe(Code.PERMISSION_DENIED);
    expect(err.applied).toEqual([]);
    // Refused whole before any update was looked at (spec §12): none took effect.
    expect(err.failures.map((f) => [f.index, f.codeName])).toEqual(
      range(10).map((i) => [i, 'PERMISSION_DENIED']),
    );
    expect(err.unknown).toEqual([]);
    expect(err.notSent).toEqual(range(40, 10));
    expect(await portsOf(c)).toEqual([]);
    expect(log).toHaveLength(1);
  });

  it('an abort mid-write: applied, unknown and not sent partition the updates, as on the device', async () => {
    const ac = new AbortController();
    onEnd = () => ac.abort(); // the first answer aborts the write
    const updates = range(100).map((p) => up('insert', p));
    const err = (await c
      .write(updates, { batchSize: 5, signal: ac.signal })
      .catch((e: unknown) => e)) as P4RuntimeWriteAbortedError;
    expect(err).toBeInstanceOf(P4RuntimeWriteAbortedError);
    expect(err.code).toBe(Code.CANCELLED);
    const all = [...err.applied, ...err.unknown, ...err.notSent].sort((a, b) => a - b);
    expect(all).toEqual(range(100));
    expect(err.applied.length).toBeGreaterThanOrEqual(5);
    expect(err.notSent.length).toBeGreaterThan(0);
    // No request was sent once the write was aborted: at most the first window went out.
    expect(log.length).toBeLessThanOrEqual(4);
    const present = new Set(await portsOf(c));
    for (const i of err.applied) expect(present.has(i)).toBe(true);
    for (const i of err.notSent) expect(present.has(i)).toBe(false);
  });
});
