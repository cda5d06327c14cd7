/**
 * One controller replica as a child process, for the HA test and the failover benchmark:
 * leadership on the shared PostgreSQL, sessions to every switch of a line topology (the same
 * desired state in every replica), the reconciler writing only where this replica leads.
 * Prints one JSON line per event on stdout: started, leader / backup (per switch, with the
 * generation), converged (a leader's run finished), change (it wrote), error.
 *
 *   REPLICA='{"id":"r1","databaseUrl":"postgres://…","addresses":["127.0.0.1:5001"],
 *     "leaseMs":1500}' node -r ./test/controller/support/ts-register.js test/controller/support/replica.ts
 */
import { bindLeadership } from '../../../controller/leadership/bind';
import { LeaseStore } from '../../../controller/leadership/lease-store';
import {
  type ElectionChange,
  Leadership,
  LeadershipEvent,
} from '../../../controller/leadership/leadership';
import { openDataSource } from '../../../controller/persistence/data-source';
import {
  type ChangeEvent,
  Reconciler,
  ReconcilerEvent,
  type SwitchStatus,
} from '../../../controller/reconciler';
import { SessionPool, pipelineFor } from '../../../controller/switches';
import { lineState } from '../../fixtures/fabric-line';

interface ReplicaConfig {
  id: string;
  databaseUrl: string;
  addresses: string[];
  leaseMs: number;
  sliceBits?: number;
}

const print = (o: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ t: Date.now(), ...o })}\n`);

async function main(): Promise<void> {
  const cfg = JSON.parse(process.env.REPLICA ?? '') as ReplicaConfig;
  const ds = await openDataSource({ type: 'postgres', url: cfg.databaseUrl });
  const state = lineState({
    switches: cfg.addresses.length,
    instances: 4,
    sliceBits: cfg.sliceBits ?? 4,
    address: (i) => cfg.addresses[i],
  });
  const leadership = new Leadership({
    store: new LeaseStore(ds),
    replica: cfg.id,
    leaseMs: cfg.leaseMs,
    switches: () => state.switches.map((s) => s.name),
  });
  const pool = new SessionPool({
    electionId: (sw) => leadership.electionId(sw.name),
    pipeline: (sw) => pipelineFor(sw.target),
    session: {
      timeoutMs: 5_000,
      backoffInitialMs: 20,
      backoffMaxMs: 200,
      channelOptions: {
        'grpc.initial_reconnect_backoff_ms': 50,
        'grpc.max_reconnect_backoff_ms': 200,
      },
    },
    retryInitialMs: 50,
    retryMaxMs: 500,
  });
  const reconciler = new Reconciler(pool, {
    mayWrite: (sw) => leadership.isLeader(sw),
    retryInitialMs: 50,
    retryMaxMs: 500,
    timeoutMs: 5_000,
  });
  bindLeadership(leadership, pool, reconciler);
  leadership.on(LeadershipEvent.CHANGED, (e: ElectionChange) =>
    print({ ev: e.leader ? 'leader' : 'backup', switch: e.switch, generation: e.generation }),
  );
  leadership.on(LeadershipEvent.ERROR, (e: Error) => print({ ev: 'error', error: e.message }));
  reconciler.on(ReconcilerEvent.STATUS, (s: SwitchStatus) => {
    if (s.state === 'converged') print({ ev: 'converged', switch: s.switchName });
  });
  reconciler.on(ReconcilerEvent.CHANGE, (e: ChangeEvent) =>
    print({ ev: 'change', switch: e.switchName, inserted: e.inserted, modified: e.modified }),
  );
  leadership.start();
  void reconciler.setState(state);
  print({ ev: 'started', id: cfg.id });
  const stop = () => {
    void leadership
      .stop()
      .catch(() => undefined)
      .finally(async () => {
        await reconciler.close();
        pool.close();
        void ds.destroy().finally(() => process.exit(0));
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: unknown) => {
  print({ ev: 'fatal', error: String(e) });
  process.exit(1);
});
