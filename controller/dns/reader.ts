/**
 * reader.ts: reads a DNS message into raw records (owner, type, class, TTL, RDATA bytes and the
 * offset where each starts), names decompressed with a bound on pointer jumps. The publisher
 * compares RDATA byte for byte and TSIG needs offsets, which dns-packet's decoded values hide.
 */
import { WireError } from './wire';

/** A record as it is on the wire. */
export interface RawRecord {
  readonly name: string;
  readonly type: number;
  readonly klass: number;
  readonly ttl: number;
  readonly rdata: Buffer;
  /** Where the record starts in the message. */
  readonly offset: number;
}

/** A message: header fields and the records of each section. */
export interface RawMessage {
  readonly id: number;
  readonly flags: number;
  readonly rcode: number;
  readonly questions: readonly { name: string; type: number; klass: number }[];
  readonly answers: readonly RawRecord[];
  readonly authorities: readonly RawRecord[];
  readonly additionals: readonly RawRecord[];
}

/** Reads a name at `at` (pointers followed, at most 64 jumps); returns it and the offset after it. */
export function readName(msg: Buffer, at: number): { name: string; next: number } {
  const labels: string[] = [];
  let next = -1;
  for (let jumps = 0; ;) {
    if (at >= msg.length) throw new WireError('name runs past the message');
    const len = msg[at];
    if (len === 0) {
      if (next < 0) next = at + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (at + 1 >= msg.length) throw new WireError('pointer runs past the message');
      if (next < 0) next = at + 2;
      if (++jumps > 64) throw new WireError('name has a compression loop');
      at = ((len & 0x3f) << 8) | msg[at + 1];
      continue;
    }
    if (len & 0xc0) throw new WireError(`reserved label type at byte ${at}`);
    if (at + 1 + len > msg.length) throw new WireError('label runs past the message');
    labels.push(msg.toString('latin1', at + 1, at + 1 + len).toLowerCase());
    at += 1 + len;
  }
  return { name: labels.join('.'), next };
}

/** Reads a whole message. */
export function readMessage(msg: Buffer): RawMessage {
  if (msg.length < 12) throw new WireError(`message of ${msg.length} bytes has no header`);
  const counts = [4, 6, 8, 10].map((o) => msg.readUInt16BE(o));
  let at = 12;
  const questions = [];
  for (let i = 0; i < counts[0]; i++) {
    const n = readName(msg, at);
    if (n.next + 4 > msg.length) throw new WireError('question runs past the message');
    questions.push({
      name: n.name,
      type: msg.readUInt16BE(n.next),
      klass: msg.readUInt16BE(n.next + 2),
    });
    at = n.next + 4;
  }
  const section = (count: number) => {
    const out: RawRecord[] = [];
    for (let i = 0; i < count; i++) {
      const offset = at;
      const n = readName(msg, at);
      if (n.next + 10 > msg.length) throw new WireError('record header runs past the message');
      const len = msg.readUInt16BE(n.next + 8);
      const end = n.next + 10 + len;
      if (end > msg.length) throw new WireError('RDATA runs past the message');
      out.push({
        name: n.name,
        type: msg.readUInt16BE(n.next),
        klass: msg.readUInt16BE(n.next + 2),
        ttl: msg.readUInt32BE(n.next + 4),
        rdata: msg.subarray(n.next + 10, end),
        offset,
      });
      at = end;
    }
    return out;
  };
  const answers = section(counts[1]);
  const authorities = section(counts[2]);
  const additionals = section(counts[3]);
  return {
    id: msg.readUInt16BE(0),
    flags: msg.readUInt16BE(2),
    rcode: msg[3] & 0xf,
    questions,
    answers,
    authorities,
    additionals,
  };
}
