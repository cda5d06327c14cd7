import { EXAMPLE } from '../../test/fixtures/domain-example';
import { DomainError } from './errors';
import { Instance } from './instance';
import { NO_HOLDER, SliceMap } from './slice-map';
import { DomainState, type DomainStateInput } from './state';

function refusal(input: DomainStateInput): DomainError {
  try {
    DomainState.create(input);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

/** EXAMPLE with item `i` of list `key` replaced by `change(item)`. */
function edit(
  key: keyof DomainStateInput,
  i: number,
  change: (v: Record<string, unknown>) => unknown,
): DomainStateInput {
  const items = [...(EXAMPLE[key] as Record<string, unknown>[])];
  items[i] = change(items[i]) as Record<string, unknown>;
  return { ...EXAMPLE, [key]: items };
}

describe('DomainState', () => {
  const state = DomainState.create(EXAMPLE);

  it('looks values up by name, id and service', () => {
    expect(state.service('Video.Example.')?.index).toBe(1);
    expect(state.serviceById('83038C4456808A2D')?.name).toBe('video.example');
    expect(state.instancesOf('Video.Example.').map((x) => x.id)).toEqual(['video-a', 'video-b']);
    expect(state.instance('store-1')?.service).toBe('storage.svc.example');
    expect(state.switch('s2')?.target).toBe('bmv2');
    expect(state.topology.routesOf('s1').length).toBe(1);
    expect(state.mslb('web')?.mode).toBe('encapsulation');
    expect(state.sliceMap('video.example')?.holderOf(3)).toBe('video-b');
    expect(state.sliceMap('storage.svc.example')).toBeUndefined();
  });

  it('makes the next version with `with`, validated again', () => {
    const drained = (state.instance('video-a') as Instance).with({ state: 'draining' });
    const next = state.with({
      instances: state.instances.map((x) => (x.id === 'video-a' ? drained : x)),
    });
    expect(next.version).toBe(2);
    expect(next.instance('video-a')?.state).toBe('draining');
    expect(state.instance('video-a')?.state).toBe('active');
    expect(() => state.with({ services: [] })).toThrow(DomainError);
  });

  it.each<[string, DomainStateInput, string, string]>([
    [
      'a repeated service name',
      { ...EXAMPLE, services: [...(EXAMPLE.services ?? []), { name: 'VIDEO.example', index: 9 }] },
      'services[2].name',
      'a name different from services[0]',
    ],
    [
      'a repeated service index',
      edit('services', 1, (s) => ({ ...s, index: 1 })),
      'services[1].index',
      'an index',
    ],
    [
      'ranges of two services overlapping',
      edit('services', 1, (s) => ({ ...s, ranges: ['2001:db8:5:0:8000::/65'] })),
      'services[1].ranges[0]',
      "apart from services[0].ranges[0] '2001:db8:5::/64'",
    ],
    [
      'an instance of an unknown service',
      edit('instances', 2, (x) => ({ ...x, service: 'nope.example' })),
      'instances[2].service',
      'the name of a service',
    ],
    [
      'an instance on an unknown switch',
      edit('instances', 0, (x) => ({
        ...x,
        attachments: [{ switch: 's9', port: 1, mac: '02:00:00:00:00:01' }],
      })),
      'instances[0].attachments[0].switch',
      'a switch',
    ],
    [
      'an instance on a missing port',
      edit('instances', 0, (x) => ({
        ...x,
        attachments: [{ switch: 's1', port: 9, mac: '02:00:00:00:00:01' }],
      })),
      'instances[0].attachments[0].port',
      "a port of switch 's1'",
    ],
    [
      'a locator of two instances',
      edit('instances', 1, (x) => ({ ...x, locators: ['2001:db8:a::2'] })),
      'instances[1].locators[0]',
      "already a locator of instance 'video-b'",
    ],
    [
      'a repeated instance id',
      edit('instances', 1, (x) => ({ ...x, id: 'video-b' })),
      'instances[1].id',
      'an id',
    ],
    [
      'a link to an unknown switch',
      edit('switches', 1, (s) => ({
        ...s,
        links: [
          { port: 2, peer: { kind: 'switch', name: 's3', port: 2 }, peerMac: '02:00:00:00:01:02' },
        ],
      })),
      'switches[1].links[0].peer.name',
      'a switch',
    ],
    [
      'a route on a port without a link',
      edit('routes', 0, (r) => ({ ...r, port: 3 + 100 })),
      'routes[0].port',
      'with a link',
    ],
    [
      'an MSLB front on a switch without the role',
      edit('mslbs', 0, (m) => ({ ...m, frontends: ['s1'] })),
      'mslbs[0].frontends[0]',
      "the 'mslb-f' role",
    ],
    [
      "a slice map naming another service's instance",
      edit('sliceMaps', 0, (m) => ({ ...m, holders: ['store-1', 'video-b'] })),
      'sliceMaps[0].holders[0]',
      "an instance of service 'video.example'",
    ],
    [
      'a slice map of other slice bits',
      edit('sliceMaps', 0, (m) => ({ ...m, sliceBits: 1, runs: [0, 2] })),
      'sliceMaps[0].sliceBits',
      'the slice bits of service',
    ],
    [
      'a slice map of an unknown service',
      edit('sliceMaps', 0, (m) => ({ ...m, service: 'nope.example' })),
      'sliceMaps[0].service',
      'the name of a service',
    ],
  ])('refuses %s', (_what, input, field, expected) => {
    const e = refusal(input);
    expect(e.field).toBe(field);
    expect(e.expected).toContain(expected);
  });
});

describe('SliceMap', () => {
  it('stores ordinals into sorted holders and round-trips through encode', () => {
    const m = SliceMap.fromIds('video.example', 2, ['b', 'a', 'a', undefined]);
    expect(m.holders).toEqual(['a', 'b']);
    expect(Array.from(m.ordinals())).toEqual([1, 0, 0, NO_HOLDER]);
    expect(m.encode().runs).toEqual([1, 1, 0, 2, NO_HOLDER, 1]);
    expect(SliceMap.decode(m.encode()).equals(m)).toBe(true);
    expect(m.counts()).toEqual(
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    );
  });

  it('never hands out its slots', () => {
    const m = SliceMap.fromIds('video.example', 1, ['a', 'b']);
    m.ordinals()[0] = 1;
    expect(m.holderOf(0)).toBe('a');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['runs that do not cover the map', { runs: [0, 3] }, 'sliceMap.runs'],
    ['runs past the map', { runs: [0, 5] }, 'sliceMap.runs'],
    ['an ordinal past the holders', { runs: [2, 4] }, 'sliceMap.slots[0]'],
    ['unsorted holders', { holders: ['b', 'a'] }, 'sliceMap.holders[1]'],
  ])('refuses %s', (_what, change, field) => {
    const input = {
      service: 'video.example',
      sliceBits: 2,
      holders: ['a', 'b'],
      runs: [0, 4],
      ...change,
    };
    let err: unknown;
    try {
      SliceMap.decode(input);
    } catch (e) {
      err = e;
    }
    expect((err as DomainError).field).toBe(field);
  });
});
