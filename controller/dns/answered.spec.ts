import * as dnsPacket from 'dns-packet';
import { answeredOf, qtypeOf, rcodeOf } from './answered';

const query = (type: dnsPacket.RecordType, name = 'video.example') =>
  dnsPacket.encode({ type: 'query', id: 1, questions: [{ type, name, class: 'IN' }] });

describe('answeredOf: the query type and answer rcode from the wire headers', () => {
  it('names the query type, known or not', () => {
    expect(qtypeOf(query('APL'))).toBe(42);
    expect(answeredOf(query('TXT'), undefined)).toEqual({ qtype: 'TXT', rcode: 'NONE' });
    expect(answeredOf(query('MX'), undefined).qtype).toBe('TYPE15');
  });

  it('reads the rcode of the answer', () => {
    // The query turned into an answer: QR and AA set, RCODE 3 (RFC 1035 §4.1.1).
    const nx = Buffer.from(query('AAAA', 'x.example'));
    nx[2] |= 0x84;
    nx[3] = (nx[3] & 0xf0) | 3;
    expect(rcodeOf(nx)).toBe(3);
    expect(answeredOf(query('AAAA'), nx)).toEqual({ qtype: 'AAAA', rcode: 'NXDOMAIN' });
  });

  it('says NONE for a cut or empty query instead of throwing', () => {
    const q = query('APL');
    expect(qtypeOf(q.subarray(0, q.length - 3))).toBeUndefined();
    expect(qtypeOf(Buffer.alloc(12))).toBeUndefined();
    expect(answeredOf(Buffer.alloc(3), Buffer.alloc(2))).toEqual({ qtype: 'NONE', rcode: 'NONE' });
  });
});
