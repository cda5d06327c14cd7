/**
 * responder.ts: the authoritative answer to one DNS message, as a pure function of the zone,
 * its serial and the transport. Every record is encoded once (by dns-packet's codecs, in
 * wire.ts) when the zone is set; an answer is a header, the question as it came and those
 * bytes. Covers wire §3's records plus what an authoritative server owes its clients: AA,
 * NXDOMAIN apart from NODATA (empty non-terminals exist), the SOA for negative caching, EDNS0
 * with the client's buffer size, truncation over UDP, REFUSED outside the zone, FORMERR for
 * malformed queries, NOTIMP for other opcodes, AXFR/IXFR over TCP for allowed peers.
 *
 *   const r = new Responder(zone, serial, { allowTransfer: (peer) => peer === '127.0.0.1' });
 *   r.respond(queryBytes, { transport: 'udp', peer: '127.0.0.1' }) // [answerBytes]
 */
import * as packet from 'dns-packet';
import { recordKey, soaRdata, type Zone, type ZoneRecord } from './zone';
import { inZone } from './names';
import {
  C,
  Opcode,
  Rcode,
  T,
  encodeName,
  encodeRr,
  readQuestion,
  simpleOpt,
  writeHeader,
  writeOpt,
  typeCode,
  type RawQuestion,
} from './wire';

/** Where a message came from. */
export interface QueryContext {
  readonly transport: 'udp' | 'tcp';
  /** The peer's address (AXFR is allowed by address). */
  readonly peer?: string;
}

/** Options of the responder. */
export interface ResponderOptions {
  /** The largest UDP answer we send, whatever the client offers (default 1232, RFC 9715's advice). */
  readonly maxUdpSize?: number;
  /** Whether a peer may transfer the zone. */
  readonly allowTransfer?: (peer: string) => boolean;
  /** Bytes per AXFR message (default 16,000). */
  readonly transferChunk?: number;
}

/** The RRsets at one name: type -> wire records. */
type NameSet = Map<number, Buffer[]>;

/** What the question asks, once checked. */
interface Asked {
  readonly id: number;
  readonly rd: boolean;
  readonly cd: boolean;
  readonly q: RawQuestion;
  /** EDNS: the client's payload size and DO bit; undefined without OPT. */
  readonly edns?: { size: number; dnssecOk: boolean };
}

/** The authoritative responder for one zone at one serial. */
export class Responder {
  readonly origin: string;
  readonly serial: number;
  private readonly names = new Map<string, NameSet>();
  private readonly soaRr: Buffer;
  private readonly negativeSoa: Buffer;
  private readonly glue: Buffer[] = [];
  private readonly maxUdp: number;
  private readonly allow: (peer: string) => boolean;
  private readonly chunk: number;
  private readonly all: readonly ZoneRecord[];
  private readonly cache = new Map<string, Buffer>();

  constructor(zone: Zone, serial: number, o: ResponderOptions = {}) {
    this.origin = zone.origin;
    this.serial = serial >>> 0;
    this.maxUdp = Math.max(512, Math.min(o.maxUdpSize ?? 1232, 65535));
    this.allow = o.allowTransfer ?? (() => false);
    this.chunk = o.transferChunk ?? 16_000;
    this.all = zone.records;
    const soa = soaRdata(zone.soa, this.serial);
    this.soaRr = encodeRr(zone.origin, T.SOA, C.IN, zone.ttl, soa);
    // RFC 2308: the negative TTL is the lesser of the SOA's TTL and its minimum field.
    this.negativeSoa = encodeRr(
      zone.origin,
      T.SOA,
      C.IN,
      Math.min(zone.ttl, zone.soa.minimum),
      soa,
    );
    this.set(zone.origin).set(T.SOA, [this.soaRr]);
    for (const r of zone.records) {
      const set = this.set(r.name);
      const t = typeCode(r.type);
      set.set(t, [...(set.get(t) ?? []), encodeRr(r.name, t, C.IN, r.ttl, r.rdata)]);
    }
    // Empty non-terminals exist: a query there is NODATA, not NXDOMAIN (RFC 8020).
    for (const name of [...this.names.keys()]) {
      for (let n = name; n !== zone.origin && n.includes('.');) {
        n = n.slice(n.indexOf('.') + 1);
        this.set(n);
      }
    }
    const nsNames = zone.records.filter((r) => r.type === 'NS').map((r) => nsTarget(r));
    for (const n of nsNames) {
      const set = this.names.get(n);
      for (const t of [T.A, T.AAAA]) this.glue.push(...(set?.get(t) ?? []));
    }
  }

  private set(name: string): NameSet {
    let s = this.names.get(name);
    if (!s) this.names.set(name, (s = new Map()));
    return s;
  }

  /** The answers to a message: none (not answerable), one, or several (zone transfer over TCP). */
  respond(msg: Buffer, ctx: QueryContext): Buffer[] {
    if (msg.length < 12) return []; // no ID to answer with
    if (msg[2] & 0x80) return []; // a response: answering it could start a loop
    const id = msg.readUInt16BE(0);
    const opcode = (msg[2] >> 3) & 0xf;
    const rd = (msg[2] & 1) !== 0;
    const cd = (msg[3] & 0x10) !== 0;
    const fail = (rcode: number, q?: RawQuestion) => [
      this.message({ id, opcode, rd, cd, q, rcode, aa: false }),
    ];
    if (msg.readUInt16BE(4) !== 1)
      return fail(opcode === Opcode.QUERY ? Rcode.FORMERR : Rcode.NOTIMP);
    let q: RawQuestion;
    try {
      q = readQuestion(msg);
    } catch {
      return fail(Rcode.FORMERR);
    }
    if (opcode !== Opcode.QUERY) return fail(Rcode.NOTIMP, q);
    let edns: Asked['edns'];
    // Plain queries (the question and at most a bare OPT) are read here; anything else goes
    // through dns-packet's decoder, which also vets every other record.
    const simple = simpleOpt(msg, 12 + q.bytes.length);
    if (simple !== null) {
      if (simple) {
        edns = { size: Math.max(512, simple.size), dnssecOk: simple.dnssecOk };
        if (simple.version !== 0) {
          return [this.message({ id, opcode, rd, cd, q, rcode: Rcode.BADVERS, aa: false, edns })];
        }
      }
      return this.query({ id, rd, cd, q, edns }, ctx);
    }
    try {
      const d = packet.decode(msg);
      if (packet.decode.bytes !== msg.length) return fail(Rcode.FORMERR, q);
      const opts = (d.additionals ?? []).filter((a) => a.type === 'OPT');
      if (
        opts.length > 1 ||
        (d.answers ?? []).some((a) => a.type === 'OPT') ||
        (d.authorities ?? []).some((a) => a.type === 'OPT')
      ) {
        return fail(Rcode.FORMERR, q);
      }
      if (opts.length === 1) {
        const o = opts[0] as packet.OptAnswer & {
          ednsVersion?: number;
          flags?: number;
          name: string;
        };
        if (o.name !== '.') return fail(Rcode.FORMERR, q);
        edns = {
          size: Math.max(512, o.udpPayloadSize ?? 512),
          dnssecOk: ((o.flags ?? 0) & 0x8000) !== 0,
        };
        if ((o.ednsVersion ?? 0) !== 0) {
          return [this.message({ id, opcode, rd, cd, q, rcode: Rcode.BADVERS, aa: false, edns })];
        }
      }
    } catch {
      return fail(Rcode.FORMERR, q);
    }
    return this.query({ id, rd, cd, q, edns }, ctx);
  }

  /**
   * Answers a query, from the cache when the same question (name, type, class, size limit,
   * EDNS) was answered before: the zone behind a responder never changes, so only the ID, the
   * RD and CD bits and the question's letter case differ between two such answers.
   */
  private query(a: Asked, ctx: QueryContext): Buffer[] {
    const { q } = a;
    if (q.type === T.AXFR || q.type === T.IXFR) return this.answer(a, ctx);
    const limit = ctx.transport === 'tcp' ? 't' : a.edns ? Math.min(a.edns.size, this.maxUdp) : 512;
    const key = `${q.name}\u0000${q.type}\u0000${q.klass}\u0000${limit}\u0000${a.edns ? (a.edns.dnssecOk ? 'd' : 'e') : 'n'}`;
    const hit = this.cache.get(key);
    if (hit) {
      const out = Buffer.allocUnsafe(hit.length);
      hit.copy(out);
      out.writeUInt16BE(a.id, 0);
      out[2] = (out[2] & 0xfe) | (a.rd ? 0x01 : 0);
      out[3] = (out[3] & 0xef) | (a.cd ? 0x10 : 0);
      q.bytes.copy(out, 12);
      return [out];
    }
    const got = this.answer(a, ctx);
    if (this.cache.size >= CACHE_ENTRIES) this.cache.clear();
    this.cache.set(key, got[0]);
    return got;
  }

  private answer(a: Asked, ctx: QueryContext): Buffer[] {
    const { q } = a;
    const base = { id: a.id, opcode: Opcode.QUERY, rd: a.rd, cd: a.cd, q, edns: a.edns };
    const refuse = () => [this.message({ ...base, rcode: Rcode.REFUSED, aa: false })];
    if (q.type === T.OPT || q.type === T.TSIG || q.type === T.TKEY || q.type === 0) {
      return [this.message({ ...base, rcode: Rcode.FORMERR, aa: false })];
    }
    if (q.klass !== C.IN && q.klass !== C.ANY) return refuse();
    if (!inZone(q.name, this.origin)) return refuse();
    if (q.type === T.AXFR || q.type === T.IXFR) {
      if (ctx.transport === 'udp' && q.type === T.AXFR) {
        return [this.message({ ...base, rcode: Rcode.NOTIMP, aa: false })];
      }
      if (q.name !== this.origin || !this.allow(ctx.peer ?? '')) return refuse();
      // IXFR over UDP gets the SOA alone: "ask over TCP" (RFC 1995 section 2).
      if (ctx.transport === 'udp')
        return [this.message({ ...base, rcode: 0, aa: true, answer: [this.soaRr] })];
      return this.transfer(base);
    }
    if (q.type === T.MAILA || q.type === T.MAILB) {
      return [this.message({ ...base, rcode: Rcode.NOTIMP, aa: false })];
    }
    const set = this.names.get(q.name);
    if (!set) {
      return [
        this.fit({ ...base, rcode: Rcode.NXDOMAIN, aa: true, authority: [this.negativeSoa] }, ctx),
      ];
    }
    const answer = q.type === T.ANY ? [...set.values()].flat() : (set.get(q.type) ?? []);
    if (answer.length === 0) {
      return [this.fit({ ...base, rcode: 0, aa: true, authority: [this.negativeSoa] }, ctx)];
    }
    const additional = q.type === T.NS && q.name === this.origin ? this.glue : [];
    return [this.fit({ ...base, rcode: 0, aa: true, answer, additional }, ctx)];
  }

  /** The message, or over UDP when it exceeds the client's size, the truncated form (TC). */
  private fit(m: MessageParts, ctx: QueryContext): Buffer {
    const full = this.message(m);
    if (ctx.transport === 'tcp') return full;
    const limit = m.edns ? Math.min(m.edns.size, this.maxUdp) : 512;
    if (full.length <= limit) return full;
    return this.message({ ...m, tc: true, answer: [], authority: [], additional: [] });
  }

  /** AXFR (and IXFR answered the AXFR way): SOA, every record, SOA, in messages of `chunk` bytes. */
  private transfer(base: Omit<MessageParts, 'rcode' | 'aa'>): Buffer[] {
    const rrs = [
      this.soaRr,
      ...this.all.map((r) => encodeRr(r.name, typeCode(r.type), C.IN, r.ttl, r.rdata)),
      this.soaRr,
    ];
    const out: Buffer[] = [];
    let batch: Buffer[] = [];
    let size = 0;
    const flush = () => {
      out.push(
        this.message({
          ...base,
          q: out.length === 0 ? base.q : undefined,
          rcode: 0,
          aa: true,
          answer: batch,
          edns: undefined,
        }),
      );
      batch = [];
      size = 0;
    };
    for (const rr of rrs) {
      if (size + rr.length > this.chunk && batch.length > 0) flush();
      batch.push(rr);
      size += rr.length;
    }
    flush();
    return out;
  }

  private message(m: MessageParts): Buffer {
    const answer = m.answer ?? NONE;
    const authority = m.authority ?? NONE;
    const additional = m.additional ?? NONE;
    let size = 12 + (m.q ? m.q.bytes.length : 0) + (m.edns ? 11 : 0);
    for (const r of answer) size += r.length;
    for (const r of authority) size += r.length;
    for (const r of additional) size += r.length;
    const out = Buffer.allocUnsafe(size);
    writeHeader(out, {
      id: m.id,
      opcode: m.opcode,
      aa: m.aa,
      tc: !!m.tc,
      rd: m.rd,
      cd: m.cd,
      rcode: m.rcode & 0xf,
      counts: [m.q ? 1 : 0, answer.length, authority.length, additional.length + (m.edns ? 1 : 0)],
    });
    let at = 12;
    if (m.q) at += m.q.bytes.copy(out, at);
    for (const r of answer) at += r.copy(out, at);
    for (const r of authority) at += r.copy(out, at);
    for (const r of additional) at += r.copy(out, at);
    if (m.edns) writeOpt(out, at, this.maxUdp, m.rcode, m.edns.dnssecOk);
    return out;
  }

  /** Every record of the zone, the SOA first (for tests and the publisher's comparisons). */
  records(): readonly ZoneRecord[] {
    return this.all;
  }

  /** The distinct record keys (owner, type, RDATA). */
  keys(): Set<string> {
    return new Set(this.all.map(recordKey));
  }
}

const NONE: readonly Buffer[] = [];

/** Answers kept per responder (a zone version); the cache starts over when full. */
const CACHE_ENTRIES = 10_000;

/** The pieces of a message. */
interface MessageParts {
  readonly id: number;
  readonly opcode: number;
  readonly rd: boolean;
  readonly cd: boolean;
  readonly q?: RawQuestion;
  readonly rcode: number;
  readonly aa: boolean;
  readonly tc?: boolean;
  readonly edns?: { size: number; dnssecOk: boolean };
  readonly answer?: readonly Buffer[];
  readonly authority?: readonly Buffer[];
  readonly additional?: readonly Buffer[];
}

/** The target name of an NS record (its RDATA is an uncompressed name). */
function nsTarget(r: ZoneRecord): string {
  const labels: string[] = [];
  for (let at = 0; r.rdata[at] !== 0; at += r.rdata[at] + 1) {
    labels.push(r.rdata.toString('latin1', at + 1, at + 1 + r.rdata[at]).toLowerCase());
  }
  return labels.join('.');
}

export { encodeName };
