import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ANNOUNCE_FRAME_MIN,
  announcementDestOpts,
  announcementTag,
  buildAnnouncement,
  parseAnnouncement,
} from './rosa';

interface RosaVector {
  msg: string;
  fields: Record<string, string | number>;
  dest_opts_header_hex: string;
}

const vectors = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'test', 'fixtures', 'wire-vectors.json'), 'utf8'),
) as { rosa_option: RosaVector[]; service_id: { name: string; id: string }[] };
const announce = vectors.rosa_option.find((v) => v.msg === 'ANNOUNCE') as RosaVector;
const f = announce.fields;
const v6 = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));

const fields = {
  kind: 'announce' as const,
  key: v6(f.key as string),
  serviceIdHex: vectors.service_id.find((s) => s.name === f.service)?.id as string,
  instance: v6('20010db8000100000000000000000020'), // 2001:db8:1::20
  weight: f.weight as number,
  metric: f.metric as number,
  sequence: f.seq as number,
  source: v6('20010db8000100000000000000000020'),
  destination: v6('20010db800ff00000000000000000001'),
  sourceMac: v6('020000000a01'),
  destinationMac: v6('020000000103'),
};

describe('ROSA ANNOUNCE codec (wire §1)', () => {
  it('builds the Destination Options header of the reference vector, tag included', () => {
    expect(Buffer.from(announcementDestOpts(fields)).toString('hex')).toBe(
      announce.dest_opts_header_hex,
    );
  });

  it('parses what it builds, and the tag is HMAC-SHA256 over option bytes 0..35', () => {
    const frame = buildAnnouncement(fields);
    expect(frame.length).toBe(ANNOUNCE_FRAME_MIN);
    const r = parseAnnouncement(frame);
    if (!r.ok) throw new Error(r.detail);
    expect(r.message).toMatchObject({
      kind: 'announce',
      weight: 3,
      metric: 17,
      sequence: 42,
      serviceIdHex: '83038c4456808a2d',
    });
    expect(Buffer.from(r.message.tag)).toEqual(
      Buffer.from(announcementTag(fields.key, r.message.signed)),
    );
    expect(Buffer.from(r.message.tag).toString('hex')).toBe(
      announce.dest_opts_header_hex.slice(-32),
    );
  });

  it('parses WITHDRAW, and accepts Ethernet padding after the IPv6 payload', () => {
    const frame = buildAnnouncement({ ...fields, kind: 'withdraw' });
    const padded = new Uint8Array(frame.length + 10);
    padded.set(frame);
    const r = parseAnnouncement(padded);
    expect(r.ok && r.message.kind).toBe('withdraw');
  });

  it.each([
    ['EtherType', 12, 0x08, /EtherType/],
    ['IP version', 14, 0x40, /IP version/],
    ['next header', 20, 17, /next header/],
    ['payload length', 19, 8, /payload length/],
    ['Hdr Ext Len', 55, 5, /Hdr Ext Len/],
    ['option type', 56, 0x1f, /option type/],
    ['option length', 57, 44, /option length/],
    ['msg_type', 58, 2, /msg_type/],
    ['flags', 59, 1, /flags/],
  ])('refuses a wrong %s naming it', (_what, offset, value, detail) => {
    const frame = buildAnnouncement(fields);
    frame[offset] = value;
    const r = parseAnnouncement(frame);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.detail).toMatch(detail);
  });

  it('refuses every truncation, and a payload length running past the frame', () => {
    const frame = buildAnnouncement(fields);
    for (let n = 0; n < frame.length; n++) {
      expect(parseAnnouncement(frame.subarray(0, n)).ok).toBe(false);
    }
    const long = frame.slice();
    long[19] = 57;
    expect(parseAnnouncement(long)).toEqual({ ok: false, detail: expect.stringMatching(/past/) });
  });

  it('refuses to build out-of-range fields, naming them', () => {
    expect(() => buildAnnouncement({ ...fields, weight: 70000 })).toThrow(/weight/);
    expect(() => buildAnnouncement({ ...fields, sequence: -1 })).toThrow(/sequence/);
    expect(() => buildAnnouncement({ ...fields, instance: new Uint8Array(4) })).toThrow(/instance/);
    expect(() => buildAnnouncement({ ...fields, serviceIdHex: 'xyz' })).toThrow(/serviceIdHex/);
  });
});
