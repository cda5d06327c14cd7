/**
 * SSA intent behaviours (wire §2; tables in docs/dataplane.md) beyond the golden file: time-hop
 * epochs at period boundaries, demotion, unreachable holders reported, switches without the
 * role, a bad clock refused.
 */
import { EXAMPLE } from '../../test/fixtures/domain-example';
import { DomainError, DomainState, type DomainStateInput } from '../domain';
import { compileIntent, epochOf } from '.';

const NOW = 1_700_000_000;

describe('SSA intent', () => {
  it('writes the epoch of the clock (floor(now / period)) and demotes when the service says so', () => {
    const services = [
      {
        ...(EXAMPLE.services?.[0] as object),
        rule: { kind: 'time-hop', key: 0x01020304, period: 30 },
        nonConforming: 'demote',
      },
      EXAMPLE.services?.[1],
    ];
    const s = DomainState.create({ ...EXAMPLE, services });
    const start = 56_666_666 * 30;
    expect(epochOf(NOW, 30)).toBe(56_666_666);
    for (const [now, epoch] of [
      [start, 56_666_666],
      [start + 29.9, 56_666_666],
      [start + 30, 56_666_667],
    ]) {
      const range = compileIntent(s, now).get('s1')!.controls.ssa[0];
      expect(range.action).toEqual({
        name: 'ssa.rule_time_hop',
        params: { service: 1, key: 0x01020304, slice_mask: 3, epoch, demote: 1 },
      });
    }
  });

  it('reports slices whose holder cannot be reached and leaves them out', () => {
    const input: DomainStateInput = {
      ...EXAMPLE,
      instances: [
        ...(EXAMPLE.instances ?? []),
        // No attachment and no route of s1 covers 2001:db8:77::1.
        { id: 'store-2', service: 'storage.svc.example', locators: ['2001:db8:77::1'] },
      ],
      sliceMaps: [
        ...(EXAMPLE.sliceMaps ?? []),
        {
          service: 'storage.svc.example',
          sliceBits: 1,
          holders: ['store-1', 'store-2'],
          runs: [0, 1, 1, 1],
        },
      ],
    };
    const s1 = compileIntent(DomainState.create(input), NOW).get('s1')!;
    expect(s1.unreachable).toEqual([
      { service: 'storage.svc.example', slice: 1, instance: 'store-2' },
    ]);
    const slices = s1.controls.ssa.filter((e) => e.table === 'ssa.slices');
    // 4 video slices + the legacy slice + store-1's slice (behind s1's port 2 to s2).
    expect(slices).toHaveLength(6);
    expect(slices[5].match).toEqual({ ipv6_dst: '2001:db8:9::/65' });
    expect(slices[5].action).toEqual({
      name: 'ssa.set_slice',
      params: { index: 0, next_hop: 256 },
    });
  });

  it('gives switches without the ssa role nothing, and refuses a bad clock', () => {
    const s = DomainState.create(EXAMPLE);
    expect(compileIntent(s, NOW).get('s2')!.controls.ssa).toEqual([]);
    expect(() => compileIntent(s, -1)).toThrow(DomainError);
    expect(() => compileIntent(s, Number.NaN)).toThrow(DomainError);
  });
});
