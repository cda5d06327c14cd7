/**
 * transport.ts: one DNS exchange over UDP or TCP (two-byte length framing, RFC 1035 4.2.2),
 * with a deadline. The client resolver and the controller's dynamic-update publisher use it.
 *
 *   const answer = await exchange(query, { host: '127.0.0.1', port: 5353 }, 'udp', 2000);
 */
import { createSocket } from 'node:dgram';
import { connect, isIPv6 } from 'node:net';

/** A DNS server to ask. */
export interface ServerAddress {
  readonly host: string;
  readonly port: number;
}

/** Thrown when no answer came in time or the connection failed. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
}

/** Parses 'HOST:PORT', '[V6]:PORT', 'HOST' (port 53). */
export function parseServer(text: string, field = 'server'): ServerAddress {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(text) ?? /^([^:]+)(?::(\d+))?$/.exec(text);
  const v6 = !m && isIPv6(text) ? text : undefined;
  if (!m && !v6) throw new TransportError(`${field}: '${text}' is not HOST:PORT or [IPv6]:PORT`);
  const host = v6 ?? m![1];
  const port = v6 || !m![2] ? 53 : Number(m![2]);
  if (!(port > 0 && port < 65536))
    throw new TransportError(`${field}: port ${port} is not in 1..65535`);
  return { host, port };
}

/** Sends one message and resolves with the first answer carrying its ID. */
export function exchange(
  msg: Buffer,
  server: ServerAddress,
  transport: 'udp' | 'tcp',
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  return transport === 'udp'
    ? udpExchange(msg, server, timeoutMs, signal)
    : tcpExchange(msg, server, timeoutMs, signal);
}

function withDeadline<T>(
  what: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  run: (settle: (err: Error | undefined, v?: T) => void) => () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let cleanup = () => {};
    let over = false;
    const settle = (err: Error | undefined, v?: T) => {
      if (over) return;
      over = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      cleanup();
      if (err) reject(err);
      else resolve(v as T);
    };
    const onAbort = () => settle(new TransportError(`${what}: aborted`));
    const timer = setTimeout(
      () => settle(new TransportError(`${what}: no answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort);
    cleanup = run(settle);
  });
}

function udpExchange(
  msg: Buffer,
  s: ServerAddress,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  const id = msg.readUInt16BE(0);
  return withDeadline(`UDP ${s.host}:${s.port}`, timeoutMs, signal, (settle) => {
    const sock = createSocket(isIPv6(s.host) ? 'udp6' : 'udp4');
    // A connected socket takes datagrams from the server only; the answer must also carry our
    // id and echo our question (RFC 5452), so a stray or forged datagram is ignored.
    const question = questionBytes(msg);
    sock.on('message', (m) => {
      if (m.length >= 2 && m.readUInt16BE(0) === id && sameQuestion(m, question)) {
        settle(undefined, m);
      }
    });
    sock.on('error', (e) => settle(new TransportError(`UDP ${s.host}:${s.port}: ${e.message}`)));
    sock.connect(s.port, s.host, () => sock.send(msg));
    return () => sock.close();
  });
}

function tcpExchange(
  msg: Buffer,
  s: ServerAddress,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  return withDeadline(`TCP ${s.host}:${s.port}`, timeoutMs, signal, (settle) => {
    const sock = connect({ host: s.host, port: s.port });
    let got = Buffer.alloc(0);
    const frame = Buffer.alloc(2 + msg.length);
    frame.writeUInt16BE(msg.length, 0);
    msg.copy(frame, 2);
    sock.on('connect', () => sock.write(frame));
    sock.on('data', (d) => {
      got = Buffer.concat([got, d]);
      if (got.length >= 2 && got.length >= 2 + got.readUInt16BE(0)) {
        settle(undefined, got.subarray(2, 2 + got.readUInt16BE(0)));
      }
    });
    sock.on('error', (e) => settle(new TransportError(`TCP ${s.host}:${s.port}: ${e.message}`)));
    sock.on('close', () =>
      settle(new TransportError(`TCP ${s.host}:${s.port}: closed before an answer`)),
    );
    return () => sock.destroy();
  });
}

/** The question section of a query we built: from byte 12 to the end of the first question. */
function questionBytes(msg: Buffer): Buffer | undefined {
  let at = 12;
  while (at < msg.length && msg[at] !== 0) at += 1 + msg[at];
  return at + 5 <= msg.length ? msg.subarray(12, at + 5) : undefined;
}

/** True when `answer` echoes `question` (names compared without case, as DNS does). */
function sameQuestion(answer: Buffer, question: Buffer | undefined): boolean {
  if (question === undefined) return true;
  if (answer.length < 12 + question.length || answer.readUInt16BE(4) < 1) return false;
  const echoed = answer.subarray(12, 12 + question.length);
  return echoed.toString('latin1').toLowerCase() === question.toString('latin1').toLowerCase();
}
