/**
 * The few value conversions entities need beyond ../bytes: bigint in and out, signed `int<W>`
 * bitstrings (register cells), and printing a decoded bigint as an address.
 */
import {
  P4ValueError,
  decodeBigInt,
  encodeValue,
  formatHex,
  formatIPv4,
  formatIPv6,
  formatMac,
  type BitValue,
} from '../bytes';

export { P4ValueError, encodeValue as encodeBits };

/** A scalar P4 value: number, bigint, '10.0.0.1', '2001:db8::1', '00:11:22:33:44:55', '0x1f', '42', bytes. */
export type Value = BitValue;

/** How to print a decoded value. */
export type ValueFormat = 'ipv4' | 'ipv6' | 'mac' | 'hex' | 'dec';

/** A received bytestring as an unsigned bigint; an empty string has no value and throws. */
export function decodeBits(b: Uint8Array | null | undefined): bigint {
  return decodeBigInt(b ?? new Uint8Array());
}

/** The canonical bytestring of a non-negative bigint. */
export function bytesOf(n: bigint): Uint8Array {
  return encodeValue(n, Math.max(1, n.toString(2).length));
}

/**
 * A signed value as its canonical two's complement bytestring for an `int<W>` (the spec's
 * shortest sign-extended form: -99 is 9d, 0 is 00, 128 is 0080).
 */
export function encodeSigned(v: number | bigint, bitwidth: number): Uint8Array {
  if (typeof v === 'number' && !Number.isSafeInteger(v)) {
    throw new P4ValueError(`value ${v} for int<${bitwidth}> is not a safe integer`);
  }
  const n = BigInt(v);
  const lim = 1n << BigInt(bitwidth - 1);
  if (n < -lim || n >= lim) {
    throw new P4ValueError(
      `value ${n} does not fit in int<${bitwidth}> (expected ${-lim} to ${lim - 1n})`,
      'OUT_OF_RANGE',
    );
  }
  let bytes = 1;
  while (n < -(1n << BigInt(bytes * 8 - 1)) || n >= 1n << BigInt(bytes * 8 - 1)) bytes++;
  const hex = BigInt.asUintN(bytes * 8, n)
    .toString(16)
    .padStart(bytes * 2, '0');
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** A two's complement bytestring as a signed bigint. */
export function decodeSigned(b: Uint8Array): bigint {
  if (b.length === 0) throw new P4ValueError('empty bytestring has no value', 'OUT_OF_RANGE');
  return BigInt.asIntN(b.length * 8, BigInt('0x' + Buffer.from(b).toString('hex')));
}

/** A decoded value as text: formatValue(0x0a000001n, 'ipv4') === '10.0.0.1'. */
export function formatValue(n: bigint, as: ValueFormat): string {
  if (as === 'dec') return n.toString();
  const b = bytesOf(n);
  switch (as) {
    case 'ipv4':
      return formatIPv4(b);
    case 'ipv6':
      return formatIPv6(b);
    case 'mac':
      return formatMac(b);
    case 'hex':
      return formatHex(b);
  }
}
