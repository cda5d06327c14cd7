import { DomainState } from '../domain';
import { EXAMPLE } from '../../test/fixtures/domain-example';
import { canonicalJson, decodeOrdinals, encodeOrdinals, toRows, toState } from './mappers';

describe('persistence mappers', () => {
  it('writes ordinals as little-endian Uint32, 4 bytes per slice', () => {
    const bytes = encodeOrdinals(Uint32Array.of(0, 1, 0x01020304, 0xffffffff));
    expect(bytes.toString('hex')).toBe('00000000' + '01000000' + '04030201' + 'ffffffff');
    expect(Array.from(decodeOrdinals(bytes, 's'))).toEqual([0, 1, 0x01020304, 0xffffffff]);
  });

  it('refuses ordinals whose length is not a multiple of 4, naming the service', () => {
    expect(() => decodeOrdinals(Buffer.from([1, 2, 3]), 'video.example')).toThrow(
      "slice_map 'video.example': 3 bytes of ordinals, not a multiple of 4",
    );
  });

  it('prints JSON with sorted keys, so equal values give equal bytes', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 0, y: 1 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":1,"z":0}]},"b":1}',
    );
  });

  it('turns a state into rows and back into an equal state', () => {
    const state = DomainState.create(EXAMPLE);
    const rows = toRows(state);
    expect(rows.instances.map((r) => r.id)).toEqual(['store-1', 'video-a', 'video-b']);
    expect(rows.routes.map((r) => r.key)).toEqual(['s1 2001:db8:b::/48', 's2 2001:db8:a::/48']);
    expect(rows.sliceMaps[0]).toMatchObject({ owners: '["video-a","video-b"]', sliceBits: 2 });
    expect(toRows(toState(state.version, rows))).toEqual(rows);
  });

  it('refuses a damaged row through the domain, naming its table and key', () => {
    const rows = toRows(DomainState.create(EXAMPLE));
    const spec = JSON.parse(rows.instances[1]!.spec) as Record<string, unknown>;
    const damaged = {
      ...rows,
      instances: rows.instances.map((r, i) =>
        i === 1 ? { ...r, spec: JSON.stringify({ ...spec, weight: -3 }) } : r,
      ),
    };
    expect(() => toState(1, damaged)).toThrow("instance 'video-a'.weight");
  });
});
