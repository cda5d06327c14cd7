import { RequestPool } from './request-pool';

describe('RequestPool', () => {
  it('lends memory given back to a later request that fits in it', () => {
    const pool = new RequestPool(4);
    const a = pool.take(100);
    expect(a.length).toBe(100);
    pool.give(a);
    const b = pool.take(3000);
    expect(b.buffer).toBe(a.buffer); // blocks are at least 4 KiB
    expect(b.length).toBe(3000);
    const c = pool.take(10);
    expect(c.buffer).not.toBe(b.buffer); // b is out
  });

  it('never lends memory it did not make, nor keeps what it cannot reuse', () => {
    const pool = new RequestPool(4);
    pool.give(Buffer.allocUnsafe(10)); // a slice of Node's shared pool
    pool.give(Buffer.alloc(5000));
    const huge = pool.take(2 * 1024 * 1024);
    pool.give(huge);
    const next = pool.take(10);
    expect(next.buffer).not.toBe(huge.buffer);
    expect(next.buffer.byteLength).toBe(4096);
  });

  it('keeps at most `max` blocks, each once', () => {
    const pool = new RequestPool(2);
    const taken = [pool.take(10), pool.take(10), pool.take(10)];
    for (const b of taken) pool.give(b);
    pool.give(taken[0]);
    const again = [pool.take(10), pool.take(10), pool.take(10)].map((b) => b.buffer);
    expect(new Set(again).size).toBe(3);
    expect(again.filter((b) => taken.some((t) => t.buffer === b))).toHaveLength(2);
  });

  it('keeps the larger blocks when full, so that larger requests find room', () => {
    const pool = new RequestPool(2);
    const small = [pool.take(10), pool.take(10)];
    for (const b of small) pool.give(b);
    const large = [pool.take(70_000), pool.take(70_000)]; // no spare block fits
    for (const b of large) pool.give(b);
    const again = [pool.take(70_000), pool.take(70_000)].map((b) => b.buffer);
    expect(new Set([...again, ...large.map((b) => b.buffer)]).size).toBe(2);
  });

  it('grows blocks to the request size', () => {
    const pool = new RequestPool(2);
    const b = pool.take(70_000);
    expect(b.buffer.byteLength).toBe(131_072);
  });
});
