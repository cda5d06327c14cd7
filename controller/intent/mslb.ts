/**
 * mslb*.p4 (wire §4): on every frontend (role 'mslb-f') of an MSLB service its service address
 * (f_services_*: encapsulation, bucket mask, tunnel MTU and sources), its source table
 * (f_sources_*, with priorities) and its buckets 0..mask over the B set (f_buckets); on each
 * B's switch (role 'mslb-b') its address (b_write_back_* in translation mode, b_decap_* in
 * encapsulation mode); on return-path switches the encapsulation of replies (b_return_*).
 */
import {
  mslbBucket,
  mslbDecap,
  mslbReturn,
  mslbService,
  mslbSource,
  mslbWriteBack,
  type MslbB,
} from '../../p4runtime/fabric';
import type { TableEntry } from '../../p4runtime/entities';
import { type IpAddress, type Mslb, type Switch, addressKey, formatAddress } from '../domain';
import { assignBuckets } from './buckets';
import { Collector } from './collect';
import type { IntentContext } from './context';

const fam = (a: IpAddress): 'v6' | 'v4' => (a.family === 6 ? 'v6' : 'v4');
const asB = (a: IpAddress): MslbB =>
  a.family === 6 ? { v6: formatAddress(a) } : { v4: formatAddress(a) };

/** The B of each bucket of `m` (B sets carry no weights: equal shares). */
export function bucketsOf(m: Mslb): (IpAddress | undefined)[] {
  const byKey = new Map(m.bSet.map((b) => [addressKey(b.address), b.address]));
  const keys = assignBuckets(
    2 ** m.bucketBits,
    m.bSet.map((b) => ({ key: addressKey(b.address), weight: 1 })),
  );
  return keys.map((k) => (k === undefined ? undefined : byKey.get(k)));
}

function frontend(c: Collector, m: Mslb, sw: Switch): void {
  const tunnelV6 = m.tunnel.v6 ?? sw.tunnel.v6;
  const tunnelV4 = m.tunnel.v4 ?? sw.tunnel.v4;
  const ipS = formatAddress(m.serviceAddress);
  c.add(
    mslbService(fam(m.serviceAddress), ipS, {
      service: m.index,
      encap: m.mode === 'encapsulation',
      bucketMask: 2 ** m.bucketBits - 1,
      tunnelMtu: m.mtu,
      ...(tunnelV4 ? { tunnelSrcV4: formatAddress(tunnelV4) } : {}),
      ...(tunnelV6 ? { tunnelSrcV6: formatAddress(tunnelV6) } : {}),
    }),
    `the service address of ${m.name}`,
  );
  for (const s of m.sources) {
    c.add(
      mslbSource(
        fam(m.serviceAddress),
        m.index,
        { value: formatAddress(s.address), mask: formatAddress(s.mask) },
        s.priority,
        asB(s.b),
      ),
      `a source of ${m.name}`,
    );
  }
  bucketsOf(m).forEach((b, i) => {
    if (b !== undefined) c.add(mslbBucket(m.index, i, asB(b)), `bucket ${i} of ${m.name}`);
  });
}

/** The MSLB entries of `sw`. */
export function compileMslb(ctx: IntentContext, sw: Switch): TableEntry[] {
  const c = new Collector(sw.name);
  for (const m of ctx.state.mslbs) {
    if (sw.has('mslb-f') && m.frontends.includes(sw.name)) frontend(c, m, sw);
    if (!sw.has('mslb-b')) continue;
    const ipS = formatAddress(m.serviceAddress);
    for (const b of m.bSet) {
      if (b.switch !== sw.name) continue;
      const ipB = formatAddress(b.address);
      c.add(
        m.mode === 'translation'
          ? mslbWriteBack(fam(b.address), ipB, ipS)
          : mslbDecap(fam(b.address), ipB),
        `the B address ${ipB} of ${m.name}`,
      );
    }
    for (const r of m.returnPaths) {
      if (r.switch !== sw.name) continue;
      const via = { [fam(r.src)]: [formatAddress(r.src), formatAddress(r.dst)] } as
        { v6: [string, string] } | { v4: [string, string] };
      c.add(mslbReturn(fam(m.serviceAddress), ipS, via), `the return path of ${m.name}`);
    }
  }
  return c.entries();
}
