/**
 * The error every device-config packer throws for bad input: it names the field, the value
 * it was given and what was expected, and nothing is packed.
 */
export class DeviceConfigError extends Error {
  override name = 'DeviceConfigError';
  constructor(
    readonly field: string,
    readonly value: string,
    readonly expected: string,
  ) {
    super(`${field}: ${value} is not ${expected}`);
  }
}

/** `value` for a message: short, quoted strings, byte counts for byte arrays. */
export function shown(value: unknown): string {
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value);
  if (value === undefined) return 'missing';
  return String(value);
}
