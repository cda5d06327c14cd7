/**
 * Scalar spelling as C++ TextFormat prints it: floats through `%.{15,17}g` (doubles) and
 * `%.{6,9}g` (floats), the shorter when it reads back exactly (protobuf's SimpleDtoa and
 * SimpleFtoa, not JavaScript's shortest round trip); strings and bytes through CEscape
 * (octal for bytes outside printable ASCII, so UTF-8 text prints as octal escapes).
 */
import Long from 'long';

const DIGITS = /[1-9]/;

/** Exact decimal digits (no trailing zeros) and decimal exponent of a positive finite double. */
function exactDecimal(x: number): { digits: string; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  let exp2 = -1074;
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    exp2 = biased - 1075;
  }
  // x = mantissa * 2^exp2 = digits * 10^-scale, exactly.
  const digits =
    exp2 >= 0 ? (mantissa << BigInt(exp2)).toString() : (mantissa * 5n ** BigInt(-exp2)).toString();
  const scale = exp2 >= 0 ? 0 : -exp2;
  return { digits: digits.replace(/0+$/, ''), exp: digits.length - 1 - scale };
}

/** C printf `%.{precision}g` of a finite number, rounding exactly half-to-even like glibc. */
export function formatG(x: number, precision: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  let { digits, exp } = exactDecimal(Math.abs(x));
  if (digits.length > precision) {
    const rest = digits.slice(precision);
    digits = digits.slice(0, precision);
    const odd = Number(digits[precision - 1]) % 2 === 1;
    if (rest[0] > '5' || (rest[0] === '5' && (DIGITS.test(rest.slice(1)) || odd))) {
      const up = (BigInt(digits) + 1n).toString();
      if (up.length > precision) exp++;
      digits = up.slice(0, precision);
    }
    digits = digits.replace(/0+$/, '');
  }
  let s: string;
  if (exp < -4 || exp >= precision) {
    const e = `e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    s = digits[0] + (digits.length > 1 ? '.' + digits.slice(1) : '') + e;
  } else if (exp >= 0) {
    const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    s = digits.length > exp + 1 ? `${int}.${digits.slice(exp + 1)}` : int;
  } else {
    s = '0.' + '0'.repeat(-exp - 1) + digits;
  }
  return x < 0 ? '-' + s : s;
}

function special(x: number): string | undefined {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return undefined;
}

/** A double as C++ TextFormat prints it: formatDouble(0.1) === '0.1', 1e100 -> '1e+100'. */
export function formatDouble(x: number): string {
  const named = special(x);
  if (named) return named;
  const s = formatG(x, 15);
  return Number(s) === x ? s : formatG(x, 17);
}

/** A float (rounded to 32 bits first) as C++ TextFormat prints it: 0.1 -> '0.1'. */
export function formatFloat(x: number): string {
  const f = Math.fround(x);
  const named = special(f);
  if (named) return named;
  const s = formatG(f, 6);
  // C++ reads back with strtof, which reports ERANGE for any subnormal: 9 digits then.
  const subnormal = f !== 0 && Math.abs(f) < 2 ** -126;
  return !subnormal && Math.fround(Number(s)) === f ? s : formatG(f, 9);
}

/** C++ CEscape of bytes: \n \r \t \" \' \\ named, other non-printable bytes as \ooo. */
export function cEscape(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 10) s += '\\n';
    else if (b === 13) s += '\\r';
    else if (b === 9) s += '\\t';
    else if (b === 34) s += '\\"';
    else if (b === 39) s += "\\'";
    else if (b === 92) s += '\\\\';
    else if (b < 32 || b > 126) s += '\\' + b.toString(8).padStart(3, '0');
    else s += String.fromCharCode(b);
  }
  return s;
}

/** A 64-bit value in any form protobufjs or callers use, as an exact bigint of that signedness. */
export function toBigInt64(v: unknown, unsigned: boolean): bigint {
  let b: bigint;
  if (typeof v === 'bigint') b = v;
  else if (typeof v === 'number') b = BigInt(Math.trunc(v));
  else if (typeof v === 'string') b = BigInt(v);
  else if (Long.isLong(v)) b = BigInt((v as Long).toString());
  else if (v && typeof v === 'object' && 'low' in v && 'high' in v) {
    const l = v as { low: number; high: number };
    b = (BigInt(l.high >>> 0) << 32n) | BigInt(l.low >>> 0);
  } else throw new TypeError(`not a 64-bit integer: ${String(v)}`);
  return unsigned ? BigInt.asUintN(64, b) : BigInt.asIntN(64, b);
}
