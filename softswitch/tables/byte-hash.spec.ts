import { ByteHash, RowPool } from './byte-hash';
import { hashBytes, toHex } from './key';
import { Rng } from './reference';

describe('ByteHash', () => {
  it('agrees with a Map through random inserts and deletes (backward-shift deletion)', () => {
    const rng = new Rng(42);
    const width = 3;
    const pool = new RowPool(width);
    const hash = new ByteHash(pool, width);
    const model = new Map<string, number>();
    for (let step = 0; step < 20000; step++) {
      // Small key space so probes collide and deletes shift runs.
      const key = Uint8Array.of(rng.int(4), rng.int(64), rng.int(64));
      const hex = toHex(key);
      const h = hashBytes(key, 0, width) & 0x7ff; // few distinct hashes: long runs
      const found = hash.find(h, key, 0);
      expect(found).toBe(model.get(hex) ?? -1);
      if (found >= 0 && rng.int(2) === 0) {
        expect(hash.remove(h, found)).toBe(true);
        pool.release(found);
        model.delete(hex);
      } else if (found < 0) {
        const id = pool.add(key, 0);
        hash.insert(h, id);
        model.set(hex, id);
      }
      expect(hash.size).toBe(model.size);
    }
    for (const [hex, id] of model) {
      const key = Uint8Array.from(Buffer.from(hex, 'hex'));
      expect(hash.find(hashBytes(key, 0, width) & 0x7ff, key, 0)).toBe(id);
    }
  });

  it('finds masked keys and replaces ids in place', () => {
    const pool = new RowPool(2);
    const hash = new ByteHash(pool, 2);
    const id = pool.add(Uint8Array.of(0x12, 0x00), 0);
    hash.insert(hashBytes(Uint8Array.of(0x12, 0x00), 0, 2), id);
    const key = Uint8Array.of(0x12, 0x34);
    const mask = Uint8Array.of(0xff, 0x00);
    const h = hashBytes(Uint8Array.of(0x12, 0x00), 0, 2);
    expect(hash.findMasked(h, key, 0, mask, 0)).toBe(id);
    const id2 = pool.add(Uint8Array.of(0x12, 0x00), 0);
    hash.replace(h, id, id2);
    expect(hash.find(h, Uint8Array.of(0x12, 0x00), 0)).toBe(id2);
    expect(hash.remove(h, id)).toBe(false);
  });
});
