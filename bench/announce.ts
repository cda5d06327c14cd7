/**
 * bench:announce — ROSA announcements verified per second on one core (wire §1): parse the
 * punted frame, find the service and the instance, check the HMAC-SHA256 tag and the sequence
 * number (controller/announcements/verify.ts), for 10,000 distinct frames of 1,000 instances.
 * Baseline measured in the same run: the HMAC alone (createHmac over the 36 signed bytes and a
 * constant-time compare), the floor any verifier pays. Also forged frames (bad tag), which a
 * flood would send. Target: >= 50,000 verified per second.
 *
 *   npm run bench:announce        # BENCH_SECONDS=1
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AnnouncementVerifier } from '../controller/announcements/verify';
import { buildAnnouncement } from '../controller/announcements/rosa';
import { DomainState, addressBytes } from '../controller/domain';
import { printJson, round } from './report';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 1);
const INSTANCES = 1000;
const FRAMES = 10_000;

const key = (i: number) => Buffer.from(`${i.toString(16).padStart(8, '0')}`.repeat(4), 'utf8');
const state = DomainState.create({
  version: 1,
  services: [{ name: 'video.example', index: 1, ranges: ['2001:db8:5::/64'], sliceBits: 4 }],
  instances: Array.from({ length: INSTANCES }, (_, i) => ({
    id: `v${i}`,
    service: 'video.example',
    locators: [`2001:db8:a::${(i + 1).toString(16)}`],
    announcementKey: key(i).subarray(0, 16),
  })),
  switches: [],
  routes: [],
  mslbs: [],
  sliceMaps: [],
});
const serviceIdHex = state.service('video.example')!.idHex;
const frames = Array.from({ length: FRAMES }, (_, n) => {
  const i = n % INSTANCES;
  const x = state.instance(`v${i}`)!;
  const address = addressBytes(x.primaryV6!);
  return buildAnnouncement({
    kind: 'announce',
    key: key(i).subarray(0, 16),
    serviceIdHex,
    instance: address,
    weight: 1 + (n % 100),
    metric: n,
    sequence: 1 + n,
    source: address,
    destination: Uint8Array.from(Buffer.from('20010db800ff00000000000000000001', 'hex')),
    sourceMac: new Uint8Array(6).fill(2),
    destinationMac: new Uint8Array(6).fill(4),
  });
});
const forged = frames.map((f) => {
  const g = f.slice();
  g[g.length - 1] ^= 1;
  return g;
});
const verifier = new AnnouncementVerifier(state);

/** Runs `one(i)` over the frames for SECONDS; operations per second. */
function rate(one: (i: number) => void): number {
  const end = process.hrtime.bigint() + BigInt(Math.round(SECONDS * 1e9));
  const start = process.hrtime.bigint();
  let n = 0;
  while (process.hrtime.bigint() < end) {
    for (let k = 0; k < 1000; k++) one((n + k) % FRAMES);
    n += 1000;
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

let accepted = 0;
const verified = rate((i) => {
  if (verifier.verify(frames[i]).ok) accepted++;
});
let refused = 0;
const forgedRate = rate((i) => {
  if (!verifier.verify(forged[i]).ok) refused++;
});
const signed = frames.map((f) => f.subarray(58, 94));
const tags = frames.map((f) => f.subarray(94, 110));
const keys = Array.from({ length: INSTANCES }, (_, i) => key(i).subarray(0, 16));
const hmac = rate((i) => {
  const t = createHmac('sha256', keys[i % INSTANCES])
    .update(signed[i])
    .digest();
  timingSafeEqual(t.subarray(0, 16), tags[i]);
});
if (accepted === 0 || refused === 0) throw new Error('the benchmark verified nothing');

console.log('what                          per second');
console.log(`verified (valid)              ${round(verified)}`);
console.log(`refused (bad tag)             ${round(forgedRate)}`);
console.log(`HMAC alone (baseline)         ${round(hmac)}`);
console.log(`verified / HMAC alone         ${round(verified / hmac, 3)}`);
printJson({
  bench: 'announce',
  instances: INSTANCES,
  verifiedPerSecond: round(verified),
  forgedPerSecond: round(forgedRate),
  hmacPerSecond: round(hmac),
  ratioToHmac: round(verified / hmac, 3),
  target: 50_000,
});
