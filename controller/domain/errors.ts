/** The one error type of the domain: which field, what value, what was expected. */

/** Short printable form of a refused value (long strings and arrays are cut). */
export function showValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = `'${value}'`;
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (value instanceof Uint8Array) text = `<${value.length} bytes>`;
  else if (value === undefined) text = 'undefined';
  else {
    try {
      text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
    } catch {
      text = String(value);
    }
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * A domain value was refused. `field` is a path from the root of the input
 * (`services[2].ranges[0].prefix`), so an API or a command can point at the bad field.
 *
 *   throw new DomainError('services[0].sliceBits', 40, 'an integer 0..20 with L + s <= 128');
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`${field}: ${showValue(value)} is invalid: expected ${expected}`);
  }
}

/** `base.key` or `key` when base is empty. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}
