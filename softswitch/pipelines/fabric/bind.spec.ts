import { bigIntToBytes } from '../../tables/key';
import { MISS, Table } from '../../tables/table';
import type { ActionRef } from '../../tables/types';
import { BoundTable } from './bind';

const forward: ActionRef = { kind: 'action', actionId: 2, params: [bigIntToBytes(1n, 9)] };
const key = (v: bigint) => bigIntToBytes(v, 32);

/** A bound table over an engine table with a direct counter and idle timeout. */
function bound(clock: () => number): { t: Table; b: BoundTable } {
  const t = new Table({
    name: 'ingress.hosts',
    fields: [{ name: 'dst', bitwidth: 32, matchKind: 'exact' }],
    size: 4,
    directCounter: true,
    idleTimeout: true,
    clock,
  });
  return { t, b: new BoundTable(t, new Map([['forward', 2]])) };
}

describe('BoundTable.apply behaves as Table.apply and bmv2', () => {
  it('counts hits only: a miss leaves every counter, the default entry one included, at 0', () => {
    const { t, b } = bound(() => 0);
    const h = t.insert({ match: [{ kind: 'exact', value: key(1n) }], action: forward });
    expect(b.apply(key(1n), 0, 100)).toBe(h);
    expect(b.apply(key(2n), 0, 60)).toBe(MISS);
    expect(t.readCounter(h)).toEqual({ bytes: 100, packets: 1 });
    expect(t.readCounter(MISS)).toEqual({ bytes: 0, packets: 0 });
  });

  it('marks the entry hit, so idle timeout fires only after a quiet period', () => {
    let now = 1_000;
    const { t, b } = bound(() => now);
    const h = t.insert({
      match: [{ kind: 'exact', value: key(1n) }],
      action: forward,
      idleTimeoutNs: 500,
    });
    now = 1_300;
    b.apply(key(1n), 0, 64);
    expect(t.read(h).lastHitNs).toBe(1_300);
    expect(t.idleExpired(1_700)).toEqual([]); // 1,000 + 500 would have fired without the hit
    expect(t.idleExpired(1_800)).toEqual([h]);
  });
});
