/**
 * The DNS context in Nest: the authoritative server (controller/dns/server.ts) serving the zone
 * built from the stored services (wire §3), rebuilt whenever the stored domain version moves
 * (polled, so commits of any replica are seen); and, when configured, the RFC 2136 publisher
 * keeping an existing primary server in step. Off unless `dns.enabled`.
 */
import {
  Injectable,
  Module,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { StructuredLogger } from '../logging/structured-logger';
import { FabricMetrics } from '../metrics/fabric-metrics';
import { DomainRepository } from '../persistence/domain-repository';
import { PersistenceModule } from '../persistence/persistence.module';
import type { Answered } from './answered';
import type { ZoneSettings } from './model';
import { UpdatePublisher } from './publisher';
import { parseServer } from '../../client/transport';
import { publishedServices, zoneSettingsOf } from './publish';
import { DnsServer } from './server';
import { buildZone, type Zone } from './zone';

const CONTEXT = 'Dns';

/** Keeps the served zone (and the published copy, if any) on the latest domain version. */
@Injectable()
export class DnsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private server: DnsServer | undefined;
  private publisher: UpdatePublisher | undefined;
  private readonly settings: ZoneSettings;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private version = -1;
  private publishPending = false;

  constructor(
    private readonly repository: DomainRepository,
    private readonly config: AppConfig,
    private readonly logger: StructuredLogger,
    @Optional() private readonly metrics?: FabricMetrics,
  ) {
    this.settings = zoneSettingsOf(config.dns);
  }

  /** The listening address and the current serial, once started. */
  get status(): { address: string; port: number; serial: number } | undefined {
    return this.server ? { ...this.server.address, serial: this.server.serial } : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const c = this.config.dns;
    if (!c.enabled) return;
    const zone = await this.currentZone();
    this.server = new DnsServer({ settings: this.settings, zone, address: c.host, port: c.port });
    this.server.on('error', (e: Error) => this.logger.error(e, CONTEXT));
    this.server.on('answered', (a: Answered) => this.metrics?.dnsQuery(a.qtype, a.rcode));
    this.server.on('notifyError', (peer: unknown, e: Error) =>
      this.logger.warn({ msg: 'NOTIFY failed', peer, error: e.message }, CONTEXT),
    );
    const at = await this.server.start();
    this.logger.log(
      { msg: 'DNS serving', zone: this.settings.origin, ...at, serial: this.server.serial },
      CONTEXT,
    );
    if (c.updateServer && c.tsigKeyName && c.tsigSecret) {
      this.publisher = new UpdatePublisher({
        server: parseServer(c.updateServer, 'dns.updateServer'),
        zone: c.updateZone ?? c.zone,
        key: {
          name: c.tsigKeyName,
          algorithm: 'hmac-sha256',
          secret: Buffer.from(c.tsigSecret, 'base64'),
        },
      });
      this.publishPending = true;
      await this.publish(zone);
    }
    this.timer = setInterval(() => void this.poll(), c.pollMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.server?.stop();
  }

  /** Rebuilds the zone if the stored version moved; publishes it when it changed. */
  async poll(): Promise<void> {
    if (this.polling || !this.server) return;
    this.polling = true;
    try {
      const version = await this.repository.version();
      if (version === this.version && !this.publishPending) return;
      const zone = await this.currentZone();
      const { changed, serial } = this.server.setZone(zone);
      if (changed) {
        this.logger.log({ msg: 'zone changed', version: this.version, serial }, CONTEXT);
        this.publishPending = this.publisher !== undefined;
      }
      if (this.publishPending) await this.publish(zone);
    } catch (e) {
      this.logger.error(e instanceof Error ? e : String(e), CONTEXT);
    } finally {
      this.polling = false;
    }
  }

  private async currentZone(): Promise<Zone> {
    const state = await this.repository.load();
    this.version = state.version;
    const { services, outside } = publishedServices(state, {
      zone: this.settings.origin,
      legacyAddresses: this.config.dns.legacyAddresses,
    });
    for (const name of outside) {
      this.logger.debug({ msg: 'service outside the zone, not published', service: name }, CONTEXT);
    }
    return buildZone(this.settings, services);
  }

  /** Sends the zone to the primary; a failure is logged and retried at the next poll. */
  private async publish(zone: Zone): Promise<void> {
    if (!this.publisher) return;
    try {
      const { added, removed } = await this.publisher.publish(zone);
      this.publishPending = false;
      if (added + removed > 0) this.logger.log({ msg: 'zone published', added, removed }, CONTEXT);
    } catch (e) {
      this.publishPending = true;
      this.logger.warn({ msg: 'dynamic update failed', error: (e as Error).message }, CONTEXT);
    }
  }
}

@Module({
  imports: [PersistenceModule],
  providers: [DnsService],
  exports: [DnsService],
})
export class DnsModule {}
