/**
 * End to end on the embedded switch (wire §2, §3): our DNS server publishes one service per
 * rule; the client library resolves each over loopback and computes its destination; the
 * switch, with the SSA tables installed as the controller will install them (test/ptf's
 * entry builders), routes the packet to the port of the instance that owns its slice. The
 * same address with one bit flipped in the checked part is dropped and counted; after a
 * scaling event (the slice's entry moved to another next hop) the same client address reaches
 * the new instance with no new DNS answer: the DNS server is stopped by then.
 */
import { parseAddress, parsePrefix } from '../../client/address';
import { resolveSsa } from '../../client/resolve';
import { sliceIndex } from '../../client/ssa';
import type { PublishedService } from '../../controller/dns/model';
import { DEMO_SETTINGS } from '../../controller/dns/demo-zone';
import { DnsServer } from '../../controller/dns/server';
import { buildZone } from '../../controller/dns/zone';
import { ptfSuite, type PtfSession } from '../ptf/harness';
import { Drop } from '../ptf/fabric/contract';
import { added } from '../ptf/fabric/counting';
import * as E from '../ptf/fabric/entries';
import { arriving, leaving, slicePrefix } from '../ptf/fabric/ssa-lab';
import { FABRIC, nextHops } from '../ptf/fabric/suite';

const BITS = 4; // 16 slices, every one installed
const KEY = 0x0a1b2c3d;
const PERIOD = 30;
const EPOCH = 59_000_000;
const SRC = '2001:db8:aaaa:bbbb::1';

interface Case {
  readonly service: PublishedService;
  /** The ssa.ranges entry as the controller would write it. */
  readonly range: (epoch: number) => E.SsaRule;
  /** Whether the rule checks the address (any and content accept every destination). */
  readonly checked: boolean;
  readonly objectKey?: string;
}

const svc = (name: string, prefix: string, rule: PublishedService['rule']): PublishedService => ({
  name: `${name}.svc.example`,
  ranges: [{ prefix, length: 64, family: 6 }],
  rule,
  legacyAddresses: [],
});

const CASES: Record<string, Case> = {
  any: {
    service: svc('any', '2001:db8:11::', { kind: 'any', sliceBits: BITS }),
    range: () => ({ rule: 'any', service: 41 }),
    checked: false,
  },
  'source-bound-identity': {
    service: svc('identity', '2001:db8:12::', { kind: 'source-bound-identity', sliceBits: BITS }),
    range: () => ({ rule: 'identity', service: 42 }),
    checked: true,
  },
  'source-bound-hash': {
    service: svc('hash', '2001:db8:13::', { kind: 'source-bound-hash', sliceBits: BITS, key: KEY }),
    range: () => ({ rule: 'hash', service: 43, key: KEY, sliceBits: BITS }),
    checked: true,
  },
  'time-hop': {
    service: svc('hop', '2001:db8:14::', {
      kind: 'time-hop',
      sliceBits: BITS,
      key: KEY,
      period: PERIOD,
    }),
    range: (epoch) => ({ rule: 'time-hop', service: 44, key: KEY, sliceBits: BITS, epoch }),
    checked: true,
  },
  content: {
    service: svc('content', '2001:db8:15::', { kind: 'content', sliceBits: BITS }),
    range: () => ({ rule: 'content', service: 45 }),
    checked: false,
    objectKey: 'photos/cat.jpg',
  },
};

/** Slice i of a service is held by the instance behind next hop 2 + i % 3 (ports[1..3]). */
const holder = (slice: number) => 2 + (slice % 3);

async function install(s: PtfSession, c: Case, epoch = EPOCH) {
  const r = c.service.ranges[0];
  const range = `${r.prefix}/${r.length}`;
  await s.insert([
    ...nextHops(s.ports),
    E.ssaRange(range, c.range(epoch)),
    ...Array.from({ length: 2 ** BITS }, (_, i) =>
      E.ssaSlice(slicePrefix(range, BITS, i), i, holder(i)),
    ),
  ]);
}

/** The bit flipped "in the checked part": the slice field, or the low 64 bits for identity. */
function flipped(c: Case, address: string): string {
  const a = parseAddress(address);
  const bit = c.service.rule.kind === 'source-bound-identity' ? 0n : BigInt(128 - 64 - BITS);
  const b = a.bits ^ (1n << bit);
  const hex = b.toString(16).padStart(32, '0');
  return hex.match(/.{4}/g)!.join(':');
}

ptfSuite('SSA end to end: DNS, client, embedded switch (wire §2, §3)', FABRIC, (ptf) => {
  let dns: DnsServer;
  let server: string;
  beforeEach(async () => {
    dns = new DnsServer({
      settings: DEMO_SETTINGS,
      zone: buildZone(
        DEMO_SETTINGS,
        Object.values(CASES).map((c) => c.service),
      ),
      port: 0,
    });
    server = `127.0.0.1:${(await dns.start()).port}`;
  });
  afterEach(async () => dns.stop());

  describe.each(Object.keys(CASES))('%s', (kind) => {
    const c = CASES[kind];
    const service = c.range(EPOCH).service;
    const cells = [
      ['ingress.drops', Drop.SSA_NON_CONFORMING],
      ['ssa.conforming', service],
      ['ssa.non_conforming', service],
    ] as const;
    const nowMs = (EPOCH * PERIOD + PERIOD / 2) * 1000;

    it('the computed address reaches its slice instance; a bit flipped is dropped and counted; scaling moves it', async () => {
      const s = ptf.session;
      await install(s, c);
      const d = await resolveSsa(c.service.name, {
        server,
        src: SRC,
        objectKey: c.objectKey,
        nowMs,
      });
      if (d.via !== 'apl') throw new Error(`expected an APL answer, got ${d.via}`);
      const r = c.service.ranges[0];
      const slice = sliceIndex(
        parseAddress(d.address),
        parsePrefix(`${r.prefix}/${r.length}`),
        BITS,
      );
      const nh = holder(slice);
      const ok = await added(s, cells, async () => {
        await s.send(s.ports[0], arriving(SRC, d.address).bytes);
        await s.expectPacket(leaving(SRC, d.address, nh).bytes, s.ports[nh - 1]);
        await s.expectNoOtherPackets();
      });
      expect(ok).toEqual({
        [`ingress.drops[${Drop.SSA_NON_CONFORMING}]`]: 0n,
        [`ssa.conforming[${service}]`]: 1n,
        [`ssa.non_conforming[${service}]`]: 0n,
      });

      if (c.checked) {
        const bad = flipped(c, d.address);
        const dropped = await added(s, cells, async () => {
          await s.send(s.ports[0], arriving(SRC, bad).bytes);
          await s.expectNoOtherPackets();
        });
        expect(dropped).toEqual({
          [`ingress.drops[${Drop.SSA_NON_CONFORMING}]`]: 1n,
          [`ssa.conforming[${service}]`]: 0n,
          [`ssa.non_conforming[${service}]`]: 1n,
        });
      }

      // Scaling: the slice moves to another instance; DNS is gone, the client keeps its address.
      await dns.stop();
      const moved = nh === 4 ? 2 : nh + 1;
      await s.modify(E.ssaSlice(slicePrefix(`${r.prefix}/${r.length}`, BITS, slice), slice, moved));
      await s.send(s.ports[0], arriving(SRC, d.address).bytes);
      await s.expectPacket(leaving(SRC, d.address, moved).bytes, s.ports[moved - 1]);
      await s.expectNoOtherPackets();
    });
  });

  it('time-hop: the address of epoch e still passes once the switch is in e + 1, not in e + 2', async () => {
    const s = ptf.session;
    const c = CASES['time-hop'];
    await install(s, c);
    const d = await resolveSsa(c.service.name, {
      server,
      src: SRC,
      nowMs: (EPOCH * PERIOD + 1.5) * 1000 + 5000,
    });
    if (d.via !== 'apl') throw new Error('expected an APL answer');
    expect(d.epoch).toBe(EPOCH);
    const r = c.service.ranges[0];
    const range = `${r.prefix}/${r.length}`;
    const nh = holder(d.slice!);
    await s.modify(E.ssaRange(range, c.range(EPOCH + 1)));
    await s.send(s.ports[0], arriving(SRC, d.address).bytes);
    await s.expectPacket(leaving(SRC, d.address, nh).bytes, s.ports[nh - 1]);
    await s.modify(E.ssaRange(range, c.range(EPOCH + 2)));
    const d2 = await resolveSsa(c.service.name, {
      server,
      src: SRC,
      nowMs: ((EPOCH + 2) * PERIOD + 10) * 1000,
    });
    if (d2.via !== 'apl') throw new Error('expected an APL answer');
    // Epochs e, e + 1, e + 2 give this source slices 0, 6, 12 (client/ssa.spec checks the CRC).
    expect([d.slice, d2.slice]).toEqual([0, 12]);
    await s.send(s.ports[0], arriving(SRC, d.address).bytes); // two epochs late: refused
    await s.expectNoOtherPackets();
    await s.send(s.ports[0], arriving(SRC, d2.address).bytes); // resolved again: accepted
    const nh2 = holder(d2.slice!);
    await s.expectPacket(leaving(SRC, d2.address, nh2).bytes, s.ports[nh2 - 1]);
    await s.expectNoOtherPackets();
  });
});
