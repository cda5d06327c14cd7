/**
 * "The computation is the very one the switch checks" (wire §2): the client's computations
 * against the packet suite's (test/ptf/packets/ssa.ts, written from the wire contract alone)
 * and the switch model's CRC32, for random sources, keys, epochs, slice widths and objects.
 * Both sides are also pinned to test/fixtures/wire-vectors.json by their own specs.
 */
import fc from 'fast-check';
import { formatAddress, parsePrefix } from '../../client/address';
import { crc32 } from '../../client/crc32';
import {
  contentAddress,
  identityAddress,
  ruleHashInput,
  sourceBoundHashSlice,
  timeHopSlice,
} from '../../client/ssa';
import * as ptf from '../ptf/packets';
import { crc32 as switchCrc32 } from '../../softswitch/pipelines/fabric/v1model/hash';

const u128 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
const key = fc.integer({ min: 0, max: 0xffffffff });
const v6 = (bits: bigint) => ({ family: 6 as const, bits });

describe('client, packet suite and switch model compute alike (wire §2)', () => {
  it('CRC32 of the rule inputs', () => {
    fc.assert(
      fc.property(u128, key, fc.integer({ min: 0, max: 0xffffffff }), (src, k, epoch) => {
        const input = ruleHashInput(v6(src), k, epoch);
        expect(crc32(input)).toBe(switchCrc32(input));
        expect(crc32(input)).toBe(ptf.crc32(input));
      }),
    );
  });

  it('source-bound-hash and time-hop slices', () => {
    fc.assert(
      fc.property(
        u128,
        key,
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 24 }),
        (src, k, epoch, s) => {
          const a = ptf.bigIntToIpv6(src);
          expect(sourceBoundHashSlice(v6(src), k, s)).toBe(ptf.sourceBoundHashSlice(a, k, s));
          expect(timeHopSlice(v6(src), k, epoch, s)).toBe(ptf.timeHopSlice(a, k, epoch, s));
        },
      ),
    );
  });

  it('identity and content addresses', () => {
    fc.assert(
      fc.property(
        u128,
        fc.integer({ min: 16, max: 64 }),
        fc.string(),
        fc.integer({ min: 0, max: 5 }),
        (src, len, obj, r) => {
          const p = `${formatAddress(v6((0x20010db8n << 96n) & ~((1n << BigInt(128 - len)) - 1n)))}/${len}`;
          const a = ptf.bigIntToIpv6(src);
          expect(formatAddress(identityAddress(parsePrefix(p), v6(src)))).toBe(
            ptf.formatIpv6(ptf.identityAddress(p, a)),
          );
          expect(formatAddress(contentAddress(parsePrefix(p), obj, r))).toBe(
            ptf.formatIpv6(ptf.contentAddress(p, obj, r)),
          );
        },
      ),
    );
  });
});
