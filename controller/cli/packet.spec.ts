import { decodeHeaders } from '../../softswitch/pipelines/fabric/decode';
import { UsageError } from './inputs';
import { renderTable } from './output';
import { buildPacket } from './packet';

/** One's-complement sum over the pseudo-header and L4 bytes: 0xffff when the checksum holds. */
function l4Sum(frame: Uint8Array, v6: boolean): number {
  const ipAt = 14;
  const l4At = ipAt + (v6 ? 40 : 20);
  const src = v6 ? frame.subarray(ipAt + 8, ipAt + 24) : frame.subarray(ipAt + 12, ipAt + 16);
  const dst = v6 ? frame.subarray(ipAt + 24, ipAt + 40) : frame.subarray(ipAt + 16, ipAt + 20);
  const proto = v6 ? frame[ipAt + 6] : frame[ipAt + 9];
  const l4 = frame.subarray(l4At);
  let s = proto + l4.length;
  for (const part of [src, dst, l4])
    for (let i = 0; i < part.length; i += 2) s += (part[i] << 8) | (part[i + 1] ?? 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

const base = {
  proto: 'udp' as const,
  sport: 40000,
  dport: 53,
  srcMac: '02:00:00:00:00:aa',
  dstMac: '02:00:00:00:00:bb',
  payload: 5,
  hopLimit: 64,
};

describe('probe packets', () => {
  it('builds IPv6/UDP and IPv4/TCP frames with valid checksums, decoded back', () => {
    const v6 = buildPacket({ ...base, src: '2001:db8::1', dst: '2001:db8::2' });
    expect(l4Sum(v6, true)).toBe(0xffff);
    const d6 = decodeHeaders(v6);
    expect(d6.headers.map((h) => h.name)).toEqual(['ethernet', 'ipv6', 'udp']);
    expect(d6.headers[1].fields).toMatchObject({
      src: '2001:db8::1',
      dst: '2001:db8::2',
      hop_limit: '64',
    });
    expect(d6.payload).toBe(5);

    const v4 = buildPacket({ ...base, proto: 'tcp', src: '10.0.0.1', dst: '10.0.0.2' });
    expect(l4Sum(v4, false)).toBe(0xffff);
    let ip = 0;
    for (let i = 14; i < 34; i += 2) ip += (v4[i] << 8) | v4[i + 1];
    while (ip > 0xffff) ip = (ip & 0xffff) + (ip >>> 16);
    expect(ip).toBe(0xffff); // the IPv4 header checksum holds
    expect(decodeHeaders(v4).headers.map((h) => h.name)).toEqual(['ethernet', 'ipv4', 'tcp']);
  });

  it('refuses mixed address families', () => {
    expect(() => buildPacket({ ...base, src: '2001:db8::1', dst: '10.0.0.1' })).toThrow(UsageError);
  });

  it('decodes a tunnel: outer IPv6, inner IPv6, UDP', () => {
    const inner = buildPacket({ ...base, src: '2001:db8::1', dst: '2001:db8::2' }).subarray(14);
    const frame = new Uint8Array(14 + 40 + inner.length);
    frame.set(buildPacket({ ...base, src: '2001:db8:f::1', dst: '2001:db8:f::2' }).subarray(0, 54));
    frame[20] = 41; // next header: IPv6
    frame.set(inner, 54);
    const names = decodeHeaders(frame).headers.map((h) => h.name);
    expect(names).toEqual(['ethernet', 'ipv6', 'inner_ipv6', 'udp']);
  });
});

describe('tables', () => {
  it('aligns columns under upper-case headers, lists and blanks readable', () => {
    expect(
      renderTable(
        ['name', 'ranges', 'n'],
        [
          ['a', ['x', 'y'], 1],
          ['long-name', [], undefined],
        ],
      ),
    ).toBe(['NAME       RANGES  N', 'a          x,y     1', 'long-name  -       -'].join('\n'));
  });
});
