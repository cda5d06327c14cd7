/** The publisher's pure parts: the record diff and the RFC 2136 UPDATE message. */
import { readMessage } from './reader';
import { diffRecords, updateMessage } from './publisher';
import { C, T, rdataOf } from './wire';
import type { ZoneRecord } from './zone';

const aaaa = (a: string, ttl = 60): ZoneRecord => ({
  name: 'video.svc.example',
  type: 'AAAA',
  ttl,
  rdata: rdataOf('AAAA', a),
  service: 'video.svc.example',
});

describe('diffRecords and updateMessage (RFC 2136)', () => {
  it('adds what is missing, deletes what is stale, keeps the rest', () => {
    const d = diffRecords(
      [aaaa('2001:db8::1'), aaaa('2001:db8::2')],
      [aaaa('2001:db8::2'), aaaa('2001:db8::3')],
    );
    expect(d.add).toEqual([aaaa('2001:db8::3')]);
    expect(d.remove).toEqual([aaaa('2001:db8::1')]);
    expect(diffRecords([aaaa('2001:db8::1')], [aaaa('2001:db8::1')])).toEqual({
      add: [],
      remove: [],
    });
  });

  it('treats a TTL change as a delete and an add', () => {
    expect(diffRecords([aaaa('2001:db8::1', 60)], [aaaa('2001:db8::1', 300)])).toEqual({
      add: [aaaa('2001:db8::1', 300)],
      remove: [aaaa('2001:db8::1', 60)],
    });
  });

  it('writes the zone section, deletes with class NONE and TTL 0, then adds', () => {
    const m = readMessage(
      updateMessage(9, 'svc.example', {
        add: [aaaa('2001:db8::3')],
        remove: [aaaa('2001:db8::1')],
      }),
    );
    expect([m.id, (m.flags >> 11) & 0xf]).toEqual([9, 5]);
    expect(m.questions).toEqual([{ name: 'svc.example', type: T.SOA, klass: C.IN }]);
    expect(m.answers).toEqual([]); // no prerequisites
    expect(m.authorities.map((r) => [r.name, r.type, r.klass, r.ttl])).toEqual([
      ['video.svc.example', T.AAAA, C.NONE, 0],
      ['video.svc.example', T.AAAA, C.IN, 60],
    ]);
  });
});
