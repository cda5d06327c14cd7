import { DomainState } from '../domain';
import { EXAMPLE } from '../../test/fixtures/domain-example';
import { planFromState } from './planner-binding';
import { type PlannedMap, replanSlices } from './slices';

describe('replanSlices', () => {
  const state = DomainState.create(EXAMPLE);

  function replan(patch: Parameters<typeof replanSlices>[1]) {
    const planned = new Map<string, PlannedMap>();
    const next = replanSlices(state, patch, planFromState, (s, p) => planned.set(s, p));
    return { next, planned };
  }

  it('keeps the maps of services the change does not touch, object for object', () => {
    const a = state.instance('video-a')!;
    const { next, planned } = replan({
      instances: state.instances.map((x) => (x === a ? a.with({ metric: 9 }) : x)),
    });
    expect(next.version).toBe(state.version + 1);
    expect(planned.has('video.example')).toBe(false);
    expect(next.sliceMap('video.example')).toBe(state.sliceMap('video.example'));
  });

  it('plans again a service whose weights change, from its previous map', () => {
    const b = state.instance('video-b')!;
    const { next, planned } = replan({
      instances: state.instances.map((x) => (x === b ? b.with({ weight: 2 }) : x)),
    });
    expect(planned.get('video.example')).toMatchObject({ moved: 1, lowerBound: 1 });
    expect(next.sliceMap('video.example')!.counts()).toEqual(
      new Map([
        ['video-a', 2],
        ['video-b', 2],
      ]),
    );
  });

  it('plans a first map for a service without one, and drops the maps of deleted services', () => {
    const { next, planned } = replan({
      services: state.services.filter((s) => s.name !== 'video.example'),
      instances: state.instances.filter((x) => x.service !== 'video.example'),
    });
    expect(next.sliceMap('video.example')).toBeUndefined();
    // storage.svc.example had no map in the example: it gets one now.
    expect([...planned.keys()]).toEqual(['storage.svc.example']);
    expect(next.sliceMap('storage.svc.example')!.counts()).toEqual(new Map([['store-1', 2]]));
  });
});
