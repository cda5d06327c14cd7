import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommandsModule } from '../commands/commands.module';
import { StructuredLogger } from '../logging/structured-logger';
import { PersistenceModule } from '../persistence/persistence.module';
import { ReconcilerModule } from '../reconciler/reconciler.module';
import { SwitchesModule } from '../switches/switches.module';
import { DataplaneCounterPoller } from '../metrics/counter-poller';
import { ReconcilerSwitchState } from './reconciler-state';
import { AdminCalls } from './admin-calls';
import { FabricController } from './fabric.controller';
import { AuditLog } from './security/audit-log';
import { Authenticator } from './security/authenticator';
import { TokenStore } from './security/token-store';
import { SecurityController } from './security.controller';
import { ServicesController } from './services.controller';
import { SwitchStateSource } from './switch-state';

/** Where the first admin token is shown (a Nest token; stderr by default, tests capture it). */
export abstract class FirstTokenSink {
  abstract show(secret: string, name: string): void;
}

/** Prints the first token to stderr, once, outside the structured log (which masks tokens). */
export class StderrFirstTokenSink extends FirstTokenSink {
  show(secret: string, name: string): void {
    process.stderr.write(
      `ssa-controller: first start: admin token '${name}' (shown once, store it now):\n${secret}\n`,
    );
  }
}

/** On first start (no token in the database), makes an admin token and shows it once. */
@Injectable()
export class FirstToken implements OnApplicationBootstrap {
  constructor(
    private readonly tokens: TokenStore,
    @Inject(FirstTokenSink) private readonly sink: FirstTokenSink,
    private readonly logger: StructuredLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.tokens.count()) > 0) return;
    const issued = await this.tokens.create('initial-admin', 'admin');
    this.sink.show(issued.secret, issued.token.name);
    this.logger.log(
      { msg: 'first admin token created', name: issued.token.name, id: issued.token.id },
      'Admin',
    );
  }
}

/**
 * The admin API context: gRPC handlers (served by AdminGrpcServer, see admin-server.ts),
 * tokens, audit log and the first token. SwitchStateSource is ReconcilerSwitchState (the
 * reconciler's statuses, reads over the switch sessions); NoSwitchSessions remains for a
 * controller without them.
 */
@Module({
  imports: [PersistenceModule, CommandsModule, ReconcilerModule, SwitchesModule],
  controllers: [ServicesController, FabricController, SecurityController],
  providers: [
    {
      provide: TokenStore,
      inject: [DataSource],
      useFactory: (ds: DataSource) => new TokenStore(ds),
    },
    { provide: AuditLog, inject: [DataSource], useFactory: (ds: DataSource) => new AuditLog(ds) },
    {
      provide: Authenticator,
      inject: [TokenStore],
      useFactory: (t: TokenStore) => new Authenticator(t),
    },
    { provide: SwitchStateSource, useClass: ReconcilerSwitchState },
    { provide: FirstTokenSink, useClass: StderrFirstTokenSink },
    AdminCalls,
    FirstToken,
    DataplaneCounterPoller,
  ],
  exports: [TokenStore, AuditLog],
})
export class AdminModule {
  /** The module with replaced parts: the first token's sink, the live switch state. */
  static register(
    parts: { firstTokenSink?: FirstTokenSink; switchState?: SwitchStateSource } = {},
  ): DynamicModule {
    const providers: Provider[] = [];
    if (parts.firstTokenSink) {
      providers.push({ provide: FirstTokenSink, useValue: parts.firstTokenSink });
    }
    if (parts.switchState)
      providers.push({ provide: SwitchStateSource, useValue: parts.switchState });
    return { module: AdminModule, providers, exports: [TokenStore, AuditLog] };
  }
}
