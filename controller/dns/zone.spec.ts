/** buildZone (wire §3): the records of each service, and bad input refused by field. */
import { decodeApl, formatAplItem } from '../../client/apl';
import { DEMO_SERVICES, DEMO_SETTINGS } from './demo-zone';
import { buildZone, sameZone } from './zone';

describe('buildZone (wire §3)', () => {
  const zone = buildZone(DEMO_SETTINGS, DEMO_SERVICES);
  it('publishes APL, _ssa TXT and AAAA per service, NS and glue at the apex', () => {
    const at = (name: string) => zone.records.filter((r) => r.name === name).map((r) => r.type);
    expect(at('svc.example')).toEqual(['NS']);
    expect(at('ns1.svc.example')).toEqual(['A', 'AAAA']);
    expect(at('video.svc.example')).toEqual(['APL', 'AAAA', 'AAAA']);
    expect(at('_ssa.video.svc.example')).toEqual(['TXT']);
    expect(at('hop.svc.example')).toEqual(['APL']);
    const apl = zone.records.find((r) => r.type === 'APL' && r.name === 'video.svc.example')!;
    expect(apl.rdata.toString('hex')).toBe('0002400620010db80005' + '00011803c00002');
    expect(decodeApl(apl.rdata).map(formatAplItem)).toEqual([
      '2:2001:db8:5::/64',
      '1:192.0.2.0/24',
    ]);
  });

  it('is a pure function: the same input gives the same zone; a change is seen', () => {
    expect(sameZone(zone, buildZone(DEMO_SETTINGS, [...DEMO_SERVICES].reverse()))).toBe(true);
    const moved = DEMO_SERVICES.map((s, i) =>
      i === 0 ? { ...s, legacyAddresses: ['2001:db8:5:0:fffc::9'] } : s,
    );
    expect(sameZone(zone, buildZone(DEMO_SETTINGS, moved))).toBe(false);
  });

  it.each([
    [
      { name: 'video.other.example' },
      /services\[0\]\.name: 'video.other.example' is not below the zone/,
    ],
    [{ name: 'bad..name.svc.example' }, /services\[0\]\.name/],
    [
      { ranges: [{ prefix: '2001:db8:5::1', length: 64, family: 6 }] },
      /services\[0\]\.ranges\[0\].*bits set below \/64/,
    ],
    [
      { ranges: [{ prefix: '2001:db8:5::', length: 64, family: 4 }] },
      /ranges\[0\]\.family: 4, but '2001:db8:5::' is IPv6/,
    ],
    [
      { ranges: [{ prefix: '2001:db8:5::', length: 64, family: 6, negate: true }] },
      /at least one range/,
    ],
    [{ rule: { kind: 'source-bound-hash', sliceBits: 14 } }, /services\[0\]\.rule\.key/],
    [
      { rule: { kind: 'source-bound-hash', sliceBits: 14, key: 'xyz' } },
      /rule\.key: 'xyz' is not 8 hex digits/,
    ],
    [{ legacyAddresses: ['nope'] }, /legacyAddresses\[0\]: 'nope'/],
  ])('refuses %j naming the field', (change, why) => {
    expect(() => buildZone(DEMO_SETTINGS, [{ ...DEMO_SERVICES[0], ...change } as never])).toThrow(
      why,
    );
  });

  it('refuses a service published twice', () => {
    expect(() => buildZone(DEMO_SETTINGS, [DEMO_SERVICES[0], DEMO_SERVICES[0]])).toThrow(
      /published twice/,
    );
  });
});
