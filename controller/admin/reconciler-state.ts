/**
 * Live switch state for the admin API from the reconciler and the switch sessions: status is
 * the reconciler's (converged / converging / diverged, the version written), occupancy and
 * counters are read from the switch over P4Runtime against its P4Info. The reconciler's
 * statuses are also published on the event bus as `reconciliation` events (what Watch and
 * `ssactl scale --wait` follow) and its changes counted in the metrics.
 */
import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { status } from '@grpc/grpc-js';
import { EventBus } from '../events/event-bus';
import { FabricMetrics } from '../metrics/fabric-metrics';
import { ReconcilerEvent } from '../reconciler/reconciler';
import { ReconcilerService } from '../reconciler/reconciler.module';
import type { ChangeEvent, SwitchStatus } from '../reconciler/switch-reconciler';
import { SessionPool } from '../switches/pool';
import type { SwitchSession } from '../switches/session';
import { AdminError } from './rpc-error';
import {
  type CounterCell,
  SwitchStateSource,
  type SwitchStatusInfo,
  type TableFill,
} from './switch-state';

/** Deadline of the reads behind occupancy and counters. */
const READ_TIMEOUT_MS = 10_000;

@Injectable()
export class ReconcilerSwitchState
  extends SwitchStateSource
  implements OnApplicationBootstrap, OnModuleDestroy
{
  private readonly onStatus = (s: SwitchStatus) =>
    this.events.publish({
      kind: 'reconciliation',
      action: s.state,
      switch: s.switchName,
      version: s.version,
      detail: { failures: s.failures, ...(s.error ? { error: s.error } : {}) },
    });
  private readonly onChange = (e: ChangeEvent) =>
    this.metrics.reconciled(e.switchName, e.inserted + e.modified + e.deleted, {
      insert: e.inserted,
      modify: e.modified,
      delete: e.deleted,
    });

  constructor(
    private readonly reconciler: ReconcilerService,
    private readonly pool: SessionPool,
    private readonly events: EventBus,
    private readonly metrics: FabricMetrics,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.reconciler.reconciler.on(ReconcilerEvent.STATUS, this.onStatus);
    this.reconciler.reconciler.on(ReconcilerEvent.CHANGE, this.onChange);
  }

  onModuleDestroy(): void {
    this.reconciler.reconciler.off(ReconcilerEvent.STATUS, this.onStatus);
    this.reconciler.reconciler.off(ReconcilerEvent.CHANGE, this.onChange);
  }

  status(name: string): Promise<SwitchStatusInfo> {
    const s = this.reconciler.reconciler.worker(name)?.status;
    const session = this.pool.get(name);
    return Promise.resolve({
      name,
      convergence: s?.state ?? 'unknown',
      // Leadership (leases) is not part of this controller yet: a primary session is the
      // nearest thing, this replica then leads the switch.
      leader: session?.client.isPrimary ? 'self' : '',
      appliedVersion: s?.applied ?? 0,
      detail: s?.error ?? (session ? `session ${session.state}` : 'no session'),
    });
  }

  async occupancy(name: string): Promise<readonly TableFill[]> {
    const session = this.readySession(name);
    const schema = session.client.schema!;
    const counts = new Map<number, number>();
    for await (const e of session.client.read([{ table_entry: {} }], {
      timeout: READ_TIMEOUT_MS,
    })) {
      const id = e.table_entry?.table_id ?? 0;
      if (!e.table_entry?.is_default_action) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return schema.tables.all().map((t) => ({
      table: t.name,
      entries: counts.get(t.id) ?? 0,
      size: t.size,
    }));
  }

  async counters(name: string, counter: string): Promise<readonly CounterCell[]> {
    const session = this.readySession(name);
    const schema = session.client.schema!;
    const wanted = counter === '' ? schema.counters.all() : [schema.counters.findName(counter)];
    if (wanted[0] === undefined) {
      const message = `counter: ${JSON.stringify(counter)}: no counter of this name in the P4Info`;
      throw new AdminError(status.NOT_FOUND, message, { field: 'counter', description: message });
    }
    const cells: CounterCell[] = [];
    for (const c of wanted) {
      for await (const e of session.client.read([{ counter_entry: { counter_id: c!.id } }], {
        timeout: READ_TIMEOUT_MS,
      })) {
        const d = e.counter_entry?.data;
        const packets = Number(d?.packet_count ?? 0);
        const bytes = Number(d?.byte_count ?? 0);
        if (packets === 0 && bytes === 0) continue; // only cells that counted something
        const index = Number(e.counter_entry?.index?.index ?? 0);
        cells.push({ counter: c!.name, index, packets, bytes });
        this.metrics.dataplaneCounter(name, c!.name, index, packets, bytes);
      }
    }
    return cells;
  }

  private readySession(name: string): SwitchSession {
    const session = this.pool.get(name);
    if (session === undefined || !session.ready || session.client.schema === undefined) {
      throw new AdminError(
        status.FAILED_PRECONDITION,
        `switch ${name}: no ready P4Runtime session (${session?.state ?? 'none'}); try again once it is connected`,
      );
    }
    return session;
  }
}
