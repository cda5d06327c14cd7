import { p4, fromUint128, toBigInt, type Int64 } from '../proto';
import { RequestPool } from './request-pool';
import {
  WriteRequestWriter,
  WriterPool,
  encodeUpdateBytes,
  writeRequestHeader,
} from './write-request';

/** An update whose exact value has `n` bytes (lengths around 127/128 exercise the prefixes). */
const update = (n: number): p4.v1.IUpdate => ({
  type: p4.v1.Update.Type.INSERT,
  entity: {
    table_entry: {
      table_id: 33554433,
      match: [{ field_id: 1, exact: { value: new Uint8Array(n).fill(7) } }],
    },
  },
});

describe('WriteRequestWriter', () => {
  it('decodes to the same WriteRequest as encoding it whole', () => {
    const updates = Array.from({ length: 300 }, (_, i) => update(i % 200));
    const req = new WriteRequestWriter();
    req.begin(7n, (1n << 100n) + 5n, 'ctl', 1);
    for (const u of updates) req.add(u);
    expect(req.count).toBe(300);
    const decoded = p4.v1.WriteRequest.decode(req.finish());
    expect(toBigInt(decoded.device_id as Int64)).toBe(7n);
    expect(fromUint128(decoded.election_id)).toBe((1n << 100n) + 5n);
    expect(decoded.role).toBe('ctl');
    expect(decoded.atomicity).toBe(1);
    expect(decoded.updates).toHaveLength(300);
    expect(p4.v1.WriteRequest.encode({ updates: decoded.updates }).finish()).toEqual(
      p4.v1.WriteRequest.encode({ updates }).finish(),
    );
  });

  it('is the header followed by each update as field 4', () => {
    const req = new WriteRequestWriter();
    req.begin(1n, 2n, '', 0);
    req.add(update(3));
    req.add(update(130));
    const expected = Buffer.concat([
      writeRequestHeader(1n, 2n, '', 0),
      p4.v1.WriteRequest.encode({ updates: [update(3), update(130)] }).finish(),
    ]);
    expect(req.finish().toString('hex')).toBe(expected.toString('hex'));
  });

  it('leaves nothing of an update that throws, and keeps the others', () => {
    const bad = { entity: { table_entry: { match: [null] } } } as unknown as p4.v1.IUpdate;
    const req = new WriteRequestWriter();
    req.begin(1n, 2n, '', 0);
    req.add(update(1));
    expect(() => req.add(bad)).toThrow(TypeError);
    req.add(update(2));
    expect(req.count).toBe(2);
    const clean = new WriteRequestWriter();
    clean.begin(1n, 2n, '', 0);
    clean.add(update(1));
    clean.add(update(2));
    expect(req.finish().toString('hex')).toBe(clean.finish().toString('hex'));
  });

  it('starts afresh on begin, and its bytes outlive the next request', () => {
    const req = new WriteRequestWriter();
    req.begin(1n, 2n, '', 0);
    req.add(update(5));
    const first = req.finish();
    const copy = Buffer.from(first);
    req.begin(3n, 4n, 'other', 2);
    req.add(update(9));
    const second = p4.v1.WriteRequest.decode(req.finish());
    expect(first.toString('hex')).toBe(copy.toString('hex'));
    expect(second.updates).toHaveLength(1);
    expect(second.role).toBe('other');
  });
});

describe('WriteRequestWriter.finish into a RequestPool', () => {
  it('gives the same bytes, in memory the pool lends again once given back', () => {
    const pool = new RequestPool(2);
    const req = new WriteRequestWriter();
    req.begin(1n, 2n, '', 0);
    req.add(update(130));
    const plain = req.finish();
    const pooled = req.finish(pool);
    expect(pooled.toString('hex')).toBe(plain.toString('hex'));
    pool.give(pooled);
    req.begin(1n, 2n, '', 0);
    req.add(update(3));
    const next = req.finish(pool);
    expect(next.buffer).toBe(pooled.buffer);
    expect(p4.v1.WriteRequest.decode(next).updates).toHaveLength(1);
  });
});

describe('WriterPool', () => {
  it('lends a nested use its own writer, leaving the request being filled intact', () => {
    const pool = new WriterPool();
    const lengths = (b: Uint8Array) =>
      p4.v1.WriteRequest.decode(b).updates.map(
        (u) => u.entity?.table_entry?.match?.[0].exact?.value?.length,
      );
    const { outer, inner } = pool.use((req) => {
      req.begin(1n, 2n, '', 0);
      req.add(update(1));
      const nested = pool.use((other) => {
        other.begin(3n, 4n, '', 0);
        other.add(update(2));
        return other.finish();
      });
      req.add(update(3));
      return { outer: req.finish(), inner: nested };
    });
    expect(lengths(outer)).toEqual([1, 3]);
    expect(lengths(inner)).toEqual([2]);
  });
});

describe('encodeUpdateBytes', () => {
  it('is the Update message alone', () => {
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    expect(hex(encodeUpdateBytes(update(4)))).toBe(hex(p4.v1.Update.encode(update(4)).finish()));
  });
});

describe('WriteRequestWriter header', () => {
  it('follows a change of election id, role or atomicity between requests', () => {
    const req = new WriteRequestWriter();
    const decode = () => p4.v1.WriteRequest.decode(req.finish());
    req.begin(1n, 10n, '', 0);
    expect(fromUint128(decode().election_id)).toBe(10n);
    req.begin(1n, 11n, '', 0);
    expect(fromUint128(decode().election_id)).toBe(11n);
    req.begin(1n, 11n, 'ctl', 1);
    const r = decode();
    expect([r.role, r.atomicity]).toEqual(['ctl', 1]);
  });
});
