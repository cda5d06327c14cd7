import { TableEntry } from '../../p4runtime/entities';
import { lineState } from '../../test/fixtures/fabric-line';
import { DomainState, Switch } from '../domain';
import { compileIntent, entitiesOf, epochOf } from '.';
import { NextHopTable } from './next-hops';
import { firstHops } from './paths';
import { alignedBlocks } from './routing';

const addr = (i: number) => `127.0.0.1:${9000 + i}`;
const params = (e: TableEntry) => (e.action as { params: Record<string, unknown> }).params;
const match = (e: TableEntry) => e.match as Record<string, unknown>;

describe('next hop ids', () => {
  it('are port * 128 + the rank of the neighbour MAC on that port', () => {
    const sw = Switch.create({
      name: 's1',
      deviceId: 1,
      address: addr(0),
      target: 'embedded',
      roles: ['router'],
      ports: [
        { port: 1, mac: '02:00:00:00:00:01' },
        { port: 3, mac: '02:00:00:00:00:03' },
      ],
      links: [
        { port: 3, peer: { kind: 'host', name: 'h' }, peerMac: '02:00:00:00:03:bb' },
        { port: 1, peer: { kind: 'host', name: 'g' }, peerMac: '02:00:00:00:01:aa' },
      ],
    });
    const t = NextHopTable.of(sw, []);
    expect(t.hops.map((h) => [h.id, h.port, h.dmac])).toEqual([
      [128, 1, '02:00:00:00:01:aa'],
      [384, 3, '02:00:00:00:03:bb'],
    ]);
  });

  it('do not change on one port when neighbours are added on another', () => {
    const a = lineState({ switches: 1, instances: 100, sliceBits: 4, address: addr });
    const b = lineState({ switches: 1, instances: 150, sliceBits: 4, address: addr });
    const ta = NextHopTable.of(a.switch('s1')!, a.instances);
    const tb = NextHopTable.of(b.switch('s1')!, b.instances);
    // Instances 0..99 sit on port 10, 100..149 on port 11.
    expect(tb.hops.filter((h) => h.port === 10)).toEqual(ta.hops.filter((h) => h.port === 10));
    expect(tb.hops.filter((h) => h.port === 11)).toHaveLength(50);
  });
});

describe('shortest paths', () => {
  const ring = DomainState.create({
    version: 1,
    switches: ['a', 'b', 'c', 'd'].map((name, i, all) => {
      const next = all[(i + 1) % 4];
      const prev = all[(i + 3) % 4];
      return {
        name,
        deviceId: i + 1,
        address: addr(i),
        target: 'embedded',
        roles: ['router'],
        ports: [1, 2].map((port) => ({ port, mac: `02:00:00:00:0${i}:0${port}` })),
        links: [
          { port: 1, peer: { kind: 'switch', name: prev, port: 2 }, peerMac: '02:00:00:00:00:99' },
          { port: 2, peer: { kind: 'switch', name: next, port: 1 }, peerMac: '02:00:00:00:00:98' },
        ],
      };
    }),
  });

  it('take the fewest hops, the lowest port on a tie', () => {
    const hops = firstHops(ring.switches, 'c');
    expect(hops.get('b')).toBe(2); // b -> c directly
    expect(hops.get('d')).toBe(1); // d -> c directly (c is d's prev)
    expect(hops.get('a')).toBe(1); // two hops either way: port 1 wins
    expect(hops.has('c')).toBe(false);
  });
});

describe('routes from the topology', () => {
  const state = lineState({ switches: 3, instances: 4, sliceBits: 3, address: addr });
  const intent = compileIntent(state, 0);

  it('route every instance locator, the SSA range and the SAR address towards s1 from s3', () => {
    const routes = intent.get('s3')!.controls.routing.filter((e) => e.table === 'routing.v6');
    const text = routes.map((e) => `${String(match(e).ipv6_dst)} -> ${String(params(e).next_hop)}`);
    // s3's port 1 leads to s2: next hop 1 * 128.
    expect(text).toEqual(
      expect.arrayContaining([
        '2001:db8:5::/48 -> 128',
        '2001:db8:ff::1/128 -> 128',
        '2001:db8:a::1/128 -> 128',
        '2001:db8:a::4/128 -> 128',
      ]),
    );
    // The MSLB addresses are s3's own: no route for them on s3 itself.
    expect(text.some((t) => t.startsWith('2001:db8:e::80/'))).toBe(false);
  });

  it('route MSLB addresses from s1 towards s3 through s2', () => {
    const routes = intent.get('s1')!.controls.routing.filter((e) => e.table === 'routing.v6');
    const e = routes.find((r) => match(r).ipv6_dst === '2001:db8:e::80/128');
    expect(params(e!).next_hop).toBe(2 * 128); // s1's port 2 leads to s2
  });

  it('send each slice from the SSA switch straight to the holder attached to it', () => {
    const slices = intent.get('s1')!.controls.ssa.filter((e) => e.table === 'ssa.slices');
    expect(slices).toHaveLength(8);
    const map = state.sliceMap('video.example')!;
    for (const e of slices) {
      const i = params(e).index as number;
      const holder = state.instance(map.holderOf(i)!)!;
      const a = holder.attachments[0];
      expect(params(e).next_hop).toBe(a.port * 128 + Number(holder.id.slice(-4)));
    }
  });

  it('give transit switches routes for slices whose holder sits behind them', () => {
    // Move every instance behind s3 (port 3): s2 and s3 must route the slices themselves.
    const moved = DomainState.create({
      version: 2,
      services: state.services,
      switches: state.switches.map((s) =>
        s.name === 's3'
          ? { ...s.toInput(), ports: [...s.ports, { port: 3, mac: '02:00:00:00:03:03' }] }
          : s,
      ),
      instances: state.instances.map((x) =>
        x.with({ attachments: [{ switch: 's3', port: 3, mac: x.attachments[0].mac }] }),
      ),
      mslbs: state.mslbs,
      sliceMaps: state.sliceMaps,
    });
    const out = compileIntent(moved, 0);
    const s2 = out.get('s2')!.controls.routing.filter((e) => e.table === 'routing.v6');
    const slices = s2.filter((e) => /\/5[01]$/.test(String(match(e).ipv6_dst)));
    // 8 slices over 4 holders, 2 adjacent slices each: one /50 per holder.
    expect(slices.map((e) => String(match(e).ipv6_dst)).sort()).toEqual([
      '2001:db8:5:4000::/50',
      '2001:db8:5:8000::/50',
      '2001:db8:5::/50', // ':' sorts after the digits, before the letters
      '2001:db8:5:c000::/50',
    ]);
    expect(new Set(slices.map((e) => params(e).next_hop))).toEqual(new Set([2 * 128]));
    // s3 sends each block to its holder on port 3 (four next hops), s1 keeps no slice route.
    const s3 = out.get('s3')!.controls.routing.filter((e) => e.table === 'routing.v6');
    const held = s3.filter((e) => /\/50$/.test(String(match(e).ipv6_dst)));
    expect(new Set(held.map((e) => params(e).next_hop))).toEqual(new Set([384, 385, 386, 387]));
    const s1 = out
      .get('s1')!
      .controls.routing.filter((e) => /\/50$/.test(String(match(e).ipv6_dst)));
    expect(s1).toEqual([]);
  });

  it('merge slice runs into aligned blocks', () => {
    expect(alignedBlocks([0, 1, 2, 3, 5, 6, 7], 3)).toEqual([
      { index: 0, bits: 2 },
      { index: 5, bits: 0 },
      { index: 6, bits: 1 },
    ]);
  });

  it('hold every entity once and keep the order stable', () => {
    const again = compileIntent(state, 0);
    for (const [name, sw] of intent) {
      expect(entitiesOf(again.get(name)!)).toEqual(entitiesOf(sw));
    }
  });
});

describe('SSA time-hop and SAR across SARs', () => {
  it('writes epoch = floor(now / period)', () => {
    expect(epochOf(1_000_000, 30)).toBe(33_333);
    const s = lineState({ switches: 1, instances: 2, sliceBits: 2, address: addr });
    const svc = s.services[0].toInput();
    const th = s.with({
      services: [{ ...svc, rule: { kind: 'time-hop', key: 7, period: 60 } }],
    });
    const range = compileIntent(th, 6_000).get('s1')!.controls.ssa[0];
    expect(range.action).toEqual({
      name: 'ssa.rule_time_hop',
      params: { service: 1, key: 7, slice_mask: 3, epoch: 100, demote: 0 },
    });
  });

  it('names the next SAR as the member for instances behind it', () => {
    const base = lineState({ switches: 2, instances: 3, sliceBits: 2, address: addr });
    const s2 = base.switch('s2')!.toInput();
    const state = base.with({
      switches: [
        base.switch('s1')!,
        {
          ...s2,
          roles: ['sar', ...s2.roles],
          sarAddresses: ['2001:db8:ff::2'],
          ports: [...s2.ports!, { port: 5, mac: '02:00:00:00:02:05' }],
        },
      ],
      instances: base.instances.map((x, i) =>
        i === 0
          ? x
          : x.with({ attachments: [{ switch: 's2', port: 5, mac: x.attachments[0].mac }] }),
      ),
    });
    const out = compileIntent(state, 0);
    const nhib = (sw: string) =>
      out
        .get(sw)!
        .controls.sar.filter((e) => e.table === 'sar.nhib')
        .map((e) => params(e).address);
    // Weighted mode, weights 1 (video-0000 on s1) and 1 + 1 (two behind s2): 1 slot and 2.
    expect(nhib('s1')).toEqual(['2001:db8:a::1', '2001:db8:ff::2', '2001:db8:ff::2']);
    // From s2, video-0000 is behind s1's SAR.
    expect(nhib('s2')).toEqual(['2001:db8:a::2', '2001:db8:a::3', '2001:db8:ff::1']);
  });
});
