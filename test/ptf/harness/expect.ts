/**
 * Matching a received packet against what a test expects, and the failure messages: which
 * port, expected and actual bytes in hex, and a field-level description when the test gives a
 * describe function (the packets module's dissector, for instance).
 */
import { hexdiff, hexdump } from './hexdump';
import type { Describe, Expected, MaskLike, Received } from './types';

/** A packet expectation that did not hold. */
export class PacketExpectationError extends Error {
  override name = 'PacketExpectationError';
}

/** True when `e` is a mask rather than plain bytes. */
export function isMask(e: Expected): e is MaskLike {
  return !(e instanceof Uint8Array);
}

/** The expected bytes of `e`. */
export function bytesOf(e: Expected): Uint8Array {
  return isMask(e) ? e.bytes : e;
}

/** True when `actual` is what `e` expects (every byte, or every bit the mask keeps). */
export function matches(e: Expected, actual: Uint8Array): boolean {
  if (isMask(e)) return e.matches(actual);
  return e.length === actual.length && e.every((b, i) => b === actual[i]);
}

/** `describe(bytes)` indented under a title; a describe that throws is reported, not fatal. */
export function fields(title: string, bytes: Uint8Array, describe: Describe | undefined): string {
  if (!describe) return '';
  let text: string;
  try {
    text = describe(bytes);
  } catch (e) {
    text = `(describe failed: ${(e as Error).message})`;
  }
  return `\n${title}:\n${text.replace(/^/gm, '  ')}`;
}

/** The message for a packet that arrived but is not the expected one. */
export function mismatchMessage(
  where: string,
  expected: Expected,
  actual: Uint8Array,
  describe?: Describe,
): string {
  const mask = isMask(expected) ? expected.mask : undefined;
  const note = isMask(expected) ? ' (masked: .. is "don\'t care")' : '';
  return (
    `${where}: the packet received differs from the one expected${note}\n` +
    hexdiff(bytesOf(expected), actual, mask) +
    fields('expected fields', bytesOf(expected), describe) +
    fields('actual fields', actual, describe)
  );
}

/** The message for an expected packet that never arrived; lists what did arrive instead. */
export function missingMessage(
  where: string,
  expected: Expected,
  waiting: readonly Received[],
  describe?: Describe,
): string {
  const mask = isMask(expected) ? expected.mask : undefined;
  const others = waiting.length
    ? `\nreceived instead (still waiting):\n${waiting.map((r) => receivedText(r, describe)).join('\n')}`
    : '\nnothing else was received either';
  return (
    `${where}: no packet arrived\nexpected (${bytesOf(expected).length} bytes):\n` +
    hexdump(bytesOf(expected), mask) +
    fields('expected fields', bytesOf(expected), describe) +
    others
  );
}

/** Where a received item came from, one line: `port 3` or `PacketIn {ingress_port: 2}`. */
export function origin(r: Received): string {
  if (r.kind === 'frame') return `port ${r.port}`;
  const md = Object.entries(r.metadata)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  return `PacketIn {${md}}`;
}

/** A received item as text: its origin, length and hex (and fields when describable). */
export function receivedText(r: Received, describe?: Describe): string {
  return `- ${origin(r)}, ${r.bytes.length} bytes:\n${hexdump(r.bytes)}${fields('  fields', r.bytes, describe)}`;
}
