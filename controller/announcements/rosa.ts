/**
 * ROSA ANNOUNCE / WITHDRAW on the wire (wire §1), as the SAR punts them: an Ethernet frame
 * with IPv6, a Destination Options header (Next Header 60) directly after it holding the ROSA
 * option as its only option. The parser is pure and defensive: any frame, of any length and
 * content, gives either a message or a `malformed` result naming what was wrong; it never
 * throws and never reads past the frame.
 *
 *   const r = parseAnnouncement(frame);
 *   if (r.ok) r.message.sequence; else r.detail;
 *   const frame = buildAnnouncement({ kind: 'announce', key, serviceIdHex, instance, ... });
 */
import { createHmac } from 'node:crypto';

/** EtherType of IPv6. */
export const ETHERTYPE_IPV6 = 0x86dd;
/** IPv6 Next Header of a Destination Options header. */
export const NEXT_HEADER_DEST_OPTS = 60;
/** IPv6 Next Header "no next header": what an announcement carries after its option. */
export const NEXT_HEADER_NONE = 59;
/** ROSA option type (wire §1: RFC 4727 experimental, skip if unknown, not changed en route). */
export const ROSA_OPTION_TYPE = 0x1e;
/** msg_type values (wire §1). */
export const ROSA_ANNOUNCE = 1;
export const ROSA_WITHDRAW = 4;
/** Option data length of ANNOUNCE / WITHDRAW, and the Hdr Ext Len that goes with it. */
export const ANNOUNCE_DATA_BYTES = 52;
export const ANNOUNCE_HDR_EXT_LEN = 6;
/** The tag covers option data bytes 0..35 and is the first 16 bytes of HMAC-SHA256. */
export const SIGNED_BYTES = 36;
export const TAG_BYTES = 16;

const ETH = 14;
const IPV6 = 40;
/** Destination Options header of an announcement: (6 + 1) * 8 bytes. */
const DEST_OPTS = (ANNOUNCE_HDR_EXT_LEN + 1) * 8;
/** The shortest frame that can hold an announcement. */
export const ANNOUNCE_FRAME_MIN = ETH + IPV6 + DEST_OPTS;
/** Offset of the option data in the frame. */
const DATA = ETH + IPV6 + 4;

/** A parsed ANNOUNCE or WITHDRAW, not yet authenticated. */
export interface AnnouncementMessage {
  readonly kind: 'announce' | 'withdraw';
  /** 0 = drain (ANNOUNCE); carried but meaningless in a WITHDRAW. */
  readonly weight: number;
  /** service_id as 16 lower-case hex digits. */
  readonly serviceIdHex: string;
  /** The instance address, 16 bytes. */
  readonly instance: Uint8Array;
  readonly metric: number;
  readonly sequence: number;
  /** Option data bytes 0..35, the bytes the tag signs. */
  readonly signed: Uint8Array;
  readonly tag: Uint8Array;
  /** IPv6 source and destination of the packet (the destination is a SAR address). */
  readonly source: Uint8Array;
  readonly destination: Uint8Array;
}

/** What parsing gives: a message, or why the frame is not one. */
export type ParseResult =
  | { readonly ok: true; readonly message: AnnouncementMessage }
  | { readonly ok: false; readonly detail: string };

const bad = (detail: string): ParseResult => ({ ok: false, detail });

/** Parses a punted frame (the PacketIn payload) as an ANNOUNCE or WITHDRAW (wire §1). */
export function parseAnnouncement(frame: Uint8Array): ParseResult {
  if (!(frame instanceof Uint8Array)) return bad('not a byte array');
  if (frame.length < ANNOUNCE_FRAME_MIN) {
    return bad(`frame of ${frame.length} bytes, expected at least ${ANNOUNCE_FRAME_MIN}`);
  }
  const etherType = (frame[12] << 8) | frame[13];
  if (etherType !== ETHERTYPE_IPV6) return bad(`EtherType 0x${etherType.toString(16)}, not IPv6`);
  const ip = ETH;
  if (frame[ip] >> 4 !== 6) return bad(`IP version ${frame[ip] >> 4}, expected 6`);
  const payloadLength = (frame[ip + 4] << 8) | frame[ip + 5];
  if (frame[ip + 6] !== NEXT_HEADER_DEST_OPTS) {
    return bad(`IPv6 next header ${frame[ip + 6]}, expected ${NEXT_HEADER_DEST_OPTS}`);
  }
  if (payloadLength < DEST_OPTS) {
    return bad(`IPv6 payload length ${payloadLength}, expected at least ${DEST_OPTS}`);
  }
  if (ETH + IPV6 + payloadLength > frame.length) {
    return bad(`IPv6 payload length ${payloadLength} runs past the frame`);
  }
  const opts = ETH + IPV6;
  if (frame[opts + 1] !== ANNOUNCE_HDR_EXT_LEN) {
    return bad(`Hdr Ext Len ${frame[opts + 1]}, expected ${ANNOUNCE_HDR_EXT_LEN}`);
  }
  if (frame[opts + 2] !== ROSA_OPTION_TYPE) {
    return bad(`option type 0x${frame[opts + 2].toString(16)}, expected 0x1e`);
  }
  if (frame[opts + 3] !== ANNOUNCE_DATA_BYTES) {
    return bad(`option length ${frame[opts + 3]}, expected ${ANNOUNCE_DATA_BYTES}`);
  }
  const type = frame[DATA];
  if (type !== ROSA_ANNOUNCE && type !== ROSA_WITHDRAW) {
    return bad(`msg_type ${type}, expected ${ROSA_ANNOUNCE} or ${ROSA_WITHDRAW}`);
  }
  if (frame[DATA + 1] !== 0) return bad(`flags ${frame[DATA + 1]}, expected 0`);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  return {
    ok: true,
    message: {
      kind: type === ROSA_ANNOUNCE ? 'announce' : 'withdraw',
      weight: view.getUint16(DATA + 2),
      serviceIdHex: Buffer.from(frame.buffer, frame.byteOffset + DATA + 4, 8).toString('hex'),
      instance: frame.slice(DATA + 12, DATA + 28),
      metric: view.getUint32(DATA + 28),
      sequence: view.getUint32(DATA + 32),
      signed: frame.slice(DATA, DATA + SIGNED_BYTES),
      tag: frame.slice(DATA + SIGNED_BYTES, DATA + SIGNED_BYTES + TAG_BYTES),
      source: frame.slice(ip + 8, ip + 24),
      destination: frame.slice(ip + 24, ip + 40),
    },
  };
}

/** The auth tag of option data bytes 0..35 (wire §1): the first 16 bytes of HMAC-SHA256. */
export function announcementTag(key: Uint8Array, signed: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac('sha256', key).update(signed).digest().subarray(0, TAG_BYTES));
}

/** What buildAnnouncement takes. Addresses are 16 bytes, MACs 6 bytes. */
export interface AnnouncementFields {
  readonly kind: 'announce' | 'withdraw';
  readonly key: Uint8Array;
  readonly serviceIdHex: string;
  readonly instance: Uint8Array;
  readonly weight: number;
  readonly metric: number;
  readonly sequence: number;
  /** IPv6 source (the instance, usually) and destination (a SAR address). */
  readonly source: Uint8Array;
  readonly destination: Uint8Array;
  readonly sourceMac: Uint8Array;
  readonly destinationMac: Uint8Array;
  /** Default 64. */
  readonly hopLimit?: number;
}

/** The option data of an ANNOUNCE / WITHDRAW, tag included (52 bytes, wire §1). */
export function announcementOption(f: AnnouncementFields): Uint8Array {
  const data = new Uint8Array(ANNOUNCE_DATA_BYTES);
  const view = new DataView(data.buffer);
  data[0] = f.kind === 'announce' ? ROSA_ANNOUNCE : ROSA_WITHDRAW;
  data[1] = 0;
  view.setUint16(2, checkUint(f.weight, 16, 'weight'));
  if (!/^[0-9a-f]{16}$/i.test(f.serviceIdHex)) {
    throw new RangeError(`serviceIdHex: '${f.serviceIdHex}' is not 16 hex digits`);
  }
  data.set(Buffer.from(f.serviceIdHex, 'hex'), 4);
  data.set(checkBytes(f.instance, 16, 'instance'), 12);
  view.setUint32(28, checkUint(f.metric, 32, 'metric'));
  view.setUint32(32, checkUint(f.sequence, 32, 'sequence'));
  data.set(announcementTag(f.key, data.subarray(0, SIGNED_BYTES)), SIGNED_BYTES);
  return data;
}

/** The Destination Options header holding the option (56 bytes, Next Header 59). */
export function announcementDestOpts(f: AnnouncementFields): Uint8Array {
  const h = new Uint8Array(DEST_OPTS);
  h[0] = NEXT_HEADER_NONE;
  h[1] = ANNOUNCE_HDR_EXT_LEN;
  h[2] = ROSA_OPTION_TYPE;
  h[3] = ANNOUNCE_DATA_BYTES;
  h.set(announcementOption(f), 4);
  return h;
}

/** A whole frame: Ethernet + IPv6 + Destination Options with the option (wire §1). */
export function buildAnnouncement(f: AnnouncementFields): Uint8Array {
  const frame = new Uint8Array(ANNOUNCE_FRAME_MIN);
  frame.set(checkBytes(f.destinationMac, 6, 'destinationMac'), 0);
  frame.set(checkBytes(f.sourceMac, 6, 'sourceMac'), 6);
  frame[12] = ETHERTYPE_IPV6 >> 8;
  frame[13] = ETHERTYPE_IPV6 & 0xff;
  frame[ETH] = 0x60;
  frame[ETH + 4] = DEST_OPTS >> 8;
  frame[ETH + 5] = DEST_OPTS & 0xff;
  frame[ETH + 6] = NEXT_HEADER_DEST_OPTS;
  frame[ETH + 7] = checkUint(f.hopLimit ?? 64, 8, 'hopLimit');
  frame.set(checkBytes(f.source, 16, 'source'), ETH + 8);
  frame.set(checkBytes(f.destination, 16, 'destination'), ETH + 24);
  frame.set(announcementDestOpts(f), ETH + IPV6);
  return frame;
}

function checkUint(v: number, bits: number, field: string): number {
  if (!Number.isInteger(v) || v < 0 || v >= 2 ** bits) {
    throw new RangeError(`${field}: ${v} is invalid: expected an integer in 0..2^${bits} - 1`);
  }
  return v;
}

function checkBytes(b: Uint8Array, n: number, field: string): Uint8Array {
  if (!(b instanceof Uint8Array) || b.length !== n) {
    throw new RangeError(`${field}: expected ${n} bytes, got ${(b as Uint8Array)?.length}`);
  }
  return b;
}
