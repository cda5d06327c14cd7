import { BoundedQueue } from './queue';

describe('BoundedQueue', () => {
  it('hands items out in order and drops (and counts) what a full queue cannot hold', async () => {
    const q = new BoundedQueue<number>(3);
    for (let i = 0; i < 5; i++) q.push(i);
    expect(q.dropped).toBe(2);
    expect(q.length).toBe(3);
    const got: number[] = [];
    for await (const v of q) {
      got.push(v);
      if (got.length === 3) break; // leaving the loop ends the queue
    }
    expect(got).toEqual([0, 1, 2]);
    expect(q.push(9)).toBe(false);
  });

  it('wakes a waiting reader, and ends it on end()', async () => {
    let ended = false;
    const q = new BoundedQueue<string>(1, () => (ended = true));
    const first = q.next();
    q.push('a');
    expect(await first).toEqual({ value: 'a', done: false });
    const second = q.next();
    q.end();
    expect(await second).toEqual({ value: undefined, done: true });
    expect(ended).toBe(true);
  });

  it('refuses a size that is not a positive integer, naming it', () => {
    expect(() => new BoundedQueue(0)).toThrow('queueSize must be an integer >= 1, got 0');
  });
});
