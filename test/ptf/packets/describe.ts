/**
 * describe.ts: packets as readable text for test failures: `describe(bytes)` lists the
 * layers and fields; `diffPackets(expected, actual, mask?)` names each field that differs.
 *
 *   ipv6.hopLimit: expected 63 vs actual 64
 */
import { readBits, toHex } from './bytes';
import { layersOf } from './dissect';
import {
  type Field,
  type PacketLike,
  bytesOf,
  fieldValue,
  formatField,
  formatValue,
} from './fields';
import { Mask } from './mask';

/** 'checksum=0x1234', with ' (should be 0xabcd)' when a derived field is inconsistent. */
function describeField(f: Field, bytes: Uint8Array): string {
  const v = fieldValue(f, bytes);
  const text = `${f.name}=${formatField(f, bytes)}`;
  if (v === undefined || f.correct === undefined || v === BigInt(f.correct)) return text;
  return `${text} (should be ${formatValue(f, BigInt(f.correct))})`;
}

/**
 * One line per layer: its name, offset and fields, then its notes, e.g.
 * `ipv6 @14: version=6 tc=0 ... hopLimit=64 src=2001:db8::1 dst=2001:db8::2`.
 */
export function describe(p: PacketLike): string {
  const bytes = bytesOf(p);
  const lines = layersOf(p).map((l) => {
    const fields = l.fields.map((f) => describeField(f, bytes)).join(' ');
    const notes = l.notes.map((n) => ` [${n}]`).join('');
    return `${l.name} @${l.offset}: ${fields}${notes}`;
  });
  return [`${bytes.length} bytes`, ...lines].join('\n');
}

/** `describe` under a name that does not shadow Jest's `describe` in test files. */
export const describePacket = describe;

/** Whether `actual` differs from `expected` on a significant bit of the field (or ends before it). */
function differs(f: Field, expected: Uint8Array, actual: Uint8Array, mask?: Mask): boolean {
  for (let bit = f.bitOffset; bit < f.bitOffset + f.bitLength; bit++) {
    if (mask && !mask.isSignificant(bit)) continue;
    if (bit >= actual.length * 8) return true;
    if (readBits(expected, bit, 1) !== readBits(actual, bit, 1)) return true;
  }
  return false;
}

/** Where two byte fields first differ, as ' (first difference at byte N of the field)'. */
function firstDifference(f: Field, expected: Uint8Array, actual: Uint8Array): string {
  if (f.format !== 'bytes' || f.bitLength <= 64) return '';
  for (let i = 0; i < f.bitLength / 8; i++) {
    const at = f.bitOffset / 8 + i;
    if (expected[at] !== actual[at]) return ` (first difference at byte ${i} of the field)`;
  }
  return '';
}

/**
 * The differences between two packets, one line per differing field at the expected
 * packet's layout (`ipv6.hopLimit: expected 63 vs actual 64`), plus a line for a length
 * difference; empty when they match (under `mask` if given, whose expected bytes must
 * equal `expected`).
 */
export function diffPackets(expected: PacketLike, actual: PacketLike, mask?: Mask): string[] {
  const e = bytesOf(expected);
  const a = bytesOf(actual);
  if (mask && (mask.bytes.length !== e.length || !mask.bytes.every((v, i) => v === e[i]))) {
    throw new Error('diffPackets: the mask was made for another expected packet');
  }
  const lines: string[] = [];
  if (a.length !== e.length) {
    lines.push(`length: expected ${e.length} bytes vs actual ${a.length} bytes`);
  }
  const layers = mask ? mask.layers : layersOf(expected);
  for (const layer of layers) {
    for (const f of layer.fields) {
      if (!differs(f, e, a, mask)) continue;
      const actualText = formatField(f, a);
      const where = firstDifference(f, e, a);
      lines.push(
        `${layer.name}.${f.name}: expected ${formatField(f, e)} vs actual ${actualText}${where}`,
      );
    }
  }
  if (a.length > e.length) {
    const extra = a.subarray(e.length);
    lines.push(`actual has ${extra.length} more byte(s): ${toHex(extra)}`);
  }
  return lines;
}
