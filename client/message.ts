/**
 * message.ts: DNS messages through dns-packet, with the fields its type declarations leave
 * out (rcode, extendedRcode, the data of every record) typed; and the queries the client sends.
 */
import { randomInt } from 'node:crypto';
import * as packet from 'dns-packet';

/** A decoded record: `data` is a string (A, AAAA, NS), an object (SOA), Buffers (TXT) or raw RDATA (APL and types dns-packet does not know). */
export interface DecodedRecord {
  readonly name: string;
  readonly type: string;
  readonly class?: string;
  readonly ttl?: number;
  readonly data?: unknown;
  readonly udpPayloadSize?: number;
  readonly extendedRcode?: number;
  readonly ednsVersion?: number;
  readonly flags?: number;
}

/** A decoded message. */
export interface DecodedMessage {
  readonly id: number;
  readonly type: 'query' | 'response';
  readonly rcode: string;
  readonly opcode: string;
  readonly flag_aa: boolean;
  readonly flag_tc: boolean;
  readonly flag_rd: boolean;
  readonly questions: readonly { name: string; type: string; class: string }[];
  readonly answers: readonly DecodedRecord[];
  readonly authorities: readonly DecodedRecord[];
  readonly additionals: readonly DecodedRecord[];
}

/** Decodes a message; throws when dns-packet cannot, or when bytes are left over. */
export function decodeMessage(b: Buffer): DecodedMessage {
  const d = packet.decode(b) as unknown as DecodedMessage;
  if (packet.decode.bytes !== b.length) {
    throw new Error(`DNS message: ${b.length - packet.decode.bytes} bytes after its last record`);
  }
  return d;
}

/** Options of a query. */
export interface QueryOptions {
  readonly id?: number;
  /** EDNS0 UDP payload size offered (default 1232; 0 sends no OPT). */
  readonly udpSize?: number;
  readonly recursionDesired?: boolean;
}

/** A query for one name and type (type given by name, 'APL', or number). */
export function encodeQuery(name: string, type: string | number, o: QueryOptions = {}): Buffer {
  const size = o.udpSize ?? 1232;
  const q = packet.encode({
    type: 'query',
    id: o.id ?? randomInt(0, 0x10000),
    flags: o.recursionDesired === false ? 0 : packet.RECURSION_DESIRED,
    questions: [{ name, type: (typeof type === 'number' ? 'A' : type) as packet.RecordType }],
    additionals:
      size > 0 ? [{ type: 'OPT', name: '.', udpPayloadSize: size } as packet.Answer] : [],
  });
  if (typeof type === 'number') q.writeUInt16BE(type, q.length - 4 - (size > 0 ? 11 : 0));
  return q;
}
