/** A controller with its admin API on a fresh test database, listening on 127.0.0.1:0. */
import type { Io } from '../../../controller/cli/output';
import { AppConfig } from '../../../controller/config/app-config';
import { loadConfig } from '../../../controller/config/load';
import { CommandService } from '../../../controller/commands/command.service';
import { type AdminApp, startAdminApp } from '../../../controller/admin/admin-app';
import { FirstTokenSink } from '../../../controller/admin/admin.module';
import type { SwitchStateSource } from '../../../controller/admin/switch-state';
import { EventBus } from '../../../controller/events/event-bus';
import { StructuredLogger } from '../../../controller/logging/structured-logger';
import { EXAMPLE } from '../../fixtures/domain-example';
import { type Engine, type TestDatabase, testDatabase } from '../support/databases';

export interface AdminHarness extends AdminApp {
  readonly db: TestDatabase;
  /** The first admin token, as the controller showed it once. */
  readonly adminToken: string;
  readonly logs: string[];
  readonly events: EventBus;
  close(): Promise<void>;
}

class Capture extends FirstTokenSink {
  shown: string[] = [];
  show(secret: string): void {
    this.shown.push(secret);
  }
}

/** Boots the controller with the admin API; EXAMPLE is seeded unless `seed` is false. */
export async function adminHarness(
  engine: Engine,
  options: {
    seed?: boolean;
    admin?: Record<string, unknown>;
    metrics?: Record<string, unknown>;
    switchState?: SwitchStateSource;
    db?: TestDatabase;
  } = {},
): Promise<AdminHarness> {
  const db = options.db ?? (await testDatabase(engine));
  const logs: string[] = [];
  const logger = new StructuredLogger({ level: 'debug', write: (l) => logs.push(l) });
  const url = db.target.type === 'sqlite' ? `sqlite:${db.target.path}` : db.target.url;
  const config = new AppConfig({
    ...loadConfig({ env: { DATABASE_URL: url } }),
    admin: { enabled: true, host: '127.0.0.1', port: 0, ...options.admin },
    logging: { level: 'error', format: 'json' },
    metrics: { enabled: false, host: '127.0.0.1', port: 0, ...options.metrics },
  } as never);
  const sink = new Capture();
  const started = await startAdminApp(config, logger, {
    firstTokenSink: sink,
    switchState: options.switchState,
  });
  if (options.seed !== false) {
    await started.app.get(CommandService).seed({ ...EXAMPLE, sliceMaps: [] });
  }
  return {
    ...started,
    db,
    adminToken: sink.shown[0] ?? '',
    logs,
    events: started.app.get(EventBus),
    close: async () => {
      await started.app.close();
      if (options.db === undefined) await db.drop();
    },
  };
}

/** What ssactl printed: its Io, with every line kept (`raw` is what a terminal gets). */
export interface Captured extends Io {
  readonly stdout: string[];
  readonly stderr: string[];
  readonly rawText: string[];
}

/** An Io for ssactl that keeps what it prints; `tty` says whether it plays a terminal. */
export function capture(tty = false): Captured {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const rawText: string[] = [];
  return {
    stdout,
    stderr,
    rawText,
    tty,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    raw: (t) => rawText.push(t),
  };
}
