import { EXAMPLE } from '../../test/fixtures/domain-example';
import { DomainState, type Instance, type Switch } from '../domain';
import { INSTANCE_NEXT_HOP_BASE, nextHopTo, nextHopsOf } from './next-hops';

describe('next hops', () => {
  const state = DomainState.create(EXAMPLE);
  const s1 = state.switch('s1') as Switch;

  it('gives each link the id port + 1, with the port MAC and the peer MAC', () => {
    expect(nextHopsOf(state, s1)).toEqual([
      { id: 3, port: 2, smac: '02:00:00:00:01:02', dmac: '02:00:00:00:02:02' },
      { id: 4, port: 3, smac: '02:00:00:00:01:03', dmac: '02:00:00:00:0a:01' },
      { id: 5, port: 4, smac: '02:00:00:00:01:04', dmac: '02:00:00:00:0a:02' },
    ]);
  });

  it('adds one per instance whose MAC is not its link peer, from 1024 in (port, MAC) order', () => {
    const instances = state.instances.map((x) =>
      x.id === 'video-b'
        ? x.with({ attachments: [{ switch: 's1', port: 3, mac: '02:00:00:00:0a:99' }] })
        : x,
    );
    const s = state.with({ instances });
    const hops = nextHopsOf(s, s1);
    expect(hops[3]).toEqual({
      id: INSTANCE_NEXT_HOP_BASE,
      port: 3,
      smac: '02:00:00:00:01:03',
      dmac: '02:00:00:00:0a:99',
    });
    expect(nextHopTo(s, s1, s.instance('video-b') as Instance, hops)).toBe(INSTANCE_NEXT_HOP_BASE);
  });

  it('reaches other instances by the longest route covering a locator, else not at all', () => {
    const hops = nextHopsOf(state, s1);
    expect(nextHopTo(state, s1, state.instance('store-1') as Instance, hops)).toBe(3);
    const far = (state.instance('store-1') as Instance).with({ locators: ['2001:db8:99::1'] });
    expect(nextHopTo(state, s1, far, hops)).toBeUndefined();
  });
});
