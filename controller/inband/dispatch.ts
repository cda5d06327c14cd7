/**
 * Where punted packets go: every session of the pool is read through a bounded packet queue
 * (a flood of punts drops the newest, counted, and never grows memory), and each PacketIn is
 * handed by its punt reason to the announcement handler (PUNT_ROSA_*) or the Packet Too Big
 * responder (PUNT_MSLB_PACKET_TOO_BIG / FRAG_NEEDED), whose replies leave as PacketOut on
 * the same session. Other reasons are counted and left alone.
 *
 *   const d = new InbandDispatcher(pool, { announcements, tooBig });
 *   d.close();
 */
import type { PacketIn } from '../../p4runtime';
import {
  type Announcements,
  PUNT_ROSA_ANNOUNCE,
  PUNT_ROSA_WITHDRAW,
} from '../announcements/announcements';
import type { StructuredLogger } from '../logging/structured-logger';
import { PoolEvent, type SessionPool, type SwitchSession } from '../switches';
import { type TooBigResponder, isTooBigPunt } from './too-big-responder';

export interface DispatcherOptions {
  readonly announcements?: Announcements;
  readonly tooBig?: TooBigResponder;
  readonly logger?: StructuredLogger;
  /** PacketIns waiting per switch before the newest are dropped (default 4096). */
  readonly queueSize?: number;
}

/** Reads the punts of every session of a pool (see the file comment). */
export class InbandDispatcher {
  private readonly readers = new Map<string, AbortController>();
  private readonly onAdded = (s: SwitchSession) => this.attach(s);
  private readonly onRemoved = (s: SwitchSession) => this.detach(s.name);
  /** PacketIns by punt reason, and 'other' for reasons nobody handles. */
  readonly received = new Map<number, number>();

  constructor(
    readonly pool: SessionPool,
    private readonly opts: DispatcherOptions,
  ) {
    for (const s of pool.all()) this.attach(s);
    pool.on(PoolEvent.ADDED, this.onAdded);
    pool.on(PoolEvent.REMOVED, this.onRemoved);
  }

  /** Stops reading every session. */
  close(): void {
    this.pool.off(PoolEvent.ADDED, this.onAdded);
    this.pool.off(PoolEvent.REMOVED, this.onRemoved);
    for (const name of [...this.readers.keys()]) this.detach(name);
  }

  private attach(session: SwitchSession): void {
    this.detach(session.name);
    const abort = new AbortController();
    this.readers.set(session.name, abort);
    const queue = session.client.packets({
      queueSize: this.opts.queueSize ?? 4096,
      signal: abort.signal,
    });
    void (async () => {
      for await (const p of queue) {
        try {
          await this.dispatch(session, p);
        } catch (e) {
          this.opts.logger?.error(
            { msg: 'punted packet not handled', switch: session.name, error: String(e) },
            'Inband',
          );
        }
      }
    })();
  }

  private detach(name: string): void {
    this.readers.get(name)?.abort();
    this.readers.delete(name);
  }

  private async dispatch(session: SwitchSession, p: PacketIn): Promise<void> {
    const reason = Number(p.metadata.reason ?? -1n);
    const ingressPort = Number(p.metadata.ingress_port ?? 0n);
    this.received.set(reason, (this.received.get(reason) ?? 0) + 1);
    if (reason === PUNT_ROSA_ANNOUNCE || reason === PUNT_ROSA_WITHDRAW) {
      await this.opts.announcements?.handle({
        switchName: session.name,
        ingressPort,
        reason,
        payload: p.payload,
      });
    } else if (isTooBigPunt(reason)) {
      this.opts.tooBig?.handle(
        {
          switchName: session.name,
          ingressPort,
          reason,
          mtu: Number(p.metadata.mtu ?? 0n),
          payload: p.payload,
        },
        // Only the primary may send PacketOut; a backup's punts are not its to answer.
        (frame, port) => {
          if (session.ready) session.client.sendPacket(frame, { egress_port: port });
        },
      );
    }
  }
}
