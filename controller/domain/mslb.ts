/**
 * An MSLB service (wire §4): a service address fronted by MSLB-F switches that send each flow
 * to one MSLB-B of the B set, chosen by the source table (address + mask, priority) or else
 * by flow-hash buckets; translation or encapsulation; tunnel sources, MTU, return path.
 *
 *   Mslb.create({ name: 'web', index: 0, serviceAddress: '2001:db8:e::80', mode: 'encapsulation',
 *     frontends: ['f1'], bSet: [{ address: '2001:db8:b::1', switch: 'b1' }],
 *     tunnel: { v6: '2001:db8:f::1' }, mtu: 1500 });
 */
import {
  type IpAddress,
  addressKey,
  formatAddress,
  parseAddress,
  sameAddress,
  widthOf,
} from './address';
import { int, list, name, oneOf, record, uint, unique } from './check';
import { DomainError, joinPath } from './errors';
import { SERVICE_INDEX_BITS } from './service';

export const MSLB_MODES = ['translation', 'encapsulation'] as const;
export type MslbMode = (typeof MSLB_MODES)[number];

/** Buckets per service are 2^bucketBits; mslb.f_buckets holds 16,384 in all. */
export const MAX_BUCKET_BITS = 14;

/** One MSLB-B: its address IP_B and the switch holding it (role mslb-b). */
export interface Backend {
  readonly address: IpAddress;
  readonly switch: string;
}

/** A source table entry: sources matching address/mask go to B `b` (highest priority wins). */
export interface SourceEntry {
  readonly address: IpAddress;
  readonly mask: IpAddress;
  readonly priority: number;
  readonly b: IpAddress;
}

/** Return path (seed figure 12): the B on `switch` encapsulates replies from src to dst. */
export interface ReturnPath {
  readonly switch: string;
  readonly src: IpAddress;
  readonly dst: IpAddress;
}

/** What Mslb.create takes (addresses as text). */
export interface MslbInput {
  readonly name: string;
  readonly index: number;
  readonly serviceAddress: string;
  readonly mode?: MslbMode;
  readonly frontends: readonly string[];
  readonly bSet: readonly { readonly address: string; readonly switch: string }[];
  readonly sources?: readonly {
    readonly address: string;
    readonly mask: string;
    readonly priority: number;
    readonly b: string;
  }[];
  readonly tunnel?: { readonly v4?: string; readonly v6?: string };
  readonly mtu?: number;
  readonly bucketBits?: number;
  readonly returnPaths?: readonly {
    readonly switch: string;
    readonly src: string;
    readonly dst: string;
  }[];
}

/** An MSLB service (immutable; `create` validates every field). */
export class Mslb {
  private constructor(
    readonly name: string,
    /** `service` parameter of mslb.f_* (bit<16>). */
    readonly index: number,
    /** IP_S, IPv4 or IPv6. */
    readonly serviceAddress: IpAddress,
    readonly mode: MslbMode,
    /** Switches (role mslb-f) that front the service address. */
    readonly frontends: readonly string[],
    readonly bSet: readonly Backend[],
    readonly sources: readonly SourceEntry[],
    /** Outer source addresses of the F per family (encapsulation). */
    readonly tunnel: { readonly v4?: IpAddress; readonly v6?: IpAddress },
    /** Largest outer packet the tunnel carries; 0: no check. */
    readonly mtu: number,
    readonly bucketBits: number,
    readonly returnPaths: readonly ReturnPath[],
  ) {
    Object.freeze(this);
  }

  /** Validates `input` (paths start at `path`, e.g. 'mslbs[0]') and builds the MSLB service. */
  static create(input: unknown, path = 'mslb'): Mslb {
    const r = record(input, path);
    const at = (k: string) => joinPath(path, k);
    const mode = oneOf(r.mode ?? 'translation', at('mode'), MSLB_MODES);
    const serviceAddress = parseAddress(r.serviceAddress, at('serviceAddress'));
    const frontends = list(r.frontends, at('frontends'), name, { min: 1 });
    unique(frontends, at('frontends'), (x) => x, 'a switch');
    const bSet = list(
      r.bSet,
      at('bSet'),
      (v, p) => {
        const b = record(v, p);
        const address = parseAddress(b.address, joinPath(p, 'address'));
        if (mode === 'translation' && address.family !== serviceAddress.family) {
          throw new DomainError(
            joinPath(p, 'address'),
            b.address,
            `an IPv${serviceAddress.family} address: translation keeps the family of the service address`,
          );
        }
        return Object.freeze({ address, switch: name(b.switch, joinPath(p, 'switch')) });
      },
      { min: 1 },
    );
    unique(bSet, at('bSet'), (b) => addressKey(b.address), 'an address', 'address');
    const t = record(r.tunnel ?? {}, at('tunnel'));
    const tunnel = Object.freeze({
      ...(t.v4 !== undefined ? { v4: parseAddress(t.v4, joinPath(at('tunnel'), 'v4'), 4) } : {}),
      ...(t.v6 !== undefined ? { v6: parseAddress(t.v6, joinPath(at('tunnel'), 'v6'), 6) } : {}),
    });
    if (mode === 'encapsulation') {
      bSet.forEach((b, i) => {
        if (tunnel[b.address.family === 6 ? 'v6' : 'v4'] === undefined) {
          throw new DomainError(
            joinPath(at('tunnel'), b.address.family === 6 ? 'v6' : 'v4'),
            undefined,
            `a tunnel source for ${joinPath(at('bSet'), i)} (IPv${b.address.family}) in encapsulation mode`,
          );
        }
      });
    }
    const sources = list(
      r.sources ?? [],
      at('sources'),
      (v, p) => {
        const s = record(v, p);
        const address = parseAddress(s.address, joinPath(p, 'address'), serviceAddress.family);
        const mask = parseAddress(s.mask, joinPath(p, 'mask'), serviceAddress.family);
        if ((address.value & mask.value) !== address.value) {
          throw new DomainError(
            joinPath(p, 'address'),
            s.address,
            `no bits set outside the mask ${formatAddress(mask)}`,
          );
        }
        const b = parseAddress(s.b, joinPath(p, 'b'));
        if (!bSet.some((x) => sameAddress(x.address, b))) {
          throw new DomainError(joinPath(p, 'b'), s.b, 'an address of the B set');
        }
        return Object.freeze({
          address,
          mask,
          priority: int(s.priority, joinPath(p, 'priority'), 1, 2 ** 31 - 1),
          b,
        });
      },
      { max: 4096 },
    );
    unique(
      sources,
      at('sources'),
      (s) => `${addressKey(s.address)}&${addressKey(s.mask)}@${s.priority}`,
      'an (address, mask, priority)',
    );
    const returnPaths = list(r.returnPaths ?? [], at('returnPaths'), (v, p) => {
      const e = record(v, p);
      const src = parseAddress(e.src, joinPath(p, 'src'));
      const dst = parseAddress(e.dst, joinPath(p, 'dst'), src.family);
      return Object.freeze({ switch: name(e.switch, joinPath(p, 'switch')), src, dst });
    });
    unique(returnPaths, at('returnPaths'), (e) => e.switch, 'a switch', 'switch');
    return new Mslb(
      name(r.name, at('name')),
      uint(r.index, at('index'), SERVICE_INDEX_BITS),
      serviceAddress,
      mode,
      frontends,
      bSet,
      sources,
      tunnel,
      uint(r.mtu ?? 0, at('mtu'), 16),
      int(r.bucketBits ?? 8, at('bucketBits'), 0, MAX_BUCKET_BITS),
      returnPaths,
    );
  }

  /** Bits of the service address (32 or 128), for the source table masks. */
  get width(): number {
    return widthOf(this.serviceAddress.family);
  }

  /** A copy with some fields changed, validated again (paths start at `path`). */
  with(changes: Partial<MslbInput>, path = 'mslb'): Mslb {
    return Mslb.create({ ...this.toInput(), ...changes }, path);
  }

  /** The data this MSLB service was made from. */
  toInput(): MslbInput {
    const f = formatAddress;
    return {
      name: this.name,
      index: this.index,
      serviceAddress: f(this.serviceAddress),
      mode: this.mode,
      frontends: this.frontends,
      bSet: this.bSet.map((b) => ({ address: f(b.address), switch: b.switch })),
      sources: this.sources.map((s) => ({
        address: f(s.address),
        mask: f(s.mask),
        priority: s.priority,
        b: f(s.b),
      })),
      tunnel: {
        ...(this.tunnel.v4 ? { v4: f(this.tunnel.v4) } : {}),
        ...(this.tunnel.v6 ? { v6: f(this.tunnel.v6) } : {}),
      },
      mtu: this.mtu,
      bucketBits: this.bucketBits,
      returnPaths: this.returnPaths.map((e) => ({
        switch: e.switch,
        src: f(e.src),
        dst: f(e.dst),
      })),
    };
  }
}
