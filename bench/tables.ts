/**
 * bench:tables — the embedded switch's table engine at scale: 1,000,000 IPv6 LPM routes
 * (random /32../64 prefixes, a few hundred next hops) and 1,000,000 exact 128-bit keys.
 * For each: inserts/s, lookups/s on one core (random keys, hits and misses, checksummed),
 * and heap bytes per entry (heapUsed + ArrayBuffers after gc, with minus without the
 * table). The same is measured for a naive baseline (LPM: one Map per prefix length probed
 * longest first; exact: Map<hex string, object>) and printed as ratios ours/baseline.
 *
 *   npm run bench:tables                 # BENCH_ENTRIES=100000 BENCH_LOOKUPS=200000 to scale down
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MISS, Table, toHex, type ActionRef } from '../softswitch/tables';
import { Rng } from '../softswitch/tables/reference';
import { median, printJson, round, secondsSince } from './report';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 500_000);
const ACTIONS = 300;
const ROUNDS = 3;

const gc: () => void =
  (globalThis as { gc?: () => void }).gc ??
  (() => {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  })();

/** Heap in use, JS objects and ArrayBuffer backing stores alike, after full collections. */
function heapBytes(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** ACTIONS distinct next-hop actions: set_next_hop(dmac: 48 bits, port: 9 bits). */
function nextHops(): ActionRef[] {
  return Array.from({ length: ACTIONS }, (_, i) => ({
    kind: 'action' as const,
    actionId: 0x01000001,
    params: [
      Uint8Array.of(2, 0, 0, 0, i >> 8, i & 0xff),
      Uint8Array.of((i % 511) >> 8, (i % 511) & 0xff),
    ],
  }));
}

/** Next-hop number + 1 of a hit: summed, the same for ours and the baseline when they agree. */
function checksumOf(a: ActionRef | undefined): number {
  return a?.kind === 'action' ? a.params[0][4] * 256 + a.params[0][5] + 1 : 0;
}

interface Figures {
  entries: number;
  insertsPerSec: number;
  lookupsPerSec: number;
  bytesPerEntry: number;
  hitRate: number;
  checksum: number;
}

function timeLookups(
  lookups: number,
  run: (n: number) => number,
  rounds = ROUNDS,
): { perSec: number; checksum: number } {
  run(Math.min(lookups, 100_000)); // warm-up: let the JIT settle on the hot loop
  const rates: number[] = [];
  let checksum = 0;
  for (let r = 0; r < rounds; r++) {
    const t = process.hrtime.bigint();
    checksum = run(lookups);
    rates.push(lookups / secondsSince(t));
  }
  return { perSec: median(rates), checksum };
}

/**
 * Figures of one of our tables just filled with `n` entries (insertion started at `t0` with the
 * heap at `heapBefore`): inserts/s, bytes/entry, and lookups/s over `keys` (16 bytes each).
 */
function measureTable(
  table: Table,
  n: number,
  keys: Uint8Array,
  heapBefore: number,
  t0: bigint,
): Figures {
  const insertsPerSec = n / secondsSince(t0);
  const bytesPerEntry = (heapBytes() - heapBefore) / n;
  let hits = 0;
  const run = (count: number): number => {
    let sum = 0;
    hits = 0;
    for (let i = 0; i < count; i++) {
      const h = table.lookup(keys, i * 16);
      if (h !== MISS) {
        hits++;
        sum += checksumOf(table.actionOf(h));
      }
    }
    return sum;
  };
  const { perSec, checksum } = timeLookups(LOOKUPS, run);
  return {
    entries: n,
    insertsPerSec,
    lookupsPerSec: perSec,
    bytesPerEntry,
    hitRate: hits / LOOKUPS,
    checksum,
  };
}

// ---- LPM -------------------------------------------------------------------------------

interface LpmData {
  n: number;
  prefixes: Uint8Array; // n * 16
  lengths: Uint8Array;
  actionOf: Uint16Array;
  keys: Uint8Array; // LOOKUPS * 16
}

function lpmData(rng: Rng): LpmData {
  const prefixes = new Uint8Array(ENTRIES * 16);
  const lengths = new Uint8Array(ENTRIES);
  const actionOf = new Uint16Array(ENTRIES);
  const seen = new Set<string>();
  let n = 0;
  while (n < ENTRIES) {
    const len = 32 + rng.int(33);
    const p = prefixes.subarray(n * 16, n * 16 + 16);
    p.fill(0);
    for (let b = 0; b < 8; b++) p[b] = rng.next() & 0xff;
    p[0] = 0x20 | (p[0] & 0x0f); // inside 2000::/4, like global unicast
    for (let bit = len; bit < 64; bit++) p[bit >> 3] &= ~(0x80 >> (bit & 7));
    const id = `${toHex(p.subarray(0, 8))}/${len}`;
    if (seen.has(id)) continue;
    seen.add(id);
    lengths[n] = len;
    actionOf[n] = rng.int(ACTIONS);
    n++;
  }
  // Half the keys inside a random route (random host bits), half random in 2000::/4.
  const keys = new Uint8Array(LOOKUPS * 16);
  for (let i = 0; i < LOOKUPS; i++) {
    const k = keys.subarray(i * 16, i * 16 + 16);
    for (let b = 0; b < 16; b++) k[b] = rng.next() & 0xff;
    k[0] = 0x20 | (k[0] & 0x0f);
    if (i % 2 === 0) {
      const e = rng.int(n);
      const len = lengths[e];
      for (let bit = 0; bit < len; bit++) {
        const m = 0x80 >> (bit & 7);
        k[bit >> 3] = (k[bit >> 3] & ~m) | (prefixes[e * 16 + (bit >> 3)] & m);
      }
    }
  }
  return { n, prefixes, lengths, actionOf, keys };
}

function benchLpmOurs(
  d: LpmData,
  hops: ActionRef[],
): Figures & { structure: Record<string, number | string> } {
  const before = heapBytes();
  const t = process.hrtime.bigint();
  let table: Table | undefined = new Table({
    name: 'ipv6_routes',
    fields: [{ name: 'hdr.ipv6.dst_addr', bitwidth: 128, matchKind: 'lpm' }],
    size: d.n,
    directCounter: true,
  });
  for (let i = 0; i < d.n; i++) {
    table.insert({
      match: [
        { kind: 'lpm', value: d.prefixes.subarray(i * 16, i * 16 + 16), prefixLen: d.lengths[i] },
      ],
      action: hops[d.actionOf[i]],
    });
  }
  const figures = measureTable(table, d.n, d.keys, before, t);
  const structure = { ...table.indexStats(), distinctActions: table.distinctActions };
  table = undefined;
  return { ...figures, structure };
}

const scratch = Buffer.alloc(16);

/** Hex of the first `len` bits of 16 bytes at a[off..], the rest masked off. */
function maskedHex(a: Uint8Array, off: number, len: number): string {
  const n = (len + 7) >> 3;
  for (let i = 0; i < n; i++) {
    const bits = Math.min(8, len - i * 8);
    scratch[i] = a[off + i] & (0xff << (8 - bits)) & 0xff;
  }
  return scratch.toString('hex', 0, n);
}

function benchLpmBaseline(d: LpmData, hops: ActionRef[]): Figures {
  type Entry = { action: ActionRef; bytes: number; packets: number };
  const before = heapBytes();
  const t = process.hrtime.bigint();
  let byLength: (Map<string, Entry> | undefined)[] | undefined = [];
  for (let i = 0; i < d.n; i++) {
    const len = d.lengths[i];
    const m = (byLength[len] ??= new Map());
    m.set(maskedHex(d.prefixes, i * 16, len), {
      action: hops[d.actionOf[i]],
      bytes: 0,
      packets: 0,
    });
  }
  const insertsPerSec = d.n / secondsSince(t);
  const bytesPerEntry = (heapBytes() - before) / d.n;
  const lengths: number[] = [];
  for (let len = 128; len >= 0; len--) if (byLength[len] !== undefined) lengths.push(len);
  const maps = lengths.map((len) => byLength![len]!);
  let hits = 0;
  const run = (n: number): number => {
    let sum = 0;
    hits = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < lengths.length; j++) {
        const e = maps[j].get(maskedHex(d.keys, i * 16, lengths[j]));
        if (e !== undefined) {
          hits++;
          sum += checksumOf(e.action);
          break;
        }
      }
    }
    return sum;
  };
  const { perSec, checksum } = timeLookups(LOOKUPS, run, 1);
  byLength = undefined;
  return {
    entries: d.n,
    insertsPerSec,
    lookupsPerSec: perSec,
    bytesPerEntry,
    hitRate: hits / LOOKUPS,
    checksum,
  };
}

// ---- exact -----------------------------------------------------------------------------

interface ExactData {
  n: number;
  keysIn: Uint8Array; // n * 16
  actionOf: Uint16Array;
  keys: Uint8Array; // LOOKUPS * 16
}

function exactData(rng: Rng): ExactData {
  const keysIn = new Uint8Array(ENTRIES * 16);
  for (let i = 0; i < keysIn.length; i++) keysIn[i] = rng.next() & 0xff;
  const actionOf = Uint16Array.from({ length: ENTRIES }, () => rng.int(ACTIONS));
  const keys = new Uint8Array(LOOKUPS * 16);
  for (let i = 0; i < LOOKUPS; i++) {
    if (i % 2 === 0) {
      const e = rng.int(ENTRIES);
      keys.set(keysIn.subarray(e * 16, e * 16 + 16), i * 16);
    } else for (let b = 0; b < 16; b++) keys[i * 16 + b] = rng.next() & 0xff;
  }
  return { n: ENTRIES, keysIn, actionOf, keys };
}

function benchExactOurs(d: ExactData, hops: ActionRef[]): Figures {
  const before = heapBytes();
  const t = process.hrtime.bigint();
  let table: Table | undefined = new Table({
    name: 'flows',
    fields: [{ name: 'flow_id', bitwidth: 128, matchKind: 'exact' }],
    size: d.n,
    directCounter: true,
  });
  for (let i = 0; i < d.n; i++) {
    table.insert({
      match: [{ kind: 'exact', value: d.keysIn.subarray(i * 16, i * 16 + 16) }],
      action: hops[d.actionOf[i]],
    });
  }
  const figures = measureTable(table, d.n, d.keys, before, t);
  table = undefined;
  return figures;
}

function benchExactBaseline(d: ExactData, hops: ActionRef[]): Figures {
  type Entry = { action: ActionRef; bytes: number; packets: number };
  const before = heapBytes();
  const t = process.hrtime.bigint();
  let map: Map<string, Entry> | undefined = new Map();
  for (let i = 0; i < d.n; i++) {
    map.set(Buffer.from(d.keysIn.buffer, i * 16, 16).toString('hex'), {
      action: hops[d.actionOf[i]],
      bytes: 0,
      packets: 0,
    });
  }
  const insertsPerSec = d.n / secondsSince(t);
  const bytesPerEntry = (heapBytes() - before) / d.n;
  const m = map;
  let hits = 0;
  const run = (n: number): number => {
    let sum = 0;
    hits = 0;
    for (let i = 0; i < n; i++) {
      const e = m.get(Buffer.from(d.keys.buffer, i * 16, 16).toString('hex'));
      if (e !== undefined) {
        hits++;
        sum += checksumOf(e.action);
      }
    }
    return sum;
  };
  const { perSec, checksum } = timeLookups(LOOKUPS, run, 1);
  map = undefined;
  return {
    entries: d.n,
    insertsPerSec,
    lookupsPerSec: perSec,
    bytesPerEntry,
    hitRate: hits / LOOKUPS,
    checksum,
  };
}

// ---- report ----------------------------------------------------------------------------

function show(label: string, f: Figures): void {
  console.log(
    `  ${label.padEnd(9)} ${round(f.insertsPerSec / 1e6, 3)} M inserts/s, ${round(f.lookupsPerSec / 1e6, 3)} M lookups/s, ` +
      `${round(f.bytesPerEntry, 4)} B/entry, hit rate ${round(f.hitRate, 3)}`,
  );
}

function compare(name: string, ours: Figures, base: Figures): Record<string, unknown> {
  const ratios = {
    inserts: round(ours.insertsPerSec / base.insertsPerSec, 3),
    lookups: round(ours.lookupsPerSec / base.lookupsPerSec, 3),
    bytesPerEntry: round(ours.bytesPerEntry / base.bytesPerEntry, 3),
  };
  const agree = ours.checksum === base.checksum;
  console.log(
    `  ratio ours/baseline: inserts x${ratios.inserts}, lookups x${ratios.lookups}, bytes/entry x${ratios.bytesPerEntry}` +
      ` (results ${agree ? 'agree' : 'DIFFER'})`,
  );
  const targets = ours.lookupsPerSec >= 1e6 && ours.bytesPerEntry <= 300;
  console.log(`  targets (>= 1 M lookups/s, <= 300 B/entry): ${targets ? 'met' : 'NOT met'}`);
  const fig = (f: Figures) => ({
    insertsPerSec: Math.round(f.insertsPerSec),
    lookupsPerSec: Math.round(f.lookupsPerSec),
    bytesPerEntry: round(f.bytesPerEntry, 4),
    hitRate: round(f.hitRate, 3),
  });
  return {
    name,
    entries: ours.entries,
    ours: fig(ours),
    baseline: fig(base),
    ratios,
    resultsAgree: agree,
    targetsMet: targets,
  };
}

function main(): void {
  const t0 = process.hrtime.bigint();
  console.log(
    `bench:tables: ${ENTRIES} entries per table, ${LOOKUPS} lookups per round (median of ${ROUNDS})`,
  );
  const hops = nextHops();

  const lpm = lpmData(new Rng(1));
  const lpmOurs = benchLpmOurs(lpm, hops);
  const lpmBase = benchLpmBaseline(lpm, hops);
  const st = lpmOurs.structure;
  console.log(
    `IPv6 LPM, /32../64 (${st.trieNodes} trie nodes, ${st.jumpTables} jump table(s), ${st.distinctActions} interned actions)`,
  );
  show('ours', lpmOurs);
  show('baseline', lpmBase);
  const lpmFig = compare('ipv6-lpm', lpmOurs, lpmBase);

  const exact = exactData(new Rng(2));
  const exOurs = benchExactOurs(exact, hops);
  const exBase = benchExactBaseline(exact, hops);
  console.log('exact, 128-bit keys');
  show('ours', exOurs);
  show('baseline', exBase);
  const exFig = compare('exact-128', exOurs, exBase);

  const seconds = round(secondsSince(t0), 3);
  console.log(`done in ${seconds} s`);
  printJson({
    bench: 'tables',
    entries: ENTRIES,
    lookups: LOOKUPS,
    lpm: { ...lpmFig, structure: st },
    exact: exFig,
    seconds,
  });
}

main();
