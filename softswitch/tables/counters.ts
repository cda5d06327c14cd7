import { checkIndex } from './bounds';
import { fail } from './errors';
import type { CounterData } from './types';

/**
 * An indirect counter array (P4 `counter`): bytes and packets per index, kept as doubles
 * (exact up to 2^53, and cheap to add on the packet path, unlike bigint).
 */
export class CounterArray {
  private readonly byteCounts: Float64Array;
  private readonly packetCounts: Float64Array;

  constructor(
    readonly name: string,
    readonly size: number,
  ) {
    if (!Number.isInteger(size) || size < 0) {
      throw fail(
        'INVALID_ARGUMENT',
        `counter '${name}': size ${size} is not a non-negative integer`,
      );
    }
    this.byteCounts = new Float64Array(size);
    this.packetCounts = new Float64Array(size);
  }

  /** Counts one packet of `bytes` bytes at `index`. */
  count(index: number, bytes: number): void {
    if (!(index >= 0 && index < this.size)) checkIndex('counter', this.name, index, this.size);
    this.byteCounts[index] += bytes;
    this.packetCounts[index] += 1;
  }

  /** Totals at `index`. */
  read(index: number): CounterData {
    checkIndex('counter', this.name, index, this.size);
    return { bytes: this.byteCounts[index], packets: this.packetCounts[index] };
  }

  /** Sets the totals at `index` (P4Runtime MODIFY of a CounterEntry). */
  write(index: number, data: CounterData): void {
    checkIndex('counter', this.name, index, this.size);
    checkCounterData(data, `counter '${this.name}' index ${index}`);
    this.byteCounts[index] = data.bytes;
    this.packetCounts[index] = data.packets;
  }

  /** Zeroes every index. */
  reset(): void {
    this.byteCounts.fill(0);
    this.packetCounts.fill(0);
  }
}

/** Throws INVALID_ARGUMENT unless both totals are non-negative integers. */
export function checkCounterData(data: CounterData, where: string): void {
  for (const [k, v] of [
    ['bytes', data?.bytes],
    ['packets', data?.packets],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) {
      throw fail('INVALID_ARGUMENT', `${where}: counter ${k} ${v} is not a non-negative integer`);
    }
  }
}
