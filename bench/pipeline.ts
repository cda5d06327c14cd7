/**
 * bench:pipeline — packets per second on one core through the embedded switch's model of
 * p4/v1model/main.p4, with 17,152 SSA slices (one service of 14 slice bits, wire.md's example,
 * and three of 8, all ranges in one /48) and 10,000 ROSA services (40,000 NHIB members)
 * installed, next to 60 MSLB services with 256 buckets each, a 16-entry ACL and 64 next hops. Workloads, each a ring of pre-built packets:
 *   ssa_slice_routing  conforming source-bound-hash packets, routed by slice (target >= 1 M/s)
 *   ssa_mix            the four checked rules (any, identity, hash, time-hop), 10% non-conforming
 *   sar_request        ROSA REQUESTs to the SAR: FIB, scheduling, NHIB, rewrite, UDP checksum
 *   mslb_encap         MSLB-F 6in6 encapsulation by flow-hash bucket
 * Baseline in the same run: the reflector model (one exact lookup and a copy per packet), so
 * the ratios say what the full program costs against the simplest one.
 *
 *   npm run bench:pipeline            # BENCH_PACKETS=500000 BENCH_ROUNDS=5 to change the run
 */
import { P4Schema } from '../p4runtime/schema';
import { ForwardingState } from '../softswitch/forwarding-state';
import type { Pipeline } from '../softswitch/pipeline/types';
import { FABRIC_P4INFO, fabric } from '../softswitch/pipelines/fabric';
import { REFLECTOR_P4INFO, reflector } from '../softswitch/pipelines/reflector';
import { Rng } from '../softswitch/tables/reference';
import { install, SSA_KEY, type Installed } from './fixtures/fabric-tables';
import { ssaPackets, sarPackets, mslbPackets } from './fixtures/fabric-packets';
import { median, printJson, round, secondsSince } from './report';

const PACKETS = Number(process.env.BENCH_PACKETS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CPU_PORT = 510;

function load(p4info: string, factory: typeof fabric): { model: Pipeline; state: ForwardingState } {
  const schema = P4Schema.fromFile(p4info);
  const state = ForwardingState.create(schema);
  const model = factory.create({ schema, state, cpuPort: CPU_PORT, dropPort: 511, clock: () => 0 });
  return { model, state };
}

/** Packets per second of `model` over the ring `packets`; also counts what left. */
function measure(model: Pipeline, packets: Uint8Array[]): { pps: number; forwarded: number } {
  const run = (n: number) => {
    let forwarded = 0;
    for (let i = 0; i < n; i++) forwarded += model.process(1, packets[i % packets.length]).length;
    return forwarded;
  };
  run(Math.min(PACKETS, 200_000)); // warm-up
  const rates: number[] = [];
  let forwarded = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const t = process.hrtime.bigint();
    forwarded = run(PACKETS);
    rates.push(PACKETS / secondsSince(t));
  }
  return { pps: median(rates), forwarded: forwarded / PACKETS };
}

function main(): void {
  const rng = new Rng(7);
  const t0 = process.hrtime.bigint();
  const { model, state } = load(FABRIC_P4INFO, fabric);
  const tables: Installed = install(state, rng);
  const setupSeconds = secondsSince(t0);

  const base = load(REFLECTOR_P4INFO, reflector);
  const toPort = base.state.actionId('ReflectorIngress.to_port');
  base.state.table('ReflectorIngress.port_table').insert({
    match: [{ kind: 'exact', value: Uint8Array.of(0, 1) }],
    action: { kind: 'action', actionId: toPort, params: [Uint8Array.of(0, 2)] },
  });

  const workloads: Record<string, Uint8Array[]> = {
    ssa_slice_routing: ssaPackets(tables, rng, { rules: ['hash'], nonConforming: 0 }),
    ssa_mix: ssaPackets(tables, rng, {
      rules: ['any', 'identity', 'hash', 'time-hop'],
      nonConforming: 0.1,
    }),
    sar_request: sarPackets(tables, rng),
    mslb_encap: mslbPackets(tables, rng),
  };

  const figures: Record<string, unknown> = {
    bench: 'pipeline',
    packets: PACKETS,
    rounds: ROUNDS,
    slices: tables.slices,
    ssaServices: tables.ssaServices,
    rosaServices: tables.rosaServices,
    nhibMembers: tables.nhibMembers,
    mslbServices: tables.mslbServices,
    setupSeconds: round(setupSeconds, 3),
    ssaKey: SSA_KEY,
  };
  const baseline = measure(base.model, workloads.ssa_slice_routing);
  console.log(`baseline reflector          ${(baseline.pps / 1e6).toFixed(3)} M packets/s`);
  figures.baselineReflectorPps = round(baseline.pps);
  for (const [name, packets] of Object.entries(workloads)) {
    const m = measure(model, packets);
    const ratio = m.pps / baseline.pps;
    console.log(
      `${name.padEnd(27)} ${(m.pps / 1e6).toFixed(3)} M packets/s  ` +
        `(${(m.forwarded * 100).toFixed(1)}% forwarded; ${ratio.toFixed(3)} x baseline)`,
    );
    figures[`${name}Pps`] = round(m.pps);
    figures[`${name}Forwarded`] = round(m.forwarded, 3);
    figures[`${name}VsBaseline`] = round(ratio, 3);
  }
  const target = figures.ssa_slice_routingPps as number;
  figures.targetMet = target >= 1_000_000;
  console.log(
    `target (ssa_slice_routing >= 1 M packets/s per core): ${figures.targetMet ? 'met' : 'NOT met'}`,
  );
  printJson(figures);
}

main();
