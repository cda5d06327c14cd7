/**
 * A bounded queue read as an async iterator: what a device pushes (PacketIn, digest lists,
 * idle-timeout notifications) waits here for a slow reader, up to `size` items; past that new
 * items are dropped and counted, so a burst cannot grow the process without bound.
 *
 *   const q = new BoundedQueue<PacketIn>(100);
 *   emitter.on('x', (v) => q.push(v));
 *   for await (const v of q) ...;   // q.dropped: items lost to a full queue
 */

/** A FIFO of at most `size` items with one async reader; full means drop the newest. */
export class BoundedQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private head = 0;
  private waiter: ((r: IteratorResult<T>) => void) | undefined;
  private ended = false;
  /** Items dropped because the queue was full. */
  dropped = 0;

  constructor(
    readonly size: number,
    private readonly onEnd: () => void = () => {},
  ) {
    if (!(Number.isInteger(size) && size >= 1))
      throw new RangeError(`queueSize must be an integer >= 1, got ${size}`);
  }

  /** Items waiting to be read. */
  get length(): number {
    return this.items.length - this.head;
  }

  /** Offer an item; false if the queue was full (the item is dropped and counted) or ended. */
  push(item: T): boolean {
    if (this.ended) return false;
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w({ value: item, done: false });
      return true;
    }
    if (this.length >= this.size) {
      this.dropped++;
      return false;
    }
    this.items.push(item);
    return true;
  }

  /** The next item, waiting for one if none is queued; done once the queue has ended. */
  next(): Promise<IteratorResult<T>> {
    if (this.length > 0) {
      const value = this.items[this.head];
      this.items[this.head++] = undefined as T;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items.splice(0, this.head);
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    if (this.waiter) throw new Error('a BoundedQueue has one reader at a time');
    return new Promise((resolve) => (this.waiter = resolve));
  }

  /** Stop: no more items are taken; the reader sees the end (items queued are dropped). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.items.length = 0;
    this.head = 0;
    this.onEnd();
    const w = this.waiter;
    this.waiter = undefined;
    w?.({ value: undefined, done: true });
  }

  /** Called by `for await` when the loop exits early: the subscription ends. */
  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
