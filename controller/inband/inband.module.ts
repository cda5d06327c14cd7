/**
 * The in-band context in Nest: the punts of every switch session go to the announcement
 * handler (applied through CommandService) and to the Packet Too Big responder; silence is
 * checked every `inband.livenessCheckMs` when `inband.silenceMs` is set. The handler follows
 * the stored state (CommandService.state(): commits of any replica).
 */
import {
  Inject,
  Injectable,
  Module,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Announcements } from '../announcements/announcements';
import { CommandService } from '../commands/command.service';
import { CommandsModule } from '../commands/commands.module';
import { AppConfig } from '../config/app-config';
import { StructuredLogger } from '../logging/structured-logger';
import { FabricMetrics } from '../metrics/fabric-metrics';
import { SessionPool } from '../switches/pool';
import { SwitchesModule } from '../switches/switches.module';
import { InbandDispatcher } from './dispatch';
import { TooBigResponder } from './too-big-responder';

const CONTEXT = 'Inband';

/** Owns the dispatcher, the handler and the responder of this replica. */
@Injectable()
export class InbandService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly announcements: Announcements;
  readonly tooBig: TooBigResponder;
  readonly dispatcher: InbandDispatcher;
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;

  constructor(
    @Inject(SessionPool) pool: SessionPool,
    private readonly commands: CommandService,
    private readonly config: AppConfig,
    private readonly logger: StructuredLogger,
    @Optional() metrics?: FabricMetrics,
  ) {
    this.announcements = new Announcements({
      execute: (c) => commands.execute(c),
      logger,
      silenceMs: config.inband.silenceMs,
      onOutcome: (o) => metrics?.announcement(o.accepted, o.accepted ? '' : o.reason),
    });
    this.tooBig = new TooBigResponder({
      ratePerSecond: config.inband.tooBigPerSecond,
      burst: config.inband.tooBigBurst,
    });
    this.dispatcher = new InbandDispatcher(pool, {
      announcements: this.announcements,
      tooBig: this.tooBig,
      logger,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.config.inband.livenessCheckMs);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.dispatcher.close();
  }

  /** Follows the stored state, then marks silent instances down. */
  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const state = await this.commands.state();
      if (state.version === 0) return;
      this.announcements.setState(state);
      await this.announcements.checkLiveness();
    } catch (e) {
      this.logger.warn({ msg: 'in-band tick failed', error: String(e) }, CONTEXT);
    } finally {
      this.ticking = false;
    }
  }
}

@Module({
  imports: [SwitchesModule, CommandsModule],
  providers: [InbandService],
  exports: [InbandService],
})
export class InbandModule {}
