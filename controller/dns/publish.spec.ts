import { DomainState } from '../domain/state';
import { EXAMPLE } from '../../test/fixtures/domain-example';
import { legacyAddresses, listOf, publishedServices, zoneSettingsOf } from './publish';
import { buildZone } from './zone';

const state = DomainState.create({ ...EXAMPLE, sliceMaps: [] });
const six = (text: string, length: number) => ({
  family: 6 as const,
  value: BigInt(`0x${text}`),
  length,
});

describe('publishedServices (wire §3)', () => {
  it('publishes the services inside the zone with their ranges, rule and legacy addresses', () => {
    const { services, outside } = publishedServices(state, { zone: 'example', legacyAddresses: 2 });
    expect(outside).toEqual([]);
    const video = services.find((s) => s.name === 'video.example');
    expect(video).toEqual({
      name: 'video.example',
      ranges: [
        { prefix: '2001:db8:5::', length: 64, family: 6 },
        { prefix: '192.0.2.0', length: 24, family: 4 },
      ],
      rule: { kind: 'source-bound-hash', sliceBits: 2, key: 0x0a1b2c3d },
      legacyAddresses: ['2001:db8:5:0:c000::1', '2001:db8:5:0:c000::2'],
    });
    expect(services.find((s) => s.name === 'storage.svc.example')?.rule).toEqual({
      kind: 'content',
      sliceBits: 1,
    });
  });

  it('leaves out services outside the zone and names them', () => {
    const { services, outside } = publishedServices(state, {
      zone: 'svc.example',
      legacyAddresses: 1,
    });
    expect(services.map((s) => s.name)).toEqual(['storage.svc.example']);
    expect(outside).toEqual(['video.example']);
  });

  it('builds a zone the DNS server accepts', () => {
    const settings = zoneSettingsOf({
      zone: 'example',
      ttl: 60,
      host: '127.0.0.1',
      nameServers: '',
      secondaries: '127.0.0.1:5300, [::1]:53',
      allowTransfer: '',
    });
    expect(settings.secondaries).toEqual([
      { address: '127.0.0.1', port: 5300 },
      { address: '::1', port: 53 },
    ]);
    expect(settings.nameServers).toEqual([{ name: 'ns1.example', addresses: ['127.0.0.1'] }]);
    const zone = buildZone(
      settings,
      publishedServices(state, { zone: 'example', legacyAddresses: 2 }).services,
    );
    const types = zone.records.filter((r) => r.name === 'video.example').map((r) => r.type);
    expect(types.sort()).toEqual(['AAAA', 'AAAA', 'APL']);
  });
});

describe('legacyAddresses', () => {
  it.each([
    [six('20010db8000500000000000000000007', 128), 2, ['2001:db8:5::7']],
    [
      six('20010db8000500000000000000000000', 126),
      5,
      ['2001:db8:5::1', '2001:db8:5::2', '2001:db8:5::3'],
    ],
    [six('20010db8000500000000000000000000', 64), 2, ['2001:db8:5::1', '2001:db8:5::2']],
    [{ family: 4 as const, value: 0xc0000200n, length: 31 }, 3, ['192.0.2.1']],
  ])('%o, %i addresses', (p, n, want) => {
    expect(legacyAddresses(p, n)).toEqual(want);
  });
});

describe('listOf', () => {
  it('splits on commas and drops empty items', () => {
    expect(listOf(' a, b ,,c ')).toEqual(['a', 'b', 'c']);
    expect(listOf('')).toEqual([]);
  });
});
