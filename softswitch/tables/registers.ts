import { checkIndex } from './bounds';
import { fail } from './errors';
import { byteWidth, fullWidthProblem } from './key';

/** A P4 `register` array of full-width values in one pooled buffer. */
export class RegisterArray {
  private readonly cells: Uint8Array;
  readonly width: number;

  constructor(
    readonly name: string,
    readonly size: number,
    readonly bitwidth: number,
  ) {
    if (!Number.isInteger(size) || size < 0 || !Number.isInteger(bitwidth) || bitwidth < 1) {
      throw fail(
        'INVALID_ARGUMENT',
        `register '${name}': size ${size} / bitwidth ${bitwidth} invalid`,
      );
    }
    this.width = byteWidth(bitwidth);
    this.cells = new Uint8Array(size * this.width);
  }

  /** A copy of the value at `index`. */
  read(index: number): Uint8Array {
    checkIndex('register', this.name, index, this.size);
    return this.cells.slice(index * this.width, (index + 1) * this.width);
  }

  /** Copies the value at `index` into out[off..] without allocating (packet path). */
  readInto(index: number, out: Uint8Array, off = 0): void {
    checkIndex('register', this.name, index, this.size);
    out.set(this.cells.subarray(index * this.width, (index + 1) * this.width), off);
  }

  /** Stores a full-width `value` at `index`. */
  write(index: number, value: Uint8Array): void {
    checkIndex('register', this.name, index, this.size);
    const problem = fullWidthProblem(value, this.bitwidth);
    if (problem !== undefined) {
      throw fail('INVALID_ARGUMENT', `register '${this.name}' index ${index}: ${problem}`);
    }
    this.cells.set(value, index * this.width);
  }

  /** Zeroes every cell (P4Runtime reset of a register). */
  reset(): void {
    this.cells.fill(0);
  }
}
