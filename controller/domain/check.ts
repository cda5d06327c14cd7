/**
 * Field checks shared by the domain constructors. Each takes the path of the field so that
 * the DomainError names it; each returns the value with its narrowed type.
 */
import { DomainError, joinPath } from './errors';

/** A plain object (the input of a domain constructor). */
export function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DomainError(path || '(root)', value, 'an object');
  }
  return value as Record<string, unknown>;
}

/** An integer in [min, max]. */
export function int(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new DomainError(path, value, `an integer ${min}..${max}`);
  }
  return value;
}

/** An integer that fits an unsigned field of `bits` bits (P4Info bitwidths, wire fields). */
export function uint(value: unknown, path: string, bits: number): number {
  return int(value, path, 0, 2 ** bits - 1);
}

/** A non-empty string of at most `max` characters matching `pattern` (described by `what`). */
export function text(
  value: unknown,
  path: string,
  pattern: RegExp,
  what: string,
  max = 253,
): string {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > max ||
    !pattern.test(value)
  ) {
    throw new DomainError(path, value, what);
  }
  return value;
}

/** Names of instances, switches, MSLB services: letters, digits, '-', '_', '.', 1..63. */
export const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A name as NAME allows. */
export function name(value: unknown, path: string): string {
  return text(value, path, NAME, "a name of 1..63 letters, digits, '.', '_' or '-'", 63);
}

/** One of the allowed strings. */
export function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new DomainError(path, value, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  }
  return value as T;
}

/** An array, each item checked by `item` with its own path; the result is frozen. */
export function list<T>(
  value: unknown,
  path: string,
  item: (v: unknown, p: string) => T,
  opts: { min?: number; max?: number } = {},
): readonly T[] {
  const min = opts.min ?? 0;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  if (!Array.isArray(value) || value.length < min || value.length > max) {
    const size = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `${min}..${max}`;
    throw new DomainError(path, value, `an array of ${size} items`);
  }
  return Object.freeze(value.map((v, i) => item(v, joinPath(path, i))));
}

/** An optional field: `undefined` stays undefined, anything else is checked. */
export function optional<T>(
  value: unknown,
  path: string,
  check: (v: unknown, p: string) => T,
): T | undefined {
  return value === undefined ? undefined : check(value, path);
}

/** Refuses duplicates of `key(item)` in a list; the error names the second occurrence. */
export function unique<T>(
  items: readonly T[],
  path: string,
  key: (item: T) => string,
  what: string,
  field = '',
): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) {
      const at = field === '' ? joinPath(path, i) : joinPath(joinPath(path, i), field);
      throw new DomainError(at, k, `${what} different from ${joinPath(path, first)}'s`);
    }
    seen.set(k, i);
  });
}

/** Bytes given as a Uint8Array or as hex text (even length); the result is a copy. */
export function bytes(value: unknown, path: string, min: number, max: number): Uint8Array {
  let out: Uint8Array | undefined;
  if (value instanceof Uint8Array) out = Uint8Array.from(value);
  else if (typeof value === 'string' && /^([0-9a-fA-F]{2})*$/.test(value)) {
    out = Uint8Array.from(Buffer.from(value, 'hex'));
  }
  if (out === undefined || out.length < min || out.length > max) {
    throw new DomainError(path, value, `${min}..${max} bytes (a Uint8Array or hex text)`);
  }
  return out;
}

/** Hex text of bytes, lower case. */
export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}
