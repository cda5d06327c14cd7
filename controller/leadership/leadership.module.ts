/**
 * The leadership context in Nest: on PostgreSQL, a Leadership over the lease tables (one
 * replica among those sharing the database); on SQLite, none: the one replica leads every
 * switch with `p4runtime.electionId`. The sessions and the reconciler read it through
 * LeadershipService (wired in SwitchesModule and ReconcilerModule).
 */
import { hostname } from 'node:os';
import {
  Inject,
  Injectable,
  Module,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { EventBus, type FabricEventInput } from '../events/event-bus';
import { StructuredLogger } from '../logging/structured-logger';
import { PersistenceModule } from '../persistence/persistence.module';
import { LeaseStore } from './lease-store';
import { type ElectionChange, Leadership, LeadershipEvent } from './leadership';

const CONTEXT = 'Leadership';

/** The bus event of an election change: 'acquired' when this replica leads, else 'lost'. */
export function leadershipEvent(e: ElectionChange): FabricEventInput {
  return {
    kind: 'leadership',
    action: e.leader ? 'acquired' : 'lost',
    switch: e.switch,
    detail: { generation: e.generation },
  };
}

/** Holds this replica's Leadership (undefined on SQLite) and the switches it shares. */
@Injectable()
export class LeadershipService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly leadership: Leadership | undefined;
  private names: () => readonly string[] = () => [];

  constructor(
    config: AppConfig,
    @Inject(DataSource) dataSource: DataSource,
    private readonly logger: StructuredLogger,
    @Optional() events?: EventBus,
  ) {
    if (config.databaseTarget().type !== 'postgres') return;
    this.leadership = new Leadership({
      store: new LeaseStore(dataSource),
      replica: config.leadership.replicaId ?? `${hostname()}-${process.pid}`,
      leaseMs: config.leadership.leaseMs,
      switches: () => this.names(),
    });
    this.leadership.on(LeadershipEvent.CHANGED, (e: ElectionChange) => {
      this.logger.log(
        {
          msg: e.leader ? 'leading switch' : 'backup of switch',
          switch: e.switch,
          generation: e.generation,
        },
        CONTEXT,
      );
      // On the bus: Watch streams show it, FabricMetrics sets ssa_switch_leader.
      events?.publish(leadershipEvent(e));
    });
    this.leadership.on(LeadershipEvent.ERROR, (e: Error) =>
      this.logger.warn({ msg: 'lease round failed', error: e.message }, CONTEXT),
    );
  }

  /** Where the switch names come from (the session pool, which follows the domain). */
  follow(names: () => readonly string[]): void {
    this.names = names;
  }

  onApplicationBootstrap(): void {
    this.leadership?.start();
  }

  /** Gives the leases up while the database is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.leadership
      ?.stop()
      .catch((e: unknown) =>
        this.logger.warn({ msg: 'leases not released', error: String(e) }, CONTEXT),
      );
  }
}

@Module({
  imports: [PersistenceModule],
  providers: [LeadershipService],
  exports: [LeadershipService],
})
export class LeadershipModule {}
