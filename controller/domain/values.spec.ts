import { formatAddress } from './address';
import { DomainError } from './errors';
import { Instance, checkSequence } from './instance';
import { Mslb } from './mslb';
import { Route } from './route';
import { Switch } from './switch';

/** The DomainError thrown by `f` (fails the test if none). */
function refusal(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

const instance = {
  id: 'video-1',
  service: 'Video.Example.',
  locators: ['2001:db8:a::1', '10.0.0.1'],
  weight: 10,
  metric: 5,
  announcementKey: '00112233445566778899aabbccddeeff',
  attachments: [{ switch: 's1', port: 3, mac: '02:00:00:00:0A:01' }],
};

describe('Instance', () => {
  it('keeps an identity with several locators, and its key as a copy', () => {
    const x = Instance.create(instance);
    expect(x.service).toBe('video.example');
    expect(x.locators.map(formatAddress)).toEqual(['2001:db8:a::1', '10.0.0.1']);
    expect(x.primaryV6 && formatAddress(x.primaryV6)).toBe('2001:db8:a::1');
    expect(x.attachments[0].mac).toBe('02:00:00:00:0a:01');
    expect([x.state, x.eligible, x.lastSequence]).toEqual(['active', true, 0]);
    const key = x.announcementKey() as Uint8Array;
    key[0] = 0xff;
    expect((x.announcementKey() as Uint8Array)[0]).toBe(0);
    expect(Instance.create(x.toInput())).toEqual(x);
  });

  it('changes locators under the same identity with `with`', () => {
    const x = Instance.create(instance).with({ locators: ['2001:db8:c::7'] });
    expect(x.id).toBe('video-1');
    expect(x.locators.map(formatAddress)).toEqual(['2001:db8:c::7']);
  });

  it('is not eligible for slices when draining, down or of weight 0', () => {
    const x = Instance.create(instance);
    expect(x.with({ state: 'draining' }).eligible).toBe(false);
    expect(x.with({ state: 'down' }).eligible).toBe(false);
    expect(x.with({ weight: 0 }).eligible).toBe(false);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no locators', { locators: [] }, 'locators'],
    ['a bad locator', { locators: ['2001:db8::1', 'x'] }, 'locators[1]'],
    ['a repeated locator', { locators: ['2001:db8::1', '2001:db8:0::1'] }, 'locators[1]'],
    ['a weight past 16 bits', { weight: 70000 }, 'weight'],
    ['a short key', { announcementKey: '0011' }, 'announcementKey'],
    ['an odd hex key', { announcementKey: '0'.repeat(33) }, 'announcementKey'],
    ['an unknown state', { state: 'sleeping' }, 'state'],
    [
      'a port past bit<9>',
      { attachments: [{ switch: 's1', port: 512, mac: '02:00:00:00:00:01' }] },
      'attachments[0].port',
    ],
    [
      'a bad MAC',
      { attachments: [{ switch: 's1', port: 1, mac: '02:00:00:00:00' }] },
      'attachments[0].mac',
    ],
  ])('refuses %s', (_what, change, field) => {
    expect(refusal(() => Instance.create({ ...instance, ...change }, 'instances[4]')).field).toBe(
      `instances[4].${field}`,
    );
  });

  it('accepts only advancing sequence numbers', () => {
    const x = Instance.create({ ...instance, lastSequence: 7 });
    expect(() => checkSequence(x, 8)).not.toThrow();
    expect(refusal(() => checkSequence(x, 7)).expected).toContain('above 7');
  });
});

const sw = {
  name: 's1',
  deviceId: 1,
  address: '[::1]:9559',
  target: 'stratum-tofino',
  roles: ['sar', 'router'],
  sarAddresses: ['2001:db8:ff::1'],
  tunnel: { v4: '192.0.2.1', v6: '2001:db8:f::1' },
  ports: [{ port: 1, mac: '02:00:00:00:01:01' }],
  links: [{ port: 1, peer: { kind: 'host', name: 'h1' }, peerMac: '02:00:00:00:0a:01' }],
};

describe('Switch', () => {
  it('keeps roles, own addresses, ports and links', () => {
    const s = Switch.create(sw);
    expect(s.has('sar') && !s.has('ssa')).toBe(true);
    expect(s.cpuPort).toBe(510);
    expect(s.linkOn(1)?.peerMac).toBe('02:00:00:00:0a:01');
    expect(s.tunnel.v4 && formatAddress(s.tunnel.v4)).toBe('192.0.2.1');
    expect(Switch.create(s.toInput())).toEqual(s);
    expect(s.with({ roles: ['router'], sarAddresses: [] }).has('sar')).toBe(false);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a SAR without addresses', { sarAddresses: [] }, 'sarAddresses'],
    ['an IPv4 SAR address', { sarAddresses: ['10.0.0.1'] }, 'sarAddresses[0]'],
    ['an unknown target', { target: 'asic' }, 'target'],
    ['an unknown role', { roles: ['sar', 'firewall'] }, 'roles[1]'],
    ['a repeated role', { roles: ['router', 'router'] }, 'roles[1]'],
    [
      'the CPU port as a port',
      { ports: [{ port: 510, mac: '02:00:00:00:01:01' }] },
      'ports[0].port',
    ],
    [
      'a link on a missing port',
      { links: [{ port: 9, peer: { kind: 'host', name: 'h' }, peerMac: '02:00:00:00:00:01' }] },
      'links[0].port',
    ],
    ['a bad gRPC address', { address: 'localhost' }, 'address'],
    ['an IPv6 tunnel v4 address', { tunnel: { v4: '2001:db8::1' } }, 'tunnel.v4'],
  ])('refuses %s', (_what, change, field) => {
    expect(refusal(() => Switch.create({ ...sw, ...change }, 'switches[1]')).field).toBe(
      `switches[1].${field}`,
    );
  });
});

const mslb = {
  name: 'web',
  index: 3,
  serviceAddress: '2001:db8:e::80',
  mode: 'encapsulation',
  frontends: ['f1'],
  bSet: [
    { address: '2001:db8:b::1', switch: 'b1' },
    { address: '192.0.2.10', switch: 'b2' },
  ],
  sources: [{ address: '2001:db8:c::', mask: 'ffff:ffff:ffff::', priority: 10, b: '192.0.2.10' }],
  tunnel: { v4: '192.0.2.1', v6: '2001:db8:f::1' },
  mtu: 1500,
  returnPaths: [{ switch: 'b1', src: '2001:db8:b::1', dst: '2001:db8:d::1' }],
};

describe('Mslb', () => {
  it('keeps the B set, the source table, tunnels and return paths', () => {
    const m = Mslb.create(mslb);
    expect(m.width).toBe(128);
    expect(m.bucketBits).toBe(8);
    expect(formatAddress(m.sources[0].b)).toBe('192.0.2.10');
    expect(Mslb.create(m.toInput())).toEqual(m);
    expect(m.with({ mtu: 9000 }).mtu).toBe(9000);
    expect(refusal(() => m.with({ frontends: [] }, 'mslbs[1]')).field).toBe('mslbs[1].frontends');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an empty B set', { bSet: [] }, 'bSet'],
    ['an IPv4 B in translation mode', { mode: 'translation', sources: [] }, 'bSet[1].address'],
    ['encapsulation without a v4 tunnel source', { tunnel: { v6: '2001:db8:f::1' } }, 'tunnel.v4'],
    [
      'a source B outside the B set',
      { sources: [{ ...mslb.sources[0], b: '192.0.2.99' }] },
      'sources[0].b',
    ],
    [
      'source bits outside the mask',
      { sources: [{ ...mslb.sources[0], address: '2001:db8:c::1' }] },
      'sources[0].address',
    ],
    ['a priority of 0', { sources: [{ ...mslb.sources[0], priority: 0 }] }, 'sources[0].priority'],
    ['an MTU past 16 bits', { mtu: 70000 }, 'mtu'],
    ['bucket bits past 14', { bucketBits: 15 }, 'bucketBits'],
    [
      'a mixed-family return path',
      { returnPaths: [{ switch: 'b1', src: '2001:db8::1', dst: '10.0.0.1' }] },
      'returnPaths[0].dst',
    ],
  ])('refuses %s', (_what, change, field) => {
    expect(refusal(() => Mslb.create({ ...mslb, ...change }, 'mslbs[0]')).field).toBe(
      `mslbs[0].${field}`,
    );
  });
});

describe('Route', () => {
  it('takes a prefix of either family and a port', () => {
    expect(Route.create({ switch: 's1', prefix: '10.0.0.0/8', port: 2 }).toInput()).toEqual({
      switch: 's1',
      prefix: '10.0.0.0/8',
      port: 2,
    });
    expect(
      refusal(() => Route.create({ switch: 's1', prefix: '10.0.0.1/8', port: 2 }, 'routes[1]'))
        .field,
    ).toBe('routes[1].prefix');
  });
});
