import { fail } from './errors';

/** Throws INVALID_ARGUMENT unless `index` is an integer in 0..size-1 of the named array. */
export function checkIndex(kind: string, name: string, index: number, size: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= size) {
    throw fail('INVALID_ARGUMENT', `${kind} '${name}': index ${index} is outside 0..${size - 1}`);
  }
}
