/**
 * notify.ts: DNS NOTIFY (RFC 1996) to a secondary, over UDP, retried until the secondary
 * acknowledges it or the tries run out. The secondary then asks for the SOA and transfers the
 * zone (AXFR) from us.
 */
import { createSocket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { C, Opcode, T, encodeName, encodeRr } from './wire';

/** Where and how hard to notify. */
export interface NotifyTarget {
  readonly address: string;
  readonly port: number;
}

/** Options: tries and the wait for each. */
export interface NotifyOptions {
  readonly tries?: number;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Thrown when a secondary never acknowledged a NOTIFY. */
export class NotifyError extends Error {
  override readonly name = 'NotifyError';
}

/** The NOTIFY message for the zone at `origin`, carrying the new SOA (RFC 1996 section 3.7). */
export function notifyMessage(id: number, origin: string, soaRr: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(id, 0);
  head[2] = (Opcode.NOTIFY << 3) | 0x04; // AA
  head.writeUInt16BE(1, 4);
  head.writeUInt16BE(1, 6);
  const q = Buffer.concat([encodeName(origin), Buffer.of(0, T.SOA, 0, C.IN)]);
  return Buffer.concat([head, q, soaRr]);
}

/** Sends NOTIFY and resolves with the response code once the secondary answers. */
export function sendNotify(
  target: NotifyTarget,
  origin: string,
  soaRr: Buffer,
  o: NotifyOptions = {},
): Promise<number> {
  const tries = o.tries ?? 5;
  const timeoutMs = o.timeoutMs ?? 1000;
  const id = randomInt(0, 0x10000);
  const msg = notifyMessage(id, origin, soaRr);
  return new Promise((resolve, reject) => {
    const sock = createSocket(isIPv6(target.address) ? 'udp6' : 'udp4');
    let left = tries;
    let timer: NodeJS.Timeout | undefined;
    const done = (err: Error | undefined, rcode?: number) => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      sock.close();
      if (err) reject(err);
      else resolve(rcode ?? 0);
    };
    const onAbort = () =>
      done(new NotifyError(`NOTIFY to ${target.address}:${target.port} aborted`));
    const send = () => {
      if (left-- === 0) {
        done(
          new NotifyError(
            `NOTIFY to ${target.address}:${target.port}: no answer after ${tries} tries`,
          ),
        );
        return;
      }
      sock.send(msg, target.port, target.address);
      timer = setTimeout(send, timeoutMs);
    };
    sock.on('message', (m) => {
      if (
        m.length >= 12 &&
        m.readUInt16BE(0) === id &&
        m[2] & 0x80 &&
        ((m[2] >> 3) & 0xf) === Opcode.NOTIFY
      ) {
        done(undefined, m[3] & 0xf);
      }
    });
    sock.on('error', (e) => done(e));
    if (o.signal?.aborted) return onAbort();
    o.signal?.addEventListener('abort', onAbort);
    sock.bind(0, () => send());
  });
}

export { encodeRr };
