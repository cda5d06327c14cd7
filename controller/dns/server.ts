/**
 * server.ts: the authoritative DNS server of the SSA zone (wire §3), over UDP and TCP on one
 * address and port (127.0.0.1:5353 in the demo). `setZone` swaps in a new zone; the SOA serial
 * goes up whenever the records change, and the configured secondaries get a NOTIFY.
 *
 *   const dns = new DnsServer({ settings, zone: buildZone(settings, services), port: 5353 });
 *   await dns.start();
 *   dns.setZone(buildZone(settings, changed)); // serial + 1, NOTIFY sent
 */
import { EventEmitter } from 'node:events';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIPv6, type Server, type Socket } from 'node:net';
import type { ZoneSettings } from './model';
import { sendNotify } from './notify';
import { answeredOf } from './answered';
import { type QueryContext, Responder } from './responder';
import { sameZone, soaRdata, type Zone } from './zone';
import { C, T, encodeRr } from './wire';

/** Options of the server. */
export interface DnsServerOptions {
  readonly settings: ZoneSettings;
  readonly zone: Zone;
  /** Listening address (default 127.0.0.1). */
  readonly address?: string;
  /** Port for UDP and TCP (default 5353; 0 lets the system choose one free for both). */
  readonly port?: number;
  /** First serial (default: the unix time, so that a restart never goes back). */
  readonly serial?: number;
  /** Largest UDP answer (default 1232). */
  readonly maxUdpSize?: number;
  /** NOTIFY tries and wait per try (default 5 tries of 1 s). */
  readonly notifyTries?: number;
  readonly notifyTimeoutMs?: number;
  /** A TCP connection idle this long is closed (default 10 s). */
  readonly tcpIdleMs?: number;
}

/**
 * Events: 'notified' (secondary, rcode), 'notifyError' (secondary, error), 'error', and
 * 'answered' ({ qtype, rcode }: one per query answered, only read when someone listens).
 */
export class DnsServer extends EventEmitter {
  private responder: Responder;
  private zone: Zone;
  private udp?: UdpSocket;
  private tcp?: Server;
  private readonly sockets = new Set<Socket>();
  private readonly notifying = new AbortController();
  private readonly transferPeers: Set<string>;
  private bound?: { address: string; port: number };

  constructor(private readonly o: DnsServerOptions) {
    super();
    this.zone = o.zone;
    const secondaries = o.settings.secondaries ?? [];
    this.transferPeers = new Set(
      [...secondaries.map((s) => s.address), ...(o.settings.allowTransfer ?? [])].map(plainPeer),
    );
    this.responder = this.respondFor(o.zone, o.serial ?? Math.floor(Date.now() / 1000));
  }

  private respondFor(zone: Zone, serial: number): Responder {
    return new Responder(zone, serial, {
      maxUdpSize: this.o.maxUdpSize,
      allowTransfer: (peer) => this.transferPeers.has(plainPeer(peer)),
    });
  }

  /** The current SOA serial. */
  get serial(): number {
    return this.responder.serial;
  }

  /** The address and port once started. */
  get address(): { address: string; port: number } {
    if (!this.bound) throw new Error('DnsServer: not started');
    return this.bound;
  }

  /**
   * Swaps in a zone. When its records or SOA fields differ, the serial goes up (to the unix
   * time if that is higher, so a restarted server stays ahead) and the secondaries get NOTIFY.
   */
  setZone(zone: Zone): { serial: number; changed: boolean } {
    if (sameZone(this.zone, zone)) return { serial: this.serial, changed: false };
    const next = Math.max((this.serial + 1) >>> 0, Math.floor(Date.now() / 1000)) >>> 0;
    this.zone = zone;
    this.responder = this.respondFor(zone, next);
    this.notifyAll();
    return { serial: next, changed: true };
  }

  /** Answers one message in process (the sockets call this; so do the fuzz test and benchmarks). */
  handle(msg: Buffer, ctx: QueryContext): Buffer[] {
    const out = this.responder.respond(msg, ctx);
    if (this.listenerCount('answered') > 0) this.emit('answered', answeredOf(msg, out[0]));
    return out;
  }

  /** Listens on UDP and TCP on the same port. */
  async start(): Promise<{ address: string; port: number }> {
    const address = this.o.address ?? '127.0.0.1';
    const want = this.o.port ?? 5353;
    for (let attempt = 0; ; attempt++) {
      const udp = createSocket({ type: isIPv6(address) ? 'udp6' : 'udp4' });
      const port = await new Promise<number>((resolve, reject) => {
        udp.once('error', reject);
        udp.bind(want, address, () => resolve(udp.address().port));
      });
      const tcp = createServer((s) => this.serveTcp(s));
      try {
        await new Promise<void>((resolve, reject) => {
          tcp.once('error', reject);
          tcp.listen(port, address, () => resolve());
        });
      } catch (e) {
        udp.close();
        // A chosen port may be taken for TCP: try another; a configured one is an error.
        if (want === 0 && attempt < 20) continue;
        throw e;
      }
      udp.removeAllListeners('error');
      tcp.removeAllListeners('error');
      udp.on('error', (e) => this.emit('error', e));
      tcp.on('error', (e) => this.emit('error', e));
      udp.on('message', (msg, rinfo) => {
        for (const out of this.handle(msg, { transport: 'udp', peer: rinfo.address })) {
          udp.send(out, rinfo.port, rinfo.address);
        }
      });
      this.udp = udp;
      this.tcp = tcp;
      this.bound = { address, port };
      this.notifyAll();
      return this.bound;
    }
  }

  /** Closes the sockets and open TCP connections; stops pending NOTIFYs. */
  async stop(): Promise<void> {
    this.notifying.abort();
    for (const s of this.sockets) s.destroy();
    await Promise.all([
      new Promise<void>((r) => (this.udp ? this.udp.close(() => r()) : r())),
      new Promise<void>((r) => (this.tcp ? this.tcp.close(() => r()) : r())),
    ]);
    this.udp = undefined;
    this.tcp = undefined;
  }

  /** Two-byte length framing (RFC 1035 4.2.2); several queries per connection. */
  private serveTcp(s: Socket): void {
    this.sockets.add(s);
    s.setTimeout(this.o.tcpIdleMs ?? 10_000, () => s.destroy());
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => s.destroy());
    let pending = Buffer.alloc(0);
    s.on('data', (chunk) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 2) {
        const len = pending.readUInt16BE(0);
        if (pending.length < 2 + len) break;
        const msg = pending.subarray(2, 2 + len);
        pending = pending.subarray(2 + len);
        for (const out of this.handle(Buffer.from(msg), {
          transport: 'tcp',
          peer: s.remoteAddress,
        })) {
          const frame = Buffer.alloc(2 + out.length);
          frame.writeUInt16BE(out.length, 0);
          out.copy(frame, 2);
          // A client that sends without reading must not grow our buffer without bound.
          if (!s.write(frame)) {
            s.pause();
            s.once('drain', () => s.resume());
          }
        }
      }
    });
  }

  private notifyAll(): void {
    if (!this.bound) return;
    const soaRr = encodeRr(
      this.zone.origin,
      T.SOA,
      C.IN,
      this.zone.ttl,
      soaRdata(this.zone.soa, this.serial),
    );
    for (const sec of this.o.settings.secondaries ?? []) {
      const target = { address: sec.address, port: sec.port ?? 53 };
      sendNotify(target, this.zone.origin, soaRr, {
        tries: this.o.notifyTries,
        timeoutMs: this.o.notifyTimeoutMs,
        signal: this.notifying.signal,
      }).then(
        (rcode) => this.emit('notified', target, rcode),
        (err) => this.emit('notifyError', target, err),
      );
    }
  }
}

/** An IPv4 peer seen on a dual-stack socket as ::ffff:a.b.c.d, as a.b.c.d. */
const plainPeer = (p: string) => p.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
