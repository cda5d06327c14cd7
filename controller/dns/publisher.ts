/**
 * publisher.ts: keeps the SSA records in an existing authoritative server by RFC 2136 dynamic
 * update signed with TSIG (HMAC-SHA256). On every change it reads what the server holds at the
 * names it owns, adds what is missing, deletes what is stale, and touches nothing else: the
 * apex, other names, other types at its names.
 *
 *   const pub = new UpdatePublisher({ server: { host: '127.0.0.1', port: 53 }, zone: 'svc.example', key });
 *   await pub.publish(buildZone(settings, services)); // { added: 3, removed: 1 }
 */
import { randomInt } from 'node:crypto';
import { type ServerAddress, exchange } from '../../client/transport';
import { canonicalName } from './names';
import { readMessage } from './reader';
import { type TsigKey, signTsig, verifyTsig } from './tsig';
import { C, Opcode, T, encodeName, encodeRr, typeCode } from './wire';
import { recordKey, type Zone, type ZoneRecord, type ZoneType } from './zone';

/** The record types the publisher owns at a service's names. */
const OWNED: readonly ZoneType[] = ['APL', 'AAAA', 'A', 'TXT'];

/** What an update changes. */
export interface RecordDiff {
  readonly add: readonly ZoneRecord[];
  readonly remove: readonly ZoneRecord[];
}

/** Missing records to add, stale ones to delete (a TTL change is a delete and an add). */
export function diffRecords(
  current: readonly ZoneRecord[],
  wanted: readonly ZoneRecord[],
): RecordDiff {
  const key = (r: ZoneRecord) => `${recordKey(r)}\u0000${r.ttl}`;
  const have = new Set(current.map(key));
  const want = new Set(wanted.map(key));
  return {
    add: wanted.filter((r) => !have.has(key(r))),
    remove: current.filter((r) => !want.has(key(r))),
  };
}

/** The RFC 2136 UPDATE message for a diff: zone section, deletes (class NONE), then adds. */
export function updateMessage(id: number, zone: string, diff: RecordDiff): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(id, 0);
  head[2] = Opcode.UPDATE << 3;
  head.writeUInt16BE(1, 4);
  head.writeUInt16BE(diff.remove.length + diff.add.length, 8);
  const zoneSection = Buffer.concat([encodeName(zone), Buffer.of(0, T.SOA, 0, C.IN)]);
  const deletes = diff.remove.map((r) => encodeRr(r.name, typeCode(r.type), C.NONE, 0, r.rdata));
  const adds = diff.add.map((r) => encodeRr(r.name, typeCode(r.type), C.IN, r.ttl, r.rdata));
  return Buffer.concat([head, zoneSection, ...deletes, ...adds]);
}

/** Options of the publisher. */
export interface UpdatePublisherOptions {
  /** The primary server that takes updates. */
  readonly server: ServerAddress;
  /** The zone it serves ('svc.example'). */
  readonly zone: string;
  readonly key: TsigKey;
  /** Per exchange (default 3000 ms). */
  readonly timeoutMs?: number;
  /** Service names published before (e.g. by an earlier run), so their records can go when the services do. */
  readonly knownNames?: readonly string[];
}

/** Thrown when the server refuses an update or a read. */
export class UpdateError extends Error {
  override readonly name = 'UpdateError';
}

const RCODES = [
  'NOERROR',
  'FORMERR',
  'SERVFAIL',
  'NXDOMAIN',
  'NOTIMP',
  'REFUSED',
  'YXDOMAIN',
  'YXRRSET',
  'NXRRSET',
  'NOTAUTH',
  'NOTZONE',
];

/** Publishes zones into an authoritative server by signed dynamic update; calls are serialized. */
export class UpdatePublisher {
  private readonly names = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: UpdatePublisherOptions) {
    for (const n of o.knownNames ?? []) this.names.add(canonicalName(n));
  }

  /** Brings the server in step with the zone's service records; resolves with the counts sent. */
  publish(zone: Zone, signal?: AbortSignal): Promise<{ added: number; removed: number }> {
    const run = this.queue.then(() => this.step(zone, signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async step(
    zone: Zone,
    signal?: AbortSignal,
  ): Promise<{ added: number; removed: number }> {
    const wanted = zone.records.filter((r) => r.service !== undefined);
    for (const r of wanted) this.names.add(r.service!);
    const current = await this.read([...this.names], signal);
    const diff = diffRecords(current, wanted);
    if (diff.add.length + diff.remove.length > 0) await this.send(diff, signal);
    // Names with nothing left are forgotten only once the server agrees.
    const live = new Set(wanted.map((r) => r.service!));
    for (const n of [...this.names]) if (!live.has(n)) this.names.delete(n);
    return { added: diff.add.length, removed: diff.remove.length };
  }

  /** What the server holds of the owned types at the names of these services. */
  async read(services: readonly string[], signal?: AbortSignal): Promise<ZoneRecord[]> {
    const asks: [string, ZoneType, string][] = [];
    for (const s of services) {
      for (const t of OWNED) asks.push([t === 'TXT' ? `_ssa.${s}` : s, t, s]);
    }
    const out: ZoneRecord[] = [];
    for (const [name, type, service] of asks) {
      const q = queryMessage(name, typeCode(type));
      const a = readMessage(
        await exchange(q, this.o.server, 'tcp', this.o.timeoutMs ?? 3000, signal),
      );
      if (a.rcode !== 0 && a.rcode !== 3)
        throw new UpdateError(`reading ${name} ${type}: ${RCODES[a.rcode] ?? a.rcode}`);
      for (const r of a.answers) {
        if (r.name === name && r.type === typeCode(type))
          out.push({ name, type, ttl: r.ttl, rdata: Buffer.from(r.rdata), service });
      }
    }
    return out;
  }

  private async send(diff: RecordDiff, signal?: AbortSignal): Promise<void> {
    const msg = updateMessage(randomInt(0, 0x10000), canonicalName(this.o.zone), diff);
    const signed = signTsig(msg, this.o.key);
    const answer = await exchange(
      signed.message,
      this.o.server,
      'tcp',
      this.o.timeoutMs ?? 3000,
      signal,
    );
    const rcode = answer[3] & 0xf;
    if (rcode !== 0)
      throw new UpdateError(`UPDATE of ${this.o.zone} refused: ${RCODES[rcode] ?? rcode}`);
    verifyTsig(answer, this.o.key, signed.mac);
  }
}

/** A plain query without EDNS (the publisher reads over TCP). */
function queryMessage(name: string, type: number): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(randomInt(0, 0x10000), 0);
  head.writeUInt16BE(1, 4);
  return Buffer.concat([head, encodeName(name), Buffer.of(type >> 8, type & 0xff, 0, C.IN)]);
}
