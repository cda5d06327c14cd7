/**
 * Controller arbitration over real streams (spec §5): primary and backups per (device, role),
 * notifications on every change, failover, and the codes that end a stream.
 */
import * as grpc from '@grpc/grpc-js';
import { P4RuntimeError } from '../../p4runtime/client/errors';
import { SwitchEvent, type P4RuntimeClient } from '../../p4runtime/client/client';
import type { ArbitrationState } from '../../p4runtime/client/stream';
import { p4, toLong, toUint128 } from '../../p4runtime/proto';
import { P4RuntimeService } from '../../p4runtime/service';
import { Code, TestSwitch, entity, next, readAll, reflectorP4Info } from './harness';

const insertEntry = entity(`
  table_entry {
    table_id: 33554433
    match { field_id: 1 exact { value: "\\x03" } }
    action { action { action_id: 16777219 } }
  }`);

/** The arbitration the client saw last. */
const state = (c: P4RuntimeClient) => c.arbitration!;

describe('arbitration', () => {
  let sw: TestSwitch;
  beforeEach(async () => {
    sw = await TestSwitch.start();
  });
  afterEach(async () => sw.close());

  it('answers Capabilities with API version 1.5.0', async () => {
    expect(await sw.client().capabilities()).toBe('1.5.0');
  });

  it('makes the highest election id primary and the other a backup told who the primary is', async () => {
    const a = sw.client({ electionId: 10 });
    const b = sw.client({ electionId: 5 });
    expect(await a.connect()).toMatchObject({
      primary: true,
      code: Code.OK,
      primaryElectionId: 10n,
    });
    expect(await b.connect()).toMatchObject({
      primary: false,
      code: Code.ALREADY_EXISTS,
      primaryElectionId: 10n,
    });
    expect(a.isPrimary).toBe(true);
  });

  it('refuses Write and SetForwardingPipelineConfig from a backup, and lets it Read', async () => {
    const a = await sw.primary();
    const b = sw.client({ electionId: 5 });
    await b.connect();
    await expect(b.write([{ type: 'insert', entity: insertEntry }])).rejects.toMatchObject({
      code: Code.PERMISSION_DENIED,
    });
    await expect(
      b.setPipeline({ p4info: reflectorP4Info(), cookie: 99n }, { force: true }),
    ).rejects.toMatchObject({
      code: Code.PERMISSION_DENIED,
    });
    await a.write([{ type: 'insert', entity: insertEntry }]);
    expect(await readAll(b, [{ table_entry: {} }])).toHaveLength(1);
  });

  it('promotes the next highest when the primary stream ends, and tells everyone left', async () => {
    const a = sw.client({ electionId: 10 });
    const b = sw.client({ electionId: 5 });
    const c = sw.client({ electionId: 1 });
    for (const x of [a, b, c]) await x.connect();
    const bPrimary = next(b, SwitchEvent.BECAME_PRIMARY);
    const cTold = next<ArbitrationState>(
      c,
      SwitchEvent.ARBITRATION,
      (s) => s.primaryElectionId === 5n,
    );
    a.close();
    await bPrimary;
    expect(state(b)).toMatchObject({ primary: true, code: Code.OK, primaryElectionId: 5n });
    expect(await cTold).toMatchObject({ primary: false, code: Code.ALREADY_EXISTS });
    await expect(b.setPipeline({ p4info: reflectorP4Info() })).resolves.toMatchObject({
      pushed: true,
    });
  });

  it('hands over to a controller that arrives with a higher election id', async () => {
    const a = await sw.primary();
    const demoted = next(a, SwitchEvent.BECAME_BACKUP);
    const d = sw.client({ electionId: 20 });
    await d.connect();
    await demoted;
    expect(state(a)).toMatchObject({
      primary: false,
      code: Code.ALREADY_EXISTS,
      primaryElectionId: 20n,
    });
    expect(state(d)).toMatchObject({ primary: true, primaryElectionId: 20n });
    await expect(a.write([{ type: 'insert', entity: insertEntry }])).rejects.toMatchObject({
      code: Code.PERMISSION_DENIED,
    });
  });

  it('lets a backup take over by arbitrating again with a higher id', async () => {
    const a = await sw.primary(); // election id 10
    const b = sw.client({ electionId: 5 });
    await b.connect();
    const promoted = next(b, SwitchEvent.BECAME_PRIMARY);
    b.setElectionId(11n);
    await promoted;
    expect(a.isPrimary).toBe(false);
  });

  it('ends a stream whose election id another live controller holds (INVALID_ARGUMENT)', async () => {
    await sw.client({ electionId: 7 }).connect();
    await expect(sw.client({ electionId: 7 }).connect()).rejects.toMatchObject({
      code: Code.INVALID_ARGUMENT,
    });
  });

  it('ends a stream for an unknown device (NOT_FOUND), and refuses other RPCs for it', async () => {
    await expect(sw.client({ deviceId: 42 }).connect()).rejects.toMatchObject({
      code: Code.NOT_FOUND,
    });
    const err = await sw
      .client({ deviceId: 42 })
      .getPipeline()
      .catch((e: P4RuntimeError) => e);
    expect(err).toMatchObject({ code: Code.NOT_FOUND });
  });

  it('refuses Write for an unknown device or role (NOT_FOUND), checked before primary', async () => {
    await sw.primary();
    await expect(sw.client({ deviceId: 9, electionId: 10 }).writeRaw([])).rejects.toMatchObject({
      code: Code.NOT_FOUND,
    });
    await expect(sw.client({ role: 'nobody', electionId: 10 }).writeRaw([])).rejects.toMatchObject({
      code: Code.NOT_FOUND,
    });
  });

  it('arbitrates each role on its own', async () => {
    const a = await sw.primary(); // default role, election id 10
    const r = sw.client({ role: 'telemetry', electionId: 1 });
    expect(await r.connect()).toMatchObject({ primary: true, primaryElectionId: 1n });
    expect(a.isPrimary).toBe(true);
    await expect(r.write([{ type: 'insert', entity: insertEntry }])).resolves.toBeUndefined();
  });

  it('ends a stream whose first message is not an arbitration (FAILED_PRECONDITION)', async () => {
    const err = await rawStream(sw, [{ packet: { payload: Uint8Array.of(1) } }]);
    expect(err.code).toBe(Code.FAILED_PRECONDITION);
  });

  it('ends a stream that switches to another device or role (FAILED_PRECONDITION)', async () => {
    const arb = (deviceId: bigint, role?: string): p4.v1.IStreamMessageRequest => ({
      arbitration: {
        device_id: toLong(deviceId),
        election_id: toUint128(3n),
        role: role ? { name: role } : null,
      },
    });
    expect((await rawStream(sw, [arb(1n), arb(2n)])).code).toBe(Code.FAILED_PRECONDITION);
    expect((await rawStream(sw, [arb(1n), arb(1n, 'other')])).code).toBe(Code.FAILED_PRECONDITION);
  });
});

describe('arbitration, spec policy (wait for arbitration)', () => {
  let sw: TestSwitch;
  afterEach(async () => sw.close());

  it('leaves the role without a primary when the primary leaves', async () => {
    sw = await TestSwitch.start([{}], { onPrimaryLoss: 'wait-for-arbitration' });
    const a = sw.client({ electionId: 10 });
    const b = sw.client({ electionId: 5 });
    await a.connect();
    await b.connect();
    const told = next<ArbitrationState>(
      b,
      SwitchEvent.ARBITRATION,
      (s) => s.code === Code.NOT_FOUND,
    );
    a.close();
    expect(await told).toMatchObject({ primary: false, primaryElectionId: 10n });
    const promoted = next(b, SwitchEvent.BECAME_PRIMARY);
    b.setElectionId(10n);
    await promoted;
  });
});

/** Opens a raw StreamChannel, sends `messages`, and resolves with the status that ends it. */
function rawStream(
  sw: TestSwitch,
  messages: p4.v1.IStreamMessageRequest[],
): Promise<grpc.StatusObject> {
  const m = P4RuntimeService.StreamChannel;
  const call = sw.raw().makeBidiStreamRequest(m.path, m.requestSerialize, m.responseDeserialize);
  return new Promise((resolve) => {
    call.on('data', () => {});
    call.on('status', (s: grpc.StatusObject) => resolve(s));
    call.on('error', () => {});
    for (const msg of messages) call.write(msg);
  });
}

describe('several devices and the server lifecycle', () => {
  it('arbitrates and stores per device id', async () => {
    const sw = await TestSwitch.start([{}, {}]);
    try {
      const one = await sw.primary();
      const two = sw.client({ deviceId: 2, electionId: 1 });
      expect(await two.connect()).toMatchObject({ primary: true, primaryElectionId: 1n });
      await two.setPipeline({ p4info: reflectorP4Info() });
      await two.write([{ type: 'insert', entity: insertEntry }]);
      expect(await readAll(two, [{ table_entry: {} }])).toHaveLength(1);
      expect(await readAll(one, [{ table_entry: {} }])).toHaveLength(0);
    } finally {
      await sw.close();
    }
  });

  it('ends every stream with UNAVAILABLE when it stops', async () => {
    const sw = await TestSwitch.start();
    const c = sw.client();
    await c.connect();
    const down = next<{ code?: number }>(c, SwitchEvent.CHANNEL_DOWN);
    await sw.server.stop();
    expect(await down).toMatchObject({ code: Code.UNAVAILABLE });
    await sw.close(); // stopping twice is harmless
  });
});
