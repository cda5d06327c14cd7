/** The flow hash input (lookup.p4's FLOW_FIELDS) and the flow of a packet. */
import { toHex } from './bytes';
import { packet } from './compose';
import { crc32 } from './crc32';
import { type Flow, flowHash, flowHashInput, flowOf } from './flow-hash';
import { ether, icmpv6, ipv4, ipv6, type Layer, tcp, udp } from './layers';
import { rosaRequest, serviceId } from './rosa';

const MAC = { dst: '00:00:00:00:00:02', src: '00:00:00:00:00:01' };
const C6 = '2001:db8:c::10';
const S6 = '2001:db8:5a::1';

describe('flow hash input', () => {
  test('IPv6: src(16) ‖ dst(16) ‖ proto(1) ‖ sport(2) ‖ dport(2) = 37 bytes', () => {
    const input = flowHashInput({ src: C6, dst: S6, proto: 17, sport: 0x1234, dport: 443 });
    const parts = [
      '20010db8000c00000000000000000010',
      '20010db8005a00000000000000000001',
      '11',
      '1234',
      '01bb',
    ];
    expect(toHex(input)).toBe(parts.join(''));
    expect(input).toHaveLength(37);
  });

  test('IPv4: src(4) ‖ dst(4) ‖ proto(1) ‖ sport(2) ‖ dport(2) = 13 bytes', () => {
    const input = flowHashInput({ src: '10.0.0.1', dst: '10.0.0.2', proto: 6, sport: 1, dport: 2 });
    expect(toHex(input)).toBe(['0a000001', '0a000002', '06', '0001', '0002'].join(''));
  });

  test('ports default to 0 and the hash is CRC32 of the input', () => {
    const flow = { src: C6, dst: S6, proto: 58 };
    expect(toHex(flowHashInput(flow)).slice(-10)).toBe('3a00000000');
    expect(flowHash(flow)).toBe(crc32(flowHashInput(flow)));
  });

  test('mixed families are refused', () => {
    expect(() => flowHashInput({ src: C6, dst: '10.0.0.1', proto: 6 })).toThrow(
      'different families',
    );
  });
});

describe('flowOf', () => {
  const req = rosaRequest({
    serviceId: serviceId('video.example'),
    port: 40000,
    client: C6,
    ingress: S6,
  });
  const v4 = { src: '10.0.0.1', dst: '10.0.0.2' };
  const v6 = { src: C6, dst: S6 };

  test.each<[string, Layer[], Flow]>([
    ['IPv6 UDP', [ipv6(v6), udp({ sport: 5, dport: 6 })], { ...v6, proto: 17, sport: 5, dport: 6 }],
    [
      'IPv6 + ROSA + TCP: the protocol after the options',
      [ipv6(v6), req, tcp({ sport: 7, dport: 8 })],
      { ...v6, proto: 6, sport: 7, dport: 8 },
    ],
    ['ICMPv6: no ports', [ipv6(v6), icmpv6({ type: 128, code: 0 })], { ...v6, proto: 58 }],
    [
      'IPv4 TCP',
      [ipv4(v4), tcp({ sport: 9, dport: 10 })],
      { ...v4, proto: 6, sport: 9, dport: 10 },
    ],
  ])('%s', (_, layers, flow) => {
    const found = flowOf(packet(ether(MAC), ...layers).bytes);
    if (!found) throw new Error('no flow found');
    expect(toHex(flowHashInput(found))).toBe(toHex(flowHashInput(flow)));
  });

  test('no IP header: no flow', () => {
    expect(flowOf(packet(ether(MAC)).bytes)).toBeUndefined();
  });
});
