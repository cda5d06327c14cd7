/**
 * Every wire-contract computation against the reference values of an independent
 * implementation (test/fixtures/wire-vectors.json, a copy of the design's vectors.json).
 */
import vectors from '../../fixtures/wire-vectors.json';
import { formatIpv6 } from './address';
import { fromHex, toHex, utf8 } from './bytes';
import { packet } from './compose';
import { crc32 } from './crc32';
import { ipv6, udp } from './layers';
import { announceAuthTag, rosaAnnounce, rosaRequest, rosaResponse, serviceId } from './rosa';
import {
  conformingDst,
  conforms,
  contentAddress,
  identityAddress,
  sliceIndex,
  sourceBoundHashInput,
  sourceBoundHashSlice,
  timeHopInput,
  timeHopSlice,
} from './ssa';

const RANGE_5 = '2001:db8:5::/64';

describe('CRC-32/ISO-HDLC (wire §2)', () => {
  test('check value of "123456789"', () => {
    expect(crc32(utf8(vectors.crc32.input_ascii))).toBe(Number(vectors.crc32.value));
  });

  test('empty input is 0', () => {
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe('service_id (wire §1)', () => {
  test.each(vectors.service_id)('$name -> $id', ({ name, id }) => {
    expect(toHex(serviceId(name))).toBe(id);
  });
});

describe('slice index (wire §2)', () => {
  test.each(vectors.slice_index)(
    '$address in $range, $slice_bits bits -> $slice',
    ({ range, slice_bits, address, slice }) => {
      expect(sliceIndex(address, range, slice_bits)).toBe(slice);
    },
  );
});

describe('source-bound-hash (wire §2)', () => {
  test.each(vectors.source_bound_hash)(
    'src $src key $key, $slice_bits bits -> slice $slice',
    (v) => {
      expect(toHex(sourceBoundHashInput(v.src, v.key))).toBe(v.crc_input_hex);
      expect(sourceBoundHashSlice(v.src, v.key, v.slice_bits)).toBe(v.slice);
      const service = {
        range: RANGE_5,
        sliceBits: v.slice_bits,
        rule: { kind: 'source-bound-hash', key: v.key },
      } as const;
      const dst = conformingDst(service, v.src, { host: 0x1234n });
      expect(formatIpv6(dst)).toBe(v['conforming_dst_in_2001:db8:5::/64']);
      expect(conforms(service, v.src, dst)).toBe(true);
    },
  );
});

describe('time-hop (wire §2)', () => {
  test.each(vectors.time_hop)('src $src epoch $epoch -> slice $slice', (v) => {
    expect(toHex(timeHopInput(v.src, v.key, v.epoch))).toBe(v.crc_input_hex);
    expect(timeHopSlice(v.src, v.key, v.epoch, v.slice_bits)).toBe(v.slice);
  });
});

describe('source-bound-identity (wire §2)', () => {
  test.each(vectors.source_bound_identity)('src $src -> $conforming_dst', (v) => {
    expect(formatIpv6(identityAddress(v.range, v.src))).toBe(v.conforming_dst);
  });
});

describe('content addresses (wire §2)', () => {
  test.each(vectors.content)('$object -> $address', (v) => {
    expect(formatIpv6(contentAddress(v.range, v.object))).toBe(v.address);
    expect(sliceIndex(v.address, v.range, 14)).toBe(v.slice_at_14_bits);
    expect(
      v.replicas_1_2.map((_, i) => formatIpv6(contentAddress(v.range, v.object, i + 1))),
    ).toEqual(v.replicas_1_2);
  });
});

/** The ROSA vectors' fields, all of them; each vector has those of its message type. */
interface RosaFields {
  service: string;
  client: string;
  ingress: string;
  port: number;
  instance: string;
  weight: number;
  metric: number;
  seq: number;
  key: string;
  next_header: number;
}

/** The ROSA vector of a message type, with a getter that refuses fields the vector lacks. */
function rosaVector(msg: string) {
  const v = vectors.rosa_option.find((x) => x.msg === msg);
  if (!v) throw new Error(`wire-vectors.json has no ROSA ${msg} vector`);
  const fields: Partial<RosaFields> = v.fields;
  const get = <K extends keyof RosaFields>(k: K): RosaFields[K] => {
    const value = fields[k];
    if (value === undefined) throw new Error(`ROSA ${msg} vector has no ${k}`);
    return value as RosaFields[K];
  };
  return { hex: v.dest_opts_header_hex, get };
}

describe('ROSA option, Destination Options header bytes (wire §1)', () => {
  const request = rosaVector('REQUEST');
  const response = rosaVector('RESPONSE');
  const announce = rosaVector('ANNOUNCE');
  const requestFields = (v: typeof request) => ({
    serviceId: serviceId(v.get('service')),
    port: v.get('port'),
    client: v.get('client'),
    ingress: v.get('ingress'),
  });
  const announceFields = {
    serviceId: serviceId(announce.get('service')),
    instance: announce.get('instance'),
    weight: announce.get('weight'),
    metric: announce.get('metric'),
    seq: announce.get('seq'),
  };

  // The REQUEST/RESPONSE vectors are followed by UDP (next header 17); ANNOUNCE carries 59.
  const cases = [
    {
      msg: 'REQUEST',
      hex: request.hex,
      layer: rosaRequest({ ...requestFields(request), nextHeader: 17 }),
    },
    {
      msg: 'RESPONSE',
      hex: response.hex,
      layer: rosaResponse({
        ...requestFields(response),
        instance: response.get('instance'),
        nextHeader: 17,
      }),
    },
    {
      msg: 'ANNOUNCE',
      hex: announce.hex,
      layer: rosaAnnounce({
        ...announceFields,
        key: announce.get('key'),
        nextHeader: announce.get('next_header'),
      }),
    },
  ];

  test.each(cases)('$msg', ({ hex, layer }) => {
    expect(toHex(packet(layer).bytes)).toBe(hex);
  });

  test('ANNOUNCE auth tag is HMAC-SHA256 over option data 0..35, first 16 bytes', () => {
    const data = fromHex(announce.hex).subarray(4);
    expect(toHex(announceAuthTag(announce.get('key'), data))).toBe(toHex(data.subarray(36, 52)));
  });

  test('ANNOUNCE with the tag given instead of the key gives the same bytes', () => {
    const tag = fromHex(announce.hex).subarray(40, 56);
    expect(toHex(packet(rosaAnnounce({ ...announceFields, authTag: tag })).bytes)).toBe(
      announce.hex,
    );
  });

  test('ANNOUNCE with another key gives another tag', () => {
    const layer = rosaAnnounce({ ...announceFields, key: 'ff'.repeat(16) });
    const bytes = packet(layer).bytes;
    expect(toHex(bytes.subarray(0, 40))).toBe(announce.hex.slice(0, 80));
    expect(toHex(bytes.subarray(40))).not.toBe(announce.hex.slice(80));
  });

  test('REQUEST followed by UDP: the next header is filled in (17)', () => {
    const p = packet(
      ipv6({ src: request.get('client'), dst: request.get('ingress') }),
      rosaRequest(requestFields(request)),
      udp({ sport: request.get('port'), dport: 443 }),
    );
    expect(toHex(p.bytes.subarray(40, 88))).toBe(request.hex);
  });
});
