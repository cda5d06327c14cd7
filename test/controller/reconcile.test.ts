/**
 * The reconciler against embedded switches over real gRPC: a restarted controller writes
 * nothing, drift is put right by the periodic check, a restarted switch is detected and
 * written again in full, and a write the switch refuses leaves the switch reported diverged
 * with the error (and the domain untouched) until the intent fits again.
 */
import { T } from '../../generated/fabric-p4info';
import { DomainState } from '../../controller/domain';
import { entitiesOf } from '../../controller/intent';
import { pipelineFor } from '../../controller/switches';
import { P4RuntimeClient, P4Schema, p4 } from '../../p4runtime';
import { diff, readState } from '../../p4runtime/reconcile';
import { TableEntry } from '../../p4runtime/entities';
import { nextHop, routeV6 } from '../../p4runtime/fabric';
import { lineState } from '../fixtures/fabric-line';
import { ReconcilerEvent, type ChangeEvent, type SwitchStatus } from '../../controller/reconciler';
import { EmbeddedSwitch, TestController, WriteLog, startSwitches } from './harness';

jest.setTimeout(60_000);

describe('the reconciler over gRPC', () => {
  let switches: EmbeddedSwitch[];
  let state: DomainState;
  const controllers: TestController[] = [];
  const controller = (...args: ConstructorParameters<typeof TestController>) => {
    const c = new TestController(...args);
    controllers.push(c);
    return c;
  };

  beforeEach(async () => {
    switches = await startSwitches(3);
    state = lineState({
      switches: 3,
      instances: 5,
      sliceBits: 4,
      address: (i) => switches[i].address,
    });
  });
  afterEach(async () => {
    await Promise.all(controllers.splice(0).map((c) => c.close()));
    await Promise.all(switches.map((s) => s.stop()));
  });

  it('sends no write when a new controller finds the switches already right', async () => {
    const first = controller(new WriteLog());
    await first.apply(state);
    expect(first.log.count()).toBeGreaterThan(0);
    first.close();

    const log = new WriteLog();
    const second = controller(log);
    await second.apply(state);
    expect(second.reconciler.converged()).toBe(true);
    expect(log.requests).toBe(0);
    // The switches run the pipeline already (same cookie): it is not pushed again.
    expect(first.log.pipelines).toBe(3);
    expect(log.pipelines).toBe(0);
  });

  it('lets a backup controller write nothing, and take over when the primary leaves', async () => {
    const primary = controller(new WriteLog(), { electionId: 20n });
    await primary.apply(state);
    const log = new WriteLog();
    const backup = controller(log, { electionId: 5n });
    await backup.reconciler.setState(state);
    await waitFor(() =>
      backup.reconciler.statuses().every((st) => /session backup/.test(st.error ?? '')),
    );
    expect(backup.reconciler.statuses().map((st) => st.state)).toEqual([
      'diverged',
      'diverged',
      'diverged',
    ]);
    // The primary leaves: the switch promotes the backup (as bmv2 does), which checks the
    // switches, finds them right and writes nothing.
    primary.close();
    await backup.reconciler.whenConverged(20_000);
    expect(log.requests).toBe(0);
    expect(log.pipelines).toBe(0);
  });

  it('puts right an entry modified, one deleted and one added behind its back', async () => {
    const log = new WriteLog();
    const ctl = controller(log, { periodMs: 100 });
    await ctl.apply(state);

    // Another controller in its own role (P4Runtime §15: one primary per role) writes to s1.
    const other = new P4RuntimeClient({
      address: switches[0].address,
      deviceId: 1,
      electionId: 1n,
      role: 'ops',
      reconnect: false,
      schema: new P4Schema(pipelineFor('embedded').p4info as p4.config.v1.P4Info),
    });
    try {
      await other.connect();
      await other.waitPrimary();
      const s1 = ctl.reconciler.intent()!.get('s1')!;
      const slice = s1.controls.ssa.find((e) => e.table === 'ssa.slices')!;
      const route = s1.controls.routing.find((e) => e.table === 'routing.v6')!;
      const hop = s1.controls.routing.find((e) => e.table === 'routing.next_hops')!;
      const hopId = (hop.match as { next_hop: number }).next_hop;
      const changed = new TableEntry({
        ...slice,
        action: { name: 'ssa.set_slice', params: { index: 15, next_hop: hopId } },
      });
      const repairs: ChangeEvent[] = [];
      ctl.reconciler.on(ReconcilerEvent.CHANGE, (e: ChangeEvent) => e.drift && repairs.push(e));
      await other.write([
        { type: 'modify', entity: changed },
        { type: 'delete', entity: route },
        { type: 'insert', entity: routeV6('2001:db8:dead::/48', hopId) },
        { type: 'insert', entity: nextHop(4000, 31, '02:00:00:00:00:31', '02:00:00:00:00:32') },
      ]);
      // The periodic check may run between the other client's phases: count over its runs.
      await waitFor(() => ctl.reconciler.worker('s1')!.drifted >= 4);
      const sum = (k: 'inserted' | 'modified' | 'deleted') => repairs.reduce((a, e) => a + e[k], 0);
      expect(repairs.every((e) => e.switchName === 's1' && e.reason === 'periodic')).toBe(true);
      expect([sum('inserted'), sum('modified'), sum('deleted')]).toEqual([1, 1, 2]);
      expect(ctl.reconciler.worker('s1')!.drifted).toBe(4);
      // The switch holds the intent again: what it reads back diffs to nothing.
      await ctl.reconciler.requestAll('manual');
      expect(ctl.reconciler.worker('s1')!.drifted).toBe(4);
      const client = ctl.pool.get('s1')!.client;
      const held = await readState(client, client.schema!);
      expect(diff(entitiesOf(s1), held, client.schema!)).toEqual([]);
    } finally {
      other.close();
    }
  });

  it('folds requests during a run into one more run', async () => {
    const ctl = controller(new WriteLog());
    await ctl.apply(state);
    const runs: string[] = [];
    ctl.reconciler.on(ReconcilerEvent.STATUS, (st: SwitchStatus) => {
      if (st.switchName === 's1' && st.state === 'converging') runs.push(`v${st.version}`);
    });
    const worker = ctl.reconciler.worker('s1')!;
    // Three requests in one turn: the first starts a run, the next two wait as one.
    const done = [worker.request('manual'), worker.request('manual'), worker.request('periodic')];
    await Promise.all(done);
    expect(runs).toHaveLength(2);
  });

  it('rewrites the time-hop epoch when its period turns over (wire §2)', async () => {
    const th = lineState({
      switches: 3,
      instances: 5,
      sliceBits: 4,
      address: (i) => switches[i].address,
      rule: { kind: 'time-hop', key: 7, period: 1 },
    });
    const ctl = controller(new WriteLog(), { clock: () => Date.now() / 1000 });
    await ctl.apply(th);
    const e = await ctl.nextChange((c) => c.switchName === 's1' && c.reason === 'epoch', 5000);
    // One ssa.ranges MODIFY with the new epoch; it is not drift.
    expect(e).toMatchObject({ inserted: 0, modified: 1, deleted: 0, drift: false });
  });

  it('keeps a switch whose intent cannot be compiled as it is, and updates the others', async () => {
    const log = new WriteLog();
    const ctl = controller(log);
    await ctl.apply(state);
    log.clear();
    // 129 instances on port 10 of s1: next hop ids allow 128 neighbours per port.
    const crowded = lineState({
      switches: 3,
      instances: 129,
      sliceBits: 4,
      address: (i) => switches[i].address,
    });
    const bad = crowded.with({
      instances: crowded.instances.map((x) =>
        x.with({ attachments: [{ ...x.attachments[0], port: 10 }] }),
      ),
    });
    await ctl.reconciler.setState(bad);
    const s1 = ctl.reconciler.worker('s1')!.status;
    expect(s1.state).toBe('diverged');
    expect(s1.error).toMatch(/switch 's1': port 10 has 129 neighbours/);
    // What it holds is still the version it last converged to.
    expect(s1.applied).toBe(state.version);
    // s1 keeps what it held; the other switches take the new state (129 instance routes).
    expect(ctl.reconciler.worker('s2')!.status).toMatchObject({ state: 'converged' });
    expect(ctl.reconciler.worker('s3')!.status).toMatchObject({ state: 'converged' });
    expect(log.count('insert', 'routing.v6')).toBe(2 * (129 - 5));
    expect(log.count(undefined, 'ssa.slices')).toBe(0);
  });

  it('close() aborts the runs in progress: no write or status follows once it is called', async () => {
    const log = new WriteLog();
    let closing: Promise<void> | undefined;
    let closed!: () => void;
    const done = new Promise<void>((resolve) => (closed = resolve));
    const after: SwitchStatus[] = [];
    const ctl: TestController = controller(log, {
      batchSize: 10,
      // Every switch has more than one batch to write; the first batch ends the reconciler.
      betweenBatches: () => {
        if (closing) return;
        closing = ctl.reconciler.close();
        void closing.then(closed);
      },
    });
    ctl.reconciler.on(ReconcilerEvent.STATUS, (st: SwitchStatus) => {
      if (closing) after.push(st);
    });
    await ctl.reconciler.setState(state);
    await done; // close() resolved: the runs have ended
    // At most the batch each switch had in flight: the rest of the runs was never sent.
    expect(log.requests).toBeLessThanOrEqual(switches.length);
    expect(after).toEqual([]);
    const held = switches.map((s) => s.device.control?.state.table('routing.v6').size ?? 0);
    expect(held.every((n) => n <= 10)).toBe(true);
  });

  it('reconciles a switch that comes up after the controller', async () => {
    const late = switches[2];
    await late.stop();
    const ctl = controller(new WriteLog());
    await ctl.reconciler.setState(state);
    await waitFor(() => ctl.reconciler.worker('s2')?.status.state === 'converged');
    expect(ctl.reconciler.worker('s3')!.status.state).not.toBe('converged');
    // Never converged: no version applied, whatever version it is trying.
    expect(ctl.reconciler.worker('s3')!.status.applied).toBe(0);
    expect(ctl.reconciler.worker('s2')!.status.applied).toBe(state.version);
    switches[2] = await EmbeddedSwitch.start(late.port);
    await ctl.reconciler.whenConverged(20_000);
    expect(switches[2].device.control!.state.table('routing.next_hops').size).toBeGreaterThan(0);
  });

  it('detects a restarted switch and writes everything again', async () => {
    const ctl = controller(new WriteLog());
    await ctl.apply(state);
    const expected = entitiesOf(ctl.reconciler.intent()!.get('s2')!).length;

    const rewritten = ctl.nextChange((e) => e.switchName === 's2');
    await switches[1].restart();
    const e = await rewritten;
    expect(e.reason).toBe('restart');
    expect(e.inserted).toBe(expected);
    expect(e.modified + e.deleted).toBe(0);
    await ctl.reconciler.whenConverged();
    expect(switches[1].device.control?.state).toBeDefined();
  });

  it('reports a refused write as diverged with the error, retries, and converges once it fits', async () => {
    // The controller's P4Info says ssa.slices holds 8 entries; the state needs 16.
    const small = pipelineFor('embedded');
    const info = p4.config.v1.P4Info.decode(p4.config.v1.P4Info.encode(small.p4info).finish());
    const t = info.tables.find((x) => x.preamble?.name === T.ssa.slices.name)!;
    t.size = 8 as unknown as typeof t.size;
    const ctl = controller(new WriteLog(), { pipeline: () => ({ ...small, p4info: info }) });
    const before = JSON.stringify(state.sliceMaps[0].encode());

    await ctl.reconciler.setState(state);
    await waitFor(
      () => (ctl.reconciler.worker('s1')?.status.failures ?? 0) >= 2,
      5000,
      () => JSON.stringify(ctl.reconciler.statuses()),
    );
    const s1 = ctl.reconciler.worker('s1')!.status;
    expect(s1.state).toBe('diverged');
    expect(s1.error).toMatch(/RESOURCE_EXHAUSTED/);
    expect(ctl.reconciler.converged()).toBe(false);
    // The others converged; the domain (an immutable value, the reconciler's only input) is as it was.
    expect(ctl.reconciler.worker('s2')!.status.state).toBe('converged');
    expect(JSON.stringify(state.sliceMaps[0].encode())).toBe(before);

    // Three slice bits fit (once the 8 slices of /52 are deleted before the 8 of /51 are written:
    // after a full table the reconciler deletes first): the retries stop at the new version.
    const fits = lineState({
      switches: 3,
      instances: 5,
      sliceBits: 3,
      address: (i) => switches[i].address,
    });
    await ctl.apply(DomainState.create({ ...toInput(fits), version: state.version + 1 }));
    expect(ctl.reconciler.worker('s1')!.status).toMatchObject({ state: 'converged', failures: 0 });
  });
});

/** Polls `cond` on every event-loop turn until it holds (bounded). */
async function waitFor(
  cond: () => boolean,
  timeoutMs = 20_000,
  show: () => string = () => '',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`condition not met in ${timeoutMs} ms ${show()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function toInput(s: DomainState) {
  return {
    version: s.version,
    services: s.services,
    instances: s.instances,
    switches: s.switches,
    routes: s.routes,
    mslbs: s.mslbs,
    sliceMaps: s.sliceMaps,
  };
}
