import { p4, fromUint128, toBigInt, type Int64 } from '../proto';
import { assembleWriteRequest, encodeUpdateBytes, writeRequestHeader } from './write-request';

describe('assembleWriteRequest', () => {
  it('decodes to the same WriteRequest as encoding it whole', () => {
    const updates: p4.v1.IUpdate[] = Array.from({ length: 300 }, (_, i) => ({
      type: p4.v1.Update.Type.INSERT,
      entity: {
        table_entry: {
          table_id: 33554433,
          // Lengths around the one-byte varint limit (127/128) exercise the length prefix.
          match: [{ field_id: 1, exact: { value: new Uint8Array(i % 200).fill(7) } }],
        },
      },
    }));
    const header = writeRequestHeader(7n, (1n << 100n) + 5n, 'ctl', 1);
    const bytes = assembleWriteRequest(header, updates.map(encodeUpdateBytes));
    const req = p4.v1.WriteRequest.decode(bytes);
    expect(toBigInt(req.device_id as Int64)).toBe(7n);
    expect(fromUint128(req.election_id)).toBe((1n << 100n) + 5n);
    expect(req.role).toBe('ctl');
    expect(req.atomicity).toBe(1);
    expect(req.updates).toHaveLength(300);
    expect(p4.v1.WriteRequest.encode({ updates: req.updates }).finish()).toEqual(
      p4.v1.WriteRequest.encode({ updates }).finish(),
    );
  });
});
