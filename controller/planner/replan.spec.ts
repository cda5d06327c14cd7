import { EXAMPLE } from '../../test/fixtures/domain-example';
import { DomainError, DomainState, type Service } from '../domain';
import { withPlannedSlices } from './replan';

describe('withPlannedSlices', () => {
  const state = DomainState.create(EXAMPLE);
  const holders = (s: DomainState, name: string) => {
    const m = s.sliceMap(name);
    return m ? Array.from({ length: m.size }, (_, i) => m.holderOf(i)) : undefined;
  };

  it('removes a holder and re-plans its slices in the same version', () => {
    const instances = state.instances.filter((x) => x.id !== 'video-b');
    expect(() => state.with({ instances })).toThrow(DomainError); // the map still names it
    const { state: next, plans } = withPlannedSlices(state, { instances });
    expect(next.version).toBe(2);
    expect(holders(next, 'video.example')).toEqual(['video-a', 'video-a', 'video-a', 'video-a']);
    expect(plans.get('video.example')?.moved).toBe(1);
    // storage.svc.example had no map: it gets one, all to its only instance.
    expect(holders(next, 'storage.svc.example')).toEqual(['store-1', 'store-1']);
  });

  it('keeps maps whose service and instances did not change', () => {
    const once = withPlannedSlices(state, {}).state;
    const { state: twice, plans } = withPlannedSlices(once, {});
    expect(twice.sliceMap('video.example')).toBe(once.sliceMap('video.example'));
    expect(plans.size).toBe(0);
    expect(twice.version).toBe(3);
  });

  it('splits slices when the slice bits grow, moving only what the finer shares require', () => {
    const services = state.services.map((s: Service) =>
      s.name === 'video.example' ? s.with({ sliceBits: 4 }) : s,
    );
    const { state: next, plans } = withPlannedSlices(state, { services });
    const split = (holders(state, 'video.example') as string[]).flatMap((h) => [h, h, h, h]);
    const after = holders(next, 'video.example') as string[];
    // 2:1 over 16 slices allows video-a 10 or 11; the split gives it 12, so exactly one moves.
    expect(after.filter((h, i) => h !== split[i]).length).toBe(1);
    expect(after.filter((h) => h === 'video-a').length).toBe(11);
    expect(plans.get('video.example')).toMatchObject({ moved: 1, lowerBound: 1 });
  });

  it('refuses a bad patch whole, naming the field', () => {
    const instances = [
      ...state.instances,
      { id: 'x', service: 'nope.example', locators: ['2001:db8::9'] },
    ];
    expect(() => withPlannedSlices(state, { instances })).toThrow('instances[3].service');
  });
});
