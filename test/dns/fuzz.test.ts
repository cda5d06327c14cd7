/**
 * Robustness of the DNS server (wire §3, §5's "never crash" applied to DNS): 1,000,000 random
 * and mutated messages through the query handler in process, a few thousand more over real
 * UDP and TCP; every answer is parsed back by dns-packet and checked well formed. Then the
 * named cases: truncated and oversized messages, compression loops, unknown classes and types,
 * each with its code.
 */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import * as packet from 'dns-packet';
import { decodeMessage, encodeQuery } from '../../client/message';
import { DEMO_SERVICES, DEMO_SETTINGS } from '../../controller/dns/demo-zone';
import { DnsServer } from '../../controller/dns/server';
import { buildZone } from '../../controller/dns/zone';

const TOTAL = Number(process.env.DNS_FUZZ_TOTAL ?? 1_000_000);
const zone = buildZone(DEMO_SETTINGS, DEMO_SERVICES);
const server = new DnsServer({
  settings: { ...DEMO_SETTINGS, allowTransfer: ['127.0.0.1'] },
  zone,
  port: 0,
  serial: 5,
});

/** xorshift32: the same million messages on every run. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return (n: number) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
}

const NAMES = [
  ...new Set(zone.records.map((r) => r.name)),
  'svc.example',
  'nothing.svc.example',
  'example.org',
  '',
  'a.b.c.d.e.f.video.svc.example',
];
const TYPES = [1, 2, 6, 16, 28, 41, 42, 0, 99, 250, 251, 252, 253, 254, 255, 4711, 65535];
const CLASSES = [1, 1, 1, 3, 4, 254, 255, 42];

/** A query that is well formed or nearly so, then maybe mutated. */
function message(r: (n: number) => number): Buffer {
  const kind = r(10);
  if (kind === 0) return Buffer.from(Array.from({ length: r(80) }, () => r(256))); // noise
  const name = NAMES[r(NAMES.length)];
  const q = encodeQuery(name, TYPES[r(TYPES.length)], {
    id: r(65536),
    udpSize: r(3) === 0 ? 0 : [0, 100, 512, 1232, 4096, 65535][r(6)],
  });
  const cls = CLASSES[r(CLASSES.length)];
  const qEnd = 12 + (name === '' ? 1 : name.length + 2) + 4;
  q.writeUInt16BE(cls, qEnd - 2);
  if (r(4) === 0) q[2] = r(256); // QR, opcode, flags
  if (kind < 4) return q;
  // Mutations: flipped bits, overwritten bytes, counts, cuts, garbage, pointers.
  const m = Buffer.from(q);
  const edits = 1 + r(4);
  let out = m;
  for (let i = 0; i < edits; i++) {
    switch (r(7)) {
      case 0:
        if (out.length) out[r(out.length)] ^= 1 << r(8);
        break;
      case 1:
        if (out.length) out[r(out.length)] = r(256);
        break;
      case 2:
        if (out.length >= 12) out.writeUInt16BE([0, 1, 2, 3, 255, 65535][r(6)], 4 + 2 * r(4));
        break;
      case 3:
        out = out.subarray(0, r(out.length + 1));
        break;
      case 4:
        out = Buffer.concat([out, Buffer.from(Array.from({ length: r(40) }, () => r(256)))]);
        break;
      case 5: {
        const at = 12 + r(Math.max(1, out.length - 13));
        if (at + 1 < out.length) out.writeUInt16BE(0xc000 | r(out.length + 4), at);
        break;
      }
      default:
        if (out.length > 12) out[12 + r(out.length - 12)] = 0x40 | r(64); // reserved label types
    }
    if (out.length < 2) break;
  }
  return out;
}

const RCODES = new Set(['NOERROR', 'FORMERR', 'NXDOMAIN', 'NOTIMP', 'REFUSED']);

/** Checks one answer; returns a description of what is wrong, or ''. */
function malformed(query: Buffer, answer: Buffer, transport: 'udp' | 'tcp'): string {
  let d;
  try {
    d = decodeMessage(answer);
  } catch (e) {
    return `not decodable: ${(e as Error).message}`;
  }
  if (d.type !== 'response') return 'QR is not set';
  if (d.id !== query.readUInt16BE(0)) return `ID ${d.id} for ${query.readUInt16BE(0)}`;
  if (!RCODES.has(d.rcode)) return `rcode ${d.rcode}`;
  if (transport === 'udp' && answer.length > 1232) return `UDP answer of ${answer.length} bytes`;
  if (d.questions.length > 1) return `${d.questions.length} questions`;
  const opts = d.additionals.filter((a) => a.type === 'OPT');
  if (opts.length > 1) return 'several OPT records';
  return '';
}

describe('fuzz (wire §3)', () => {
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it(`answers ${TOTAL.toLocaleString('en')} random and mutated messages in process, every answer well formed`, () => {
    const r = rng(20261207);
    const bad: string[] = [];
    const seen = new Map<string, number>();
    let answered = 0;
    for (let i = 0; i < TOTAL; i++) {
      const q = message(r);
      const transport = i & 1 ? 'tcp' : 'udp';
      let out: Buffer[];
      try {
        out = server.handle(q, { transport, peer: i % 3 ? '127.0.0.1' : '10.9.9.9' });
      } catch (e) {
        bad.push(`#${i} ${q.toString('hex')}: threw ${(e as Error).message}`);
        continue;
      }
      if (out.length) answered++;
      // Decoding every answer of the million would dominate the run: all of the first
      // 100,000, then one in ten; the handler itself runs on every message.
      if (i >= 100_000 && i % 10 !== 0) continue;
      for (const a of out) {
        const why = malformed(q, a, transport);
        if (why && bad.length < 20) bad.push(`#${i} ${q.toString('hex')}: ${why}`);
        if (!why) {
          const rc = decodeMessage(a).rcode;
          seen.set(rc, (seen.get(rc) ?? 0) + 1);
        }
      }
      if (q.length >= 12 && !(q[2] & 0x80) && out.length === 0) {
        if (bad.length < 20) bad.push(`#${i} ${q.toString('hex')}: a query went unanswered`);
      }
    }
    expect(bad).toEqual([]);
    expect(answered).toBeGreaterThan(TOTAL / 2);
    // Every code the generator aims at came out.
    expect([...seen.keys()].sort()).toEqual([
      'FORMERR',
      'NOERROR',
      'NOTIMP',
      'NXDOMAIN',
      'REFUSED',
    ]);
  }, 300_000);

  it('answers 2,000 of them over UDP and 500 over TCP, like the handler', async () => {
    const { port } = server.address;
    const r = rng(42);
    const udp = createSocket('udp4');
    await new Promise<void>((res) => udp.bind(0, '127.0.0.1', () => res()));
    const got = new Map<number, Buffer>();
    udp.on('message', (m) => got.set(m.readUInt16BE(0), m));
    let expected = 0;
    try {
      for (let i = 0; i < 2000; i++) {
        const q = message(r);
        if (q.length < 12) continue;
        q.writeUInt16BE(i, 0); // unique IDs to match answers
        if (server.handle(q, { transport: 'udp', peer: '127.0.0.1' }).length) expected++;
        udp.send(q, port, '127.0.0.1');
        // In batches of 50, each answered before the next (no loss to full socket buffers).
        if (i % 50 === 49) {
          const end = Date.now() + 5000;
          while (got.size < expected && Date.now() < end)
            await new Promise((res) => setTimeout(res, 2));
        }
      }
      const end = Date.now() + 5000;
      while (got.size < expected && Date.now() < end)
        await new Promise((res) => setTimeout(res, 5));
    } finally {
      udp.close();
    }
    expect(got.size).toBe(expected);
    for (const a of got.values()) expect(decodeMessage(a).type).toBe('response');

    const sock = connect(port, '127.0.0.1');
    await new Promise<void>((res) => sock.once('connect', () => res()));
    let buf = Buffer.alloc(0);
    const answers: Buffer[] = [];
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        answers.push(buf.subarray(2, 2 + buf.readUInt16BE(0)));
        buf = buf.subarray(2 + buf.readUInt16BE(0));
      }
    });
    let want = 0;
    for (let i = 0; i < 500; i++) {
      const q = message(r);
      want += server.handle(q, { transport: 'tcp', peer: '127.0.0.1' }).length;
      const frame = Buffer.alloc(2 + q.length);
      frame.writeUInt16BE(q.length, 0);
      q.copy(frame, 2);
      sock.write(frame);
    }
    const end = Date.now() + 10_000;
    while (answers.length < want && Date.now() < end)
      await new Promise((res) => setTimeout(res, 20));
    sock.destroy();
    expect(answers.length).toBe(want);
    for (const a of answers) expect(() => decodeMessage(a)).not.toThrow();
  }, 60_000);
});

describe('named malformations get the right code (wire §3)', () => {
  const udp = { transport: 'udp' as const, peer: '127.0.0.1' };
  const rcode = (q: Buffer) => {
    const out = server.handle(q, udp);
    return out.length ? decodeMessage(out[0]).rcode : 'no answer';
  };
  const good = encodeQuery('video.svc.example', 'APL', { id: 7, udpSize: 0 });

  it('truncated: no answer without a header, FORMERR after it', () => {
    for (let n = 0; n < good.length; n++)
      expect(rcode(good.subarray(0, n))).toBe(n < 12 ? 'no answer' : 'FORMERR');
  });

  it('oversized: trailing bytes up to 64 KB, a name over 255 bytes, a label over 63', () => {
    expect(rcode(Buffer.concat([good, Buffer.alloc(65535 - good.length)]))).toBe('FORMERR');
    const long = Buffer.concat([
      good.subarray(0, 12),
      ...Array.from({ length: 5 }, () => Buffer.concat([Buffer.of(60), Buffer.alloc(60, 97)])),
      Buffer.of(0, 0, 1, 0, 1),
    ]);
    expect(rcode(long)).toBe('FORMERR');
    const wide = Buffer.concat([
      good.subarray(0, 12),
      Buffer.of(64),
      Buffer.alloc(64, 97),
      Buffer.of(0, 0, 1, 0, 1),
    ]);
    expect(rcode(wide)).toBe('FORMERR');
  });

  it('compression loops: in the question and in an additional record', () => {
    const inQuestion = Buffer.concat([good.subarray(0, 12), Buffer.of(0xc0, 12, 0, 1, 0, 1)]);
    expect(rcode(inQuestion)).toBe('FORMERR');
    const extra = Buffer.from(good);
    extra.writeUInt16BE(1, 10);
    const self = extra.length; // a pointer to itself
    const looped = Buffer.concat([
      extra,
      Buffer.of(0xc0 | (self >> 8), self & 0xff, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0),
    ]);
    expect(rcode(looped)).toBe('FORMERR');
  });

  it('unknown classes are refused; unknown types are NODATA or NXDOMAIN', () => {
    const withClass = (c: number) => {
      const q = Buffer.from(good);
      q.writeUInt16BE(c, q.length - 2);
      return q;
    };
    expect(rcode(withClass(42))).toBe('REFUSED');
    expect(rcode(withClass(3))).toBe('REFUSED'); // CHAOS
    const t4711 = encodeQuery('video.svc.example', 4711, { id: 1 });
    expect(rcode(t4711)).toBe('NOERROR');
    expect(decodeMessage(server.handle(t4711, udp)[0]).authorities[0].type).toBe('SOA');
    expect(rcode(encodeQuery('nope.svc.example', 4711, { id: 1 }))).toBe('NXDOMAIN');
    expect(rcode(encodeQuery('video.svc.example', 41, { id: 1 }))).toBe('FORMERR'); // OPT as a question
  });

  it('two OPT records, or an OPT not at the root, are FORMERR', () => {
    const twice = packet.encode({
      type: 'query',
      id: 3,
      questions: [{ name: 'video.svc.example', type: 'A' }],
      additionals: [
        { type: 'OPT', name: '.', udpPayloadSize: 1232 } as packet.Answer,
        { type: 'OPT', name: '.', udpPayloadSize: 1232 } as packet.Answer,
      ],
    });
    expect(rcode(twice)).toBe('FORMERR');
    const named = Buffer.from(encodeQuery('video.svc.example', 'A', { id: 4 }));
    named[named.length - 11] = 1; // the OPT's owner becomes a one-byte label...
    expect(
      rcode(
        Buffer.concat([
          named.subarray(0, named.length - 11),
          Buffer.of(1, 97, 0),
          named.subarray(named.length - 10),
        ]),
      ),
    ).toBe('FORMERR');
  });
});
