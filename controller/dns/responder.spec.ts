/**
 * The responder (wire §3): answers decoded by dns-packet, record by record; the codes an
 * authoritative server owes (NXDOMAIN/NODATA, REFUSED, FORMERR, NOTIMP, BADVERS), EDNS0 sizes,
 * truncation, zone transfer.
 */
import * as packet from 'dns-packet';
import { decodeApl, formatAplItem } from '../../client/apl';
import { decodeMessage } from '../../client/message';
import { parseRuleText } from '../../client/rule-text';
import { DEMO_SERVICES, DEMO_SETTINGS } from './demo-zone';
import { Responder } from './responder';
import { buildZone } from './zone';

const zone = buildZone(DEMO_SETTINGS, DEMO_SERVICES);
const r = new Responder(zone, 7, { allowTransfer: (p) => p === '127.0.0.1' });
const udp = { transport: 'udp' as const, peer: '127.0.0.1' };
const tcp = { transport: 'tcp' as const, peer: '127.0.0.1' };

type Q = { name: string; type: string; class?: string; edns?: number; ednsVersion?: number };
function query(q: Q, id = 4242): Buffer {
  return packet.encode({
    type: 'query',
    id,
    flags: packet.RECURSION_DESIRED,
    questions: [
      {
        name: q.name,
        type: q.type as packet.RecordType,
        class: (q.class ?? 'IN') as packet.RecordClass,
      },
    ],
    additionals:
      q.edns === undefined
        ? []
        : [
            {
              type: 'OPT',
              name: '.',
              udpPayloadSize: q.edns,
              ednsVersion: q.ednsVersion ?? 0,
            } as packet.Answer,
          ],
  });
}
function ask(q: Q, ctx = udp) {
  const out = r.respond(query(q), ctx);
  expect(out).toHaveLength(1);
  const d = decodeMessage(out[0]);
  return { ...d, bytes: out[0] };
}

describe('responder (wire §3)', () => {
  it('answers APL with both families and the negation bit, authoritatively', () => {
    const d = ask({ name: 'video.svc.example', type: 'APL' });
    expect([d.id, d.rcode, d.flag_aa, d.flag_rd]).toEqual([4242, 'NOERROR', true, true]);
    expect(d.answers).toHaveLength(1);
    expect(decodeApl(d.answers[0].data as Buffer).map(formatAplItem)).toEqual([
      '2:2001:db8:5::/64',
      '1:192.0.2.0/24',
    ]);
    const s = ask({ name: 'storage.svc.example', type: 'APL' });
    expect(decodeApl(s.answers[0].data as Buffer).map(formatAplItem)).toEqual([
      '2:2001:db8:9::/64',
      '!2:2001:db8:9:0:ff00::/72',
    ]);
  });

  it('answers the _ssa TXT rule and the legacy AAAA', () => {
    const t = ask({ name: '_ssa.hop.svc.example', type: 'TXT' });
    const text = Buffer.concat(t.answers![0].data as Buffer[]).toString();
    expect(parseRuleText(text)).toEqual({
      kind: 'time-hop',
      sliceBits: 12,
      key: 0x01020304,
      period: 30,
    });
    const a = ask({ name: 'video.svc.example', type: 'AAAA' });
    expect(a.answers!.map((x) => x.data)).toEqual(['2001:db8:5:0:fffc::1', '2001:db8:5:0:fffc::2']);
  });

  it('answers SOA and NS at the apex, with glue', () => {
    const soa = ask({ name: 'svc.example', type: 'SOA' });
    expect(soa.answers![0].data).toMatchObject({
      serial: 7,
      mname: 'ns1.svc.example',
      minimum: 30,
    });
    const ns = ask({ name: 'svc.example', type: 'NS' });
    expect(ns.answers!.map((x) => x.data)).toEqual(['ns1.svc.example']);
    expect(ns.additionals!.map((x) => x.data)).toEqual(['127.0.0.1', '::1']);
  });

  it('tells NXDOMAIN from NODATA, empty non-terminals included, with the SOA for caching', () => {
    const nx = ask({ name: 'nothing.svc.example', type: 'APL' });
    expect([nx.rcode, nx.flag_aa, nx.answers!.length]).toEqual(['NXDOMAIN', true, 0]);
    expect(nx.authorities!.map((x) => [x.type, x.ttl])).toEqual([['SOA', 30]]);
    const nodata = ask({ name: 'video.svc.example', type: 'MX' });
    expect([nodata.rcode, nodata.answers!.length, nodata.authorities![0].type]).toEqual([
      'NOERROR',
      0,
      'SOA',
    ]);
    const ent = ask({ name: 'svc.example', type: 'APL' });
    expect(ent.rcode).toBe('NOERROR');
    const unknown = query({ name: 'video.svc.example', type: 'A' });
    unknown.writeUInt16BE(4711, unknown.length - 4); // a type nobody defined
    const unknownType = decodeMessage(r.respond(unknown, udp)[0]);
    expect(unknownType.rcode).toBe('NOERROR');
  });

  it('matches names case-insensitively and echoes the question as sent', () => {
    const d = ask({ name: 'ViDeO.SVC.example', type: 'APL' });
    expect(d.questions![0].name).toBe('ViDeO.SVC.example');
    expect(d.answers).toHaveLength(1);
  });

  it('refuses names outside the zone and classes other than IN', () => {
    expect(ask({ name: 'example.com', type: 'A' }).rcode).toBe('REFUSED');
    expect(ask({ name: 'example', type: 'SOA' }).rcode).toBe('REFUSED');
    expect(ask({ name: 'video.svc.example', type: 'TXT', class: 'CH' }).rcode).toBe('REFUSED');
    expect(ask({ name: 'video.svc.example', type: 'APL', class: 'ANY' }).rcode).toBe('NOERROR');
  });

  it('never reads one label holding dots as several labels', () => {
    // Header (id 1, one question), then the single label 'video.svc.example', type APL, IN.
    const label = Buffer.from('video.svc.example', 'latin1');
    const msg = Buffer.concat([
      Buffer.from([0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, label.length]),
      label,
      Buffer.from([0, 0, 42, 0, 1]),
    ]);
    const out = r.respond(msg, udp);
    expect(out).toHaveLength(1);
    const d = decodeMessage(out[0]);
    expect(d.rcode).toBe('REFUSED');
    expect(d.answers).toHaveLength(0);
  });

  it('EDNS0: echoes an OPT, honours the buffer size, answers BADVERS to version 1', () => {
    const d = ask({ name: 'video.svc.example', type: 'APL', edns: 4096 });
    const opt = d.additionals!.find((a) => a.type === 'OPT')!;
    expect(opt.udpPayloadSize).toBe(1232);
    const bad = ask({ name: 'video.svc.example', type: 'APL', edns: 1232, ednsVersion: 1 });
    const badOpt = bad.additionals!.find((a) => a.type === 'OPT') as packet.OptAnswer & {
      extendedRcode: number;
    };
    expect([bad.rcode, badOpt.extendedRcode]).toEqual(['NOERROR', 1]); // 16 = BADVERS
  });

  it('truncates over UDP beyond the client size and answers in full over TCP', () => {
    const many = Array.from({ length: 20 }, (_, i) => `2001:db8:5:0:fffc::${(i + 1).toString(16)}`);
    const big = buildZone(DEMO_SETTINGS, [{ ...DEMO_SERVICES[0], legacyAddresses: many }]);
    const rb = new Responder(big, 1);
    const plain = decodeMessage(
      rb.respond(query({ name: 'video.svc.example', type: 'AAAA' }), udp)[0],
    );
    expect([plain.flag_tc, plain.answers!.length, plain.questions!.length]).toEqual([true, 0, 1]);
    const roomy = decodeMessage(
      rb.respond(query({ name: 'video.svc.example', type: 'AAAA', edns: 4096 }), udp)[0],
    );
    expect([roomy.flag_tc, roomy.answers!.length]).toEqual([false, 20]);
    const huge = rb.respond(query({ name: 'video.svc.example', type: 'AAAA', edns: 700 }), udp)[0];
    expect(decodeMessage(huge).flag_tc).toBe(true); // 20 AAAA do not fit in the 700 bytes offered
    const overTcp = decodeMessage(
      rb.respond(query({ name: 'video.svc.example', type: 'AAAA' }), tcp)[0],
    );
    expect([overTcp.flag_tc, overTcp.answers!.length]).toEqual([false, 20]);
  });

  it('FORMERR for malformed queries, NOTIMP for other opcodes, silence for responses', () => {
    const code = (b: Buffer) => decodeMessage(r.respond(b, udp)[0]).rcode;
    const good = query({ name: 'video.svc.example', type: 'APL' });
    expect(code(good.subarray(0, good.length - 2))).toBe('FORMERR'); // cut in the question
    expect(code(Buffer.concat([good, Buffer.of(0)]))).toBe('FORMERR'); // trailing byte
    const loop = Buffer.from(good);
    loop[12] = 0xc0; // question name is a pointer
    loop[13] = 0x0c;
    expect(code(loop)).toBe('FORMERR');
    const two = Buffer.from(good);
    two.writeUInt16BE(2, 4);
    expect(code(two)).toBe('FORMERR');
    expect(code(query({ name: 'video.svc.example', type: 'OPT' }))).toBe('FORMERR');
    const notify = Buffer.from(good);
    notify[2] = (notify[2] & 0x87) | (4 << 3);
    expect(code(notify)).toBe('NOTIMP');
    const response = Buffer.from(good);
    response[2] |= 0x80;
    expect(r.respond(response, udp)).toEqual([]);
    expect(r.respond(good.subarray(0, 11), udp)).toEqual([]);
    expect(code(query({ name: 'svc.example', type: 'AXFR' }))).toBe('NOTIMP');
  });

  it('answers ANY with every record at the name; IXFR over UDP with the SOA alone', () => {
    const any = ask({ name: 'video.svc.example', type: 'ANY' });
    expect(any.answers.map((a) => a.type).sort()).toEqual(['AAAA', 'AAAA', 'APL']);
    const ixfr = ask({ name: 'svc.example', type: 'IXFR' });
    expect([ixfr.rcode, ixfr.answers.map((a) => a.type)]).toEqual(['NOERROR', ['SOA']]);
  });

  it('transfers the zone over TCP to allowed peers only: SOA, every record, SOA', () => {
    const out = r.respond(query({ name: 'svc.example', type: 'AXFR' }), tcp);
    const rrs = out.flatMap((m) => decodeMessage(m).answers!);
    expect(rrs[0].type).toBe('SOA');
    expect(rrs[rrs.length - 1].type).toBe('SOA');
    expect(rrs.length).toBe(zone.records.length + 2);
    const refused = r.respond(query({ name: 'svc.example', type: 'AXFR' }), {
      transport: 'tcp',
      peer: '10.1.1.1',
    });
    expect(decodeMessage(refused[0]).rcode).toBe('REFUSED');
    const small = new Responder(zone, 7, { allowTransfer: () => true, transferChunk: 100 });
    const chunks = small.respond(query({ name: 'svc.example', type: 'IXFR' }), tcp);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.flatMap((m) => decodeMessage(m).answers!).length).toBe(zone.records.length + 2);
  });
});
