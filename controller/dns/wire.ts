/**
 * wire.ts: the few DNS wire pieces the server assembles itself around dns-packet: names,
 * resource records from RDATA, the question as it came, and the message header. Records are
 * encoded once per zone change and answers are then concatenations of them.
 */
import * as packet from 'dns-packet';

/** dns-packet's codecs that its type declarations leave out. */
interface RawCodecs {
  record(type: string): { encode(data: unknown): Buffer };
  name: { encode(name: string): Buffer };
}
const raw = packet as unknown as RawCodecs;

/** Type and class numbers the server uses. */
export const T = {
  A: 1,
  NS: 2,
  SOA: 6,
  TXT: 16,
  AAAA: 28,
  OPT: 41,
  APL: 42,
  TKEY: 249,
  TSIG: 250,
  IXFR: 251,
  AXFR: 252,
  MAILB: 253,
  MAILA: 254,
  ANY: 255,
} as const;

/** Classes. */
export const C = { IN: 1, NONE: 254, ANY: 255 } as const;

/** Opcodes. */
export const Opcode = { QUERY: 0, NOTIFY: 4, UPDATE: 5 } as const;

/** Response codes (BADVERS is extended: 16 = 1 in the OPT's upper bits, 0 in the header). */
export const Rcode = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
  NOTAUTH: 9,
  BADVERS: 16,
} as const;

/** The type number of a type name the zone uses. */
export const typeCode = (t: string): number => T[t as keyof typeof T];

/** A name in uncompressed wire form ('' or '.' is the root). */
export function encodeName(name: string): Buffer {
  return name === '' || name === '.' ? Buffer.of(0) : raw.name.encode(name);
}

/** The RDATA of a record type dns-packet knows, without its 2-byte length. */
export function rdataOf(type: string, data: unknown): Buffer {
  return raw.record(type).encode(data).subarray(2);
}

/** A resource record in wire form. */
export function encodeRr(
  name: Buffer | string,
  type: number,
  klass: number,
  ttl: number,
  rdata: Buffer,
): Buffer {
  const n = typeof name === 'string' ? encodeName(name) : name;
  const out = Buffer.alloc(n.length + 10 + rdata.length);
  n.copy(out, 0);
  let at = n.length;
  out.writeUInt16BE(type, at);
  out.writeUInt16BE(klass, at + 2);
  out.writeUInt32BE(ttl >>> 0, at + 4);
  out.writeUInt16BE(rdata.length, at + 8);
  at += 10;
  rdata.copy(out, at);
  return out;
}

/** A question as it came: its name (lower case, no trailing dot), type, class and raw bytes. */
export interface RawQuestion {
  readonly name: string;
  readonly type: number;
  readonly klass: number;
  /** The question's bytes exactly as sent (the answer echoes them, case included). */
  readonly bytes: Buffer;
}

/** Lower case for A-Z only: DNS compares names ASCII-case-insensitively (RFC 4343). */
const asciiLower = (label: string) =>
  /[A-Z]/.test(label)
    ? label.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) | 0x20))
    : label;

/** Why a question could not be read. */
export class WireError extends Error {
  override readonly name = 'WireError';
}

/**
 * Reads the question at offset 12. Compression pointers are refused (nothing precedes the
 * question to point at), as are labels over 63 bytes and names over 255 bytes.
 */
export function readQuestion(msg: Buffer): RawQuestion {
  let at = 12;
  const labels: string[] = [];
  let total = 0;
  while (true) {
    if (at >= msg.length) throw new WireError('question name runs past the message');
    const len = msg[at];
    if (len === 0) break;
    if (len & 0xc0)
      throw new WireError(`question name: byte ${at} is a pointer or a reserved label type`);
    total += len + 1;
    if (total > 254) throw new WireError('question name is longer than 255 bytes');
    if (at + 1 + len > msg.length) throw new WireError('question label runs past the message');
    // A dot or backslash inside a label is escaped as in presentation format, so that the
    // one label 'a.b' never reads as the two labels 'a' and 'b'.
    labels.push(
      asciiLower(msg.toString('latin1', at + 1, at + 1 + len)).replace(/[.\\]/g, (c) => `\\${c}`),
    );
    at += 1 + len;
  }
  at += 1;
  if (at + 4 > msg.length) throw new WireError('question type and class run past the message');
  return {
    name: labels.join('.'),
    type: msg.readUInt16BE(at),
    klass: msg.readUInt16BE(at + 2),
    bytes: msg.subarray(12, at + 4),
  };
}

/** The header fields a response needs. */
export interface ResponseHeader {
  readonly id: number;
  readonly opcode: number;
  readonly aa: boolean;
  readonly tc: boolean;
  /** The query's RD and CD bits, copied. */
  readonly rd: boolean;
  readonly cd: boolean;
  /** The low 4 bits of the response code. */
  readonly rcode: number;
  readonly counts: readonly [number, number, number, number];
}

/** Writes an OPT record at `at` (11 bytes); returns the offset after it. */
export function writeOpt(
  b: Buffer,
  at: number,
  udpSize: number,
  rcode: number,
  dnssecOk: boolean,
): number {
  b[at] = 0;
  b.writeUInt16BE(T.OPT, at + 1);
  b.writeUInt16BE(udpSize, at + 3);
  b[at + 5] = rcode >> 4;
  b[at + 6] = 0;
  b.writeUInt16BE(dnssecOk ? 0x8000 : 0, at + 7);
  b.writeUInt16BE(0, at + 9);
  return at + 11;
}

/** Writes a response header at offset 0. */
export function writeHeader(b: Buffer, h: ResponseHeader): void {
  b.writeUInt16BE(h.id, 0);
  b[2] = 0x80 | ((h.opcode & 0xf) << 3) | (h.aa ? 0x04 : 0) | (h.tc ? 0x02 : 0) | (h.rd ? 0x01 : 0);
  b[3] = (h.cd ? 0x10 : 0) | (h.rcode & 0xf);
  b.writeUInt16BE(h.counts[0], 4);
  b.writeUInt16BE(h.counts[1], 6);
  b.writeUInt16BE(h.counts[2], 8);
  b.writeUInt16BE(h.counts[3], 10);
}

/**
 * The OPT of a plain query read without dns-packet: when the question is followed by nothing
 * (undefined) or by exactly one OPT at the root with no options; `null` when anything else
 * follows (the caller then decodes the whole message).
 */
export function simpleOpt(
  msg: Buffer,
  after: number,
): { size: number; version: number; dnssecOk: boolean } | undefined | null {
  const an = msg.readUInt16BE(6);
  const ns = msg.readUInt16BE(8);
  const ar = msg.readUInt16BE(10);
  if (an !== 0 || ns !== 0) return null;
  if (ar === 0) return after === msg.length ? undefined : null;
  if (ar !== 1 || msg.length !== after + 11 || msg[after] !== 0) return null;
  if (msg.readUInt16BE(after + 1) !== T.OPT || msg.readUInt16BE(after + 9) !== 0) return null;
  return {
    size: msg.readUInt16BE(after + 3),
    version: msg[after + 6],
    dnssecOk: (msg[after + 7] & 0x80) !== 0,
  };
}
