/**
 * bench:dns: APL answers per second of the DNS server (wire §3) over UDP on loopback, the load
 * sent by a second process; the same answers in process (our answer cache hit, and every
 * question new) against a baseline responder that decodes and encodes every message with
 * dns-packet; and client address computations per second (wire §2) against formatting a random
 * address. Ends with one JSON line.
 *
 *   npm run bench:dns            # DNS_BENCH_SECONDS=3 by default
 */
import { fork } from 'node:child_process';
import { createSocket } from 'node:dgram';
import * as packet from 'dns-packet';
import { formatAddress } from '../client/address';
import { parseAplItem } from '../client/apl';
import { decodeMessage, encodeQuery } from '../client/message';
import { computeDestination, randomBits } from '../client/ssa';
import { DEMO_SERVICES, DEMO_SETTINGS } from '../controller/dns/demo-zone';
import { DnsServer } from '../controller/dns/server';
import { buildZone } from '../controller/dns/zone';
import { printJson, round, secondsSince } from './report';

const SECONDS = Number(process.env.DNS_BENCH_SECONDS ?? 3);
const NAMES = DEMO_SERVICES.map((s) => s.name);

/** Runs `fn` repeatedly for about `seconds`; returns calls per second. */
function rate(seconds: number, fn: (i: number) => void): number {
  const start = process.hrtime.bigint();
  let n = 0;
  while (true) {
    for (let k = 0; k < 1000; k++) fn(n++);
    const t = secondsSince(start);
    if (t >= seconds) return n / t;
  }
}

/** The baseline: dns-packet decodes the query and encodes the whole answer, every time. */
function baselineResponder() {
  const zone = buildZone(DEMO_SETTINGS, DEMO_SERVICES);
  const apl = new Map(zone.records.filter((r) => r.type === 'APL').map((r) => [r.name, r]));
  return (q: Buffer) => {
    const d = packet.decode(q);
    const question = d.questions![0];
    const r = apl.get(question.name.toLowerCase());
    return packet.encode({
      type: 'response',
      id: d.id,
      flags: packet.AUTHORITATIVE_ANSWER,
      questions: [question],
      answers: r
        ? [{ name: r.name, type: 'APL' as never, ttl: r.ttl, data: r.rdata } as packet.Answer]
        : [],
      additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232 } as packet.Answer],
    });
  };
}

/** The load process: sends APL queries with `window` in flight, for `seconds`; reports answers. */
function load(port: number, seconds: number, window: number): void {
  const sock = createSocket('udp4');
  const queries = NAMES.map((n, i) => encodeQuery(n, 'APL', { id: i }));
  let answered = 0;
  let sent = 0;
  const end = Date.now() + seconds * 1000;
  const send = () => {
    const q = queries[sent++ % queries.length];
    sock.send(q, port, '127.0.0.1');
  };
  sock.on('message', () => {
    answered++;
    if (Date.now() < end) send();
    else if (answered + 0 >= sent - window) finish();
  });
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    process.send!({ answered, seconds });
    sock.close();
  };
  // Answers lost to a full socket buffer would stall a window: top it up every 50 ms.
  const topUp = setInterval(() => {
    if (Date.now() >= end) {
      clearInterval(topUp);
      setTimeout(finish, 200);
      return;
    }
    while (sent - answered < window) send();
  }, 50);
  for (let i = 0; i < window; i++) send();
}

async function main(): Promise<void> {
  if (process.argv[2] === 'load')
    return load(Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5]));

  const zone = buildZone(DEMO_SETTINGS, DEMO_SERVICES);
  const server = new DnsServer({ settings: DEMO_SETTINGS, zone, port: 0, serial: 1 });
  const { port } = await server.start();

  // 1. Over UDP, the load from a second process; the server has this process's core.
  const child = fork(__filename, ['load', String(port), String(SECONDS), '64']);
  const udp = await new Promise<{ answered: number; seconds: number }>((resolve) =>
    child.once('message', (m) => resolve(m as never)),
  );
  await new Promise((r) => child.once('exit', r));
  const udpRate = udp.answered / udp.seconds;
  await server.stop();

  // 2. In process: our handler against the dns-packet baseline, on the same queries.
  const queries = NAMES.map((n, i) => encodeQuery(n, 'APL', { id: i }));
  const ctx = { transport: 'udp' as const, peer: '127.0.0.1' };
  const check = decodeMessage(server.handle(queries[0], ctx)[0]);
  if (check.answers.length !== 1) throw new Error('the server did not answer APL');
  const base = baselineResponder();
  const oursInProcess = rate(SECONDS / 3, (i) => server.handle(queries[i % queries.length], ctx));
  const baseInProcess = rate(SECONDS / 3, (i) => base(queries[i % queries.length]));
  // Every question new: answers are cached per zone version, so this is the path without it.
  const fresh = Array.from({ length: 50_000 }, (_, i) =>
    encodeQuery(`n${i}.video.svc.example`, 'APL', { id: i }),
  );
  const uncached = rate(SECONDS / 6, (i) => server.handle(fresh[i % fresh.length], ctx));

  // 3. Client computations: a source-bound-hash destination against formatting a random address.
  const items = [parseAplItem('2:2001:db8:5::/64')];
  const rule = { kind: 'source-bound-hash' as const, sliceBits: 14, key: 0x0a1b2c3d };
  const compute = rate(SECONDS / 3, () =>
    computeDestination({ items, rule, src: '2001:db8:aaaa:bbbb::1' }),
  );
  const content = rate(SECONDS / 6, (i) =>
    computeDestination({ items, rule: { kind: 'content', sliceBits: 14 }, objectKey: `obj-${i}` }),
  );
  const baseline = rate(SECONDS / 3, () => formatAddress({ family: 6, bits: randomBits(128) }));

  console.log(`APL answers over UDP on loopback (load from a second process): ${round(udpRate)}/s`);
  console.log(
    `  target 30,000/s: ${udpRate >= 30_000 ? 'met' : 'NOT met'} (${round(udpRate / 30_000, 3)}x)`,
  );
  console.log(
    `APL answers in process: ${round(oursInProcess)}/s; dns-packet decode+encode baseline ${round(baseInProcess)}/s (${round(oursInProcess / baseInProcess, 3)}x)`,
  );
  console.log(
    `  every question new (no answer cache; NXDOMAIN): ${round(uncached)}/s (${round(uncached / baseInProcess, 3)}x the baseline)`,
  );
  console.log(
    `client source-bound-hash destinations: ${round(compute)}/s; content: ${round(content)}/s; random address baseline ${round(baseline)}/s (${round(compute / baseline, 3)}x)`,
  );
  printJson({
    bench: 'dns',
    seconds: SECONDS,
    udpAnswersPerSecond: round(udpRate),
    targetMet: udpRate >= 30_000,
    inProcessAnswersPerSecond: round(oursInProcess),
    baselineInProcessPerSecond: round(baseInProcess),
    inProcessRatio: round(oursInProcess / baseInProcess, 3),
    uncachedInProcessPerSecond: round(uncached),
    clientComputationsPerSecond: round(compute),
    contentComputationsPerSecond: round(content),
    clientBaselinePerSecond: round(baseline),
    clientRatio: round(compute / baseline, 3),
  });
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
