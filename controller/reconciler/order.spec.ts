import type { Update } from '../../p4runtime';
import {
  nextHop,
  routeV6,
  sarMember,
  sarService,
  ssaRange,
  ssaSlice,
} from '../../p4runtime/fabric';
import { countUpdates, orderPhases } from './order';

const hop = nextHop(128, 1, '02:00:00:00:00:01', '02:00:00:00:00:02');
const route = routeV6('2001:db8::/32', 128);
const range = ssaRange('2001:db8:5::/48', { rule: 'any', service: 1 });
const slice = ssaSlice('2001:db8:5::/50', 0, 128);
const fib = sarService(1n, 1, 0, 1);
const member = sarMember(1, 0, '2001:db8::1');
const up = (type: Update['type'], ...entities: Update['entity'][]): Update[] =>
  entities.map((entity) => ({ type, entity }));
const tables = (phases: Update[][]) =>
  phases.map((p) => p.map((u) => `${u.type} ${String((u.entity as { table: string }).table)}`));

describe('write order of a reconcile', () => {
  it('writes next hops, then what names them, then entry points; deletes in reverse', () => {
    const phases = orderPhases([
      [...up('insert', range, slice, hop, fib, member, route)],
      [...up('delete', range, slice, hop, route)],
    ]);
    expect(tables(phases)).toEqual([
      ['insert routing.next_hops'],
      ['insert ssa.slices', 'insert sar.nhib', 'insert routing.v6'],
      ['insert ssa.ranges', 'insert sar.fib'],
      ['delete ssa.ranges'],
      ['delete ssa.slices', 'delete routing.v6'],
      ['delete routing.next_hops'],
    ]);
  });

  it('deletes before it writes after a full table, next hops still last', () => {
    const phases = orderPhases(
      [[...up('insert', slice, hop)], [...up('delete', range, route, hop)]],
      { deletesFirst: true },
    );
    expect(tables(phases)).toEqual([
      ['delete ssa.ranges'],
      ['delete routing.v6'],
      ['insert routing.next_hops'],
      ['insert ssa.slices'],
      ['delete routing.next_hops'],
    ]);
  });

  it('counts updates by type', () => {
    expect(
      countUpdates([up('insert', hop, route), up('modify', slice), up('delete', fib)]),
    ).toEqual({ inserted: 2, modified: 1, deleted: 1 });
  });
});
