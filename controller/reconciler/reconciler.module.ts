/**
 * The reconciler context in Nest: a Reconciler over the session pool, fed with every committed
 * domain version (the stored version is polled, so commits of any replica are seen), its
 * changes and statuses logged. Writes that fail never touch the database.
 */
import {
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { IntentModule, IntentService } from '../intent/intent.module';
import { bindLeadership } from '../leadership/bind';
import { LeadershipModule, LeadershipService } from '../leadership/leadership.module';
import { StructuredLogger } from '../logging/structured-logger';
import { DomainRepository } from '../persistence/domain-repository';
import { PersistenceModule } from '../persistence/persistence.module';
import { PoolEvent, SessionPool } from '../switches/pool';
import { SwitchesModule } from '../switches/switches.module';
import { Reconciler, ReconcilerEvent } from './reconciler';
import type { ChangeEvent, SwitchStatus } from './switch-reconciler';

const CONTEXT = 'Reconciler';

/** Follows the stored domain and keeps the Reconciler on its latest version. */
@Injectable()
export class ReconcilerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly reconciler: Reconciler;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(
    @Inject(SessionPool) pool: SessionPool,
    private readonly repository: DomainRepository,
    private readonly config: AppConfig,
    private readonly logger: StructuredLogger,
    intent: IntentService,
    leadership: LeadershipService,
  ) {
    // Leadership wiring: only the lease holder of a switch writes to it (none on SQLite).
    const l = leadership.leadership;
    this.reconciler = new Reconciler(pool, {
      ...(l ? { mayWrite: (sw: string) => l.isLeader(sw) } : {}),
      periodMs: config.reconciler.driftCheckMs,
      batchSize: config.reconciler.batchSize,
      retryInitialMs: config.reconciler.retryMs,
      retryMaxMs: 30_000,
      timeoutMs: Math.max(60_000, config.p4runtime.deadlineMs),
      compile: (state, now) => intent.compile(state, now),
    });
    if (l) {
      leadership.follow(() => pool.all().map((s) => s.name));
      bindLeadership(l, pool, this.reconciler);
    }
    this.reconciler.on(ReconcilerEvent.CHANGE, (e: ChangeEvent) =>
      this.logger.log({ msg: e.drift ? 'drift repaired' : 'switch updated', ...e }, CONTEXT),
    );
    pool.on(PoolEvent.FAILED, (f: { switchName: string; error: Error }) =>
      this.logger.error(
        { msg: 'switch has no session', switch: f.switchName, error: f.error.message },
        CONTEXT,
      ),
    );
    this.reconciler.on(ReconcilerEvent.STATUS, (s: SwitchStatus) => {
      if (s.state === 'diverged') this.logger.warn({ msg: 'switch diverged', ...s }, CONTEXT);
    });
  }

  /** Loads the stored state and starts following it. */
  async onApplicationBootstrap(): Promise<void> {
    await this.poll();
    this.timer = setInterval(() => void this.poll(), this.config.reconciler.pollMs);
    this.timer.unref();
  }

  /** Stops following the state; waits for the runs in progress (aborted) to end. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.reconciler.close();
  }

  /** Loads the state if its version moved, and hands it to the reconciler. */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const version = await this.repository.version();
      if (version === 0 || version === this.reconciler.version) return;
      const state = await this.repository.load();
      this.logger.log({ msg: 'domain version', version: state.version }, CONTEXT);
      void this.reconciler.setState(state);
    } catch (e) {
      this.logger.error(e instanceof Error ? e : String(e), CONTEXT);
    } finally {
      this.polling = false;
    }
  }
}

@Module({
  imports: [PersistenceModule, SwitchesModule, IntentModule, LeadershipModule],
  providers: [ReconcilerService],
  exports: [ReconcilerService],
})
export class ReconcilerModule {}
